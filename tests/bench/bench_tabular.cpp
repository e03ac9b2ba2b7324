// Google Benchmark: headless tabular Q-learning throughput on the gridworld (env steps per second, one core).
#include <benchmark/benchmark.h>

#include "runs/run_spec.hpp"

static void BM_TabularQ(benchmark::State& state, const char* algo, int planning) {
  auto t = rl::runs::makeTrainer({"gridworld", algo, 1, {"step_cost=-0.01", "planning=" + std::to_string(planning)}});
  t->advance(100000);
  const int chunk = 1 << 16;
  for (auto _ : state) benchmark::DoNotOptimize(t->advance(chunk));
  state.SetItemsProcessed(int64_t(state.iterations()) * chunk);
  state.counters["steps/s"] = benchmark::Counter(double(state.iterations()) * chunk, benchmark::Counter::kIsRate);
}
BENCHMARK_CAPTURE(BM_TabularQ, q_learning_no_planning, "q-learning", 0)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_TabularQ, sarsa_no_planning, "sarsa", 0)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_TabularQ, q_learning_planning50, "q-learning", 50)->Unit(benchmark::kMillisecond);

static void BM_GridworldSolver(benchmark::State& state) {
  auto t = rl::runs::makeTrainer({"gridworld", "q-learning", 1, {}});
  for (auto _ : state) {
    t->apply(rl::Command::editEnv({"reward", 36, double(state.iterations() % 3)}));  // invalidates the cache
    benchmark::DoNotOptimize(t->env().renderState());
  }
}
BENCHMARK(BM_GridworldSolver)->Unit(benchmark::kMicrosecond);
