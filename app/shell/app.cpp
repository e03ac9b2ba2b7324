// The shell's start and end: the window through the platform seam, ImGui, the lessons, the first session; one
// frame's step (tick: the dashboard drawn, presented, reported); shut-down. See shell.hpp for where the rest lives.
#include "app/shell/shell.hpp"

#include "app/platform/gl.hpp"
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "app/shell/classroom_ui.hpp"
#include "app/ui/fonts.hpp"
#include "app/views/lesson_panel.hpp"
#include "core/rl/registry.hpp"
#include "runs/run_spec.hpp"

namespace gui {

namespace {

void keyCallback(GLFWwindow* w, int key, int, int action, int) {
  if (action != GLFW_PRESS && action != GLFW_REPEAT) return;
  if (auto* q = static_cast<KeyQueue*>(glfwGetWindowUserPointer(w))) q->keys.push_back(key);
}

}  // namespace

bool App::init() {
  const std::string warn = loadSettings(ui_, win_);
  classroomOptions();
  if (opt_.width > 0) win_.width = opt_.width, win_.height = opt_.height;
  window_ = platform::openWindow(win_.width, win_.height, "RL Lens");
  if (!window_) return false;
  glfwSetWindowUserPointer(window_, &keys_);
  glfwSetKeyCallback(window_, keyCallback);  // installed before ImGui's, which chains to it

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  static std::string iniPath = platform::configDir() + "/imgui.ini";  // ImGui keeps the pointer for the program's life
  ImGui::GetIO().IniFilename = iniPath.c_str();
  // The lessons first: their Chinese text decides which CJK glyphs the font atlas gets.
  ui::setItemRecorder([this](const char* name) { recordItem(ui_, name); });
  lessons_ = rl::runs::loadLessons(rl::runs::lessonDir());
  for (const std::string& e : lessons_.errors) std::fprintf(stderr, "rllens: lesson skipped: %s\n", e.c_str());
  setExtraGlyphText(lessonGlyphText(lessons_));
  applyLook();  // fonts at the classroom scale, style for its theme
  ImGui_ImplGlfw_InitForOpenGL(window_, true);
  ImGui_ImplOpenGL3_Init(platform::glslVersion());

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
    auto trainer = prebuilt ? std::move(prebuilt) : rl::runs::makeTrainer({env, algo, seed, sets});
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

void App::flushOutbox() {
  for (auto& c : ui_.outbox) {
    if (c.type == rl::Command::Type::Resume && ui_.human) ui_.human = false;
    session_->send(std::move(c));
  }
  ui_.outbox.clear();
}

void App::applyPendingSwitch() {
  if (auto up = platform::takeUpload(); up && !pendingFile_) pendingFile_ = {FilePurpose(up->tag), up->path};
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

int App::run() {
  if (!init()) return 1;
  platform::installStopSignals();
  platform::runFrames(window_, [this] { return tick(); }, [this] {
    exportAtExit();
    writeReports(true);
    shutdown();
  });
  return exitCode_;
}

bool App::tick() {
  using Clock = std::chrono::steady_clock;
  const auto t0 = Clock::now();
  const double started = now();
  if (lastTick_ >= 0) {  // the interval since the previous frame began: the frame rate as the user sees it
    const double interval = (started - lastTick_) * 1000.0;
    frameMs_.push_back(interval);
    fpsWindow_.push_back(float(interval));
    if (fpsWindow_.size() > 60) fpsWindow_.pop_front();
    if (snap_ && snap_->running) stepRateSum_ += snap_->envStepsPerSec, ++stepRateN_;
  }
  lastTick_ = started;
  frame();
  int fw = 0, fh = 0;
  glfwGetFramebufferSize(window_, &fw, &fh);
  if (!platform::isFullScreen(window_)) glfwGetWindowSize(window_, &win_.width, &win_.height);  // the windowed size
  glViewport(0, 0, fw, fh);
  const ImVec4 clear = clearColour();
  glClearColor(clear.x, clear.y, clear.z, 1.f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  vertices_.push_back(double(ImGui::GetDrawData()->TotalVtxCount));
  ++frameCount_;
  // A headless export without --frames runs until it has recorded the frames it is to write.
  const bool lastFrame = opt_.frames > 0 ? frameCount_ >= opt_.frames
                                         : headlessExport() && replay_.ring.size() >= size_t(opt_.exportFrames);
  if (lastFrame && !opt_.screenshot.empty()) requestScreenshot(opt_.screenshot);
  if (lastFrame && !opt_.viewportShot.empty()) {
    try {  // a fixed resolution whatever the window size: 800 px wide, the env's own aspect
      const bool wide = std::holds_alternative<rl::Gan1dRenderState>(snap_->render);
      saveViewportPng(*snap_, ui_, *viewport_, 800, wide ? 500 : 800, opt_.viewportShot);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "rllens: %s\n", e.what());
      exitCode_ = 1;
    }
  }
  if (shotRequested_) takeScreenshot(fw, fh, lastFrame);
  writeChartExports(ui_, chartDraws_, fw, fh, int(ImGui::GetIO().DisplaySize.x), int(ImGui::GetIO().DisplaySize.y),
                    now());
  replay_.afterFrame(*snap_, ui_, *viewport_, now());  // a GIF/MP4 export asked for on the timeline, a slice a frame
  platform::present(window_);
  workMs_.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
  if (frameCount_ % 10 == 0) writeReports(false);  // the automation map, ~6×/s
  if (platform::leftWithoutShutdown() && frameCount_ % 60 == 0) saveSettings(ui_, win_);  // a tab closes unannounced
  return !lastFrame;
}

void App::shutdown() {
  saveSettings(ui_, win_);
  session_.reset();
  viewport_.reset();  // GL objects go before the context
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
  platform::closeWindow(window_);
}

int runGui(const GuiOptions& opt) {
  // Static: in a browser the frames run after this call has returned to the page (platform::runFrames).
  static std::unique_ptr<App> app;
  app = std::make_unique<App>(opt);
  const int code = app->run();
  app.reset();
  return code;
}

}  // namespace gui
