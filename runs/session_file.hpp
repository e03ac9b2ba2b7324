// Session files (.rllens): everything needed to reproduce a run, as versioned JSON.
//
//   {
//     "rllens_session": 2,                  the format version (this build reads 1 and 2; version 1 has no checkpoint)
//     "env": "gridworld", "algo": "ppo", "seed": 1,
//     "sets": ["lr=0.05", "env.slip=0.1"],  the initial parameter values (as --set takes them), applied in order
//     "commands": ["1200 set algo.lr 0.1"], the command log (core/session/command.hpp's lines), replayed at its steps
//     "steps": 40960,                       lifetime env steps when it was saved: `rllens train --session` runs to it
//     "view": { "lens": "policy", ... }     the app's lens and view settings (free-form, read by the app only)
//     "checkpoint": {                       optional: the run's whole state at `steps` (Trainer::checkpoint), so
//       "bytes": 123456,                    opening continues there at once instead of replaying the log;
//       "fnv1a64": "89ab…",                 its length and FNV-1a-64 checksum before compression,
//       "zlib_base64": "eJz…" },            and the bytes themselves, zlib-compressed, then base64
//     "agent_loaded_at": 5000               optional: the step at which an agent was loaded from a file (the log
//   }                                       alone cannot re-derive such a run; only its checkpoint holds it)
//
// Reading is strict: an unknown version, a missing or mistyped field, an unknown env/algorithm id and a bad command
// line are each reported by field (and line), as one UsageError; nothing is half-loaded. Writing is atomic.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "runs/run_spec.hpp"
#include "core/session/command.hpp"

namespace rl::runs {

inline constexpr int kSessionVersion = 2;
// The most env steps a session (or `rllens train --steps`) may name: about three hours at the fastest env's rate
// and days for the network learners; beyond it a replay would never finish (a typo, not a run).
inline constexpr uint64_t kMaxRunSteps = 10'000'000'000ULL;

struct SessionFile {
  RunSpec run;
  std::vector<LoggedCommand> commands;
  uint64_t steps = 0;
  nlohmann::json view = nlohmann::json::object();
  std::string checkpoint;          // Trainer::checkpoint() bytes at `steps`; empty = the log alone
  int64_t agentLoadedAt = -1;      // the step an agent was loaded from a file at, -1 = never
};

// Reads and validates path. Throws UsageError "<path>: <field>: <what was expected>".
SessionFile readSessionFile(const std::string& path);
// Writes atomically (temp file, fsync, rename). Throws std::runtime_error naming the path.
void writeSessionFile(const std::string& path, const SessionFile& s);
std::string sessionJson(const SessionFile& s);
// The trainer for a session file: built from its run, then its checkpoint restored (or, without one or with
// `replay`, its log replayed to its steps). Throws UsageError naming the file when the checkpoint does not fit.
std::unique_ptr<Trainer> openSessionTrainer(const SessionFile& s, const std::string& path, bool replay);
// Fills s.checkpoint from the trainer; returns why not (empty when it did), e.g. "… cannot be checkpointed yet".
std::string takeCheckpoint(Trainer& t, SessionFile& s);

}  // namespace rl::runs
