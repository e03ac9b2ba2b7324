// Google Benchmark: DDPG / TD3 gradient updates per second on the pendulum, single thread, float. The replay is first
// filled with the zoo preset's 10 000 uniform-random steps; then each iteration is
//   Update:     one update (core/rl/ddpg.cpp, Ddpg::updateOn) on a fresh batch of 256: target actor and critic(s)
//               forward on s′, the critic step(s), and — every update for DDPG, every 2nd for TD3 — the actor step by
//               the pathwise gradient and the Polyak updates of every target network;
//   TrainStep:  one env step of training after learning started (act, step, store, one update, decide the next
//               action): what `rllens train` does per step.
// Networks 400-300 (rl-baselines3-zoo's DDPG Pendulum-v1 setting), and the 64-64, batch-64 setting the learning test
// uses (tests/unit/test_ddpg.cpp). "updates/s" counts iterations per second of CPU time.
//
// Measured on this project's 2-core AMD EPYC (Zen 3) VM, x86-64-v3 Release build, CPU-time medians of 5 repetitions
// with other builds running (load average about 4):
//   Update     DDPG 400-300, batch 256    8.9 ms    112 updates/s
//   Update     TD3  400-300, batch 256   10.5 ms     95 updates/s   (two critics; the actor every 2nd update)
//   TrainStep  DDPG 400-300, batch 256    9.3 ms    107 steps/s     (so a 20 000-step zoo run, 10 000 updates: ~1.5 min
//                                                                     of updates; 2–2.5 min measured with other load)
//   TrainStep  DDPG 64-64, batch 64       0.10 ms   10.3 k steps/s
#include <benchmark/benchmark.h>

#include "runs/run_spec.hpp"
#include "core/rl/ddpg.hpp"

namespace {

std::unique_ptr<rl::Trainer> filled(std::vector<std::string> sets) {
  sets.push_back("learning_starts=10000");
  auto t = rl::runs::makeTrainer({"pendulum", "ddpg", 1, sets});
  t->advance(10000);  // uniform random actions, no update yet
  return t;
}

void BM_DdpgUpdate(benchmark::State& state, std::vector<std::string> sets) {
  auto t = filled(std::move(sets));
  rl::Ddpg& d = static_cast<rl::Ddpg&>(t->agent());
  const int batch = int(t->agent().params().get("batch_size"));
  rl::Rng rng(2);
  std::vector<int> idx;
  for (auto _ : state) {
    d.replay().sample(batch, rng, idx);
    d.updateOn(idx);
  }
  benchmark::DoNotOptimize(d.lastCriticLoss(0));
  state.counters["updates/s"] = benchmark::Counter(double(state.iterations()), benchmark::Counter::kIsRate);
}

void BM_DdpgTrainStep(benchmark::State& state, std::vector<std::string> sets) {
  auto t = filled(std::move(sets));
  for (auto _ : state) benchmark::DoNotOptimize(t->advance(1));
  state.counters["updates/s"] = benchmark::Counter(double(state.iterations()), benchmark::Counter::kIsRate);
}

}  // namespace

BENCHMARK_CAPTURE(BM_DdpgUpdate, ddpg_400_300_batch256, std::vector<std::string>{})->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_DdpgUpdate, td3_400_300_batch256, std::vector<std::string>{"td3=true"})
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_DdpgTrainStep, ddpg_400_300_batch256, std::vector<std::string>{})->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_DdpgTrainStep, ddpg_64_64_batch64, std::vector<std::string>{"hidden1=64", "hidden2=64",
                                                                                   "batch_size=64"})
    ->Unit(benchmark::kMillisecond);
