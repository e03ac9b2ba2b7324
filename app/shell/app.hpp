// The desktop app: one window, a fixed dashboard computed from the window size (DESIGN.md §5).
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "runs/run_spec.hpp"

namespace rl::runs {
struct SessionFile;  // runs/session_file.hpp
}

namespace gui {

struct GuiOptions {
  rl::runs::RunSpec run;         // env, algo, seed, --set values
  bool runGiven = false;        // env/algo came from the command line (else from the saved settings)
  std::string screenshot;       // write a PNG of the window after `frames` frames, then exit
  std::string viewportShot;     // also write the viewport alone at a fixed size (800 wide) after `frames` frames
  int frames = 0;               // exit after this many frames (0 = run until closed)
  int width = 0, height = 0;    // window size (0 = saved or 1280×800)
  std::string uiMap;            // write the rectangles of named controls (JSON) for end-to-end tests
  std::string stateOut;         // at exit, write the env layout, params and command log (JSON)
  std::string perfReport;       // at exit, write frame-time percentiles and throughput (JSON)
  std::string uiAudit;          // audit every 4th frame's text (missing glyphs, cut, overlapping) and write it (JSON)
  double speed = -1;            // steps per second; 0 = unlimited; < 0 = saved/default
  bool paused = false;          // start paused
  std::string sessionIn;        // a session file (.rllens) to open: its run, replayed to its steps, paused
  std::shared_ptr<const rl::runs::SessionFile> sessionRead;  // sessionIn as main read and checked it (read once)
  std::string sessionOut;       // at exit, save the session here (Ctrl+S saves it while running)
  std::string metricsOut;       // at exit, write the run's metrics (.csv or .jsonl)
  bool classroom = false;       // start in classroom mode (hidden controls, caption, the classroom scale and theme)
  float uiScale = 0;            // classroom UI scale 1–3 (0 = saved); implies classroom mode
  std::string theme;            // "dark" or "projector" (empty = saved); implies classroom mode
  std::string lesson;           // a lesson id to open (assets/lessons/<id>.json)
  std::string lessonLang;       // "zh": the lesson card and browser in Chinese ("" or "en": English)
  std::string lens;             // the lens to show at start ("" = the algorithm's own)
  // The replay timeline and the headless export route (app/views/replay_export.hpp).
  int replayEpisodes = -1;      // episodes the timeline keeps (0 = no recording; < 0 = the saved setting, default 5)
  std::string exportGif, exportMp4;  // at exit, write the newest recorded frames as an animated GIF / an MP4
  int exportFrames = 300;       // how many frames; without --frames the app runs until it has recorded them
  int exportWidth = 800, exportHeight = 800;  // the GAN's viewport keeps its 1.6:1 aspect (height from the width)
};

// Runs the GUI; returns the process exit code. Prints one line and returns 1 when no display is available.
int runGui(const GuiOptions& opt);

}  // namespace gui
