// The app's shell: one window, a fixed dashboard computed from the window size (DESIGN.md §5). App is private to
// app/shell; its methods live one concern a file:
//   app.cpp            start-up, the session it runs, a frame's loop step (tick), shut-down
//   frame.cpp          the dashboard: layout from the window size, panels, the lesson card, the lens, the charts
//   toolbar.cpp        the toolbar and the status bar
//   keys.cpp           the keyboard: Space, Right, R, F9, F11, F12, Ctrl+S/O, the timeline, human play
//   lessons.cpp        opening a lesson, a lesson page's action button
//   session_files.cpp  the File menu, opening and saving session files and agents, the replay card
//   look.cpp           classroom mode's look (scale, theme) and full screen
//   reports.cpp        screenshots, the automation map, --state-out and --perf-report, the headless exports
// The platform (window, frame loop, folders, signals, GL dialect) is reached through app/platform/platform.hpp.
#pragma once
#include <imgui.h>

#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "app/platform/platform.hpp"
#include "app/shell/app.hpp"
#include "app/shell/settings.hpp"
#include "app/shell/ui_audit.hpp"
#include "app/ui/theme.hpp"
#include "app/views/chart_export.hpp"
#include "app/views/file_dialog.hpp"
#include "app/views/replay_export.hpp"
#include "app/views/ui_state.hpp"
#include "app/views/views.hpp"
#include "core/session/session.hpp"
#include "runs/lesson.hpp"
#include "runs/session_file.hpp"

namespace gui {

// Keys pressed since the last frame (GLFW callback → main loop). ImGui 1.86 has no F12 in its key enum.
struct KeyQueue {
  std::vector<int> keys;
};

class App {
 public:
  explicit App(const GuiOptions& opt) : opt_(opt) {}
  int run();

 private:
  // One displayed frame: the dashboard, drawn and presented, then the reports. False ends the run.
  bool tick();
  double lastTick_ = -1;  // when the previous frame began (its interval goes to the perf report)
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
  void runLessonAction(const rl::runs::LessonAction& a, const rl::Snapshot& s);
  void applyPendingSwitch();
  // Session files (runs/session_file.hpp): the run this session started with, its command log and step count,
  // and the lens/view settings. An empty path saves to ~/Documents/RL Lens/<env>-<algo>-<time>.rllens.
  void saveSession(std::string path);
  // Reads and checks the whole file first (throws naming the field; the running session is untouched), then starts
  // its run, replays it to its step and pauses there.
  void openSessionFile(const std::string& path, const rl::runs::SessionFile* read = nullptr);
  void rememberRecent(const std::string& path);
  void fileMenu();
  FileDialog fileDialog_;
  // What a file picked in the dialog (or the recent list) is for.
  enum class FilePurpose { OpenSession, SaveSession, SaveAgent, LoadAgent };
  void fileDialogResult(FilePurpose purpose, const std::string& path);
  std::optional<std::pair<FilePurpose, std::string>> pendingFile_;  // (purpose, path) picked in the dialog
  // Lessons (assets/lessons): loaded at start; opening one starts its preset, schedules its script and shows its card.
  rl::runs::LessonSet lessons_;
  const rl::runs::Lesson* findLesson(const std::string& id) const;
  bool openLesson(const std::string& id);
  rl::runs::RunSpec runSpec_;  // what the current session was started with (env, algo, seed, --set values)
  std::string sessionPath_;   // the session file opened or last saved (Ctrl+S writes it again)
  int64_t agentLoadedAt_ = -1;  // the step an agent was loaded from a file at (saved with the session), -1 = never
  double replayStarted_ = 0;    // when a log-only session file began replaying
  void frame();
  void toolbar(const rl::Snapshot& s);
  void statusBar(const rl::Snapshot& s);
  void handleKeys(const rl::Snapshot& s);
  std::optional<rl::Command> humanCommand(const rl::Snapshot& s, int key) const;
  void realTimeHumanPlay(const rl::Snapshot& s);
  double humanClock_ = -1;  // real-time human play: the time of the last step taken
  std::string statusText_;  // the status line's message now (written to the ui map for tests)
  void flushOutbox();
  // An empty path means the default folder with a timestamped name.
  void requestScreenshot(std::string path) { shotRequested_ = true, shotPath_ = std::move(path); }
  void takeScreenshot(int fw, int fh, bool lastFrame);
  void writeReports(bool final);
  double now() const { return platform::now(); }
  void beginPanel(const char* name, ImVec2 pos, ImVec2 size, bool scroll = true);
  // Classroom mode (app/ui/classroom.hpp). The look (font atlas, style) is rebuilt between frames when the scale or
  // theme in effect changes; F11 toggles full screen on the primary monitor and back to the windowed rectangle.
  void applyLook();
  void classroomOptions();
  void toggleFullScreen();
  float lookScale_ = 0;
  float toolbarH_ = 0;  // the toolbar's height last frame: one row, or two when a large scale wraps it
  Theme lookTheme_ = Theme::Dark;

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

}  // namespace gui
