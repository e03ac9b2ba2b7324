// Episode statistics as a wrapper (Gymnasium's RecordEpisodeStatistics): sums reward and length, and at each episode
// end (terminated or truncated) records charts/episodic_return and charts/episodic_length at the global step.
#pragma once
#include <memory>

#include "core/env.hpp"
#include "core/metrics.hpp"

namespace rl {

class EpisodeStatistics final : public Env {
 public:
  EpisodeStatistics(std::unique_ptr<Env> inner, Metrics& metrics, const uint64_t& globalStep)
      : inner_(std::move(inner)),
        metrics_(&metrics),
        globalStep_(&globalStep),
        returnId_(metrics.id("charts/episodic_return")),
        lengthId_(metrics.id("charts/episodic_length")) {}

  std::span<const float> reset(std::optional<uint64_t> seed = std::nullopt) override {
    episodeReturn_ = 0;
    episodeLength_ = 0;
    return inner_->reset(seed);
  }
  StepResult step(int action) override {
    const StepResult r = inner_->step(action);
    episodeReturn_ += r.reward;
    ++episodeLength_;
    ++stepsInCall_;  // the global count is advanced only when trainStep returns, so count the steps of this call
    if (r.terminated || r.truncated) {
      const double x = double(*globalStep_ + stepsInCall_);
      metrics_->add(returnId_, x, episodeReturn_);
      metrics_->add(lengthId_, x, double(episodeLength_));
      lastReturn_ = episodeReturn_;
      ++episodes_;
    }
    return r;
  }
  std::span<const float> observation() const override { return inner_->observation(); }
  Space observationSpace() const override { return inner_->observationSpace(); }
  Space actionSpace() const override { return inner_->actionSpace(); }
  uint64_t actionMask() const override { return inner_->actionMask(); }
  EnvInfo info() const override { return inner_->info(); }
  RenderState renderState() const override { return inner_->renderState(); }
  ParamTable& params() override { return inner_->params(); }
  const ParamTable& params() const override { return inner_->params(); }
  void edit(const EnvEdit& e) override { inner_->edit(e); }
  void paramsChanged() override { inner_->paramsChanged(); }
  void setDiscountHint(double gamma) override { inner_->setDiscountHint(gamma); }

  // The trainer calls this when a trainStep call returns, so metric x-values stay exact within a call.
  void endCall() { stepsInCall_ = 0; }
  uint64_t episodes() const { return episodes_; }
  double lastReturn() const { return lastReturn_; }
  double currentReturn() const { return episodeReturn_; }
  Env& inner() { return *inner_; }
  const Env& inner() const { return *inner_; }

 private:
  std::unique_ptr<Env> inner_;
  Metrics* metrics_;
  const uint64_t* globalStep_;
  int returnId_, lengthId_;
  double episodeReturn_ = 0, lastReturn_ = 0;
  uint64_t episodeLength_ = 0, episodes_ = 0, stepsInCall_ = 0;
};

}  // namespace rl
