// Session files (.rllens): everything needed to reproduce a run, as versioned JSON.
//
//   {
//     "rllens_session": 1,                  the format version (this build reads 1)
//     "env": "gridworld", "algo": "ppo", "seed": 1,
//     "sets": ["lr=0.05", "env.slip=0.1"],  the initial parameter values (as --set takes them), applied in order
//     "commands": ["1200 set algo.lr 0.1"], the command log (core/session/command.hpp's lines), replayed at its steps
//     "steps": 40960,                       lifetime env steps when it was saved: `rllens train --session` runs to it
//     "view": { "lens": "policy", ... }     the app's lens and view settings (free-form, read by the app only)
//   }
//
// Reading is strict: an unknown version, a missing or mistyped field, an unknown env/algorithm id and a bad command
// line are each reported by field (and line), as one UsageError; nothing is half-loaded. Writing is atomic.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/cli/headless.hpp"
#include "core/session/command.hpp"

namespace rl::cli {

inline constexpr int kSessionVersion = 1;

struct SessionFile {
  RunSpec run;
  std::vector<LoggedCommand> commands;
  uint64_t steps = 0;
  nlohmann::json view = nlohmann::json::object();
};

// Reads and validates path. Throws UsageError "<path>: <field>: <what was expected>".
SessionFile readSessionFile(const std::string& path);
// Writes atomically (temp file, fsync, rename). Throws std::runtime_error naming the path.
void writeSessionFile(const std::string& path, const SessionFile& s);
std::string sessionJson(const SessionFile& s);

}  // namespace rl::cli
