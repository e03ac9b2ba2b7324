// The replay as the app uses it: records each new snapshot into the ring, picks what the viewport shows (live or the
// scrubbed frame), and exports recorded frames as GIF or MP4 by rendering each one off-screen at a fixed size
// (renderViewportOffscreen, the viewport screenshot's path). GUI exports run a slice per frame so the window stays
// responsive; the headless route (--export-gif / --export-mp4) exports in one go at exit. Main thread only (GL).
// The lens panel is not part of the film: only the viewport, with its overlay.
#pragma once
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "app/record/replay_ring.hpp"
#include "app/views/views.hpp"

namespace gui {

struct ExportJob;

class ReplayController {
 public:
  ReplayController();
  ~ReplayController();

  ReplayRing ring;
  TimelineState timeline;

  void setEpisodes(int episodes, size_t minFrames = 300);
  void record(const rl::Snapshot& s, double now);
  // The viewport (of the scrubbed frame while scrubbing, else of `live`) with the timeline under it.
  void draw(const rl::Snapshot& live, UiState& ui, ViewportRenderer& r, ImVec2 avail);
  void stepFrames(long delta) { timeline.step(ring, delta); }
  // After the frame: starts an export the timeline asked for, and advances a running one for ~40 ms.
  void afterFrame(const rl::Snapshot& live, UiState& ui, ViewportRenderer& r, double now);
  bool exporting() const { return job_ != nullptr; }
  // Measuring what recording and scrubbing cost the training thread: with RLLENS_REPLAY_AB=1 in the environment the
  // app cycles every 90 frames through not recording / recording / recording while scrubbing (a frame back each UI
  // frame), and --perf-report gets env steps/s of each (interleaved, so a busy machine weighs on all three alike).
  void abReport(nlohmann::json& j) const;
  // Headless route: the newest `frames` frames at w (height from the env's aspect), written now. Returns a line
  // saying what was written and how long it took; throws naming the path.
  std::string exportNow(bool mp4, const std::string& path, int frames, int w, int h, const UiState& ui,
                        ViewportRenderer& r);

 private:
  std::unique_ptr<ExportJob> job_;
  struct AbProbe {
    bool on = false;
    int phase = 0, frames = 0, closed = 0;
    uint64_t steps0 = 0;
    double t0 = -1, steps[3] = {}, secs[3] = {};
  } ab_;
};

// The export's pixel size for w×h asked: the GAN viewport keeps its 1.6:1 aspect (height from the width), both even.
void exportSize(const rl::Snapshot& s, int& w, int& h);

}  // namespace gui
