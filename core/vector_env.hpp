// N copies of an env stepped in lockstep (Gymnasium's SyncVectorEnv). Copy i is seeded base + i. A copy whose episode
// ends is reset at once; its final observation is kept in finalObs so learners can bootstrap from truncated
// episodes (the observation row then already holds the new episode's first observation).
// It lives in core/ because it needs only the Env contract: algorithms that run several envs (PPO's num_envs) build
// it from an env factory they are handed, never from envs/.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <vector>

#include "core/env.hpp"

namespace rl {

class VectorEnv {
 public:
  VectorEnv(const std::function<std::unique_ptr<Env>()>& make, int n);
  int size() const { return int(envs_.size()); }
  int obsDim() const { return obsDim_; }
  Env& env(int i) { return *envs_[size_t(i)]; }
  const Env& env(int i) const { return *envs_[size_t(i)]; }

  void reset(uint64_t baseSeed);
  // One step of every copy. Discrete: actions[i]; continuous: actions has size()·actionDim values, row i for copy i.
  void step(std::span<const int> actions);
  void stepContinuous(std::span<const double> actions);
  // One step of copy i alone (the same bookkeeping as step), for learners that interleave their own env with the
  // copies and may stop between two copies to keep a call's work bounded.
  void stepOne(int i, int action);
  void stepOneContinuous(int i, std::span<const double> action);

  // Results of the last step / reset, row i for copy i.
  const std::vector<float>& obs() const { return obs_; }            // size() × obsDim
  const std::vector<float>& finalObs() const { return finalObs_; }  // valid where done(i)
  std::span<const float> obs(int i) const { return {obs_.data() + size_t(i) * size_t(obsDim_), size_t(obsDim_)}; }
  std::span<const float> finalObs(int i) const {
    return {finalObs_.data() + size_t(i) * size_t(obsDim_), size_t(obsDim_)};
  }
  const std::vector<double>& rewards() const { return rewards_; }
  const std::vector<uint8_t>& terminated() const { return terminated_; }
  const std::vector<uint8_t>& truncated() const { return truncated_; }
  bool done(int i) const { return terminated_[size_t(i)] || truncated_[size_t(i)]; }

  // Checkpoints (core/checkpoint.hpp): each copy's own state (Env::persist), then the last step's rows.
  void persist(StateIO& io);

 private:
  void after(int i, const StepResult& r);
  std::vector<std::unique_ptr<Env>> envs_;
  int obsDim_ = 0;
  std::vector<float> obs_, finalObs_;
  std::vector<double> rewards_;
  std::vector<uint8_t> terminated_, truncated_;
};

}  // namespace rl
