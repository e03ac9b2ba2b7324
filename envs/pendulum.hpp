// ===================================================================================================================
// Pendulum — Gymnasium's Pendulum-v1, in double precision (the dynamics are chaotic: float would drift).
//
// Rules: a rigid pendulum hangs from a motor. Apply a torque in [−2, 2] each step to swing it up and balance it
// upright. The motor is too weak to lift it directly: it has to pump energy by swinging.
//
// Action:       Box(1,) torque u in [−2, 2] (clipped)
// Observation:  Box(3,) (cos θ, sin θ, θ̇), θ = 0 upright, θ̇ in [−8, 8]
// Reward:       −(θ_n² + 0.1·θ̇² + 0.001·u²) from the state before the step, θ_n = θ wrapped to [−π, π)
// Start:        θ ~ U[−π, π], θ̇ ~ U[−1, 1] (or the init_theta / init_thetadot parameters)
// Episode end:  never terminates; the registry's TimeLimit truncates after 200 steps
// Physics:      θ̇′ = clip(θ̇ + (3g/(2l)·sin θ + 3/(m l²)·u)·dt, −8, 8); θ′ = θ + θ̇′·dt; g = 10, m = l = 1, dt = 0.05
// ===================================================================================================================
#pragma once
#include <array>

#include "core/env.hpp"
#include "core/rng.hpp"

namespace rl {

class Pendulum final : public Env {
 public:
  // r = −(θ² + 0.1·θ̇² + 0.001·u²) with |θ| ≤ π, |θ̇| ≤ 8, |u| ≤ 2: at worst π² + 6.4 + 0.004.
  double maxAbsReward() const override { return 9.869604401089358 + 6.4 + 0.004; }
  static constexpr double kMaxTorque = 2.0, kMaxSpeed = 8.0, kDt = 0.05, kG = 10.0, kM = 1.0, kL = 1.0;

  Pendulum();
  std::span<const float> reset(std::optional<uint64_t> seed = std::nullopt) override;
  StepResult stepContinuous(std::span<const double> action) override;
  std::span<const float> observation() const override;
  Space observationSpace() const override { return Space::box({-1, -1, -kMaxSpeed}, {1, 1, kMaxSpeed}, {3}); }
  Space actionSpace() const override { return Space::box({-kMaxTorque}, {kMaxTorque}, {1}); }
  EnvInfo info() const override;
  RenderState renderState() const override;
  std::string stepDetail() const override;
  void persist(StateIO& io) override;  // checkpoints (core/checkpoint.hpp)
  // The lens's plane: θ wrapped to [−π, π] (0 upright) across, θ̇ in [−8, 8] up.
  std::optional<StatePlane> statePlane() const override;
  void observationAt(double x, double y, std::span<float> out) const override;
  std::pair<double, double> planePoint(std::span<const float> obs) const override;

  double theta() const { return theta_; }
  double thetaDot() const { return thetaDot_; }
  static double angleNormalize(double x);

 private:
  double theta_ = 0, thetaDot_ = 0, lastU_ = 0, lastReward_ = 0;
  bool randomInit_ = true;
  double initTheta_ = 0, initThetaDot_ = 0;
  int steps_ = 0;
  Rng rng_;
  mutable std::array<float, 3> obs_{};  // (cos θ, sin θ, θ̇), computed when read
  mutable bool obsDirty_ = true;
};

}  // namespace rl
