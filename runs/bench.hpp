// Headless throughput: env steps per second of one algorithm on one env, on this thread, updates included. Shared by
// `rllens bench` and the browser build's benchmark (tests/web/bench_node.cpp, the same code compiled to wasm).
#pragma once
#include <string>

#include "runs/run_spec.hpp"

namespace rl::runs {

struct BenchResult {
  RunSpec run;               // as measured (tabular methods get planning=0 unless the run sets it)
  double stepsPerSec = 0;
  double seconds = 0;        // measured, after a warm-up of up to 1 s or 100 000 steps
};
// Throws UsageError for seconds outside [0.1, 600] or a run makeTrainer refuses.
BenchResult benchThroughput(RunSpec run, double seconds);
// "ppo on pendulum: 0.0812 M env steps/s (12315 ns/step) over 2.0 s"
std::string benchLine(const BenchResult& r);

}  // namespace rl::runs
