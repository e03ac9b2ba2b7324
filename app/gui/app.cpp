// [SECTION] index
//   1. Window + ImGui set-up (fonts from Debian packages, style)
//   2. Session creation from the toolbar's env/algo/seed
//   3. Dashboard: toolbar, parameter panel, viewport, lens, charts, status bar
//   4. Keyboard: Space play/pause, Right step, R reset, F12 screenshot, arrows in human mode
//   5. Files: screenshots, settings, the automation map, state and perf reports
#include "app/gui/app.hpp"

#include <glad/gl.h>
// glad first, then GLFW without its own GL header.
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <deque>
#include <optional>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <thread>

#include "app/gui/persist.hpp"
#include "app/ui/fast_fill.hpp"
#include "app/cli/session_file.hpp"
#include "app/views/lenses.hpp"
#include "app/views/views.hpp"
#include "core/rl/registry.hpp"
#include "core/session/session.hpp"
#include "envs/registry.hpp"

namespace gui {

void recordItem(UiState& ui, const std::string& name) {
  if (!ImGui::IsItemVisible()) return;  // scrolled out or clipped: not clickable, so not in the map
  const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectSize();
  ui.uiMap[name] = {a.x, a.y, b.x, b.y};
}

namespace {

using Clock = std::chrono::steady_clock;

// SIGTERM / SIGINT end the app as closing the window does: the loop stops, --state-out and the settings are written.
volatile std::sig_atomic_t gStopRequested = 0;
extern "C" void onStopSignal(int) { gStopRequested = 1; }

// Keys pressed since the last frame (GLFW callback → main loop). ImGui 1.86 has no F12 in its key enum.
struct KeyQueue {
  std::vector<int> keys;
};

void keyCallback(GLFWwindow* w, int key, int, int action, int) {
  if (action != GLFW_PRESS && action != GLFW_REPEAT) return;
  if (auto* q = static_cast<KeyQueue*>(glfwGetWindowUserPointer(w))) q->keys.push_back(key);
}

void setupFonts() {
  ImGuiIO& io = ImGui::GetIO();
  static const ImWchar ranges[] = {0x0020, 0x00FF, 0x0370, 0x03FF, 0x2000, 0x206F, 0x2070, 0x209F, 0x2190, 0x21FF,
                                   0x2200, 0x22FF, 0x25A0, 0x25FF, 0x2700, 0x27BF, 0};
  const char* candidates[] = {"/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"};
  for (const char* f : candidates) {
    if (std::filesystem::exists(f) && io.Fonts->AddFontFromFileTTF(f, 16.f, nullptr, ranges)) return;
  }
  io.Fonts->AddFontDefault();  // fallback: ImGui's built-in font (ASCII only)
}

void setupStyle() {
  ImGui::StyleColorsDark();
  ImGuiStyle& st = ImGui::GetStyle();
  st.WindowRounding = 0.f;
  st.FrameRounding = 4.f;
  st.GrabRounding = 4.f;
  st.WindowBorderSize = 0.f;
  st.FramePadding = ImVec2(7, 4);
  st.ItemSpacing = ImVec2(8, 6);
  st.WindowPadding = ImVec2(10, 8);
  ImVec4* c = st.Colors;
  // Panels are transparent over the cleared background: on software GL (llvmpipe, Xvfb) every blended full-window
  // layer costs milliseconds, and the dashboard's panels tile the window anyway.
  c[ImGuiCol_WindowBg] = ImVec4(0.f, 0.f, 0.f, 0.f);
  c[ImGuiCol_ChildBg] = ImVec4(0.11f, 0.12f, 0.14f, 1.f);
  c[ImGuiCol_FrameBg] = ImVec4(0.17f, 0.19f, 0.23f, 1.f);
  c[ImGuiCol_Button] = ImVec4(0.20f, 0.25f, 0.33f, 1.f);
  c[ImGuiCol_ButtonHovered] = ImVec4(0.26f, 0.40f, 0.58f, 1.f);
  c[ImGuiCol_Header] = ImVec4(0.20f, 0.25f, 0.33f, 1.f);
  // A slim, translucent slider grab: the value written on the slider stays readable wherever the handle is.
  st.GrabMinSize = 6.f;
  c[ImGuiCol_SliderGrab] = ImVec4(0.26f, 0.59f, 0.98f, 0.55f);
  c[ImGuiCol_SliderGrabActive] = ImVec4(0.26f, 0.59f, 0.98f, 0.85f);
}

class App {
 public:
  explicit App(const GuiOptions& opt) : opt_(opt) {}
  int run();

 private:
  bool init();
  void shutdown();
  bool startSession(const std::string& env, const std::string& algo, uint64_t seed, const std::vector<std::string>& sets,
                    bool quiet = false);
  // A session switch asked for from the toolbar. It is applied at the start of the next frame, before the frame's
  // snapshot is taken: nothing that draws may outlive the session (and snapshot) it reads.
  struct SessionRequest {
    std::string env, algo;
    std::vector<std::string> sets;
    bool fallbackToRandom = false;  // when algo cannot run on env, switch to the random policy and say why
  };
  void applyPendingSwitch();
  // Session files (app/cli/session_file.hpp): the run this session started with, its command log and step count,
  // and the lens/view settings. An empty path saves to ~/Documents/RL Lens/<env>-<algo>-<time>.rllens.
  void saveSession(std::string path);
  rl::cli::RunSpec runSpec_;  // what the current session was started with (env, algo, seed, --set values)
  std::string sessionPath_;   // the session file opened or last saved (Ctrl+S writes it again)
  void frame();
  void toolbar(const rl::Snapshot& s);
  void statusBar(const rl::Snapshot& s);
  void handleKeys(const rl::Snapshot& s);
  std::optional<rl::Command> humanCommand(const rl::Snapshot& s, int key) const;
  void pendulumHumanPlay(const rl::Snapshot& s);
  double humanClock_ = -1;
  std::string statusText_;  // the status line's message now (written to the ui map for tests)  // real-time human play: the time of the last step taken
  void flushOutbox();
  // An empty path means the default folder with a timestamped name.
  void requestScreenshot(std::string path) { shotRequested_ = true, shotPath_ = std::move(path); }
  void takeScreenshot(int fw, int fh, bool lastFrame);
  void writeReports(bool final);
  double now() const { return glfwGetTime(); }
  void beginPanel(const char* name, ImVec2 pos, ImVec2 size, bool scroll = true);

  GuiOptions opt_;
  GLFWwindow* window_ = nullptr;
  UiState ui_;
  WindowSettings win_;
  KeyQueue keys_;
  std::unique_ptr<rl::Session> session_;
  std::shared_ptr<const rl::Snapshot> snap_;
  std::optional<SessionRequest> pendingSwitch_;
  ViewportRendererPtr viewport_ = makeViewportRenderer();
  bool shotRequested_ = false;
  std::string shotPath_;
  std::string lastNotice_;
  int exitCode_ = 0;
  long frameCount_ = 0;
  // Perf: frame intervals and work times (ms), and throughput samples while running.
  std::vector<double> frameMs_, workMs_, vertices_;
  std::deque<float> fpsWindow_;
  double stepRateSum_ = 0;
  long stepRateN_ = 0;
};

bool App::init() {
  if (!std::getenv("DISPLAY") && !std::getenv("WAYLAND_DISPLAY")) {
    std::fprintf(stderr, "rllens: no display found (DISPLAY is not set). Run it under `xvfb-run rllens`, or use the "
                         "headless commands: rllens list | train | bench.\n");
    return false;
  }
  // Software GL (Mesa llvmpipe: Xvfb, VMs, classrooms without GPUs) rasterises on its own threads. Leave one core to
  // the training thread: on 2 cores this keeps ~95% of headless throughput at the same frame time (measured).
  // Setting it has no effect on hardware drivers; a user's own LP_NUM_THREADS wins.
  if (!std::getenv("LP_NUM_THREADS")) {
    const unsigned cores = std::max(2u, std::thread::hardware_concurrency());
    setenv("LP_NUM_THREADS", std::to_string(cores - 1).c_str(), 0);
  }
  glfwSetErrorCallback([](int code, const char* msg) { std::fprintf(stderr, "rllens: GLFW error %d: %s\n", code, msg); });
  if (!glfwInit()) {
    std::fprintf(stderr, "rllens: cannot open a window (GLFW failed to initialise the display). Try `xvfb-run rllens` "
                         "or the headless commands: rllens list | train | bench.\n");
    return false;
  }
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  const std::string warn = loadSettings(ui_, win_);
  if (opt_.width > 0) win_.width = opt_.width, win_.height = opt_.height;
  window_ = glfwCreateWindow(win_.width, win_.height, "RL Lens", nullptr, nullptr);
  if (!window_) {
    std::fprintf(stderr, "rllens: cannot create an OpenGL 3.3 window on this display.\n");
    glfwTerminate();
    return false;
  }
  glfwMakeContextCurrent(window_);
  glfwSwapInterval(1);
  if (!gladLoadGL(glfwGetProcAddress)) {
    std::fprintf(stderr, "rllens: cannot load OpenGL 3.3 functions.\n");
    return false;
  }
  glfwSetWindowUserPointer(window_, &keys_);
  glfwSetKeyCallback(window_, keyCallback);  // installed before ImGui's, which chains to it

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  static std::string iniPath = configDir() + "/imgui.ini";  // ImGui keeps the pointer for the program's life
  ImGui::GetIO().IniFilename = iniPath.c_str();
  setupStyle();
  setupFonts();
  ImGui_ImplGlfw_InitForOpenGL(window_, true);
  ImGui_ImplOpenGL3_Init("#version 330 core");

  if (opt_.runGiven) ui_.env = opt_.run.env, ui_.algo = opt_.run.algo;
  ui_.seed = int(opt_.run.seed);
  if (opt_.speed == 0) ui_.unlimited = true;
  else if (opt_.speed > 0) ui_.unlimited = false, ui_.speed = float(opt_.speed);
  // The same defaults as `rllens --env gridworld --algo q-learning` and `rllens train`: no hidden settings.
  if (!opt_.sessionIn.empty()) {  // a session file: its run, replayed to its steps, paused there
    try {
      const rl::cli::SessionFile sf = rl::cli::readSessionFile(opt_.sessionIn);
      ui_.seed = int(sf.run.seed);
      opt_.paused = true;
      if (!startSession(sf.run.env, sf.run.algo, sf.run.seed, sf.run.sets)) return false;
      session_->preload(sf.commands, sf.steps);
      if (sf.view.contains("lens") && sf.view["lens"].is_string() && findLens(sf.view["lens"].get<std::string>()))
        ui_.lens = sf.view["lens"].get<std::string>();
      sessionPath_ = opt_.sessionIn;
      snap_ = session_->snapshot();
      ui_.say("opened " + opt_.sessionIn + " at step " + std::to_string(sf.steps) + " (paused)", false, now());
    } catch (const std::exception& e) {
      std::fprintf(stderr, "rllens: %s\n", e.what());
      return false;
    }
    return true;
  }
  const std::vector<std::string> sets = opt_.run.sets;
  if (!startSession(ui_.env, ui_.algo, opt_.run.seed, sets) && !startSession("gridworld", "q-learning", opt_.run.seed, {}))
    return false;
  if (!warn.empty()) ui_.say(warn, true, now());
  return true;
}

bool App::startSession(const std::string& env, const std::string& algo, uint64_t seed,
                       const std::vector<std::string>& sets, bool quiet) {
  try {
    auto trainer = rl::cli::makeTrainer({env, algo, seed, sets});
    session_.reset();  // stop the old worker first
    session_ = std::make_unique<rl::Session>(
        std::move(trainer), rl::Session::Options{!opt_.paused, ui_.unlimited ? 0.0 : double(ui_.speed), 30.0, 5});
    ui_.env = env;
    ui_.algo = algo;
    runSpec_ = {env, algo, seed, sets};
    if (const rl::AlgoEntry* a = rl::findAlgorithm(algo); a && !a->lens.empty()) ui_.lens = a->lens;  // its own lens
    ui_.selectedCell = -1;
    ui_.pendulumTrail.clear();
    snap_ = session_->snapshot();
    return true;
  } catch (const std::exception& e) {
    if (quiet) return false;
    if (session_) ui_.say(e.what(), true, now());
    else std::fprintf(stderr, "rllens: %s\n", e.what());
    return false;
  }
}

void App::beginPanel(const char* name, ImVec2 pos, ImVec2 size, bool scroll) {
  ImGui::SetNextWindowPos(pos);
  ImGui::SetNextWindowSize(size);
  ImGuiWindowFlags f = ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoMove |
                       ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoBringToFrontOnFocus |
                       ImGuiWindowFlags_NoSavedSettings;
  if (!scroll) f |= ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse;
  ImGui::Begin(name, nullptr, f);
}

void App::toolbar(const rl::Snapshot& s) {
  // Env, algorithm and lens pickers, each as wide as its longest name (nothing clipped at 1280×800).
  const float arrowW = ImGui::GetFrameHeight() + 2 * ImGui::GetStyle().FramePadding.x;
  auto widest = [&](auto names) {
    float w = 0;
    for (const std::string& n : names) w = std::max(w, ImGui::CalcTextSize(n.c_str()).x);
    return w + arrowW;
  };
  std::vector<std::string> envNames, algoNames;
  for (const auto& e : rl::environments()) envNames.push_back(e.name);
  envNames.push_back(s.envInfo.name);  // the preview shows the env's own name
  for (const auto& a : rl::algorithms())
    if (a.id.rfind("test-", 0) != 0) algoNames.push_back(a.name);
  ImGui::SetNextItemWidth(widest(envNames));
  if (ImGui::BeginCombo("##env", s.envInfo.name.c_str())) {
    for (const auto& e : rl::environments()) {
      if (ImGui::Selectable(e.name.c_str(), e.id == s.envId) && e.id != s.envId)
        // Keep the algorithm when it can run on the new env; otherwise fall back to the random policy and say why.
        pendingSwitch_ = SessionRequest{e.id, s.algoId, {}, /*fallbackToRandom=*/true};
      else if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", e.summary.c_str());
      recordItem(ui_, "env_item_" + e.id);
    }
    ImGui::EndCombo();
  }
  recordItem(ui_, "env_combo");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(widest(algoNames));
  const rl::AlgoEntry* cur = rl::findAlgorithm(s.algoId);
  if (ImGui::BeginCombo("##algo", cur ? cur->name.c_str() : s.algoId.c_str(), ImGuiComboFlags_HeightLarge)) {
    if (ui_.reasonsEnv != s.envId) {  // which algorithms run here, asked once per env
      ui_.algoReasons.clear();
      for (const auto& a : rl::algorithms()) ui_.algoReasons[a.id] = rl::cli::unsupportedReason(s.envId, a.id);
      ui_.reasonsEnv = s.envId;
    }
    for (const auto& a : rl::algorithms()) {
      if (a.id.rfind("test-", 0) == 0) continue;
      const std::string& why = ui_.algoReasons[a.id];
      if (!why.empty()) {  // greyed, with the agent's own reason
        ImGui::BeginDisabled();
        ImGui::Selectable(a.name.c_str(), false);
        ImGui::EndDisabled();
        recordItem(ui_, "algo_item_" + a.id);
        if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
          ImGui::SetTooltip("Cannot run on %s: %s", s.envInfo.name.c_str(), why.c_str());
        continue;
      }
      if (ImGui::Selectable(a.name.c_str(), a.id == s.algoId) && a.id != s.algoId) {
        std::vector<std::string> keep;  // carry the env's settings over to the new algorithm
        for (const auto& p : s.params)
          if (p.env) keep.push_back(p.spec.name + "=" + rl::formatValue(p.spec, p.value));
        pendingSwitch_ = SessionRequest{s.envId, a.id, std::move(keep), false};
      }
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", a.summary.c_str());
      recordItem(ui_, "algo_item_" + a.id);
    }
    ImGui::EndCombo();
  }
  recordItem(ui_, "algo_combo");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(widest(std::vector<std::string>{"Policy gradient", "Actor-critic"}));
  const LensDef* curLens = findLens(ui_.lens);
  if (ImGui::BeginCombo("##lens", curLens ? curLens->name : lenses().front().name)) {
    for (const auto& l : lenses()) {
      const bool available = l.draw && l.available(s.insights);
      ImGui::BeginDisabled(!available);
      if (ImGui::Selectable(l.name, ui_.lens == l.id)) ui_.lens = l.id;
      ImGui::EndDisabled();
      recordItem(ui_, std::string("lens_item_") + l.id);
      if (!available && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) ImGui::SetTooltip("%s", l.needs);
    }
    ImGui::EndCombo();
  }
  recordItem(ui_, "lens_combo");
  ImGui::SameLine(0, 12);

  // Transport.
  if (ImGui::Button(s.running ? "\xE2\x9D\x9A\xE2\x9D\x9A Pause" : "\xE2\x96\xB6 Play", ImVec2(80, 0)))
    ui_.send(s.running ? rl::Command::pause() : rl::Command::resume());
  recordItem(ui_, "play");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Space");
  ImGui::SameLine();
  if (ImGui::Button("Step")) ui_.send(rl::Command::stepOnce());
  recordItem(ui_, "step");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Right arrow: one env step (and its update)");
  ImGui::SameLine();
  if (ImGui::Button("Reset")) ui_.send(rl::Command::reset(uint64_t(ui_.seed)));
  recordItem(ui_, "reset");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("R: forget everything learned and restart with the seed");
  ImGui::SameLine(0, 12);

  // Speed: steps per second on a log slider, or as fast as the CPU goes.
  ImGui::BeginDisabled(ui_.unlimited);
  ImGui::SetNextItemWidth(110);
  if (ImGui::SliderFloat("##speed", &ui_.speed, 1.f, 5000.f, "%.0f steps/s", ImGuiSliderFlags_Logarithmic))
    ui_.send(rl::Command::setSpeed(ui_.speed));
  ImGui::EndDisabled();
  ImGui::SameLine();
  if (ImGui::Checkbox("Max", &ui_.unlimited)) ui_.send(rl::Command::setSpeed(ui_.unlimited ? 0.0 : ui_.speed));
  recordItem(ui_, "max_speed");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Train as fast as one core allows");
  ImGui::SameLine(0, 12);
  ImGui::SetNextItemWidth(56);
  ImGui::InputInt("seed", &ui_.seed, 0);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Seed used by Reset: same seed + settings + edits = same run");
  ui_.seed = std::max(ui_.seed, 0);
  ImGui::SameLine(0, 12);
  if (ImGui::Checkbox("Human", &ui_.human) && ui_.human) ui_.send(rl::Command::pause());
  recordItem(ui_, "human");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Drive the agent with the arrow keys; it still learns from your moves");
  ImGui::SameLine(0, 12);
  if (ImGui::Button("Screenshot")) requestScreenshot("");
  recordItem(ui_, "screenshot");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("F12: save a PNG of the window to %s", screenshotDir().c_str());
}

void App::statusBar(const rl::Snapshot& s) {
  auto human = [](double v) {
    char b[32];
    if (v >= 1e6) std::snprintf(b, sizeof b, "%.2f M", v / 1e6);
    else if (v >= 1e3) std::snprintf(b, sizeof b, "%.1f k", v / 1e3);
    else std::snprintf(b, sizeof b, "%.0f", v);
    return std::string(b);
  };
  float fps = 0;
  for (float f : fpsWindow_) fps += f;
  fps = fpsWindow_.empty() ? 0 : 1000.f * float(fpsWindow_.size()) / fps;
  ImGui::Text("%s   FPS %.0f   env %s steps/s   updates %s/s   step %s   %s %llu   last return %+.2f", s.running ? "\xE2\x96\xB6" : "\xE2\x9D\x9A\xE2\x9D\x9A", fps,
              human(s.running ? s.envStepsPerSec : 0).c_str(), human(s.running ? s.updatesPerSec : 0).c_str(),
              human(double(s.envSteps)).c_str(), s.envId == "gridworld" ? "laps" : "episodes",
              (unsigned long long)s.episodes, s.lastReturn);
  std::string msg;
  bool isError = false;
  bool isWarning = false;
  statusText_.clear();
  if (!s.error.empty()) msg = s.error, isError = true;
  else if (now() < ui_.messageUntil) msg = ui_.message, isError = ui_.messageIsError;
  else if (!s.warning.empty()) msg = "Warning: " + s.warning, isWarning = true;
  else if (ui_.human)
    msg = s.envId == "invaders"   ? "Human mode: ← → move the cannon, Space fires"
          : s.envId == "gan1d"    ? "Human mode: right-click the axis to propose a sample"
          : s.envId.rfind("pendulum", 0) == 0 ? "Human mode: hold ← or → to push with torque ∓2; release to coast"
                                  : "Human mode: arrow keys move the agent";
  if (!msg.empty()) {
    ImGui::SameLine(0, 24);
    // Never cut off mid-word at the window's edge: shorten with "…" to the space left; hover for the whole text.
    const float room = ImGui::GetContentRegionAvail().x - 8.f;
    std::string shown = msg;
    if (ImGui::CalcTextSize(shown.c_str()).x > room) {
      while (!shown.empty() && ImGui::CalcTextSize((shown + "…").c_str()).x > room) {
        shown.pop_back();
        while (!shown.empty() && (static_cast<unsigned char>(shown.back()) & 0xC0) == 0x80) shown.pop_back();  // UTF-8
        if (!shown.empty() && static_cast<unsigned char>(shown.back()) >= 0xC0) shown.pop_back();
      }
      const size_t space = shown.find_last_of(' ');
      if (space != std::string::npos && space > shown.size() / 2) shown.resize(space);  // end on a word
      shown += "…";
    }
    ImGui::TextColored(isError     ? ImVec4(1.f, 0.45f, 0.4f, 1.f)
                       : isWarning ? ImVec4(1.f, 0.72f, 0.3f, 1.f)
                                   : ImVec4(0.6f, 0.85f, 1.f, 1.f),
                       "%s", shown.c_str());
    if (shown != msg && ImGui::IsItemHovered()) {
      ImGui::BeginTooltip();
      ImGui::PushTextWrapPos(ImGui::GetFontSize() * 36.f);
      ImGui::TextUnformatted(msg.c_str());
      ImGui::PopTextWrapPos();
      ImGui::EndTooltip();
    }
    recordItem(ui_, "status_message");
    statusText_ = msg;
  }
}

// Human play: what a key does in each world (nothing when it has no meaning there).
std::optional<rl::Command> App::humanCommand(const rl::Snapshot& s, int key) const {
  const bool left = key == GLFW_KEY_LEFT, right = key == GLFW_KEY_RIGHT, up = key == GLFW_KEY_UP,
             down = key == GLFW_KEY_DOWN, space = key == GLFW_KEY_SPACE;
  if (s.envId == "gridworld") {
    const int a = left ? 0 : up ? 1 : down ? 2 : right ? 3 : -1;
    if (a >= 0) return rl::Command::human(a);
  } else if (s.envId == "invaders") {
    bool minimal = false;
    for (const auto& p : s.params)
      if (p.spec.name == "minimal_actions") minimal = p.value != 0;
    const int a = left ? 1 : right ? (minimal ? 2 : 3) : space ? (minimal ? 3 : 5) : (up || down) ? 0 : -1;
    if (a >= 0) return rl::Command::human(a);
  }
  // The pendulums run in real time while in human mode (see pendulumHumanPlay), not per key event.
  return std::nullopt;
}

// Human play on the pendulums runs in real time: one step per dt = 0.05 s of Gymnasium's Pendulum-v1 (20 steps a
// second), the held key is the torque (← −2, → +2, neither: 0), so the pendulum swings on its own between presses.
void App::pendulumHumanPlay(const rl::Snapshot& s) {
  const bool continuous = s.envId == "pendulum", discrete = s.envId == "pendulum-discrete";
  if (!ui_.human || (!continuous && !discrete) || ImGui::GetIO().WantTextInput) {
    humanClock_ = -1;
    return;
  }
  constexpr double kDt = 0.05;
  const double t = now();
  if (humanClock_ < 0) humanClock_ = t;
  const bool left = glfwGetKey(window_, GLFW_KEY_LEFT) == GLFW_PRESS, right = glfwGetKey(window_, GLFW_KEY_RIGHT) == GLFW_PRESS;
  for (int k = 0; humanClock_ + kDt <= t && k < 5; ++k) {  // at most 5 steps a frame: a stalled frame does not burst
    humanClock_ += kDt;
    if (continuous) ui_.send(rl::Command::humanContinuous(left == right ? 0.0 : left ? -2.0 : 2.0));
    else ui_.send(rl::Command::human(left == right ? 2 : left ? 0 : 4));
  }
  if (humanClock_ + kDt <= t) humanClock_ = t;
}

void App::handleKeys(const rl::Snapshot& s) {
  const bool typing = ImGui::GetIO().WantTextInput;
  for (int key : keys_.keys) {
    if (key == GLFW_KEY_F12) {
      requestScreenshot("");
      continue;
    }
    if (typing) continue;
    if (ui_.human) {
      if (auto c = humanCommand(s, key)) {
        ui_.send(*c);
        continue;
      }
      const bool arrow = key == GLFW_KEY_LEFT || key == GLFW_KEY_RIGHT || key == GLFW_KEY_UP || key == GLFW_KEY_DOWN;
      if (arrow && s.envId.rfind("pendulum", 0) == 0) continue;  // held as torque in real time (pendulumHumanPlay)
    }
    const bool ctrl = glfwGetKey(window_, GLFW_KEY_LEFT_CONTROL) == GLFW_PRESS ||
                      glfwGetKey(window_, GLFW_KEY_RIGHT_CONTROL) == GLFW_PRESS;
    if (ctrl && key == GLFW_KEY_S) {
      saveSession(sessionPath_);
      continue;
    }
    if (key == GLFW_KEY_SPACE) ui_.send(s.running ? rl::Command::pause() : rl::Command::resume());
    else if (key == GLFW_KEY_RIGHT) ui_.send(rl::Command::stepOnce());
    else if (key == GLFW_KEY_R) ui_.send(rl::Command::reset(uint64_t(ui_.seed)));
  }
  keys_.keys.clear();
}

void App::saveSession(std::string path) {
  if (!session_) return;
  if (path.empty()) {
    const char* home = std::getenv("HOME");
    const std::filesystem::path dir = std::filesystem::path(home && *home ? home : ".") / "Documents" / "RL Lens";
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    char stamp[32];
    const std::time_t t = std::time(nullptr);
    std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", std::localtime(&t));
    path = (dir / (runSpec_.env + "-" + runSpec_.algo + "-" + stamp + ".rllens")).string();
  }
  rl::cli::SessionFile sf;
  sf.run = runSpec_;
  // The log and the step count read together on the worker, between two steps.
  session_->withTrainer([&](rl::Trainer& t) { sf.steps = t.lifetimeSteps(); });
  sf.commands = session_->commandLog();
  sf.view = {{"lens", ui_.lens}, {"speed", ui_.speed}, {"unlimited", ui_.unlimited}};
  try {
    rl::cli::writeSessionFile(path, sf);
    sessionPath_ = path;
    ui_.say("saved the session to " + path, false, now());
  } catch (const std::exception& e) {
    ui_.say(e.what(), true, now());
  }
}

void App::flushOutbox() {
  for (auto& c : ui_.outbox) {
    if (c.type == rl::Command::Type::Resume && ui_.human) ui_.human = false;
    session_->send(std::move(c));
  }
  ui_.outbox.clear();
}

void App::applyPendingSwitch() {
  if (!pendingSwitch_) return;
  const SessionRequest r = std::move(*pendingSwitch_);
  pendingSwitch_.reset();
  if (startSession(r.env, r.algo, uint64_t(ui_.seed), r.sets, /*quiet=*/r.fallbackToRandom)) return;
  if (r.fallbackToRandom && startSession(r.env, "random", uint64_t(ui_.seed), {})) {
    const rl::AlgoEntry* a = rl::findAlgorithm(r.algo);
    ui_.say((a ? a->name : r.algo) + " cannot run on " + snap_->envInfo.name + "; switched to the random policy", false,
            now());
  }
}

void App::frame() {
  applyPendingSwitch();  // between frames: no view holds the old snapshot now
  // The frame owns its snapshot: `s` stays valid for the whole frame whatever replaces snap_ meanwhile.
  const std::shared_ptr<const rl::Snapshot> frameSnap = session_->snapshot();
  snap_ = frameSnap;
  const rl::Snapshot& s = *frameSnap;
  if (!s.notice.empty() && s.notice != lastNotice_) {
    ui_.say(s.notice, true, now());
    lastNotice_ = s.notice;
  }
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  ImGui::NewFrame();
  ui::fastFillBeginFrame();
  ui_.uiMap.clear();
  handleKeys(s);
  pendulumHumanPlay(s);

  // ---- Layout from the window size ----
  const ImVec2 W = ImGui::GetIO().DisplaySize;
  const float tb = 44.f, sb = 30.f;
  const float chartsH = std::max(180.f, std::floor((W.y - tb - sb) * 0.3f));
  const float midH = W.y - tb - sb - chartsH;
  const float leftW = std::clamp(W.x * 0.22f, 260.f, 380.f);
  const float viewW = std::min(midH, W.x - leftW - 300.f);
  const float rightW = W.x - leftW - viewW;

  beginPanel("##toolbar", ImVec2(0, 0), ImVec2(W.x, tb), false);
  toolbar(s);
  ImGui::End();

  beginPanel("##params", ImVec2(0, tb), ImVec2(leftW, midH));
  drawParamsPanel(s, ui_);
  ImGui::End();

  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(4, 4));
  beginPanel("##viewport", ImVec2(leftW, tb), ImVec2(viewW, midH), false);
  ImGui::PopStyleVar();
  drawEnvViewport(s, ui_, *viewport_, ImGui::GetContentRegionAvail());
  ImGui::End();

  beginPanel("##lens", ImVec2(leftW + viewW, tb), ImVec2(rightW, midH));
  drawLensPanel(s, ui_);
  ImGui::End();

  beginPanel("##charts", ImVec2(0, tb + midH), ImVec2(W.x, chartsH), false);
  drawCharts(s, ui_, ImGui::GetContentRegionAvail());
  ImGui::End();

  beginPanel("##status", ImVec2(0, W.y - sb), ImVec2(W.x, sb), false);
  ui::fillRectOpaque(ImGui::GetWindowDrawList(), ImVec2(0, W.y - sb), W, IM_COL32(14, 16, 19, 255));
  statusBar(s);
  ImGui::End();

  flushOutbox();
  ImGui::Render();
}

void App::writeReports(bool final) {
  auto write = [&](const std::string& path, const nlohmann::json& j, int indent = 2) {
    try {
      rl::cli::writeFileAtomic(path, j.dump(indent) + "\n");
    } catch (const std::exception& e) {
      std::fprintf(stderr, "rllens: %s\n", e.what());
      exitCode_ = 1;
    }
  };
  if (!opt_.uiMap.empty()) {
    nlohmann::json j;
    j["frame"] = frameCount_;
    j["window"] = {win_.width, win_.height};
    if (snap_) {
      j["env_steps"] = snap_->envSteps;
      j["running"] = snap_->running;
      j["env"] = snap_->envId;
      j["algo"] = snap_->algoId;
      j["lens"] = ui_.lens;
      j["error"] = snap_->error;
    }
    j["human"] = ui_.human;
    j["status"] = statusText_;
    for (const auto& [name, r] : ui_.uiMap) j["items"][name] = {r.x, r.y, r.w, r.h};
    write(opt_.uiMap, j, -1);  // one line, rewritten ~6×/s: quick to write and for a test to grep
  }
  if (!final) return;
  if (session_ && (!opt_.sessionOut.empty() || !opt_.metricsOut.empty())) {
    // Pause first, so the metrics and the saved step count describe the same moment.
    session_->send(rl::Command::pause());
    session_->sync();
    if (!opt_.sessionOut.empty()) saveSession(opt_.sessionOut);
    if (!opt_.metricsOut.empty())
      session_->withTrainer([&](rl::Trainer& t) { rl::cli::writeMetrics(t.metrics(), opt_.metricsOut); });
  }
  if (!opt_.stateOut.empty() && session_) {
    nlohmann::json j;
    const rl::Snapshot& s = *session_->snapshot();
    j["env"] = s.envId;
    j["algo"] = s.algoId;
    j["env_steps"] = s.envSteps;
    j["episodes"] = s.episodes;
    j["running"] = s.running;
    j["frames"] = frameCount_;
    if (const auto* g = std::get_if<rl::GridRenderState>(&s.render)) {
      j["reward"] = g->reward;
      j["wall"] = g->wall;
    }
    for (const auto& p : s.params) j["params"][p.spec.name] = p.value;
    for (const auto& c : session_->commandLog()) j["commands"].push_back(rl::formatCommand(c));
    write(opt_.stateOut, j);
  }
  if (!opt_.perfReport.empty()) {
    auto pct = [](std::vector<double> v, double p) {
      if (v.empty()) return 0.0;
      std::sort(v.begin(), v.end());
      return v[std::min(v.size() - 1, size_t(p * double(v.size())))];
    };
    const size_t skip = std::min<size_t>(30, frameMs_.size());  // warm-up frames (shader compile, font upload)
    std::vector<double> frames(frameMs_.begin() + long(skip), frameMs_.end()), work(workMs_.begin() + long(skip), workMs_.end());
    nlohmann::json j;
    j["frames"] = frames.size();
    j["frame_ms_p50"] = pct(frames, 0.5);
    j["frame_ms_p99"] = pct(frames, 0.99);
    j["work_ms_p50"] = pct(work, 0.5);
    j["work_ms_p99"] = pct(work, 0.99);
    j["vertices_p50"] = pct(vertices_, 0.5);
    j["env_steps_per_sec"] = stepRateN_ ? stepRateSum_ / double(stepRateN_) : 0.0;
    j["window"] = {win_.width, win_.height};
    write(opt_.perfReport, j);
  }
}

int App::run() {
  if (!init()) return 1;
  const double frameBudget = 1.0 / 60.0;
  auto last = Clock::now();
  std::signal(SIGTERM, onStopSignal);
  std::signal(SIGINT, onStopSignal);
  while (!glfwWindowShouldClose(window_) && !gStopRequested) {
    const auto t0 = Clock::now();
    glfwPollEvents();
    frame();
    int fw = 0, fh = 0;
    glfwGetFramebufferSize(window_, &fw, &fh);
    glfwGetWindowSize(window_, &win_.width, &win_.height);
    glViewport(0, 0, fw, fh);
    glClearColor(0.09f, 0.10f, 0.12f, 1.f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    vertices_.push_back(double(ImGui::GetDrawData()->TotalVtxCount));
    ++frameCount_;
    const bool last_frame = opt_.frames > 0 && frameCount_ >= opt_.frames;
    if (last_frame && !opt_.screenshot.empty()) requestScreenshot(opt_.screenshot);
    if (last_frame && !opt_.viewportShot.empty()) {
      try {  // a fixed resolution whatever the window size: 800 px wide, the env's own aspect
        const bool wide = std::holds_alternative<rl::Gan1dRenderState>(snap_->render);
        saveViewportPng(*snap_, ui_, *viewport_, 800, wide ? 500 : 800, opt_.viewportShot);
      } catch (const std::exception& e) {
        std::fprintf(stderr, "rllens: %s\n", e.what());
        exitCode_ = 1;
      }
    }
    if (shotRequested_) takeScreenshot(fw, fh, last_frame);
    glfwSwapBuffers(window_);
    const double work = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
    if (frameCount_ % 10 == 0) writeReports(false);  // the automation map, ~6×/s
    if (last_frame) break;
    // 60 FPS cap: virtual displays do not block on vsync.
    const auto next = last + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(frameBudget));
    if (Clock::now() < next) std::this_thread::sleep_until(next);
    const auto end = Clock::now();
    const double interval = std::chrono::duration<double, std::milli>(end - last).count();
    last = end;
    frameMs_.push_back(interval);
    workMs_.push_back(work);
    fpsWindow_.push_back(float(interval));
    if (fpsWindow_.size() > 60) fpsWindow_.pop_front();
    if (snap_ && snap_->running) stepRateSum_ += snap_->envStepsPerSec, ++stepRateN_;
  }
  writeReports(true);
  shutdown();
  return exitCode_;
}

void App::takeScreenshot(int fw, int fh, bool lastFrame) {
  std::string path = shotPath_;
  if (path.empty()) {
    char name[64];
    const std::time_t t = std::time(nullptr);
    std::strftime(name, sizeof name, "rllens-%Y%m%d-%H%M%S", std::localtime(&t));
    std::error_code ec;
    std::filesystem::create_directories(screenshotDir(), ec);
    // Two shots in one second get -2, -3 …: never overwrite an earlier screenshot.
    path = screenshotDir() + "/" + name + ".png";
    for (int k = 2; std::filesystem::exists(path); ++k) path = screenshotDir() + "/" + name + "-" + std::to_string(k) + ".png";
  }
  try {
    saveFramebufferPng(path, fw, fh);
    ui_.say("Saved " + path, false, now());
  } catch (const std::exception& e) {
    ui_.say(e.what(), true, now());
    if (lastFrame) std::fprintf(stderr, "rllens: %s\n", e.what()), exitCode_ = 1;
  }
  shotRequested_ = false;
  shotPath_.clear();
}

void App::shutdown() {
  saveSettings(ui_, win_);
  session_.reset();
  viewport_.reset();  // GL objects go before the context
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
  glfwDestroyWindow(window_);
  glfwTerminate();
}

}  // namespace

int runGui(const GuiOptions& opt) {
  App app(opt);
  return app.run();
}

}  // namespace gui
