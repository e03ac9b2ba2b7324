// The uniform random policy: the baseline every learning curve is compared with (MinAtar reports ≈ 2.9 per episode
// on Invaders). It learns nothing, runs on every env, and lets a class watch and play any world.
#pragma once
#include "core/agent.hpp"
#include "core/rng.hpp"

namespace rl {

class RandomAgent final : public Agent {
 public:
  std::string id() const override { return "random"; }
  std::string unsupportedReason(const Env&) const override { return {}; }
  void reset(Env& env, uint64_t seed) override;
  int trainStep(Env& env, int maxSteps, Metrics& metrics, uint64_t stepBase, int forcedAction) override;
  // Checkpoints (core/checkpoint.hpp): the RNG; the env keeps the episode.
  void persist(StateIO& io) override;

 private:
  Rng rng_;
  std::vector<double> action_;  // scratch for a continuous action, rewritten before every step
};

}  // namespace rl
