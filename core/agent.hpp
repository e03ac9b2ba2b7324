// The algorithm contract. One algorithm per file in core/rl/, each readable top to bottom (DESIGN.md §4).
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/charts.hpp"
#include "core/env.hpp"
#include "core/insights.hpp"
#include "core/metrics.hpp"
#include "core/params.hpp"

namespace rl {

class AgentState;  // core/agent_state.hpp

struct AgentStats {
  uint64_t updates = 0;  // parameter/table updates made (planning updates included)
};

class Agent {
 public:
  virtual ~Agent() = default;
  virtual std::string id() const = 0;
  // Empty when this algorithm can run on env, else the reason it cannot (shown to the user).
  virtual std::string unsupportedReason(const Env& env) const = 0;
  // (Re)builds the agent for env — tables sized, RNG seeded — and resets env with the seed.
  virtual void reset(Env& env, uint64_t seed) = 0;
  // Bounded work: at most maxSteps env steps (≥ 1 unless maxSteps is 0), learning as it goes. Returns the steps
  // taken. forcedAction ≥ 0 replaces the agent's own choice (human play); the agent still learns from it. An agent
  // running several env copies applies it to the trainer's env and may finish the current vector step first, so a
  // forced call can return up to (copies − 1) more steps than maxSteps.
  // `stepBase` is the global step count before this call, for metric x-values.
  virtual int trainStep(Env& env, int maxSteps, Metrics& metrics, uint64_t stepBase, int forcedAction = -1) = 0;
  virtual void fillInsights(Insights& out) const {}
  // Insights that need the env: values over its state plane (Env::statePlane) for the lens's heatmaps.
  virtual void fillEnvInsights(const Env& env, Insights& out) const {}
  // The learning curves drawn for this agent on env (core/charts.hpp): exactly the series it logs with the settings
  // it was built with. The trainer asks again after every command (reset, parameter, env edit). Default: the return
  // alone (the trainer's episode statistics).
  virtual ChartPlan charts(const EnvInfo& env) const { return returnOnlyCharts(env); }
  // The largest |value estimate| (Q or V, in the env's reward units) the agent holds now, and what it is called
  // ("Q"); 0 when it has none. The trainer compares it with the largest possible return |r|max / (1 − γ).
  virtual double valueMagnitude() const { return 0.0; }
  // Empty when every learned value is finite, else the quantity that diverged, e.g. "Q(s=12, a=3) = nan".
  virtual std::string checkFinite() const { return {}; }
  // Called after a parameter changed (live edit).
  virtual void paramsChanged() {}
  // Algorithms that run several copies of the env (PPO's num_envs) build the extra copies with this factory, so core/
  // never includes envs/. rl::cli::makeTrainer hands in the registry entry's `make` before the Trainer exists (its
  // constructor calls reset); agents that run one env ignore it.
  virtual void setEnvFactory(std::function<std::unique_ptr<Env>()> make) {}
  // The trainer changes only its own env. It calls envChanged after one of the env's parameters changed (live) or an
  // edit was applied, and envEdited after a successful EnvEdit, so an agent's extra copies can follow.
  virtual void envChanged(const Env& env) {}
  virtual void envEdited(const EnvEdit& e) {}
  // Saved agents (core/agent_state.hpp): names every piece of learned state — tables, networks, optimiser moments,
  // the counters schedules read — so one description serves both saving and the all-or-nothing load. Called after
  // reset(). After a load has swapped the file's values in, stateLoaded() rebuilds what derives from them (lens
  // caches, the decision already taken for the current observation). Default: nothing learned (the random agent).
  virtual void describeState(AgentState& state) {}
  virtual void stateLoaded() {}
  // Checkpoints (core/checkpoint.hpp): reads or writes the runtime state describeState leaves out — the replay
  // buffer, the episode or rollout in progress, every RNG stream, caches that steer the next step — so a run
  // restored from a checkpoint continues bit for bit. Called after reset() and the learned state's load.
  // Default: not supported (throws CheckpointUnsupported; the session is then saved as its command log alone).
  virtual void persist(StateIO& io);
  // The base class's own part (update count, the env whose preset was applied), read or written by the trainer.
  void persistBase(StateIO& io);
  const AgentStats& stats() const { return stats_; }
  ParamTable& params() { return params_; }
  const ParamTable& params() const { return params_; }

 protected:
  // Per-env presets ("name=value" strings): applied on the first reset on an env and whenever the env id changes;
  // later edits and --set values survive resets on the same env. The env's discount hint follows the preset's γ
  // (the trainer synced it before the preset changed γ).
  void applyPresetOnce(Env& env, const std::vector<std::string>& preset) {
    const std::string envId = env.info().id;
    if (envId == presetEnv_) return;
    for (const std::string& kv : preset) {
      const size_t eq = kv.find('=');
      params_.set(kv.substr(0, eq), parseValue(*params_.find(kv.substr(0, eq)), kv.substr(eq + 1)));
    }
    presetEnv_ = envId;
    if (params_.find("gamma")) env.setDiscountHint(params_.get("gamma"));
  }
  std::string presetEnv_;  // the env whose preset was applied last
  ParamTable params_;
  AgentStats stats_;
};

}  // namespace rl
