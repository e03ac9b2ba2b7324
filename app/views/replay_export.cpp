#include "app/views/replay_export.hpp"

#include "app/platform/gl.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <ctime>
#include <filesystem>

#include "app/record/video_writers.hpp"
#include "app/platform/gl_util.hpp"
#include "app/platform/platform.hpp"

namespace gui {

namespace {

using Clock = std::chrono::steady_clock;
double secondsSince(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

// Reads the w×h RGBA framebuffer `fbo` into top-down RGB (GL rows start at the bottom).
void readRgb(unsigned fbo, int w, int h, std::vector<uint8_t>& rgba, std::vector<uint8_t>& rgb) {
  rgba.resize(size_t(w) * size_t(h) * 4);
  rgb.resize(size_t(w) * size_t(h) * 3);
  glBindFramebuffer(GL_READ_FRAMEBUFFER, fbo);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadPixels(0, 0, w, h, GL_RGBA, GL_UNSIGNED_BYTE, rgba.data());
  glBindFramebuffer(GL_READ_FRAMEBUFFER, 0);
  for (int y = 0; y < h; ++y) {
    const uint8_t* src = &rgba[size_t(h - 1 - y) * size_t(w) * 4];
    uint8_t* dst = &rgb[size_t(y) * size_t(w) * 3];
    for (int x = 0; x < w; ++x, src += 4, dst += 3) dst[0] = src[0], dst[1] = src[1], dst[2] = src[2];
  }
}

}  // namespace

struct ExportJob {
  bool mp4 = false;
  std::string path;
  int w = 0, h = 0;
  std::vector<std::shared_ptr<const rl::Snapshot>> frames;
  int delayCs = 3;
  size_t next = 0;
  UiState ui;  // the overlays' scratch view state (the pendulum's trail builds up over the film)
  std::unique_ptr<GifWriter> gif;
  std::unique_ptr<Mp4Writer> video;
  std::vector<uint8_t> rgba, rgb;
  Clock::time_point started;
  double busy = 0;  // seconds spent rendering and encoding (a GUI export is spread over many frames)
};

void exportSize(const rl::Snapshot& s, int& w, int& h) {
  if (std::holds_alternative<rl::Gan1dRenderState>(s.render)) h = int(std::lround(w / 1.6));
  w += w % 2, h += h % 2;  // H.264 in yuv420p wants even sizes; the GIF does not mind
}

namespace {

// The frames [first, first + count) of the ring, an open writer, the palette chosen from five samples.
std::unique_ptr<ExportJob> startJob(const ReplayRing& ring, size_t first, size_t count, bool mp4, std::string path, int w,
                                    int h, const UiState& ui, ViewportRenderer& r) {
  if (count == 0) throw std::runtime_error("nothing recorded to export yet: let the agent run a little first");
  auto job = std::make_unique<ExportJob>();
  job->started = Clock::now();
  const auto t0 = Clock::now();
  job->mp4 = mp4;
  job->path = std::move(path);
  std::vector<double> times;
  for (size_t i = first; i < first + count; ++i) {
    job->frames.push_back(ring[i].snap);
    times.push_back(ring[i].time);
  }
  exportSize(*job->frames.front(), w, h);
  job->w = w, job->h = h;
  job->delayCs = gifDelayCentiseconds(times);
  job->ui = ui;
  job->ui.selectedCell = -1;  // the film shows the world, not the user's selection
  job->ui.pendulumTrail.clear();
  job->ui.trailVersion = 0;
  if (mp4) {
    job->video = std::make_unique<Mp4Writer>(job->path, w, h, 100.0 / job->delayCs);
  } else {
    std::vector<std::vector<uint8_t>> samples;
    UiState scratch = job->ui;  // rendering out of order must not disturb the film's trail
    for (int k = 0; k < 5; ++k) {
      const size_t i = (job->frames.size() - 1) * size_t(k) / 4;
      readRgb(renderViewportOffscreen(*job->frames[i], scratch, r, w, h), w, h, job->rgba, job->rgb);
      samples.push_back(job->rgb);
    }
    std::vector<const uint8_t*> ptrs;
    for (const auto& s : samples) ptrs.push_back(s.data());
    job->gif = std::make_unique<GifWriter>(job->path, w, h, ptrs);
  }
  job->busy += secondsSince(t0);
  return job;
}

// Renders and encodes frames for about `budget` seconds; true when the file is written.
bool advance(ExportJob& job, ViewportRenderer& r, double budget) {
  const auto t0 = Clock::now();
  while (job.next < job.frames.size()) {
    readRgb(renderViewportOffscreen(*job.frames[job.next], job.ui, r, job.w, job.h), job.w, job.h, job.rgba, job.rgb);
    if (job.gif) job.gif->addFrame(job.rgb.data(), job.delayCs);
    else job.video->addFrame(job.rgb.data());
    ++job.next;
    if (secondsSince(t0) > budget) break;
  }
  const bool done = job.next == job.frames.size();
  if (done) job.gif ? job.gif->finish() : job.video->finish();
  job.busy += secondsSince(t0);
  return done;
}

std::string summary(const ExportJob& job) {
  char buf[160];
  std::snprintf(buf, sizeof buf, ": %zu frames, %d×%d, %.1f s of work", job.frames.size(), job.w, job.h, job.busy);
  return "Saved " + job.path + buf;
}

}  // namespace

ReplayController::ReplayController() {
  const char* ab = std::getenv("RLLENS_REPLAY_AB");
  ab_.on = ab && *ab && *ab != '0';
}

void ReplayController::record(const rl::Snapshot& s, double now) {
  const bool otherRun = !ring.empty() && (ring.back().snap->envId != s.envId || ring.back().snap->algoId != s.algoId);
  if (otherRun) timeline.live();  // the ring starts over: nothing of the old run to stay on
  if (ab_.on) {
    if (ab_.t0 < 0 || !s.running) {
      ab_.t0 = now, ab_.steps0 = s.lifetimeSteps, ab_.frames = 0;
    } else if (++ab_.frames >= 90) {  // close the phase: its steps over its time
      if (++ab_.closed > 6) {  // the first two rounds are warm-up (DQN's first steps are random and fast)
        ab_.steps[ab_.phase] += double(s.lifetimeSteps - ab_.steps0);
        ab_.secs[ab_.phase] += now - ab_.t0;
      }
      ab_.phase = (ab_.phase + 1) % 3;
      ab_.t0 = now, ab_.steps0 = s.lifetimeSteps, ab_.frames = 0;
    }
    if (ab_.phase == 0) {
      timeline.live();
      return;  // not recording
    }
    if (ab_.phase == 1) timeline.live();
    else if (!ring.empty()) timeline.step(ring, ring.indexOf(timeline.frameId) == 0 ? long(ring.size()) : -1);
  }
  ring.record(s, now);
}

void ReplayController::abReport(nlohmann::json& j) const {
  if (!ab_.on) return;
  const char* names[3] = {"off", "recording", "scrubbing"};
  for (int p = 0; p < 3; ++p) {
    j["replay_ab"][names[p]]["env_steps_per_sec"] = ab_.secs[p] > 0 ? ab_.steps[p] / ab_.secs[p] : 0.0;
    j["replay_ab"][names[p]]["seconds"] = ab_.secs[p];
  }
}
ReplayController::~ReplayController() = default;

void ReplayController::setEpisodes(int episodes, size_t minFrames) {
  ReplayRing::Limits l = ring.limits();
  l.maxEpisodes = std::max(0, episodes);
  l.minFrames = minFrames;
  ring.setLimits(l);
  if (ring.empty()) timeline.live();
}

void ReplayController::afterFrame(const rl::Snapshot& live, UiState& ui, ViewportRenderer& r, double now) {
  const TimelineState::Export asked = timeline.exportAsked;
  timeline.exportAsked = TimelineState::Export::None;
  try {
    if (asked != TimelineState::Export::None && !job_) {
      // The newest frames, or those up to the scrubbed-to frame while scrubbing.
      const size_t end = ring.empty() ? 0 : (timeline.scrubbing ? ring.indexOf(timeline.frameId) + 1 : ring.size());
      const size_t count = std::min(end, size_t(std::max(1, timeline.exportFrames)));
      const bool mp4 = asked == TimelineState::Export::Mp4;
      char stamp[32];
      const std::time_t t = std::time(nullptr);
      std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", std::localtime(&t));
      std::error_code ec;
      std::filesystem::create_directories(platform::screenshotDir(), ec);
      const std::string path = platform::screenshotDir() + "/rllens-" + live.envId + "-" + stamp + (mp4 ? ".mp4" : ".gif");
      int w = std::clamp(timeline.exportWidth, 64, 4096), h = w;
      job_ = startJob(ring, end - count, count, mp4, path, w, h, ui, r);
    }
    if (job_) {
      if (advance(*job_, r, 0.04)) {
        platform::offerFile(job_->path);
        ui.say(summary(*job_), false, now, 8.0);
        job_.reset();
      }
    }
  } catch (const std::exception& e) {
    job_.reset();
    ui.say(e.what(), true, now);
  }
  timeline.exportProgress = job_ ? float(job_->next) / float(std::max<size_t>(1, job_->frames.size())) : -1.f;
}

std::string ReplayController::exportNow(bool mp4, const std::string& path, int frames, int w, int h, const UiState& ui,
                                        ViewportRenderer& r) {
  const size_t count = std::min(ring.size(), size_t(std::max(1, frames)));
  auto job = startJob(ring, ring.size() - count, count, mp4, path, w, h, ui, r);
  while (!advance(*job, r, 1e9)) {
  }
  const double wall = secondsSince(job->started);
  char buf[96];
  std::snprintf(buf, sizeof buf, " (%.2f s wall, %.1f ms a frame)", wall, 1000.0 * wall / double(job->frames.size()));
  return summary(*job) + buf;
}

}  // namespace gui
