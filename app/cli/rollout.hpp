// `rllens env rollout`: steps an environment with given actions and prints one JSON line per step, for comparing
// with reference implementations (MinAtar, Gymnasium).
#pragma once
#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

namespace rl::cli {

struct RolloutOptions {
  std::string env;
  std::vector<std::string> sets;  // name=value
  std::string init;               // "theta=1,thetadot=0": sets init_<name> and turns random_init off
  uint64_t seed = 0;
  std::string actions;            // a file path, or a list "5,1,1,5" (a Box action of dimension d: "a:b:c")
  std::string format = "jsonl";
};

// Validates everything first (nothing is printed on a bad action), then writes the lines. Throws UsageError.
void rollout(const RolloutOptions& opt, std::ostream& out);

}  // namespace rl::cli
