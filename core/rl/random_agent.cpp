#include "core/rl/random_agent.hpp"
#include "core/checkpoint.hpp"
#include "core/rl/random_action.hpp"

#include <bit>

namespace rl {

void RandomAgent::reset(Env& env, uint64_t seed) {
  rng_.reseed(seed ^ 0x5EEDULL);
  env.reset(seed);
}

int RandomAgent::trainStep(Env& env, int maxSteps, Metrics&, uint64_t, int forcedAction) {
  const Space a = env.actionSpace();
  for (int i = 0; i < maxSteps; ++i) {
    StepResult r;
    if (a.kind == Space::Kind::Discrete) {
      int act = forcedAction;
      if (act < 0) act = randomAllowedAction(rng_, env.actionMask(), a.n);
      r = env.step(act);
    } else {
      action_.resize(a.flatSize());
      for (size_t j = 0; j < action_.size(); ++j) action_[j] = rng_.uniform(a.low[j], a.high[j]);
      r = env.stepContinuous(action_);
    }
    if (r.terminated || r.truncated) env.reset();
  }
  return maxSteps;
}

void RandomAgent::persist(StateIO& io) { io.io(rng_); }

}  // namespace rl
