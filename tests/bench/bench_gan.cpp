// Google Benchmark: GAN iterations on gan1d, single thread, float. The Time column is µs per iteration.
//
//   peer_work   the work of ../shared/peers/torch_gan1d.py: one D step on B real + B generated samples, one
//               non-saturating G step on fresh noise; G z(1) → 32 → 32 → 1 and D 1 → 32 → 32 → 1 (ReLU), Adam 1e-3,
//               batch 64, target N(4, 0.5²), z ~ N(0, 1). No metrics (log_every at its maximum). Our real samples
//               come from the MDP (about 2B env steps per D step), the peer's from torch.randn.
//   peer_work_with_metrics   the same with the default metrics point every 100 iterations (4096-sample W1, JS).
//   stabilised  the default preset: batch 128, z(4), leaky ReLU, R1 γ = 10 (its tangent pass), metrics every 100.
//   gan_as_ac   the actor-critic form of peer_work (2B transitions: the MDP stepped until B of each are shown).
// Compare with the peer side by side: /usr/bin/python3 ../shared/peers/torch_gan1d.py (µs per iteration).
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "runs/run_spec.hpp"

namespace {

const std::vector<std::string> kPeerWork = {"preset=custom", "loss=non-saturating", "r1_gamma=0", "batch=64",
                                            "noise=normal", "noise_dim=1", "g_activation=relu", "d_activation=relu",
                                            "lr_g=0.001", "lr_d=0.001", "log_every=100000"};

void BM_Gan(benchmark::State& state, const std::string& algo, std::vector<std::string> sets) {
  auto t = rl::runs::makeTrainer({"gan1d", algo, 1, std::move(sets)});
  t->advance(200);  // warm up, as the peer does
  for (auto _ : state) t->advance(1);
  state.SetItemsProcessed(state.iterations());
}

std::vector<std::string> with(std::vector<std::string> v, const std::string& kv) {
  v.push_back(kv);
  return v;
}

}  // namespace

BENCHMARK_CAPTURE(BM_Gan, peer_work, std::string("gan"), kPeerWork)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_Gan, peer_work_with_metrics, std::string("gan"), with(kPeerWork, "log_every=100"))
    ->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_Gan, stabilised, std::string("gan"), std::vector<std::string>{})->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_Gan, gan_as_ac, std::string("gan-as-ac"),
                  (std::vector<std::string>{"objective=non-saturating", "batch=64", "noise_dim=1", "activation=relu",
                                            "lr_actor=0.001", "lr_critic=0.001", "log_every=100000"}))
    ->Unit(benchmark::kMicrosecond);
