#include "envs/pendulum.hpp"

#include "core/checkpoint.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numbers>
#include <stdexcept>

namespace rl {

Pendulum::Pendulum() {
  params_.add({"random_init", "random start", ParamType::Bool, 0, 1, 1,
               "Start each episode at θ ~ U[−π, π], ω = dθ/dt ~ U[−1, 1] (Gymnasium); off: use init_theta and init_thetadot"},
              &randomInit_);
  params_.add({"init_theta", "start angle θ0", ParamType::Float, -std::numbers::pi, std::numbers::pi, 0.0,
               "Starting angle when random_init is off (0 = upright, ±π = hanging down)"}, &initTheta_);
  params_.add({"init_thetadot", "start speed ω0", ParamType::Float, -kMaxSpeed, kMaxSpeed, 0.0,
               "Starting angular velocity when random_init is off"}, &initThetaDot_);
  reset(uint64_t(0));
  params_.activeWhen("init_theta", "random_init=false");
  params_.activeWhen("init_thetadot", "random_init=false");
}

double Pendulum::angleNormalize(double x) {
  const double y = x + std::numbers::pi;
  if (y >= 0.0 && y < 2.0 * std::numbers::pi) return y - std::numbers::pi;  // fmod's exact result, without the call
  double r = std::fmod(y, 2.0 * std::numbers::pi);
  if (r < 0) r += 2.0 * std::numbers::pi;  // Python's % is non-negative for a positive divisor; fmod is not
  return r - std::numbers::pi;
}

std::span<const float> Pendulum::reset(std::optional<uint64_t> seed) {
  if (seed) rng_.reseed(*seed);
  if (randomInit_) {
    theta_ = rng_.uniform(-std::numbers::pi, std::numbers::pi);
    thetaDot_ = rng_.uniform(-1.0, 1.0);
  } else {
    theta_ = initTheta_;
    thetaDot_ = initThetaDot_;
  }
  lastU_ = lastReward_ = 0;
  steps_ = 0;
  obsDirty_ = true;
  return observation();
}

StepResult Pendulum::stepContinuous(std::span<const double> action) {
  if (action.size() != 1)
    throw std::invalid_argument("pendulum: expected 1 action value (torque), got " + std::to_string(action.size()));
  if (!std::isfinite(action[0])) throw std::invalid_argument("pendulum: the torque must be a finite number");
  const double u = std::clamp(action[0], -kMaxTorque, kMaxTorque);
  const double th = theta_, thdot = thetaDot_;
  const double thn = angleNormalize(th);
  const double cost = thn * thn + 0.1 * thdot * thdot + 0.001 * (u * u);  // from the pre-step state
  // Semi-implicit Euler; the speed is clipped before it moves the angle (v1, not v0).
  double newThdot = thdot + (3.0 * kG / (2.0 * kL) * std::sin(th) + 3.0 / (kM * kL * kL) * u) * kDt;
  newThdot = std::clamp(newThdot, -kMaxSpeed, kMaxSpeed);
  theta_ = th + newThdot * kDt;
  thetaDot_ = newThdot;
  lastU_ = u;
  lastReward_ = -cost;
  ++steps_;
  obsDirty_ = true;
  return {-cost, false, false};
}

std::optional<StatePlane> Pendulum::statePlane() const {
  return StatePlane{"θ (rad, 0 = upright)", "ω = dθ/dt (rad/s)", -std::numbers::pi, std::numbers::pi, -kMaxSpeed, kMaxSpeed};
}

void Pendulum::observationAt(double x, double y, std::span<float> out) const {
  out[0] = float(std::cos(x));
  out[1] = float(std::sin(x));
  out[2] = float(y);
}

std::pair<double, double> Pendulum::planePoint(std::span<const float> obs) const {
  return {std::atan2(double(obs[1]), double(obs[0])), double(obs[2])};
}

std::span<const float> Pendulum::observation() const {
  if (obsDirty_) {
    obs_ = {float(std::cos(theta_)), float(std::sin(theta_)), float(thetaDot_)};
    obsDirty_ = false;
  }
  return obs_;
}

std::string Pendulum::stepDetail() const {
  char buf[96];
  std::snprintf(buf, sizeof buf, "\"state\":[%.17g,%.17g],\"torque\":%.17g", theta_, thetaDot_, lastU_);
  return buf;
}

EnvInfo Pendulum::info() const {
  EnvInfo i{"pendulum", "Pendulum",
          "A pendulum hangs from a motor. Each step, apply a torque in [−2, 2] to swing it up and balance it upright. "
          "The motor is too weak to lift it directly, so it must pump energy by swinging. The reward penalises the "
          "angle from upright, the speed and the torque: 0 is perfect, −16.3 the worst. Episodes last 200 steps.",
          {"torque"}};
  // Human play runs in real time: one step per dt = 0.05 s of Pendulum-v1 (20 a second), the held key is the torque.
  i.human.style = HumanPlay::Style::RealTime;
  i.human.keyValue[size_t(HumanKey::Left)] = -kMaxTorque;
  i.human.keyValue[size_t(HumanKey::Right)] = kMaxTorque;
  i.human.keyUsed[size_t(HumanKey::Left)] = i.human.keyUsed[size_t(HumanKey::Right)] = true;
  i.human.idleValue = 0;
  i.human.dt = kDt;
  i.human.hint = "hold ← or → to push with torque ∓2; release to coast";
  return i;
}

RenderState Pendulum::renderState() const {
  PendulumRenderState s;
  s.theta = theta_;
  s.thetaDot = thetaDot_;
  s.torque = lastU_;
  s.maxTorque = kMaxTorque;
  s.stepInEpisode = steps_;
  s.lastReward = lastReward_;
  return s;
}

}  // namespace rl

namespace rl {

void Pendulum::persist(StateIO& io) {
  io.section("pendulum");
  io.io(theta_), io.io(thetaDot_), io.io(lastU_), io.io(lastReward_);
  io.io(randomInit_), io.io(initTheta_), io.io(initThetaDot_), io.io(steps_);
  io.io(rng_);
  if (io.reading()) obsDirty_ = true;
}

}  // namespace rl
