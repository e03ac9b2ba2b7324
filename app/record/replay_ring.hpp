// The replay ring: the last few episodes as the viewport drew them, so the timeline under the viewport can scrub back
// through them (frame by frame, while training goes on or stays paused) and export them as a GIF or MP4.
//
// A frame is a slim Snapshot: the env's RenderState plus, for the gridworld only, the Q and π tables its overlay
// colours cells with. Never metrics, curves or the lens's insights — recording copies a few kilobytes per published
// snapshot. Frames come from the session's ~30 Hz snapshots (one per new snapshot whose step count moved), so at a
// high training speed consecutive frames are many env steps apart: the replay is a sampled film, not every step.
//
// Bounds: the last `maxEpisodes` episodes (episode boundaries from Snapshot::episodes), but never fewer than
// `minFrames` frames (at unlimited speed an episode can be shorter than one snapshot interval), and never more than
// `maxBytes` of frames whatever the rest says (the hard cap wins; the oldest frames go first).
// GL-free and ImGui-free: the unit tests build it alone.
#pragma once
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <string>

#include "core/session/snapshot.hpp"

namespace gui {

struct ReplayFrame {
  uint64_t id = 0;       // sequential over the ring's life: a scrub position survives frames dropped at the front
  uint64_t episode = 0;  // Snapshot::episodes when recorded (episodes finished before this frame)
  uint64_t step = 0;     // Snapshot::lifetimeSteps
  uint64_t envStep = 0;  // Snapshot::envSteps: the step count the status bar shows (since the last Reset)
  double time = 0;       // seconds (the caller's clock) when recorded: the GIF's frame delay comes from it
  size_t bytes = 0;      // approximate memory held by `snap`
  std::shared_ptr<const rl::Snapshot> snap;  // slim: what the viewport and its overlay read, nothing else
};

class ReplayRing {
 public:
  struct Limits {
    int maxEpisodes = 5;               // 0 = recording off
    size_t minFrames = 300;            // kept even when they span more than maxEpisodes episodes
    size_t maxBytes = size_t(256) << 20;  // hard cap
  };
  ReplayRing() = default;
  explicit ReplayRing(Limits limits) : limits_(limits) {}

  // Records s when its step count moved since the last recorded frame (a paused run adds nothing). A different
  // env or algorithm clears the ring first: frames of two worlds never share a timeline. Returns true if recorded.
  bool record(const rl::Snapshot& s, double time);
  void clear();
  void setLimits(Limits limits);
  const Limits& limits() const { return limits_; }

  size_t size() const { return frames_.size(); }
  bool empty() const { return frames_.empty(); }
  const ReplayFrame& operator[](size_t i) const { return frames_[i]; }
  const ReplayFrame& back() const { return frames_.back(); }
  // Index of the frame with this id, clamped into the ring (an id already dropped gives the oldest frame).
  size_t indexOf(uint64_t id) const;
  size_t bytes() const { return bytes_; }
  size_t episodes() const;  // distinct episodes held

  // The slim copy a frame keeps of s (exposed for tests and for its size).
  static std::shared_ptr<const rl::Snapshot> slimCopy(const rl::Snapshot& s);
  static size_t approxBytes(const rl::Snapshot& slim);

 private:
  void trim();
  Limits limits_;
  std::deque<ReplayFrame> frames_;
  size_t bytes_ = 0;
  uint64_t nextId_ = 0;
  std::string envId_, algoId_;
};

// Where the viewport looks: live (the newest snapshot) or a recorded frame the user scrubbed to.
struct TimelineState {
  bool scrubbing = false;
  uint64_t frameId = 0;  // the recorded frame shown while scrubbing
  // Export settings of the timeline's menu, and what it asked for (taken by the app after the frame).
  enum class Export { None, Gif, Mp4 };
  Export exportAsked = Export::None;
  int exportWidth = 800;    // the height follows the env's aspect (square, or the GAN's 1.6:1)
  int exportFrames = 300;   // the newest frames (the scrubbed-to frame and those before it while scrubbing)
  float exportProgress = -1;  // 0..1 while an export runs
  // Steps a scrub position by `delta` frames (entering scrub mode from live at the newest frame).
  void step(const ReplayRing& ring, long delta);
  void live() { scrubbing = false; }
};

}  // namespace gui
