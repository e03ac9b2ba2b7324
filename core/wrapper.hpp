// A wrapper forwards everything to the env it wraps; subclasses override what they change (Gymnasium's Wrapper).
#pragma once
#include <memory>

#include "core/env.hpp"

namespace rl {

class Wrapper : public Env {
 public:
  explicit Wrapper(std::unique_ptr<Env> inner) : inner_(std::move(inner)) {}
  std::span<const float> reset(std::optional<uint64_t> seed = std::nullopt) override { return inner_->reset(seed); }
  StepResult step(int action) override { return inner_->step(action); }
  StepResult stepContinuous(std::span<const double> action) override { return inner_->stepContinuous(action); }
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
  double maxAbsReward() const override { return inner_->maxAbsReward(); }
  std::string stepDetail() const override { return inner_->stepDetail(); }
  std::vector<double> evaluatePolicy(const std::vector<float>& pi, double gamma) const override {
    return inner_->evaluatePolicy(pi, gamma);
  }
  // A wrapper that changes observations must override these three (or hide the plane).
  std::optional<StatePlane> statePlane() const override { return inner_->statePlane(); }
  void observationAt(double x, double y, std::span<float> out) const override { inner_->observationAt(x, y, out); }
  std::pair<double, double> planePoint(std::span<const float> obs) const override { return inner_->planePoint(obs); }

  void persist(StateIO& io) override { inner_->persist(io); }

  Env& inner() { return *inner_; }
  const Env& inner() const { return *inner_; }
  // The innermost env (through every wrapper).
  Env& unwrapped() {
    Env* e = inner_.get();
    while (auto* w = dynamic_cast<Wrapper*>(e)) e = &w->inner();
    return *e;
  }

 protected:
  std::unique_ptr<Env> inner_;
};

}  // namespace rl
