// The Env contract (Gymnasium's, in C++). Declared in core/, implemented in envs/; core never includes envs/.
#pragma once
#include <array>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <stdexcept>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "core/params.hpp"
#include "core/render_state.hpp"

namespace rl {

class StateIO;  // core/checkpoint.hpp

struct Space {
  enum class Kind { Discrete, Box };
  Kind kind = Kind::Discrete;
  int n = 0;                  // Discrete: values 0..n-1
  std::vector<double> low;    // Box: per-element bounds (flattened)
  std::vector<double> high;
  std::vector<int> shape;     // Box: shape; Discrete: {} (an observation is one float holding the index)
  bool binary = false;        // Box: every element is exactly 0 or 1 (MinAtar's bool planes); replay stores bytes

  static Space discrete(int n) { return Space{Kind::Discrete, n, {}, {}, {}}; }
  static Space box(std::vector<double> low, std::vector<double> high, std::vector<int> shape) {
    return Space{Kind::Box, 0, std::move(low), std::move(high), std::move(shape)};
  }
  size_t flatSize() const;
  bool contains(std::span<const float> x) const;  // bounds, integrality (Discrete) and 0/1 values (binary)
  std::string describe() const;  // "Discrete(100)", "Box(3,)"
};

struct StepResult {
  double reward = 0.0;
  bool terminated = false;  // the MDP ended: do not bootstrap
  bool truncated = false;   // the episode was cut (time limit, lap of a continuing task): bootstrap from the obs
};

// The keys of the app's human mode, named by what they do rather than by a window system's key codes.
enum class HumanKey { Left, Right, Up, Down, Fire };
inline constexpr int kHumanKeys = 5;

// How a person plays the env in the app's human mode. The app reads this from the snapshot and never tests env ids.
struct HumanPlay {
  enum class Style {
    None,      // no keyboard play
    PerKey,    // each key press takes one step with keyAction[key] (discrete actions)
    RealTime,  // one step every `dt` seconds whatever the keys; the one key held down among those mapped is the
               // action (keyAction, or keyValue on a Box action), none or several held is the idle action
    Pointer,   // played with the mouse in the viewport (the GAN toy: propose a sample)
  };
  Style style = Style::None;
  std::array<int, kHumanKeys> keyAction{-1, -1, -1, -1, -1};  // by HumanKey; −1 = the key does nothing
  std::array<double, kHumanKeys> keyValue{};                  // RealTime on a Box action: the action per key
  std::array<bool, kHumanKeys> keyUsed{};                     // RealTime on a Box action: keys that have a value
  int idleAction = -1;
  double idleValue = 0;
  double dt = 0;      // RealTime: seconds of play per step
  std::string hint;   // one line for the status bar: "← → move the cannon, Space fires"

  // The action of one key, or −1 (PerKey and RealTime on discrete actions).
  int action(HumanKey k) const { return keyAction[size_t(k)]; }
  bool maps(HumanKey k) const { return keyAction[size_t(k)] >= 0 || keyUsed[size_t(k)]; }
};

struct EnvInfo {
  std::string id;
  std::string name;
  std::string rules;  // plain-English rules, shown in the app's explain panel
  std::vector<std::string> actionNames;
  HumanPlay human;
  // What one episode is called in the status bar and the charts: a continuing task's "episodes" are laps from start
  // to goal. Envs without episodes (one sample per step) say so, and the step count is their iteration count.
  std::string episodeNoun = "episode";
  bool hasEpisodes = true;
};

// A 2-D slice of the state space the lens can map values over (the pendulum's θ × θ̇): its axes and ranges.
struct StatePlane {
  std::string xLabel, yLabel;
  double xMin = 0, xMax = 1, yMin = 0, yMax = 1;
};

// A structural edit of the environment made while it runs (gridworld: reward of a cell, toggle a wall...).
struct EnvEdit {
  std::string op;  // env-defined verb, e.g. "reward", "wall", "goal"
  int index = 0;   // env-defined target, e.g. a state index
  double value = 0.0;
};

class Env {
 public:
  virtual ~Env() = default;
  // Starts an episode. A seed re-seeds the env's own RNG; without one the stream continues.
  virtual std::span<const float> reset(std::optional<uint64_t> seed = std::nullopt) = 0;
  // Discrete action spaces.
  virtual StepResult step(int action) {
    throw std::logic_error("env '" + info().id + "' has a continuous action space: use stepContinuous");
  }
  // Box action spaces: `action` has actionSpace().flatSize() elements (double: physics envs stay exact).
  virtual StepResult stepContinuous(std::span<const double> action) {
    throw std::logic_error("env '" + info().id + "' has a discrete action space: use step");
  }
  virtual std::span<const float> observation() const = 0;
  virtual Space observationSpace() const = 0;
  virtual Space actionSpace() const = 0;
  // Actions allowed in the current state, bit a set when action a is offered. Discrete action spaces only.
  virtual uint64_t actionMask() const { return actionSpace().n >= 64 ? ~0ULL : (1ULL << actionSpace().n) - 1; }
  virtual EnvInfo info() const = 0;
  virtual RenderState renderState() const { return std::monostate{}; }

  // Live-editable parameters (slip, step cost, ...), described once.
  virtual ParamTable& params() { return params_; }
  virtual const ParamTable& params() const { return params_; }
  // Applies an edit; throws std::invalid_argument with a message naming the op and value when it does not apply.
  virtual void edit(const EnvEdit& e) { throw std::invalid_argument("env '" + info().id + "' has no edit '" + e.op + "'"); }
  // Called after a parameter changed, so the env can refresh derived data.
  virtual void paramsChanged() {}
  // The largest |r| one step can give under the current settings (NaN: unknown). With γ it bounds every return:
  // |G| ≤ |r|max / (1 − γ), so a value estimate beyond that is divergence, not learning.
  virtual double maxAbsReward() const { return std::numeric_limits<double>::quiet_NaN(); }
  // The discount the learner uses, for envs that carry an exact solver (gridworld V*, Q*).
  virtual void setDiscountHint(double gamma) {}

  // Extra per-step detail for the rollout command and tests (effective action, internal state), as JSON members
  // without braces, e.g. "\"effective_action\":5". Empty when there is nothing to add.
  virtual std::string stepDetail() const { return {}; }

  // Envs with a known model (the gridworld): the exact V^π(s) of a stochastic policy π(a|s), given at
  // s·numActions + a, under discount γ (policy evaluation on the current layout). Empty when the env has no model.
  virtual std::vector<double> evaluatePolicy(const std::vector<float>& pi, double gamma) const { return {}; }

  // Envs whose state is a point in a plane: its axes, the observation of the state at (x, y), and the point of an
  // observation. An agent evaluates its values over the plane for the lens (the pendulum's V(θ, θ̇) heatmap).
  virtual std::optional<StatePlane> statePlane() const { return std::nullopt; }
  virtual void observationAt(double x, double y, std::span<float> out) const {}
  virtual std::pair<double, double> planePoint(std::span<const float> obs) const { return {0.0, 0.0}; }

  // Checkpoints (core/checkpoint.hpp): reads or writes everything the env needs to continue exactly — its state, its
  // RNG, edits made to it. Parameters travel separately. Default: not supported (throws CheckpointUnsupported).
  virtual void persist(StateIO& io);

  // For tabular agents: the number of discrete states, or 0 when the observation is not a discrete index.
  int numStates() const {
    const Space s = observationSpace();
    return s.kind == Space::Kind::Discrete ? s.n : 0;
  }

 protected:
  ParamTable params_;
};

}  // namespace rl
