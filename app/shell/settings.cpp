#include "app/shell/settings.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <vector>

#include "app/platform/platform.hpp"
#include "runs/files.hpp"

namespace gui {

namespace fs = std::filesystem;

std::string loadSettings(UiState& ui, WindowSettings& win) {
  const fs::path path = fs::path(platform::configDir()) / "settings.json";
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
    const std::string text = j.dump(2) + "\n";
    static std::string written;  // saved while running (a browser): only when something changed
    if (text == written) return;
    rl::runs::writeFileAtomic((fs::path(platform::configDir()) / "settings.json").string(), text);
    written = text;
  } catch (const std::exception&) {
    // Settings are a convenience: an unwritable config dir must not stop the app from closing.
  }
}

}  // namespace gui
