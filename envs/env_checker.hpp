// An environment checker in the spirit of Gymnasium's check_env: spaces well-formed, observations inside the
// observation space, reset(seed) reproducible, two copies with one seed in lockstep, and episode-end flags sane.
#pragma once
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/env.hpp"

namespace rl {

struct EnvCheckOptions {
  int lockstepSteps = 1000;
  uint64_t seed = 123;
  int expectTruncationAt = 0;  // > 0: episodes must be truncated exactly after this many steps
  bool mayTerminate = true;    // false: `terminated` must never be set (continuing tasks, time-limited physics)
};

// Returns the problems found (empty when the env passes), each naming the check and the step.
std::vector<std::string> checkEnv(const std::function<std::unique_ptr<Env>()>& make, const EnvCheckOptions& opt = {});

}  // namespace rl
