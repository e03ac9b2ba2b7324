// Wrappers that change an env's episode or action interface (Gymnasium's TimeLimit and a discretising wrapper).
// Episode statistics live in core/episode_stats.hpp, because the trainer records them.
#pragma once
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>

#include "core/checkpoint.hpp"
#include "core/wrapper.hpp"

namespace rl {

// Truncates an episode after maxSteps steps (truncated, not terminated: the value of the last state still counts).
class TimeLimit final : public Wrapper {
 public:
  TimeLimit(std::unique_ptr<Env> inner, int maxSteps) : Wrapper(std::move(inner)), maxSteps_(maxSteps) {}
  std::span<const float> reset(std::optional<uint64_t> seed = std::nullopt) override {
    elapsed_ = 0;
    return inner_->reset(seed);
  }
  StepResult step(int action) override { return limit(inner_->step(action)); }
  StepResult stepContinuous(std::span<const double> action) override { return limit(inner_->stepContinuous(action)); }
  int maxSteps() const { return maxSteps_; }
  int elapsed() const { return elapsed_; }

 private:
  StepResult limit(StepResult r) {
    if (++elapsed_ >= maxSteps_ && !r.terminated) r.truncated = true;
    return r;
  }
  int maxSteps_, elapsed_ = 0;

 public:
  void persist(StateIO& io) override {
    inner_->persist(io);
    io.section("time limit");
    io.bounded(elapsed_, maxSteps_, "the time limit's step count");
  }
};

// Turns a 1-D Box action into Discrete(K): action i applies low + i·(high − low)/(K − 1). For Q-learning on the
// pendulum (K = 5 by default: −2, −1, 0, 1, 2).
class DiscretizeActions final : public Wrapper {
 public:
  DiscretizeActions(std::unique_ptr<Env> inner, int k) : Wrapper(std::move(inner)), k_(k) {
    const Space a = inner_->actionSpace();
    if (a.kind != Space::Kind::Box || a.flatSize() != 1 || k < 2)
      throw std::invalid_argument("DiscretizeActions needs a 1-D Box action space and K ≥ 2");
    low_ = a.low[0];
    high_ = a.high[0];
  }
  StepResult step(int action) override {
    if (action < 0 || action >= k_)
      throw std::invalid_argument("action " + std::to_string(action) + " is not in Discrete(" + std::to_string(k_) + ")");
    const double u = value(action);
    return inner_->stepContinuous(std::span<const double>(&u, 1));
  }
  StepResult stepContinuous(std::span<const double>) override {
    throw std::logic_error("DiscretizeActions: the action space is Discrete(" + std::to_string(k_) + "); use step");
  }
  Space actionSpace() const override { return Space::discrete(k_); }
  uint64_t actionMask() const override { return (1ULL << k_) - 1; }
  EnvInfo info() const override {
    EnvInfo i = inner_->info();
    i.id += "-discrete";
    i.name += " (" + std::to_string(k_) + " torques)";  // as the registry names it
    i.actionNames.clear();
    for (int a = 0; a < k_; ++a) {
      char buf[24];
      std::snprintf(buf, sizeof buf, "%+.2g", value(a));
      i.actionNames.push_back(buf);
    }
    // Human play keeps its keys: each key's continuous action becomes the nearest of the k values.
    HumanPlay& h = i.human;
    for (int key = 0; key < kHumanKeys; ++key)
      if (h.keyUsed[size_t(key)]) h.keyAction[size_t(key)] = nearest(h.keyValue[size_t(key)]), h.keyUsed[size_t(key)] = false;
    if (h.style == HumanPlay::Style::RealTime && h.idleAction < 0) h.idleAction = nearest(h.idleValue);
    return i;
  }
  double value(int action) const { return low_ + (high_ - low_) * double(action) / double(k_ - 1); }
  int nearest(double u) const {
    const double t = (u - low_) / (high_ - low_) * double(k_ - 1);
    return std::clamp(int(std::lround(t)), 0, k_ - 1);
  }

 private:
  int k_;
  double low_ = 0, high_ = 0;
};

}  // namespace rl
