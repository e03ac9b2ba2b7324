// Writing what a run produces without ever losing it (temp file, fsync, rename), and saved agents.
#pragma once
#include <string>
#include <vector>

#include "core/session/trainer.hpp"
#include "runs/run_spec.hpp"

namespace rl::runs {

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

// Writes the metrics of a trainer as CSV or JSON lines, atomically (temp file, then rename). Throws
// std::runtime_error naming the path when it cannot be written.
void writeMetrics(const Metrics& m, const std::string& path);

// Saved agents (core/agent_state.hpp), for the CLI and the GUI (through Session::withTrainer). saveAgent writes the
// trainer's agent to path atomically, or throws std::runtime_error naming the path. loadAgent loads path into the
// trainer's agent, or throws rl::AgentStateError "<path>: <what is wrong>" and leaves the agent exactly as it was.
void saveAgent(Trainer& t, const std::string& path);
void loadAgent(Trainer& t, const std::string& path);

// The saved agent's parameters as --set strings followed by run.sets: a run rebuilt from them has the file's sizes
// and settings, and the run's own values still win. Throws AgentStateError for another algorithm's or env's file.
std::vector<std::string> savedAgentSets(const std::string& path, const RunSpec& run);

}  // namespace rl::runs
