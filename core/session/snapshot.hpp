// A Snapshot is plain copies of what the views need, published by the worker ~30×/s. Views are pure functions of
// (const Snapshot&, UiState&).
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/charts.hpp"
#include "core/env.hpp"
#include "core/insights.hpp"
#include "core/metrics.hpp"
#include "core/render_state.hpp"

namespace rl {

struct ParamView {
  ParamSpec spec;
  double value = 0.0;
  bool env = false;           // owned by the environment (else by the algorithm)
  bool pendingReset = false;  // changed since the last reset and needs one to take effect
};

struct Snapshot {
  uint64_t version = 0;
  std::string envId, algoId;
  EnvInfo envInfo;
  uint64_t seed = 0;
  uint64_t envSteps = 0;       // since the last reset
  uint64_t lifetimeSteps = 0;  // since the session began (command-log clock)
  uint64_t updates = 0, episodes = 0;
  double lastReturn = 0, currentReturn = 0;
  double envStepsPerSec = 0, updatesPerSec = 0;
  bool running = false;
  uint64_t replayTo = 0;  // > 0: replaying a session file's log up to this step (Session::replayAsync)
  uint64_t heldAt = 0;  // > 0: paused at this step by a lesson's page break (Session::holdAt) until the page turns
  double speed = 0;     // steps per second, 0 = unlimited
  std::string error;    // non-empty: training paused on this error (divergence, exception)
  std::string notice;   // last non-fatal message (rejected command, ...)
  std::string warning;  // training goes on, but something went off (value estimates beyond the largest return);
                        // kept until Reset
  std::vector<std::shared_ptr<const SeriesData>> series;
  std::shared_ptr<const ChartPlan> charts;  // which of them the learning-curve strip draws (Agent::charts)
  RenderState render;
  Insights insights;
  std::vector<ParamView> params;
  size_t commandCount = 0;
  uint64_t commandsApplied = 0;  // commands drained so far (Session::sync waits on it)

  const SeriesData* findSeries(const std::string& name) const {
    for (const auto& s : series)
      if (s && s->name == name) return s.get();
    return nullptr;
  }
};

}  // namespace rl
