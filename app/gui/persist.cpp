#include "app/gui/persist.hpp"

#include <glad/gl.h>
#include <stb_image_write.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <vector>

#include "app/cli/headless.hpp"

namespace gui {

namespace fs = std::filesystem;

static std::string home() {
  const char* h = std::getenv("HOME");
  return h && *h ? h : ".";
}

std::string configDir() {
  const char* x = std::getenv("XDG_CONFIG_HOME");
  const fs::path dir = (x && *x ? fs::path(x) : fs::path(home()) / ".config") / "rllens";
  std::error_code ec;
  fs::create_directories(dir, ec);
  return dir.string();
}

std::string screenshotDir() {
  const char* x = std::getenv("XDG_PICTURES_DIR");
  return ((x && *x ? fs::path(x) : fs::path(home()) / "Pictures") / "RL Lens").string();
}

std::string loadSettings(UiState& ui, WindowSettings& win) {
  const fs::path path = fs::path(configDir()) / "settings.json";
  std::ifstream in(path);
  if (!in) return {};
  try {
    const auto j = nlohmann::json::parse(in);
    win.width = std::clamp(j.value("window_width", win.width), 640, 7680);
    win.height = std::clamp(j.value("window_height", win.height), 480, 4320);
    ui.env = j.value("env", ui.env);
    ui.algo = j.value("algo", ui.algo);
    ui.speed = std::clamp(j.value("speed", ui.speed), 1.f, 5000.f);
    ui.unlimited = j.value("unlimited", ui.unlimited);
    ui.grid.qTriangles = j.value("q_triangles", ui.grid.qTriangles);
    ui.grid.arrows = j.value("arrows", ui.grid.arrows);
    ui.grid.numbers = j.value("numbers", ui.grid.numbers);
    ui.grid.rewards = j.value("rewards", ui.grid.rewards);
    ui.returnPlot.smoothing = std::clamp(j.value("smoothing", ui.returnPlot.smoothing), 0.f, 0.99f);
    ui.lengthPlot.smoothing = ui.returnPlot.smoothing;
    ui.replayEpisodes = std::clamp(j.value("replay_episodes", ui.replayEpisodes), 0, 100);
    ui.welcomed = j.value("welcomed", ui.welcomed);
    if (j.contains("classroom")) classroomFromJson(j["classroom"], ui.classroom);
    if (j.contains("recent_files") && j["recent_files"].is_array())
      for (const auto& f : j["recent_files"])
        if (f.is_string() && ui.recentFiles.size() < 8) ui.recentFiles.push_back(f.get<std::string>());
  } catch (const std::exception& e) {
    return "settings file '" + path.string() + "' is not valid JSON (" + e.what() + "); using defaults";
  }
  return {};
}

void saveSettings(const UiState& ui, const WindowSettings& win) {
  nlohmann::json j;
  j["window_width"] = win.width;
  j["window_height"] = win.height;
  j["env"] = ui.env;
  j["algo"] = ui.algo;
  j["speed"] = ui.speed;
  j["unlimited"] = ui.unlimited;
  j["q_triangles"] = ui.grid.qTriangles;
  j["arrows"] = ui.grid.arrows;
  j["numbers"] = ui.grid.numbers;
  j["rewards"] = ui.grid.rewards;
  j["smoothing"] = ui.returnPlot.smoothing;
  j["replay_episodes"] = ui.replayEpisodes;
  j["welcomed"] = ui.welcomed;
  j["classroom"] = classroomToJson(ui.classroom);
  j["recent_files"] = ui.recentFiles;
  try {
    rl::cli::writeFileAtomic((fs::path(configDir()) / "settings.json").string(), j.dump(2) + "\n");
  } catch (const std::exception&) {
    // Settings are a convenience: an unwritable config dir must not stop the app from closing.
  }
}

void saveFramebufferPng(const std::string& path, int w, int h, unsigned fbo) { saveFramebufferRegionPng(path, 0, 0, w, h, fbo); }

void saveFramebufferRegionPng(const std::string& path, int x, int y, int w, int h, unsigned fbo) {
  std::vector<unsigned char> px(size_t(w) * size_t(h) * 4);
  glBindFramebuffer(GL_READ_FRAMEBUFFER, fbo);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  if (fbo == 0) glReadBuffer(GL_BACK);
  glReadPixels(x, y, w, h, GL_RGBA, GL_UNSIGNED_BYTE, px.data());
  glBindFramebuffer(GL_READ_FRAMEBUFFER, 0);
  // GL rows start at the bottom; PNG rows at the top. Opaque alpha: the window has no transparency.
  std::vector<unsigned char> flipped(px.size());
  for (int y = 0; y < h; ++y)
    std::copy_n(&px[size_t(h - 1 - y) * size_t(w) * 4], size_t(w) * 4, &flipped[size_t(y) * size_t(w) * 4]);
  for (size_t i = 3; i < flipped.size(); i += 4) flipped[i] = 255;
  std::string bytes;
  auto append = [](void* ctx, void* data, int size) { static_cast<std::string*>(ctx)->append(static_cast<char*>(data), size_t(size)); };
  if (!stbi_write_png_to_func(append, &bytes, w, h, 4, flipped.data(), w * 4))
    throw std::runtime_error("cannot encode screenshot '" + path + "'");
  const fs::path parent = fs::path(path).parent_path();
  if (!parent.empty() && !fs::exists(parent))
    throw std::runtime_error("cannot write screenshot '" + path + "': folder '" + parent.string() + "' does not exist");
  rl::cli::writeFileAtomic(path, bytes);
}

}  // namespace gui
