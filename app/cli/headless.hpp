// The headless front end: `rllens list` and `rllens train`.
// Never touches GLFW or X, so it runs on servers and in CI.
#pragma once
#include <cstdint>
#include <string>

#include "runs/run_spec.hpp"

namespace rl::cli {

// Text listing of envs, algorithms and their parameters (ranges, defaults, meaning).
std::string listText();

struct TrainOptions {
  runs::RunSpec run;
  uint64_t steps = 100000;
  std::string metricsPath;   // .csv (global_step,metric,value) or .jsonl; empty = none
  std::string commandsPath;  // a command log to replay; empty = none
  std::string sessionPath;   // a session file (.rllens): env, algo, seed, parameters, command log and steps
  bool stepsGiven = false;   // --steps was given (with --session: else the file's steps)
  bool progress = true;      // progress bar when stderr is a terminal
  std::string loadAgentPath;  // a saved agent to start from (its parameters first, then --set); empty = none
  std::string saveAgentPath;  // where to save the agent at the end; empty = none
  bool replay = false;        // --replay: re-derive a session from its log, ignoring (and then checking) its checkpoint
  std::string sessionOutPath;  // --session-out: save the run as a session file (with its checkpoint) at the end
};
// Runs training; returns the process exit code. Writes the summary line to stdout.
int train(const TrainOptions& opt);

}  // namespace rl::cli
