// A run as a record: which env, which algorithm, which seed, which parameter values; building a Trainer from it, and
// running it over several seeds. The CLI, the GUI and the lesson checker all build their runs here.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/session/command.hpp"
#include "core/session/trainer.hpp"

namespace rl::runs {

// A user mistake (a flag, a file field, a parameter value): the CLI prints the message and exits 2; the GUI shows it.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct RunSpec {
  std::string env = "gridworld";
  std::string algo = "q-learning";
  uint64_t seed = 1;
  std::vector<std::string> sets;  // "name=value"
};

// Builds env + agent from ids, applies --set values in order. Throws UsageError listing the valid choices.
std::unique_ptr<Trainer> makeTrainer(const RunSpec& spec);

// Empty when the algorithm can run on the env, else the reason it cannot (the agent's own words). Both ids must exist.
std::string unsupportedReason(const std::string& envId, const std::string& algoId);

// Runs spec once per seed (spec.seed is replaced), each for `steps` env steps with the command script played at its
// steps, and returns each run's metrics in seed order. onStart, when given, hears each run before it starts.
std::vector<Metrics> runOverSeeds(RunSpec spec, const std::vector<uint64_t>& seeds,
                                  const std::vector<LoggedCommand>& script, uint64_t steps,
                                  const std::function<void(const RunSpec&)>& onStart = {});

}  // namespace rl::runs
