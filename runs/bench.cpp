#include "runs/bench.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>

namespace rl::runs {

// Time is checked every 4096 steps, so the seconds hold for slow algorithms (PPO's updates) as well as fast ones.
BenchResult benchThroughput(RunSpec run, double seconds) {
  if (!std::isfinite(seconds) || seconds < 0.1 || seconds > 600)
    throw UsageError("--seconds: expected a number of seconds in [0.1, 600], got '" + std::to_string(seconds) + "'");
  auto t = makeTrainer(run);
  // Tabular methods are measured without Dyna planning unless --set says otherwise.
  bool planningGiven = false;
  for (const auto& s : run.sets) planningGiven |= s.rfind("planning=", 0) == 0;
  if (!planningGiven && t->agent().params().find("planning")) {
    run.sets.push_back("planning=0");
    t = makeTrainer(run);
  }
  using Clock = std::chrono::steady_clock;
  auto elapsed = [](Clock::time_point since) { return std::chrono::duration<double>(Clock::now() - since).count(); };
  const auto w0 = Clock::now();  // warm-up: caches, allocations, the first update
  while (t->lifetimeSteps() < 100000 && elapsed(w0) < std::min(1.0, seconds)) t->advance(4096);
  const uint64_t start = t->lifetimeSteps();
  const auto t0 = Clock::now();
  double el = 0;
  while ((el = elapsed(t0)) < seconds) t->advance(4096);
  return {run, double(t->lifetimeSteps() - start) / el, el};
}

std::string benchLine(const BenchResult& r) {
  std::string line = r.run.algo + " on " + r.run.env;
  for (const auto& s : r.run.sets) line += " " + s;
  char buf[128];
  std::snprintf(buf, sizeof buf, ": %.4f M env steps/s (%.0f ns/step) over %.1f s", r.stepsPerSec / 1e6,
                1e9 / r.stepsPerSec, r.seconds);
  return line + buf;
}

}  // namespace rl::runs
