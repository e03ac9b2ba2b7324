// The headless front end: `rllens list`, `rllens train`, and building a Trainer from ids and --set flags.
// Never touches GLFW or X, so it runs on servers and in CI.
#pragma once
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/session/trainer.hpp"

namespace rl::cli {

// A user mistake on the command line: main prints the message and exits 2.
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

// Text listing of envs, algorithms and their parameters (ranges, defaults, meaning).
std::string listText();

struct TrainOptions {
  RunSpec run;
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

// Saved agents (core/agent_state.hpp), for the CLI and the GUI (through Session::withTrainer). saveAgent writes the
// trainer's agent to path atomically, or throws std::runtime_error naming the path. loadAgent loads path into the
// trainer's agent, or throws rl::AgentStateError "<path>: <what is wrong>" and leaves the agent exactly as it was.
void saveAgent(Trainer& t, const std::string& path);
void loadAgent(Trainer& t, const std::string& path);

// Writes the metrics of a trainer as CSV or JSON lines, atomically (temp file, then rename). Throws
// std::runtime_error naming the path when it cannot be written.
void writeMetrics(const Metrics& m, const std::string& path);

// Writes text to path atomically: a temp file "<path>.tmp<pid>" in the same folder, fsync, then rename; stale temp
// files of that naming left by a killed process are removed first. Throws std::runtime_error naming the path and
// the OS's reason.
void writeFileAtomic(const std::string& path, const std::string& contents);

// Throws UsageError "<flag>: cannot write '<path>': <reason>" unless path's folder exists and is writable and path
// is not a directory. For every output flag, checked before any work starts.
void checkWritable(const std::string& path, const std::string& flag);

// A metrics file's format from its extension, case-insensitively: .csv or .jsonl; anything else is a UsageError.
enum class MetricsFormat { Csv, JsonLines };
MetricsFormat metricsFormat(const std::string& path);

}  // namespace rl::cli
