// Everything the UI remembers between frames. Views are pure functions of (const Snapshot&, UiState&); they never
// keep ImGui static locals. Commands a view wants to send go to `outbox`; the app forwards them to the session.
#pragma once
#include <array>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "app/ui/classroom.hpp"
#include "app/ui/plot.hpp"
#include "app/views/dirac_view.hpp"
#include "core/metrics.hpp"
#include "core/session/command.hpp"

namespace gui {

struct Rect {
  float x = 0, y = 0, w = 0, h = 0;
};

struct GridOverlay {
  bool qTriangles = true;   // four Q(s,a) triangles per cell (else V colour)
  bool arrows = true;       // greedy-policy arrows
  bool numbers = true;      // values written in the cells (when they fit)
  bool rewards = true;      // reward labels
  bool solver = false;      // show the solver's V*/Q*/π* instead of the learned values
  bool error = false;       // show |Q − Q*| instead of values
};

// A run pinned for comparison: its curves and the settings it ran with.
struct PinnedRun {
  std::string env, algo;
  uint64_t seed = 0;
  std::map<std::string, std::string> settings;   // parameter name → formatted value
  std::map<std::string, rl::SeriesData> curves;  // metric name → data
};

// The actor-critic lens's own view state: its γ, λ and n recompute the advantage curves without touching training.
struct AdvantageView {
  bool followAlgorithm = true;  // sliders track the algorithm's γ and λ until the user moves one
  float gamma = 0.99f, lambda = 0.95f;
  int n = 5;
  bool current = false;  // the running episode instead of the last finished one
  ui::PlotState plot{.smoothing = 0.f};
};

// The lesson open in the app (app/views/lesson_panel.cpp) and the lesson browser.
struct LessonUi {
  std::string id;             // the open lesson ("" = none)
  int page = 0;               // the narrative page shown
  int openedPage = -1;        // the page whose "show" was last applied (lens section, chart)
  int actionRequest = -1;     // a page whose action button was pressed; the app carries it out between frames
  int actionIndex = 0;        // which of its actions
  std::map<int, int> chosen;  // page → the answer the class picked for its question
  std::map<int, int> revealed;  // a page whose question was revealed → the page the card was on then
  uint64_t hold = 0;          // the step the run must not pass on this page: the next page's break (0 = none)
  std::string focus;          // the lens section this page is about (shown and highlighted; "" = none)
  bool zh = false;            // 中文 instead of English
  bool browserRequested = false;  // open the browser popup this frame
  std::array<char, 96> search{};  // the browser's filter
  std::string openRequest;    // a lesson the browser picked; the app opens it between frames
};

// The lens panel's sections (each sectionTitle starts one). A lesson page or the classroom picks one: it is scrolled
// to the top of the panel once and highlighted; in classroom mode ("solo") the others are laid out but not drawn, so
// the class sees that one panel whole.
struct LensSections {
  std::vector<std::string> seen, drawing;  // the section titles drawn last frame / this frame, in order
  std::string focus;                       // the section to show ("" = the whole lens)
  bool solo = false;
  bool scrollPending = false;              // scroll the focused section to the top (once, when the focus changes)
  // Within one frame (views/q_lens.cpp keeps them):
  bool inFocus = false, hidden = false;
  bool focusDrawn = false;
};

struct UiState {
  std::string env = "gridworld";
  std::string algo = "q-learning";
  std::string lens = "q";
  int seed = 1;
  float speed = 20.f;       // steps per second when not unlimited
  bool unlimited = false;
  bool human = false;       // arrow keys move the agent; training paused
  ClassroomSettings classroom;  // F9: hidden controls, UI scale, projector theme, caption (app/ui/classroom.hpp)
  GridOverlay grid;
  AdvantageView advantage;
  LessonUi lesson;
  LensSections sections;
  bool welcomed = false;    // the first-launch card pointing to the lessons was answered (persisted)
  std::vector<std::string> recentFiles;  // session files opened or saved, newest first (persisted, at most 8)
  DiracViewState dirac;  // the GAN lens's Dirac-GAN portrait: loss, update rule, h, γ, start
  int selectedCell = -1;
  float rewardEdit = 0.f;   // the cell editor's reward field
  // Pendulum trail (one bob angle per snapshot) and GAN density painting: view state kept across frames.
  std::deque<float> pendulumTrail;
  uint64_t trailVersion = 0;
  int trailStep = 0;
  int lastPaintedBin = -1;
  double lastPaintedWeight = -1;
  ui::PlotState overPlot{.smoothing = 0.8f};
  ui::PlotState returnPlot, lengthPlot, lossPlot{.smoothing = 0.6f, .logY = true}, extraPlot;
  ui::PlotState pgPlot{.smoothing = 0.6f}, pgPickPlot{.smoothing = 0.6f};  // the policy-gradient diagnostics
  std::string extraMetric = "losses/q_values";
  std::string pgMetric = "losses/clipfrac";  // the policy-gradient charts' picked diagnostic  // the fourth chart: mean Q of taken actions, or the exploration knob
  // Why each algorithm cannot run on `reasonsEnv` (empty: it can), for greying the algorithm picker.
  std::map<std::string, std::string> algoReasons;
  std::string reasonsEnv;
  // A value being typed into a parameter field ("algo.alpha" → value), sent when the field is left.
  std::map<std::string, double> typedEdits;
  std::vector<rl::Command> outbox;
  // Set only while the viewport screenshot records the env's overlay: overlays draw into this list (viewport
  // coordinates from 0, 0) and skip every interaction.
  ImDrawList* offscreenOverlay = nullptr;
  std::optional<PinnedRun> pinned;
  // The replay timeline keeps this many of the last episodes (0: no recording); a setting.
  int replayEpisodes = 5;
  // Chart exports asked for from a chart's context menu, written by the app after the frame (app/views/chart_export).
  struct ChartExport {
    std::string name;  // file name stem, e.g. "episodic_return"
    std::string csv;   // non-empty: write this CSV
    // Else a PNG: the chart drawn again at a fixed 1 200 × 700 (its legend whole, whatever its size on screen) in an
    // offscreen window the next frame, from copies of its series.
    struct Series {
      std::string label;
      std::vector<double> x, y;
      ImU32 color = 0;
    };
    std::vector<Series> series;
    std::string title, xLabel, yLabel;
    ui::PlotState state;
    int framesDrawn = 0;  // its offscreen window is new: ImGui lays a new window out once before it draws it
  };
  std::vector<ChartExport> chartExports;

  // Status-line message (errors in red), shown for a few seconds.
  std::string message;
  bool messageIsError = false;
  double messageUntil = 0;

  // Screen rectangles of named controls, written to --ui-map for end-to-end tests.
  std::map<std::string, Rect> uiMap;

  void send(rl::Command c) { outbox.push_back(std::move(c)); }
  void say(std::string text, bool error, double now, double seconds = 5.0) {
    message = std::move(text);
    messageIsError = error;
    messageUntil = now + seconds;
  }
};

// Records the last ImGui item's rectangle under a name for the automation map.
void recordItem(UiState& ui, const std::string& name);

}  // namespace gui
