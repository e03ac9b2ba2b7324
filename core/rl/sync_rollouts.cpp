#include "core/rl/sync_rollouts.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "core/checkpoint.hpp"
#include "core/episode_stats.hpp"

namespace rl {

void EnvCopies::build(const Env& env, int n, uint64_t baseSeed) {
  copies_.reset();
  if (n <= 1) return;
  copies_ = std::make_unique<VectorEnv>(makeEnv_, n - 1);
  for (int j = 0; j < copies_->size(); ++j) {
    Env& copy = copies_->env(j);
    for (const EnvChange& ch : envLog_) {
      if (ch.isEdit) {
        copy.edit(ch.edit);
      } else {
        for (const auto& [name, value] : ch.values) copy.params().set(name, value);
        copy.paramsChanged();
      }
    }
    mirrorParams(env, copy);
  }
  copies_->reset(baseSeed);  // VectorEnv seeds its copy j with base + j
}

void EnvCopies::mirrorParams(const Env& from, Env& to) const {
  for (const ParamSpec& p : from.params().specs()) to.params().set(p.name, from.params().get(p.name));
  to.paramsChanged();
}

void EnvCopies::envChanged(const Env& env) {
  EnvChange ch;
  for (const ParamSpec& p : env.params().specs()) ch.values.emplace_back(p.name, env.params().get(p.name));
  envLog_.push_back(std::move(ch));
  if (copies_)
    for (int j = 0; j < copies_->size(); ++j) mirrorParams(env, copies_->env(j));
}

// The copies hold the trainer env's layout, so an edit it accepted applies to them as well.
void EnvCopies::envEdited(const EnvEdit& e) {
  envLog_.push_back({.isEdit = true, .edit = e, .values = {}});
  if (copies_)
    for (int j = 0; j < copies_->size(); ++j) copies_->env(j).edit(e);
}

void SyncRollouts::reset(Env& env, int numEnvs, int numSteps, uint64_t seed, PolicyModel& model, Rng& rng) {
  if (numEnvs > 1 && !copies_.hasFactory())
    throw std::invalid_argument("num_envs = " + std::to_string(numEnvs) +
                                " needs an env factory (Agent::setEnvFactory) to build the copies; use num_envs=1");
  numSteps_ = numSteps;
  buffers_.assign(size_t(numEnvs), RolloutBuffer{});
  for (RolloutBuffer& b : buffers_) b.configure(model.obsDim(), model.continuous() ? model.actionSize() : 0);
  lastValues_.assign(size_t(numEnvs), 0.f);
  lanes_.assign(size_t(numEnvs), Lane{});
  cursor_ = 0;
  env.reset(seed);
  copies_.build(env, numEnvs, seed + 1);  // copy j is worker i = j + 1, seeded seed + i
  advantage_ = {};
  lens_ = {};
  trail_ = {.on = env.statePlane().has_value()};
  trail_.record(env.observation());
  decide(env, model, rng);
}

void SyncRollouts::clear() {
  for (RolloutBuffer& b : buffers_) b.clear();
}

// Samples the action for copy 0's current observation, so the lens can show it before it is taken.
void SyncRollouts::decide(Env& env, PolicyModel& model, Rng& rng) {
  const auto o = env.observation();
  pendingObs_.assign(o.begin(), o.end());
  pendingMask_ = env.actionSpace().kind == Space::Kind::Discrete ? env.actionMask() : ~0ULL;
  noteStateMask(lens_, model, pendingObs_.data(), pendingMask_);
  pending_ = model.act(pendingObs_.data(), pendingMask_, rng);
}

int SyncRollouts::run(Env& env, int maxSteps, int forcedAction, PolicyModel& model, Rng& rng, double rewardScale,
                      const std::function<void(int)>& onFull) {
  if (maxSteps <= 0) return 0;
  // Copy 0's episode statistics stamp an episode end with the global step, which counts every copy's steps.
  auto* episodeStats = dynamic_cast<EpisodeStatistics*>(&env);
  const int numEnvs = this->numEnvs();
  int taken = 0;
  // Human play moves copy 0: a call with a forced action runs on until copy 0 has taken it (at most one vector step).
  bool forcedTaken = forcedAction < 0;
  while (taken < maxSteps || !forcedTaken) {
    const int k = cursor_;
    if (k == 0) {
      stepMain(env, forcedAction, model, rng, rewardScale);
      forcedTaken = true;
    } else {
      stepCopy(k, model, rng, rewardScale);
      if (episodeStats) episodeStats->countOtherSteps(1);
    }
    ++taken;
    cursor_ = (k + 1) % numEnvs;
    // ---- Update when every copy's rollout is full (after the last copy's step) ----
    const bool full = k == numEnvs - 1 && buffers_[0].size() >= numSteps_;
    if (full) {
      for (Lane& l : lanes_) ++l.segments;
      onFull(taken);
    }
    // ---- Copy 0's next action: decided after its step (the lens shows it) and again after an update (new π) ----
    if (k == 0 || full) decide(env, model, rng);
  }
  return taken;
}

void SyncRollouts::noteReward(int k, double reward, bool done) {
  Lane& l = lanes_[size_t(k)];
  l.episodeReturn += reward;
  if (!done) return;
  l.returns.push_back(float(l.episodeReturn));
  if (l.returns.size() > 50) l.returns.pop_front();
  l.episodeReturn = 0;
  ++l.episodes;
}

// One step of copy 0, the trainer's env: act on its observation now (human play may have moved it since decide).
void SyncRollouts::stepMain(Env& env, int forcedAction, PolicyModel& model, Rng& rng, double rewardScale) {
  const bool discrete = !model.continuous();
  const auto o = env.observation();
  const uint64_t mask = discrete ? env.actionMask() : ~0ULL;
  const bool moved = !std::equal(o.begin(), o.end(), pendingObs_.begin(), pendingObs_.end()) || mask != pendingMask_;
  if (moved) decide(env, model, rng);
  if (forcedAction >= 0 && discrete && forcedAction != pending_.action)
    pending_ = model.act(pendingObs_.data(), mask, rng, forcedAction);
  const ActSample s = pending_;
  const StepResult step = discrete ? env.step(s.action) : env.stepContinuous(s.envAction);
  const auto o2 = env.observation();
  const bool trunc = step.truncated && !step.terminated;
  const float finalV = trunc ? model.value(o2.data()) : 0.f;  // V(final observation): bootstrap through the limit
  RolloutBuffer& b = buffers_[0];
  b.push(pendingObs_.data(), s.action, s.actionC.data(), mask, s.logProb, s.value, float(step.reward * rewardScale),
         step.terminated, trunc, finalV);
  // The rollout's last row bootstraps from V of the next observation (CleanRL's next_value) unless the episode ended.
  if (b.size() >= numSteps_) lastValues_[0] = (step.terminated || step.truncated) ? 0.f : model.value(o2.data());
  // The advantage lens's record, in the env's units (V was learned on rewards × reward_scale).
  advantage_.push(float(step.reward), s.value / float(rewardScale));
  if (step.terminated || step.truncated) advantage_.finish(step.terminated, finalV / float(rewardScale));
  noteReward(0, step.reward, step.terminated || step.truncated);
  // ---- Next state (auto-reset at an episode end) ----
  if (step.terminated || step.truncated) {
    env.reset();
    trail_.obs.clear();
  }
  trail_.record(env.observation());
}

// One step of copy k ≥ 1. Its observation is read from the env itself, not the runner's row: an edit (a wall on the
// agent's cell) or a layout change may have moved it since the last step.
void SyncRollouts::stepCopy(int k, PolicyModel& model, Rng& rng, double rewardScale) {
  VectorEnv& v = *copies_.get();
  const int j = k - 1;
  Env& e = v.env(j);
  const bool discrete = !model.continuous();
  const auto o = e.observation();
  const std::vector<float> obs(o.begin(), o.end());  // the step overwrites the env's observation
  const uint64_t mask = discrete ? e.actionMask() : ~0ULL;
  const ActSample s = model.act(obs.data(), mask, rng);
  if (discrete) v.stepOne(j, s.action);
  else v.stepOneContinuous(j, s.envAction);
  const bool term = v.terminated()[size_t(j)], trunc = v.truncated()[size_t(j)] && !term;
  const float finalV = trunc ? model.value(v.finalObs(j).data()) : 0.f;  // the runner has already reset the copy
  RolloutBuffer& b = buffers_[size_t(k)];
  b.push(obs.data(), s.action, s.actionC.data(), mask, s.logProb, s.value,
         float(v.rewards()[size_t(j)] * rewardScale), term, trunc, finalV);
  if (b.size() >= numSteps_) lastValues_[size_t(k)] = v.done(j) ? 0.f : model.value(e.observation().data());
  noteReward(k, v.rewards()[size_t(j)], v.done(j));
}

// ---- Checkpoints ----

void EnvCopies::persist(StateIO& io) {
  bool built = copies_ != nullptr;
  io.io(built);
  if (io.reading() && built != (copies_ != nullptr)) io.fail("the env copies do not match this run's");
  if (copies_) copies_->persist(io);
  uint64_t n = envLog_.size();
  io.bounded(n, uint64_t(1) << 32, "the env copies' history");
  if (io.reading()) envLog_.clear();
  for (size_t i = 0; i < size_t(n); ++i) {
    EnvChange ch = io.reading() ? EnvChange{} : envLog_[i];  // read one by one: a damaged count runs out of bytes
    io.io(ch.isEdit);
    io.io(ch.edit.op), io.io(ch.edit.index), io.io(ch.edit.value);
    uint64_t values = ch.values.size();
    io.bounded(values, uint64_t(1024), "the number of env parameters");
    ch.values.resize(size_t(values));
    for (auto& [name, value] : ch.values) io.io(name), io.io(value);
    if (io.reading()) envLog_.push_back(std::move(ch));
  }
}

void SyncRollouts::persist(StateIO& io, const PolicyModel& model) {
  copies_.persist(io);
  io.sameCount(buffers_.size(), "rollouts");
  const int numActions = model.continuous() ? 0 : model.actionSize();
  for (RolloutBuffer& b : buffers_) b.persist(io, numSteps_, numActions);
  io.fixed(lastValues_, "the copies' bootstrap values");
  for (Lane& l : lanes_) {
    io.io(l.episodeReturn);
    std::vector<float> returns(l.returns.begin(), l.returns.end());
    io.io(returns);
    if (io.reading() && returns.size() > 50) io.fail("a lane keeps more than 50 returns");
    l.returns.assign(returns.begin(), returns.end());
    io.io(l.episodes), io.io(l.segments);
  }
  io.bounded(cursor_, numEnvs() - 1, "the copy whose turn it is");
  pending_.persist(io, model);
  io.fixed(pendingObs_, "the pending observation");
  io.io(pendingMask_);
  advantage_.persist(io);
  trail_.persist(io, model.obsDim());
  // lens_: its state masks travel with the saved agent, the rest is recomputed (policyReplaced marked it stale).
}

}  // namespace rl
