// Trainer: one env + one agent driven synchronously. The headless CLI uses it directly; the Session runs it on a
// worker thread. Commands that change learning go through apply(), so a command log replays exactly.
#pragma once
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/agent.hpp"
#include "core/episode_stats.hpp"
#include "core/session/command.hpp"
#include "core/session/snapshot.hpp"

namespace rl {

class StateIO;  // core/checkpoint.hpp

class Trainer {
 public:
  // Resets env and agent with seed. Throws std::invalid_argument when the algorithm cannot run on the env.
  Trainer(std::unique_ptr<Env> env, std::unique_ptr<Agent> agent, uint64_t seed);

  // Applies Reset, SetParam and EditEnv; HumanAction takes one step with that action. Timing commands
  // (Pause/Resume/StepOnce/SetSpeed) are the session's and are ignored here. Throws std::invalid_argument with a
  // message naming the parameter/edit when the command is not valid; nothing changes then.
  void apply(const Command& c);
  // Sets a parameter from text ("alpha", "0.5"); validates like apply(SetParam).
  void setParamText(const std::string& name, const std::string& text);
  // Runs up to maxSteps env steps; returns the steps taken. Exceptions from the agent propagate.
  int advance(int maxSteps, int forcedAction = -1);
  // Replays a command log: runs to each command's lifetime step, applies it, then runs to totalLifetimeSteps.
  void replay(const std::vector<LoggedCommand>& log, uint64_t totalLifetimeSteps);

  // Checkpoints (core/checkpoint.hpp): the run's whole state — parameters, learned state, runtime state, env, metrics,
  // counters — as bytes. Throws CheckpointUnsupported when the algorithm or env cannot be checkpointed, or when a
  // parameter that applies on reset was changed since the last reset (its effective value is not known).
  std::string checkpoint();
  // Restores a checkpoint into this trainer, which must be freshly built for the same env and algorithm; afterwards
  // it continues bit for bit as the checkpointed run would. Throws CheckpointError or AgentStateError naming what
  // did not fit; the trainer is then in no defined state — restore into a new one and discard it on failure.
  void restore(std::string_view bytes);

  // Empty while the agent's value estimates are within the largest possible return |r|max / (1 − γ), else a
  // one-line warning naming the estimate and the bound (divergence before any NaN: a teaching moment, not a stop).
  std::string valueWarning() const;
  // Empty while training is finite, else the quantity that diverged: the first non-finite metric, or the agent's.
  std::string checkFinite() const {
    std::string bad = metrics_.firstNonFinite();
    return bad.empty() ? agent_->checkFinite() : bad;
  }
  uint64_t envSteps() const { return envSteps_; }
  uint64_t lifetimeSteps() const { return lifetimeSteps_; }
  uint64_t updates() const { return agent_->stats().updates - updatesAtReset_; }
  uint64_t episodes() const { return env_->episodes() - episodesAtReset_; }
  // Mean of the last (up to) 100 episodic returns since the last reset; NaN before the first episode ends.
  double recentMeanReturn() const { return env_->recentMeanReturn(size_t(episodes())); }
  uint64_t seed() const { return seed_; }
  const Metrics& metrics() const { return metrics_; }
  Metrics& metrics() { return metrics_; }
  Env& env() { return *env_; }
  Agent& agent() { return *agent_; }

  // Fills everything but timing fields (rates, running, speed) which the session owns.
  void fillSnapshot(Snapshot& s);
  std::vector<ParamView> paramViews() const;

 private:
  struct Target {
    ParamTable* table;
    bool env;
  };
  Target findParam(const std::string& name, const ParamSpec** spec);
  void persistRuntime(StateIO& io);
  void syncDiscountHint();

  Metrics metrics_;
  std::unique_ptr<EpisodeStatistics> env_;
  std::unique_ptr<Agent> agent_;
  uint64_t seed_;
  uint64_t envSteps_ = 0, lifetimeSteps_ = 0, updatesAtReset_ = 0, episodesAtReset_ = 0;
  std::set<std::string> pendingReset_;
  std::vector<std::shared_ptr<const SeriesData>> seriesCache_;
  std::vector<uint64_t> seriesCacheVersion_;
  std::shared_ptr<const ChartPlan> charts_;  // the agent's chart plan; asked again after every command
};

}  // namespace rl
