// Synchronous on-policy collection over N env copies (CleanRL's SyncVectorEnv as PPO and A2C use it), shared by PPO
// and A2C: act with π_θ on every copy, step it, append the transition to that copy's rollout buffer; when every
// copy's buffer holds num_steps rows the owner updates and the buffers are cleared.
//
// Copy 0 is the trainer's own env — wrapped in its episode statistics, so charts/episodic_return, the lens, the trail
// and human play follow copy 0 only. Copies 1..N−1 come from the env factory at reset, seeded seed + i, with the
// trainer env's parameter changes and edits replayed and mirrored (envChanged, envEdited). A vector step steps copy 0,
// then 1..N−1; a call may stop between two copies, so every env step counts once towards maxSteps and the global
// step (one vector step = N steps).
//
// Each copy keeps the bookkeeping a worker lane shows: its episode returns, how many segments (gradients) it gave.
#pragma once
#include <deque>
#include <functional>
#include <memory>
#include <vector>

#include "core/env.hpp"
#include "core/rl/policy_common.hpp"
#include "core/rl/rollout.hpp"
#include "core/rng.hpp"
#include "core/vector_env.hpp"

namespace rl {

// The extra env copies an agent runs beside the trainer's env (PPO's num_envs, A2C's and A3C's workers): built from
// the env factory, brought to the trainer env's state — its history of parameter changes and edits replayed, then
// its current values — and kept in step with it (envChanged, envEdited).
class EnvCopies {
 public:
  void setFactory(std::function<std::unique_ptr<Env>()> make) { makeEnv_ = std::move(make); }
  bool hasFactory() const { return bool(makeEnv_); }
  // n − 1 copies of env (none when n = 1), copy j seeded baseSeed + j.
  void build(const Env& env, int n, uint64_t baseSeed);
  void envChanged(const Env& env);
  void envEdited(const EnvEdit& e);
  VectorEnv* get() { return copies_.get(); }
  const VectorEnv* get() const { return copies_.get(); }
  // Checkpoints (core/checkpoint.hpp): each copy's state and the history a later reset replays on fresh copies.
  void persist(StateIO& io);

 private:
  void mirrorParams(const Env& from, Env& to) const;
  std::function<std::unique_ptr<Env>()> makeEnv_;
  std::unique_ptr<VectorEnv> copies_;
  // What happened to the trainer's env since this agent got it, in order (parameter values after a change, edits),
  // replayed on fresh copies so they match an env whose walls were edited before a layout change.
  struct EnvChange {
    bool isEdit = false;
    EnvEdit edit;
    std::vector<std::pair<std::string, double>> values;
  };
  std::vector<EnvChange> envLog_;
};

class SyncRollouts {
 public:
  // Per copy, for the worker lanes.
  struct Lane {
    double episodeReturn = 0;       // the running episode's return (env units)
    std::deque<float> returns;      // its last finished episodes' returns (up to 50)
    uint64_t episodes = 0, segments = 0;
  };

  void setFactory(std::function<std::unique_ptr<Env>()> make) { copies_.setFactory(std::move(make)); }
  bool hasFactory() const { return copies_.hasFactory(); }
  // Builds the copies (numEnvs − 1 of them) brought to the trainer env's state, resets env with `seed` and copy i
  // with seed + i, clears the buffers and decides copy 0's first action.
  void reset(Env& env, int numEnvs, int numSteps, uint64_t seed, PolicyModel& model, Rng& rng);
  void envChanged(const Env& env) { copies_.envChanged(env); }
  void envEdited(const EnvEdit& e) { copies_.envEdited(e); }

  // Steps copies until maxSteps env steps are taken (and, with a forced action, until copy 0 has taken it), calling
  // onFull(taken) after the vector step that fills every buffer; onFull updates the model and clears the buffers
  // (clear()). Returns the steps taken. Rewards are stored × rewardScale.
  int run(Env& env, int maxSteps, int forcedAction, PolicyModel& model, Rng& rng, double rewardScale,
          const std::function<void(int taken)>& onFull);

  int numEnvs() const { return int(buffers_.size()); }
  const std::vector<RolloutBuffer>& buffers() const { return buffers_; }
  const std::vector<float>& lastValues() const { return lastValues_; }
  void clear();
  VectorEnv* copies() { return copies_.get(); }
  const VectorEnv* copies() const { return copies_.get(); }
  const std::vector<Lane>& lanes() const { return lanes_; }

  // Copy 0's pending action (decided for its current observation, shown by the lens) and the records the lens reads.
  const ActSample& pending() const { return pending_; }
  const std::vector<float>& pendingObs() const { return pendingObs_; }
  uint64_t pendingMask() const { return pendingMask_; }
  const AdvantageRecorder& advantage() const { return advantage_; }
  const StateTrail& trail() const { return trail_; }
  PolicyLensCache& lensCache() const { return lens_; }
  // Decides copy 0's action again (after an update: the new π).
  void decide(Env& env, PolicyModel& model, Rng& rng);
  // A saved agent was loaded into model: copy 0's pending action comes from the loaded π, the lens recomputes.
  void policyReplaced(PolicyModel& model, Rng& rng) {
    lens_.tableAt = lens_.mapAt = ~0ULL;
    if (!pendingObs_.empty()) pending_ = model.act(pendingObs_.data(), pendingMask_, rng);
  }
  // Checkpoints (core/checkpoint.hpp): the copies, the rollouts cut in the middle, the lanes, whose turn it is, copy
  // 0's pending action and the lens's records. After reset() for the same run (the sizes are fixed then).
  void persist(StateIO& io, const PolicyModel& model);

 private:
  void stepMain(Env& env, int forcedAction, PolicyModel& model, Rng& rng, double rewardScale);
  void stepCopy(int k, PolicyModel& model, Rng& rng, double rewardScale);
  void noteReward(int k, double reward, bool done);

  EnvCopies copies_;
  std::vector<RolloutBuffer> buffers_;  // one per copy: advantages run within a copy's time sequence
  std::vector<float> lastValues_;       // V(next observation) per copy at the rollout's end (0 after an episode end)
  std::vector<Lane> lanes_;
  int numSteps_ = 0;
  int cursor_ = 0;  // the copy the next env step goes to

  // The action decided for the current observation (at the end of the last step, after any update), and the
  // observation and mask it was decided for: if the env moved since (human play), it is decided again.
  ActSample pending_;
  std::vector<float> pendingObs_;
  uint64_t pendingMask_ = 0;
  AdvantageRecorder advantage_;  // copy 0's r and V_old (in the env's reward units) for the advantage curves
  StateTrail trail_;
  mutable PolicyLensCache lens_;
};

}  // namespace rl
