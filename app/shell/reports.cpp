// Screenshots, the automation map (--ui-map), --state-out, --perf-report and the headless exports (shell.hpp).
#include "app/shell/shell.hpp"

#include "app/platform/gl.hpp"

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "app/platform/gl_util.hpp"
#include "runs/files.hpp"

namespace gui {

void App::writeReports(bool final) {
  auto write = [&](const std::string& path, const nlohmann::json& j, int indent = 2) {
    try {
      rl::runs::writeFileAtomic(path, j.dump(indent) + "\n");
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
      session_->withTrainer([&](rl::Trainer& t) { rl::runs::writeMetrics(t.metrics(), opt_.metricsOut); });
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
    std::filesystem::create_directories(platform::screenshotDir(), ec);
    // Two shots in one second get -2, -3 …: never overwrite an earlier screenshot.
    path = platform::screenshotDir() + "/" + name + ".png";
    for (int k = 2; std::filesystem::exists(path); ++k) path = platform::screenshotDir() + "/" + name + "-" + std::to_string(k) + ".png";
  }
  try {
    saveFramebufferPng(path, fw, fh);
    if (!lastFrame) platform::offerFile(path);  // a user's screenshot, not the automation's --screenshot
    ui_.say("Saved " + path, false, now());
  } catch (const std::exception& e) {
    ui_.say(e.what(), true, now());
    if (lastFrame) std::fprintf(stderr, "rllens: %s\n", e.what()), exitCode_ = 1;
  }
  shotRequested_ = false;
  shotPath_.clear();
}

}  // namespace gui
