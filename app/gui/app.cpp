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

#include "app/gui/classroom_ui.hpp"
#include "app/gui/fonts.hpp"
#include "app/gui/persist.hpp"
#include "app/gui/chart_export.hpp"
#include "app/gui/replay_export.hpp"
#include "app/gui/theme.hpp"
#include "app/gui/ui_audit.hpp"
#include "app/ui/fast_fill.hpp"
#include "app/cli/session_file.hpp"
#include "app/views/lenses.hpp"
#include "app/views/file_dialog.hpp"
#include "app/views/status_text.hpp"
#include "app/views/lesson_panel.hpp"
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

// Documents/RL Lens: where saved sessions and agents go unless the user picks another folder.
std::string documentsDir() {
  const char* home = std::getenv("HOME");
  const std::filesystem::path dir = std::filesystem::path(home && *home ? home : ".") / "Documents" / "RL Lens";
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  return dir.string();
}

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

class App {
 public:
  explicit App(const GuiOptions& opt) : opt_(opt) {}
  int run();

 private:
  bool init();
  void shutdown();
  bool startSession(const std::string& env, const std::string& algo, uint64_t seed, const std::vector<std::string>& sets,
                    bool quiet = false, std::unique_ptr<rl::Trainer> prebuilt = nullptr);
  // A session file replaying its log on the worker: the progress card (step, estimated time, Cancel).
  void replayCard();
  // A session switch asked for from the toolbar. It is applied at the start of the next frame, before the frame's
  // snapshot is taken: nothing that draws may outlive the session (and snapshot) it reads.
  struct SessionRequest {
    std::string env, algo;
    std::vector<std::string> sets;
    bool fallbackToRandom = false;  // when algo cannot run on env, switch to the random policy and say why
    bool keepLesson = false;        // a lesson's own action switched: its card stays open
  };
  // A lesson page's action button (lesson_panel.cpp): pin, switch algorithm keeping the shared settings, set.
  void runLessonAction(const rl::cli::LessonAction& a, const rl::Snapshot& s);
  void applyPendingSwitch();
  // Session files (app/cli/session_file.hpp): the run this session started with, its command log and step count,
  // and the lens/view settings. An empty path saves to ~/Documents/RL Lens/<env>-<algo>-<time>.rllens.
  void saveSession(std::string path);
  // Reads and checks the whole file first (throws naming the field; the running session is untouched), then starts
  // its run, replays it to its step and pauses there.
  void openSessionFile(const std::string& path, const rl::cli::SessionFile* read = nullptr);
  void rememberRecent(const std::string& path);
  void fileMenu();
  FileDialog fileDialog_;
  void fileDialogResult(const std::string& purpose, const std::string& path);
  std::optional<std::pair<std::string, std::string>> pendingFile_;  // (purpose, path) picked in the dialog
  // Lessons (assets/lessons): loaded at start; opening one starts its preset, schedules its script and shows its card.
  rl::cli::LessonSet lessons_;
  const rl::cli::Lesson* findLesson(const std::string& id) const;
  bool openLesson(const std::string& id);
  rl::cli::RunSpec runSpec_;  // what the current session was started with (env, algo, seed, --set values)
  std::string sessionPath_;   // the session file opened or last saved (Ctrl+S writes it again)
  int64_t agentLoadedAt_ = -1;  // the step an agent was loaded from a file at (saved with the session), -1 = never
  double replayStarted_ = 0;    // when a log-only session file began replaying
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
  // Classroom mode (app/gui/classroom.hpp). The look (font atlas, style) is rebuilt between frames when the scale or
  // theme in effect changes; F11 toggles full screen on the primary monitor and back to the windowed rectangle.
  void applyLook();
  void classroomOptions();
  void toggleFullScreen();
  float lookScale_ = 0;
  float toolbarH_ = 0;  // the toolbar's height last frame: one row, or two when a large scale wraps it
  Theme lookTheme_ = Theme::Dark;
  int windowed_[4] = {0, 0, 0, 0};  // x, y, w, h before going full screen

  GuiOptions opt_;
  GLFWwindow* window_ = nullptr;
  UiState ui_;
  WindowSettings win_;
  KeyQueue keys_;
  std::unique_ptr<rl::Session> session_;
  std::shared_ptr<const rl::Snapshot> snap_;
  std::optional<SessionRequest> pendingSwitch_;
  ViewportRendererPtr viewport_ = makeViewportRenderer();
  ReplayController replay_;  // the recorded episodes under the viewport's timeline, and their export
  bool headlessExport() const { return !opt_.exportGif.empty() || !opt_.exportMp4.empty(); }
  void exportAtExit();
  bool shotRequested_ = false;
  std::string shotPath_;
  std::string lastNotice_;
  UiAudit audit_;              // --ui-audit
  std::vector<ChartDraw> chartDraws_;  // charts drawn offscreen this frame for Save PNG
  uint64_t sentHold_ = 0;      // the lesson page break the session holds at (Session::holdAt)
  std::string statusNumbers_;  // the status bar's numbers as drawn (also in the --ui-map file)
  std::string lensScrollKey_;  // lens|algorithm|lesson the lens panel's scroll belongs to
  float lensScrollY_ = 0;
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
  classroomOptions();
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
  // The lessons first: their Chinese text decides which CJK glyphs the font atlas gets.
  ui::setItemRecorder([this](const char* name) { recordItem(ui_, name); });
  lessons_ = rl::cli::loadLessons(rl::cli::lessonDir());
  for (const std::string& e : lessons_.errors) std::fprintf(stderr, "rllens: lesson skipped: %s\n", e.c_str());
  setExtraGlyphText(lessonGlyphText(lessons_));
  applyLook();  // fonts at the classroom scale, style for its theme
  ImGui_ImplGlfw_InitForOpenGL(window_, true);
  ImGui_ImplOpenGL3_Init("#version 330 core");

  if (opt_.runGiven) ui_.env = opt_.run.env, ui_.algo = opt_.run.algo;
  ui_.seed = int(opt_.run.seed);
  if (opt_.replayEpisodes >= 0) ui_.replayEpisodes = opt_.replayEpisodes;
  // A headless export keeps at least the frames it is to write, however short the episodes.
  replay_.setEpisodes(ui_.replayEpisodes, std::max<size_t>(300, headlessExport() ? size_t(opt_.exportFrames) : 0));
  if (opt_.speed == 0) ui_.unlimited = true;
  else if (opt_.speed > 0) ui_.unlimited = false, ui_.speed = float(opt_.speed);
  // The same defaults as `rllens --env gridworld --algo q-learning` and `rllens train`: no hidden settings.
  ui_.lesson.zh = opt_.lessonLang == "zh";
  if (!opt_.lesson.empty()) {
    if (!openLesson(opt_.lesson)) return false;
    if (!opt_.lens.empty()) ui_.lens = opt_.lens;
    return true;
  }
  if (!opt_.sessionIn.empty()) {  // a session file: its run, replayed to its steps, paused there
    try {
      openSessionFile(opt_.sessionIn, opt_.sessionRead.get());
      opt_.sessionRead.reset();  // the checkpoint's bytes are in the trainer now
    } catch (const std::exception& e) {
      std::fprintf(stderr, "rllens: %s\n", e.what());
      return false;
    }
    return true;
  }
  if (!lessons_.errors.empty())
    ui_.say(std::to_string(lessons_.errors.size()) + " lesson file(s) skipped: " + lessons_.errors.front(), true, now());
  const std::vector<std::string> sets = opt_.run.sets;
  if (!startSession(ui_.env, ui_.algo, opt_.run.seed, sets) && !startSession("gridworld", "q-learning", opt_.run.seed, {}))
    return false;
  if (!warn.empty()) ui_.say(warn, true, now());
  if (!opt_.lens.empty()) ui_.lens = opt_.lens;
  return true;
}

bool App::startSession(const std::string& env, const std::string& algo, uint64_t seed,
                       const std::vector<std::string>& sets, bool quiet, std::unique_ptr<rl::Trainer> prebuilt) {
  try {
    auto trainer = prebuilt ? std::move(prebuilt) : rl::cli::makeTrainer({env, algo, seed, sets});
    agentLoadedAt_ = -1;
    session_.reset();  // stop the old worker first
    sentHold_ = 0;
    session_ = std::make_unique<rl::Session>(
        // A headless export (--export-gif/-mp4) records a frame per UI frame, 60 a second, not 30: half the wait.
        std::move(trainer), rl::Session::Options{!opt_.paused, ui_.unlimited ? 0.0 : double(ui_.speed),
                                                 headlessExport() ? 60.0 : 30.0, 5});
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

const rl::cli::Lesson* App::findLesson(const std::string& id) const {
  for (const auto& l : lessons_.lessons)
    if (l.id == id) return &l;
  return nullptr;
}

// A lesson's preset becomes the run (its seed, parameters, speed and lens), its script is handed to the session to
// play at its steps, and its card opens on page 1.
bool App::openLesson(const std::string& id) {
  const rl::cli::Lesson* l = findLesson(id);
  if (!l) {
    ui_.say("no lesson '" + id + "'", true, now());
    return false;
  }
  ui_.seed = int(l->run.seed);
  // The lesson's speed, unless `--lesson ID --speed S` asked for another (--speed 0: Max).
  const double speed = id == opt_.lesson && opt_.speed >= 0 ? opt_.speed : l->speed;
  ui_.unlimited = speed <= 0;
  if (speed > 0) ui_.speed = float(speed);
  const bool wasPaused = opt_.paused;
  opt_.paused = true;  // the script is scheduled before the first step
  const bool ok = startSession(l->run.env, l->run.algo, l->run.seed, l->run.sets);
  opt_.paused = wasPaused;
  if (!ok) return false;
  session_->schedule(l->commands);
  // Page 1's break is in place before the first step: at Max the run would otherwise be past it before the first
  // frame has drawn the card.
  sentHold_ = lessonPageBreak(*l, 0);
  session_->holdAt(sentHold_);
  if (!wasPaused) session_->send(rl::Command::resume());
  if (findLens(l->lens)) ui_.lens = l->lens;
  if (const auto g = l->view.find("grid"); g != l->view.end() && g->is_object()) {
    auto flag = [&](const char* k, bool& v) {
      if (g->contains(k) && (*g)[k].is_boolean()) v = (*g)[k].get<bool>();
    };
    flag("q_triangles", ui_.grid.qTriangles), flag("arrows", ui_.grid.arrows), flag("numbers", ui_.grid.numbers);
    flag("rewards", ui_.grid.rewards), flag("solver", ui_.grid.solver), flag("error", ui_.grid.error);
  }
  ui_.lesson.id = id;
  ui_.welcomed = true;  // they found the lessons
  ui_.lesson.page = 0;
  ui_.lesson.hold = 0;
  ui_.lesson.openedPage = -1;
  ui_.lesson.chosen.clear();
  ui_.lesson.revealed.clear();
  snap_ = session_->snapshot();
  return true;
}

void App::runLessonAction(const rl::cli::LessonAction& a, const rl::Snapshot& s) {
  if (a.pin) pinCurrentRun(s, ui_);
  if (!a.algo.empty()) {
    // "With the same settings": every setting the two algorithms share (α, γ, ε …) and the env's carry over.
    const rl::AlgoEntry* target = rl::findAlgorithm(a.algo);
    if (!target) return;
    const auto agent = target->make();
    std::vector<std::string> sets;
    for (const auto& p : s.params)
      if (p.env || agent->params().find(p.spec.name)) sets.push_back(p.spec.name + "=" + rl::formatValue(p.spec, p.value));
    sets.insert(sets.end(), a.sets.begin(), a.sets.end());
    pendingSwitch_ = SessionRequest{s.envId, a.algo, std::move(sets), false, true};
    return;
  }
  bool reset = false;
  for (const std::string& kv : a.sets) {  // the running run: parameters set as a user would, logged
    const size_t eq = kv.find('=');
    std::string name = kv.substr(0, eq);
    for (const char* prefix : {"env.", "algo."})
      if (name.rfind(prefix, 0) == 0) name = name.substr(std::string(prefix).size());
    for (const auto& p : s.params)
      if (p.spec.name == name) {
        try {
          ui_.send(rl::Command::setParam(name, rl::parseValue(p.spec, kv.substr(eq + 1))));
          reset |= p.spec.needsReset;
        } catch (const std::exception& e) {
          ui_.say(e.what(), true, now());
        }
      }
  }
  if (reset) ui_.send(rl::Command::reset(uint64_t(ui_.seed)));  // "applies on reset": the same seed, afresh
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
  auto hide = [&](const char* id) { return ui_.classroom.hides(id); };
  // At a large UI scale the row may not hold every control: a group that does not fit starts a second row (the
  // layout reads the toolbar's height back, toolbarH_), rather than running off the window's edge.
  const ImGuiStyle& st = ImGui::GetStyle();
  auto buttonW = [&](const char* label) { return ImGui::CalcTextSize(label, nullptr, true).x + 2 * st.FramePadding.x; };
  auto checkW = [&](const char* label) {
    return ImGui::GetFrameHeight() + st.ItemInnerSpacing.x + ImGui::CalcTextSize(label, nullptr, true).x;
  };
  auto fit = [&](float w) {
    if (ImGui::GetContentRegionAvail().x < w) ImGui::NewLine();
  };
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
  if (!hide("env_picker")) {
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
  }
  if (!hide("algo_picker")) {
    fit(widest(algoNames));
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
  }
  if (!hide("lens_picker")) {
    fit(widest(std::vector<std::string>{"Policy gradient", "Actor-critic"}));
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
    ImGui::SameLine(0, px(12));
  }

  // Transport.
  fit(px(80));
  if (ImGui::Button(s.running ? "❚❚ Pause" : "▶ Play", ImVec2(px(80), 0)))
    ui_.send(s.running ? rl::Command::pause() : rl::Command::resume());
  recordItem(ui_, "play");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Space");
  if (!hide("step_reset")) {
    ImGui::SameLine();
    fit(buttonW("Step") + st.ItemSpacing.x + buttonW("Reset"));
    if (ImGui::Button("Step")) ui_.send(rl::Command::stepOnce());
    recordItem(ui_, "step");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Right arrow: one env step (and its update)");
    ImGui::SameLine();
    if (ImGui::Button("Reset")) ui_.send(rl::Command::reset(uint64_t(ui_.seed)));
    recordItem(ui_, "reset");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("R: forget everything learned and restart with the seed");
  }
  ImGui::SameLine(0, px(12));

  // Speed: steps per second on a log slider, or as fast as the CPU goes.
  if (!hide("speed")) {
    fit(px(110) + st.ItemSpacing.x + checkW("Max"));
    ImGui::BeginDisabled(ui_.unlimited);
    ImGui::SetNextItemWidth(px(110));
    if (ImGui::SliderFloat("##speed", &ui_.speed, 1.f, 5000.f, "%.0f steps/s", ImGuiSliderFlags_Logarithmic))
      ui_.send(rl::Command::setSpeed(ui_.speed));
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (ImGui::Checkbox("Max", &ui_.unlimited)) ui_.send(rl::Command::setSpeed(ui_.unlimited ? 0.0 : ui_.speed));
    recordItem(ui_, "max_speed");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Train as fast as one core allows");
    ImGui::SameLine(0, px(12));
  }
  if (!hide("seed")) {
    fit(px(56) + st.ItemInnerSpacing.x + ImGui::CalcTextSize("seed").x);
    ImGui::SetNextItemWidth(px(56));
    ImGui::InputInt("seed", &ui_.seed, 0);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Seed used by Reset: same seed + settings + edits = same run");
    ui_.seed = std::max(ui_.seed, 0);
    ImGui::SameLine(0, px(12));
  }
  if (!hide("human")) {
    fit(checkW("Human"));
    if (ImGui::Checkbox("Human", &ui_.human) && ui_.human) ui_.send(rl::Command::pause());
    recordItem(ui_, "human");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Drive the agent with the arrow keys; it still learns from your moves");
    ImGui::SameLine(0, px(12));
  }
  fileMenu();
  ImGui::SameLine();
  // The toolbar is English whatever language the lesson card reads in: it never renames itself or moves.
  fit(buttonW("Lessons"));
  if (ImGui::Button("Lessons")) ui_.lesson.browserRequested = true;
  recordItem(ui_, "lessons");
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("%zu guided demonstrations, in English and 中文", lessons_.lessons.size());
  ImGui::SameLine();
  if (!hide("screenshot")) {
    fit(buttonW("Screenshot"));
    if (ImGui::Button("Screenshot")) requestScreenshot("");
    recordItem(ui_, "screenshot");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("F12: save a PNG of the window to %s", screenshotDir().c_str());
    ImGui::SameLine();
  }
  fit(buttonW("Classroom"));
  if (classroomButton(ui_)) toggleFullScreen();
  toolbarH_ = ImGui::GetCursorPosY() - st.ItemSpacing.y + st.WindowPadding.y + px(4);
}

void App::statusBar(const rl::Snapshot& s) {
  float fps = 0;
  for (float f : fpsWindow_) fps += f;
  fps = fpsWindow_.empty() ? 0 : 1000.f * float(fpsWindow_.size()) / fps;
  statusNumbers_ = statusNumbers(s, fps);
  if (!ui_.classroom.hides("status_numbers")) ImGui::TextUnformatted(statusNumbers_.c_str());
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
    ImGui::SameLine(0, px(24));
    // Never cut off mid-word at the window's edge: shorten with "…" to the space left; hover for the whole text.
    const float room = ImGui::GetContentRegionAvail().x - px(8.f);
    std::string shown = ellipsize(msg, room);
    if (shown != msg) {  // end on a word
      shown.resize(shown.size() - 3);  // the "…"
      const size_t space = shown.find_last_of(' ');
      if (space != std::string::npos && space > shown.size() / 2) shown.resize(space);
      shown += "…";
    }
    ImGui::TextColored(ink(isError     ? ImVec4(1.f, 0.45f, 0.4f, 1.f)
                           : isWarning ? ImVec4(1.f, 0.72f, 0.3f, 1.f)
                                       : ImVec4(0.6f, 0.85f, 1.f, 1.f)),
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
  if (s.replayTo > 0) {  // a session file replaying: its card has the only control (Escape cancels too)
    for (int key : keys_.keys)
      if (key == GLFW_KEY_ESCAPE) session_->cancelReplay();
    keys_.keys.clear();
    return;
  }
  const bool typing = ImGui::GetIO().WantTextInput;
  for (int key : keys_.keys) {
    if (key == GLFW_KEY_F12) {
      requestScreenshot("");
      continue;
    }
    if (key == GLFW_KEY_F9) {  // classroom mode on/off: the look changes between this frame and the next
      ui_.classroom.enabled = !ui_.classroom.enabled;
      continue;
    }
    if (key == GLFW_KEY_F11) {
      toggleFullScreen();
      continue;
    }
    if (typing) continue;
    if (key == GLFW_KEY_COMMA || key == GLFW_KEY_PERIOD) {  // the timeline: one recorded frame back / forward
      replay_.stepFrames(key == GLFW_KEY_COMMA ? -1 : 1);
      continue;
    }
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
    if (ctrl && key == GLFW_KEY_O) {
      openFileDialog(fileDialog_, FileDialog::Mode::Open, "Open a session file (.rllens)", "open-session", ".rllens",
                     sessionPath_.empty() ? documentsDir()
                                          : std::filesystem::path(sessionPath_).parent_path().string(),
                     {}, ui_.recentFiles);
      continue;
    }
    if (key == GLFW_KEY_SPACE) ui_.send(s.running ? rl::Command::pause() : rl::Command::resume());
    else if (key == GLFW_KEY_RIGHT) ui_.send(rl::Command::stepOnce());
    else if (key == GLFW_KEY_R) ui_.send(rl::Command::reset(uint64_t(ui_.seed)));
  }
  keys_.keys.clear();
}

void App::openSessionFile(const std::string& path, const rl::cli::SessionFile* read) {
  std::optional<rl::cli::SessionFile> own;
  if (!read) own = rl::cli::readSessionFile(path);
  const rl::cli::SessionFile& sf = read ? *read : *own;
  // With a checkpoint the run is restored at its step at once; a damaged one throws here, the running session as it
  // was. Without one, the log replays on the worker behind a progress card (the window keeps drawing; Cancel).
  std::unique_ptr<rl::Trainer> restored;
  if (!sf.checkpoint.empty()) restored = rl::cli::openSessionTrainer(sf, path, false);
  ui_.seed = int(sf.run.seed);
  opt_.paused = true;
  if (!startSession(sf.run.env, sf.run.algo, sf.run.seed, sf.run.sets, false, std::move(restored)))
    throw std::runtime_error(path + ": its run could not start");
  agentLoadedAt_ = sf.agentLoadedAt;
  if (!sf.checkpoint.empty()) session_->adoptLog(sf.commands);
  else if (sf.steps > 0) session_->replayAsync(sf.commands, sf.steps), replayStarted_ = now();
  if (sf.view.contains("lens") && sf.view["lens"].is_string() && findLens(sf.view["lens"].get<std::string>()))
    ui_.lens = sf.view["lens"].get<std::string>();
  if (sf.view.contains("classroom")) {
    classroomFromJson(sf.view["classroom"], ui_.classroom);
    classroomOptions();
  }
  sessionPath_ = path;
  ui_.lesson.id.clear();
  snap_ = session_->snapshot();
  rememberRecent(path);
  ui_.say(sf.checkpoint.empty() && sf.steps > 0
              ? "opened " + path + ": replaying its log to step " + groupDigits(sf.steps)
              : "opened " + path + " at step " + std::to_string(sf.steps) + " (paused)",
          false, now());
}

void App::replayCard() {
  const rl::Snapshot& s = *snap_;
  if (s.replayTo == 0) return;
  ImGui::OpenPopup("Opening the session");
  const ImVec2 size(std::min(px(560.f), ImGui::GetIO().DisplaySize.x * 0.9f), 0.f);
  ImGui::SetNextWindowSize(size);
  ImGui::SetNextWindowPos(ImVec2(ImGui::GetIO().DisplaySize.x * 0.5f, ImGui::GetIO().DisplaySize.y * 0.4f),
                          ImGuiCond_Always, ImVec2(0.5f, 0.5f));
  if (!ImGui::BeginPopupModal("Opening the session", nullptr, ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoMove))
    return;
  const double frac = double(s.lifetimeSteps) / double(s.replayTo);
  ImGui::TextWrapped("This session file holds its command log only: the run is replayed to the step it was saved "
                     "at.");
  char label[64];
  std::snprintf(label, sizeof label, "%s / %s", groupDigits(s.lifetimeSteps).c_str(), groupDigits(s.replayTo).c_str());
  ImGui::ProgressBar(float(frac), ImVec2(-1.f, 0.f), label);
  recordItem(ui_, "replay_progress");
  const double elapsed = now() - replayStarted_;
  if (s.envStepsPerSec > 0 && s.lifetimeSteps > 0) {
    const double left = double(s.replayTo - std::min(s.replayTo, s.lifetimeSteps)) / s.envStepsPerSec;
    if (left < 90) ImGui::Text("%.0f s so far, about %.0f s left (%s steps/s)", elapsed, left,
                               groupDigits(uint64_t(s.envStepsPerSec)).c_str());
    else ImGui::Text("%.0f s so far, about %.0f min left (%s steps/s)", elapsed, left / 60,
                     groupDigits(uint64_t(s.envStepsPerSec)).c_str());
  } else {
    ImGui::TextDisabled("measuring the speed…");
  }
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyle().Colors[ImGuiCol_TextDisabled]);
  ImGui::TextWrapped("Save the session once it is open: the file then carries a checkpoint and opens at once.");
  ImGui::PopStyleColor();
  if (ImGui::Button("Cancel")) session_->cancelReplay();
  recordItem(ui_, "replay_cancel");
  ImGui::EndPopup();
}

void App::rememberRecent(const std::string& path) {
  std::error_code ec;
  const std::string abs = std::filesystem::absolute(path, ec).lexically_normal().string();
  auto& r = ui_.recentFiles;
  r.erase(std::remove(r.begin(), r.end(), abs), r.end());
  r.insert(r.begin(), abs);
  if (r.size() > 8) r.resize(8);
}

void App::fileMenu() {
  if (ImGui::Button("File")) ImGui::OpenPopup("##file_menu");
  recordItem(ui_, "file_menu");
  if (!ImGui::BeginPopup("##file_menu")) return;
  const std::string startDir =
      sessionPath_.empty() ? documentsDir() : std::filesystem::path(sessionPath_).parent_path().string();
  if (ImGui::MenuItem("Open session…", "Ctrl+O"))
    openFileDialog(fileDialog_, FileDialog::Mode::Open, "Open a session file (.rllens)", "open-session", ".rllens",
                   startDir, {}, ui_.recentFiles);
  recordItem(ui_, "menu_open_session");
  if (ImGui::MenuItem("Save session", "Ctrl+S")) saveSession(sessionPath_);
  recordItem(ui_, "menu_save_session");
  if (ImGui::MenuItem("Save session as…"))
    openFileDialog(fileDialog_, FileDialog::Mode::Save, "Save the session as", "save-session", ".rllens", startDir,
                   runSpec_.env + "-" + runSpec_.algo + ".rllens");
  recordItem(ui_, "menu_save_session_as");
  if (ImGui::BeginMenu("Recent sessions", !ui_.recentFiles.empty())) {
    for (size_t i = 0; i < ui_.recentFiles.size(); ++i) {
      if (ImGui::MenuItem(ui_.recentFiles[i].c_str())) pendingFile_ = {"open-session", ui_.recentFiles[i]};
      recordItem(ui_, "menu_recent_" + std::to_string(i));
    }
    ImGui::EndMenu();
  }
  recordItem(ui_, "menu_recent");
  ImGui::Separator();
  if (ImGui::MenuItem("Save agent…"))
    openFileDialog(fileDialog_, FileDialog::Mode::Save, "Save the trained agent as", "save-agent", ".agent",
                   documentsDir(), runSpec_.env + "-" + runSpec_.algo + ".agent");
  recordItem(ui_, "menu_save_agent");
  if (ImGui::MenuItem("Load agent…"))
    openFileDialog(fileDialog_, FileDialog::Mode::Open, "Load a saved agent (.agent) into this run", "load-agent",
                   ".agent", documentsDir());
  recordItem(ui_, "menu_load_agent");
  ImGui::EndPopup();
}

void App::fileDialogResult(const std::string& purpose, const std::string& path) {
  // The agent's file is read and written on the worker, between two steps; its error comes back here.
  auto onTrainer = [&](const std::function<void(rl::Trainer&)>& fn) {
    std::string error;
    session_->withTrainer([&](rl::Trainer& t) {
      try {
        fn(t);
      } catch (const std::exception& e) {
        error = e.what();
      }
    });
    if (!error.empty()) throw std::runtime_error(error);
  };
  try {
    if (purpose == "open-session") {
      openSessionFile(path);
    } else if (purpose == "save-session") {
      saveSession(path);
    } else if (purpose == "save-agent") {
      onTrainer([&](rl::Trainer& t) { rl::cli::saveAgent(t, path); });
      ui_.say("saved the agent to " + path, false, now());
    } else if (purpose == "load-agent") {
      onTrainer([&](rl::Trainer& t) {
        rl::cli::loadAgent(t, path);
        agentLoadedAt_ = int64_t(t.lifetimeSteps());  // the session's checkpoint now carries it; its log cannot
      });
      ui_.say("loaded the agent from " + path, false, now());
    }
  } catch (const std::exception& e) {
    ui_.say(e.what(), true, now());  // refused: the run is as it was
  }
}

void App::saveSession(std::string path) {
  if (!session_) return;
  if (path.empty()) {
    const std::filesystem::path dir = documentsDir();
    char stamp[32];
    const std::time_t t = std::time(nullptr);
    std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", std::localtime(&t));
    path = (dir / (runSpec_.env + "-" + runSpec_.algo + "-" + stamp + ".rllens")).string();
  }
  rl::cli::SessionFile sf;
  sf.run = runSpec_;
  // The log, the step count and the checkpoint read together on the worker, between two steps.
  std::string why;
  session_->withTrainer([&](rl::Trainer& t) {
    sf.steps = t.lifetimeSteps();
    why = rl::cli::takeCheckpoint(t, sf);
  });
  sf.agentLoadedAt = agentLoadedAt_;
  sf.commands = session_->commandLog();
  sf.view = {{"lens", ui_.lens}, {"speed", ui_.speed}, {"unlimited", ui_.unlimited},
             {"classroom", classroomToJson(ui_.classroom)}};
  try {
    rl::cli::writeSessionFile(path, sf);
    sessionPath_ = path;
    rememberRecent(path);
    ui_.say("saved the session to " + path + (why.empty() ? "" : " (its command log only: " + why + ")"), false,
            now());
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
  if (pendingFile_) {
    const auto [purpose, path] = *pendingFile_;
    pendingFile_.reset();
    fileDialogResult(purpose, path);
    return;
  }
  if (!ui_.lesson.openRequest.empty()) {
    const std::string id = std::move(ui_.lesson.openRequest);
    ui_.lesson.openRequest.clear();
    openLesson(id);
    return;
  }
  if (!pendingSwitch_) return;
  // Another env or algorithm: the lesson's story no longer describes the run — unless the lesson asked for it.
  if (!pendingSwitch_->keepLesson) ui_.lesson.id.clear();
  const SessionRequest r = std::move(*pendingSwitch_);
  pendingSwitch_.reset();
  if (startSession(r.env, r.algo, uint64_t(ui_.seed), r.sets, /*quiet=*/r.fallbackToRandom)) return;
  if (r.fallbackToRandom && startSession(r.env, "random", uint64_t(ui_.seed), {})) {
    const rl::AlgoEntry* a = rl::findAlgorithm(r.algo);
    ui_.say((a ? a->name : r.algo) + " cannot run on " + snap_->envInfo.name + "; switched to the random policy", false,
            now());
  }
}

// Classroom flags win over the settings file and over a session file's view.
void App::classroomOptions() {
  if (opt_.classroom) ui_.classroom.enabled = true;
  if (opt_.uiScale > 0) ui_.classroom.scale = ClassroomSettings::snapScale(opt_.uiScale);
  if (!opt_.theme.empty()) ui_.classroom.theme = opt_.theme == "projector" ? Theme::Projector : Theme::Dark;
}

void App::applyLook() {
  lookScale_ = ui_.classroom.effectiveScale();
  lookTheme_ = ui_.classroom.effectiveTheme();
  buildFonts(lookScale_);
  applyStyle(lookTheme_, lookScale_);
}

// Full screen on the primary monitor at its current mode; back to the rectangle the window had before.
void App::toggleFullScreen() {
  if (glfwGetWindowMonitor(window_)) {
    glfwSetWindowMonitor(window_, nullptr, windowed_[0], windowed_[1], windowed_[2], windowed_[3], GLFW_DONT_CARE);
    return;
  }
  GLFWmonitor* monitor = glfwGetPrimaryMonitor();
  const GLFWvidmode* mode = monitor ? glfwGetVideoMode(monitor) : nullptr;
  if (!mode) {
    ui_.say("Full screen: no monitor found", true, now());
    return;
  }
  glfwGetWindowPos(window_, &windowed_[0], &windowed_[1]);
  glfwGetWindowSize(window_, &windowed_[2], &windowed_[3]);
  glfwSetWindowMonitor(window_, monitor, 0, 0, mode->width, mode->height, mode->refreshRate);
}

void App::frame() {
  applyPendingSwitch();  // between frames: no view holds the old snapshot now
  // The frame owns its snapshot: `s` stays valid for the whole frame whatever replaces snap_ meanwhile.
  const std::shared_ptr<const rl::Snapshot> frameSnap = session_->snapshot();
  snap_ = frameSnap;
  const rl::Snapshot& s = *frameSnap;
  replay_.record(s, now());  // a few kilobytes when the step count moved (app/gui/replay.hpp)
  if (!s.notice.empty() && s.notice != lastNotice_) {
    ui_.say(s.notice, true, now());
    lastNotice_ = s.notice;
  }
  // Classroom mode switched, or its scale or theme changed: new atlas and style before this frame begins.
  if (ui_.classroom.effectiveScale() != lookScale_ || ui_.classroom.effectiveTheme() != lookTheme_) applyLook();
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  ImGui::NewFrame();
  ui::fastFillBeginFrame();
  ui_.uiMap.clear();
  handleKeys(s);
  pendulumHumanPlay(s);

  // ---- Layout from the window size (sizes at 1× through px(); a panel hidden in classroom mode gives its space to
  // its neighbours, it never leaves a hole) ----
  const ImVec2 W = ImGui::GetIO().DisplaySize;
  const ClassroomSettings& cls = ui_.classroom;
  const rl::cli::Lesson* lesson = findLesson(ui_.lesson.id);
  const bool showParams = !cls.hides("params"), showLeft = showParams || lesson;  // a lesson card stays visible
  const bool showLens = !cls.hides("lens_panel"), showCharts = !cls.hides("charts");
  const float tb = std::max(px(44.f), toolbarH_), sb = px(30.f);
  const float capH = cls.enabled && cls.caption ? captionHeight() : 0.f;
  // Classroom mode puts the world first: the environment view takes the whole height between the caption and the
  // status bar, and the lens and the charts share the column beside it (at 2× on a projector the world keeps about
  // three quarters of the window). Otherwise the charts run along the bottom, under view and lens.
  const float below = W.y - tb - sb - capH, midY = tb + capH;
  const float leftW = showLeft ? std::min(std::clamp(W.x * 0.22f, px(260.f), px(380.f)), W.x * 0.35f) : 0.f;
  Rect left, view, lens, charts;
  if (cls.enabled) {
    const bool right = showLens || showCharts;
    const float aspect = viewportAspect(s.render);  // the GAN toy's density plot is wide
    const float viewW = right ? std::max(std::min(below * aspect, W.x - leftW - px(300.f)), 0.f) : W.x - leftW;
    const float rightW = W.x - leftW - viewW;
    // Charts below a readable height (a laptop at 2×: title, legend, axes and too little plot) give their room to
    // the lens.
    float chartsH = !showCharts ? 0.f : showLens ? std::floor(below * 0.45f) : below;
    if (showLens && chartsH < px(130.f)) chartsH = 0.f;
    left = {0, midY, leftW, below};
    view = {leftW, midY, viewW, below};
    lens = {leftW + viewW, midY, rightW, below - chartsH};
    charts = {leftW + viewW, midY + below - chartsH, rightW, chartsH};
  } else {
    const float chartsH = showCharts ? std::max(px(180.f), std::floor(below * 0.3f)) : 0.f;
    const float midH = below - chartsH;
    const float viewW = showLens ? std::max(std::min(midH, W.x - leftW - px(300.f)), 0.f) : W.x - leftW;
    left = {0, midY, leftW, midH};
    view = {leftW, midY, viewW, midH};
    lens = {leftW + viewW, midY, W.x - leftW - viewW, midH};
    charts = {0, midY + midH, W.x, chartsH};
  }
  auto at = [](const Rect& r) { return ImVec2(r.x, r.y); };
  auto size = [](const Rect& r) { return ImVec2(r.w, r.h); };

  beginPanel("##toolbar", ImVec2(0, 0), ImVec2(W.x, tb), false);
  toolbar(s);
  ImGui::End();

  if (capH > 0) {
    beginPanel("##caption", ImVec2(0, tb), ImVec2(W.x, capH), false);
    drawCaption(s, ui_);
    ImGui::End();
  }

  if (showLeft) {
    beginPanel("##params", at(left), size(left));
    if (lesson && drawLessonCard(*lesson, s, ui_)) ui_.lesson.id.clear();
    if (lesson && ui_.lesson.actionRequest >= 0 && ui_.lesson.actionRequest < int(lesson->steps.size()))
      if (const auto& acts = lesson->steps[size_t(ui_.lesson.actionRequest)].actions;
          ui_.lesson.actionIndex >= 0 && ui_.lesson.actionIndex < int(acts.size()))
        runLessonAction(acts[size_t(ui_.lesson.actionIndex)], s);
    ui_.lesson.actionRequest = -1;
    if (!lesson && !ui_.welcomed) drawWelcomeCard(ui_);
    if (showParams) drawParamsPanel(s, ui_);
    ImGui::End();
  }

  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(px(4), px(4)));
  beginPanel("##viewport", at(view), size(view), false);
  ImGui::PopStyleVar();
  replay_.draw(s, ui_, *viewport_, ImGui::GetContentRegionAvail());  // the viewport (live or scrubbed) + timeline
  ImGui::End();

  if (showLens) {
    beginPanel("##lens", at(lens), size(lens));
    // Which of the lens's panels to show: the lesson page's, else the classroom's pick; solo in classroom mode.
    {
      LensSections& sec = ui_.sections;
      const std::string want = !ui_.lesson.focus.empty() && lesson ? ui_.lesson.focus
                               : cls.enabled                     ? cls.lensSection
                                                                 : std::string();
      if (want != sec.focus) sec.focus = want, sec.scrollPending = !want.empty();
      const bool known = std::find(sec.seen.begin(), sec.seen.end(), want) != sec.seen.end();
      sec.solo = cls.enabled && known;
      if (cls.enabled) lensPanelPicker(ui_);
    }
    // Another lens, algorithm or lesson opens at its top, not half-way down where the last one was left.
    if (std::string key = ui_.lens + "|" + s.algoId + "|" + ui_.lesson.id; key != lensScrollKey_) {
      ImGui::SetScrollY(0.f);
      lensScrollKey_ = std::move(key);
    }
    // Lines of arithmetic ("batch loss = mean Huber(δ) = 0.0534 (32 samples)") wrap at the panel's edge rather than
    // run past it: the column is narrow at 2× on a laptop.
    ImGui::PushTextWrapPos(0.f);
    drawLensPanel(s, ui_);
    ImGui::PopTextWrapPos();
    lensScrollY_ = ImGui::GetScrollY();
    ImGui::End();
  }

  if (showCharts && charts.h > 0) {  // (classroom mode on a small screen may give the charts none)
    beginPanel("##charts", at(charts), size(charts), false);
    drawCharts(s, ui_, ImGui::GetContentRegionAvail());
    ImGui::End();
  }

  beginPanel("##status", ImVec2(0, W.y - sb), ImVec2(W.x, sb), false);
  ui::fillRectOpaque(ImGui::GetWindowDrawList(), ImVec2(0, W.y - sb), W, statusBg());
  statusBar(s);
  ImGui::End();

  drawLessonBrowser(lessons_, ui_);
  if (const std::string picked = drawFileDialog(fileDialog_, ui_); !picked.empty())
    pendingFile_ = {fileDialog_.purpose, picked};  // applied between frames, like a session switch
  replayCard();
  drawChartExports(ui_, chartDraws_);  // Save PNG: the chart again at a fixed size, offscreen
  flushOutbox();
  // The open lesson's page break (lesson_panel.cpp): the run holds there until Next; no lesson, no hold.
  if (const uint64_t hold = findLesson(ui_.lesson.id) ? ui_.lesson.hold : 0; hold != sentHold_) {
    session_->holdAt(hold);
    sentHold_ = hold;
  }
  ImGui::Render();
  if (!opt_.uiAudit.empty() && frameCount_ % 4 == 3) audit_.audit(ImGui::GetDrawData());
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
      j["lifetime_steps"] = snap_->lifetimeSteps;
      j["held_at"] = snap_->heldAt;
      j["lens_scroll"] = lensScrollY_;
      for (const auto& p : snap_->params) j["params"][p.spec.name] = rl::formatValue(p.spec, p.value);
      j["pinned"] = ui_.pinned.has_value();
    }
    j["human"] = ui_.human;
    j["lesson"] = ui_.lesson.id;
    j["lesson_page"] = ui_.lesson.page;
    j["lesson_zh"] = ui_.lesson.zh;
    for (const auto& [page, on] : ui_.lesson.revealed) j["lesson_revealed"].push_back(page);
    j["welcomed"] = ui_.welcomed;
    j["lessons_loaded"] = lessons_.lessons.size();
    j["status"] = statusText_;
    j["status_numbers"] = statusNumbers_;
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
  if (!opt_.uiAudit.empty()) {
    nlohmann::json j;
    j["frames_audited"] = audit_.framesAudited();
    j["findings"] = nlohmann::json::array();
    for (const UiFinding& f : audit_.findings())
      j["findings"].push_back({{"kind", f.kind}, {"window", f.window}, {"text", f.text}, {"x", f.x}, {"y", f.y}});
    write(opt_.uiAudit, j);
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
    replay_.abReport(j);  // RLLENS_REPLAY_AB=1: env steps/s not recording / recording / scrubbing
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
    if (!glfwGetWindowMonitor(window_)) glfwGetWindowSize(window_, &win_.width, &win_.height);  // the windowed size
    glViewport(0, 0, fw, fh);
    const ImVec4 clear = clearColour();
    glClearColor(clear.x, clear.y, clear.z, 1.f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    vertices_.push_back(double(ImGui::GetDrawData()->TotalVtxCount));
    ++frameCount_;
    // A headless export without --frames runs until it has recorded the frames it is to write.
    const bool last_frame = opt_.frames > 0 ? frameCount_ >= opt_.frames
                                            : headlessExport() && replay_.ring.size() >= size_t(opt_.exportFrames);
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
    writeChartExports(ui_, chartDraws_, fw, fh, int(ImGui::GetIO().DisplaySize.x), int(ImGui::GetIO().DisplaySize.y),
                      now());
    replay_.afterFrame(*snap_, ui_, *viewport_, now());  // a GIF/MP4 export asked for on the timeline, a slice a frame
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
  exportAtExit();
  writeReports(true);
  shutdown();
  return exitCode_;
}

// The headless route: --export-gif / --export-mp4 write the newest recorded frames when the run ends.
void App::exportAtExit() {
  if (!headlessExport()) return;
  if (session_) session_->send(rl::Command::pause());  // the film is recorded: the export gets both cores
  for (const auto& [path, mp4] : {std::pair{&opt_.exportGif, false}, std::pair{&opt_.exportMp4, true}}) {
    if (path->empty()) continue;
    try {
      if (replay_.ring.size() < size_t(opt_.exportFrames))
        std::fprintf(stderr, "rllens: only %zu frames were recorded (asked for %d); writing those\n", replay_.ring.size(),
                     opt_.exportFrames);
      const std::string said =
          replay_.exportNow(mp4, *path, opt_.exportFrames, opt_.exportWidth, opt_.exportHeight, ui_, *viewport_);
      std::printf("rllens: %s\n", said.c_str());
    } catch (const std::exception& e) {
      std::fprintf(stderr, "rllens: %s\n", e.what());
      exitCode_ = 1;
    }
  }
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
