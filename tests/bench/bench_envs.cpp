// Google Benchmark: env steps per second on one core, and the vectorised runner with 8 and 16 copies.
// Actions come from a precomputed table so the figure is the env's cost, not the RNG's.
#include <benchmark/benchmark.h>

#include "core/rng.hpp"
#include "core/vector_env.hpp"
#include "envs/registry.hpp"

namespace {

constexpr int kTable = 4096;

void BM_EnvStep(benchmark::State& state, const char* id) {
  auto env = rl::findEnvironment(id)->make();
  env->reset(uint64_t(1));
  const rl::Space a = env->actionSpace();
  rl::Rng rng(2);
  std::vector<int> discrete(kTable);
  std::vector<double> continuous(kTable);
  for (int i = 0; i < kTable; ++i) {
    discrete[size_t(i)] = a.kind == rl::Space::Kind::Discrete ? rng.below(a.n) : 0;
    continuous[size_t(i)] = a.kind == rl::Space::Kind::Box ? rng.uniform(a.low[0], a.high[0]) : 0.0;
  }
  // The gridworld offers a subset of actions per state: step with the allowed one nearest the table's choice.
  const bool masked = std::string(id) == "gridworld";
  int64_t steps = 0;
  for (auto _ : state) {
    for (int i = 0; i < kTable; ++i) {
      rl::StepResult r;
      if (a.kind == rl::Space::Kind::Discrete) {
        int act = discrete[size_t(i)];
        if (masked) {
          const uint64_t mask = env->actionMask();
          while (!(mask >> act & 1)) act = (act + 1) & 3;
        }
        r = env->step(act);
      } else {
        r = env->stepContinuous(std::span<const double>(&continuous[size_t(i)], 1));
      }
      if (r.terminated || r.truncated) env->reset();
    }
    steps += kTable;
  }
  benchmark::DoNotOptimize(env->observation().data());
  state.counters["steps/s"] = benchmark::Counter(double(steps), benchmark::Counter::kIsRate);
}
BENCHMARK_CAPTURE(BM_EnvStep, gridworld, "gridworld")->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_EnvStep, invaders, "invaders")->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_EnvStep, pendulum, "pendulum")->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_EnvStep, gan1d, "gan1d")->Unit(benchmark::kMicrosecond);

// The vectorised runner copies every observation into its batch (what a learner reads), so this includes the
// 600-float Invaders observations.
void BM_VectorEnv(benchmark::State& state, const char* id) {
  const int n = int(state.range(0));
  rl::VectorEnv v(rl::findEnvironment(id)->make, n);
  v.reset(1);
  const rl::Space a = v.env(0).actionSpace();
  rl::Rng rng(3);
  std::vector<int> acts(static_cast<size_t>(n));
  std::vector<double> u(static_cast<size_t>(n));
  int64_t steps = 0;
  for (auto _ : state) {
    for (int k = 0; k < 256; ++k) {
      if (a.kind == rl::Space::Kind::Discrete) {
        for (int& x : acts) x = rng.below(a.n);
        v.step(acts);
      } else {
        for (double& x : u) x = rng.uniform(a.low[0], a.high[0]);
        v.stepContinuous(u);
      }
    }
    steps += 256 * n;
  }
  state.counters["steps/s"] = benchmark::Counter(double(steps), benchmark::Counter::kIsRate);
}
BENCHMARK_CAPTURE(BM_VectorEnv, invaders, "invaders")->Arg(8)->Arg(16)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_VectorEnv, pendulum, "pendulum")->Arg(8)->Arg(16)->Unit(benchmark::kMicrosecond);

}  // namespace
