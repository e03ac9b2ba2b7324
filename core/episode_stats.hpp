// Episode statistics as a wrapper (Gymnasium's RecordEpisodeStatistics): sums reward and length, and at each episode
// end (terminated or truncated) records charts/episodic_return and charts/episodic_length at the global step.
#pragma once
#include <algorithm>
#include <array>
#include <limits>
#include <memory>

#include "core/checkpoint.hpp"
#include "core/wrapper.hpp"
#include "core/metrics.hpp"

namespace rl {

class EpisodeStatistics final : public Wrapper {
 public:
  EpisodeStatistics(std::unique_ptr<Env> inner, Metrics& metrics, const uint64_t& globalStep)
      : Wrapper(std::move(inner)),
        metrics_(&metrics),
        globalStep_(&globalStep),
        returnId_(metrics.id("charts/episodic_return")),
        lengthId_(metrics.id("charts/episodic_length")) {}

  std::span<const float> reset(std::optional<uint64_t> seed = std::nullopt) override {
    episodeReturn_ = 0;
    episodeLength_ = 0;
    return inner_->reset(seed);
  }
  StepResult step(int action) override { return record(inner_->step(action)); }
  StepResult stepContinuous(std::span<const double> action) override { return record(inner_->stepContinuous(action)); }

  // The trainer calls this when a trainStep call returns, so metric x-values stay exact within a call.
  void endCall() { stepsInCall_ = 0; }
  // Steps another env copy took in this call (an agent running num_envs copies beside this env): the global step of
  // an episode end counts every copy's steps, as CleanRL's global_step does.
  void countOtherSteps(uint64_t n) { stepsInCall_ += n; }
  uint64_t episodes() const { return episodes_; }
  double lastReturn() const { return lastReturn_; }
  double currentReturn() const { return episodeReturn_; }
  // Mean of the last min(n, 100, episodes) returns, exact whatever the metric series' compaction did; NaN if none.
  double recentMeanReturn(size_t n = kRecent) const {
    n = std::min<size_t>({n, kRecent, size_t(episodes_)});
    if (n == 0) return std::numeric_limits<double>::quiet_NaN();
    double sum = 0;
    for (size_t k = 1; k <= n; ++k) sum += recent_[(size_t(episodes_) - k) % kRecent];
    return sum / double(n);
  }
  static constexpr size_t kRecent = 100;

  void persist(StateIO& io) override {
    inner_->persist(io);
    io.section("episode statistics");
    io.io(episodeReturn_), io.io(lastReturn_);
    for (double& r : recent_) io.io(r);
    io.io(episodeLength_), io.io(episodes_), io.io(stepsInCall_);
  }

 private:
  StepResult record(const StepResult& r) {
    episodeReturn_ += r.reward;
    ++episodeLength_;
    ++stepsInCall_;  // the global count is advanced only when trainStep returns, so count the steps of this call
    if (r.terminated || r.truncated) {
      const double x = double(*globalStep_ + stepsInCall_);
      metrics_->add(returnId_, x, episodeReturn_);
      metrics_->add(lengthId_, x, double(episodeLength_));
      lastReturn_ = episodeReturn_;
      recent_[size_t(episodes_) % kRecent] = episodeReturn_;
      ++episodes_;
    }
    return r;
  }

  Metrics* metrics_;
  const uint64_t* globalStep_;
  int returnId_, lengthId_;
  double episodeReturn_ = 0, lastReturn_ = 0;
  std::array<double, kRecent> recent_{};
  uint64_t episodeLength_ = 0, episodes_ = 0, stepsInCall_ = 0;
};

}  // namespace rl
