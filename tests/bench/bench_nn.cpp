// Google Benchmark: one Adam training step (zero grad, forward, MSE loss, backward, update) of the networks in
// issue #3's acceptance 5, single thread, float:
//   (a) MLP 3→64→64→1 tanh at batch 64 and 256     (b) MLP 4→256→256→2 ReLU at batch 256
//   (c) the MinAtar DQN net: conv 16×3×3 on 10×10×6 → ReLU → 1024 → 128 → ReLU → 6, batch 32
// The Time column is µs per step. "FLOP/s" counts the matrix products only (2·m·n·k each: the forward products,
// ∂L/∂W, and ∂L/∂X for every layer but the first, whose input gradient nobody needs), the usual convention;
// element-wise work (activations, loss, Adam) is extra and not counted. "%peak" divides by the single-core peak
// estimated for the build's instruction set (see kPeakFlops below).
//
// Measured on this project's 2-core AMD EPYC (Zen 3) VM, CPU-time medians of 7 repetitions, other builds running:
//                                   -march=x86-64-v2 (CMake default)   -march=x86-64-v3 (AVX2+FMA)
//   (a) 3→64→64→1 tanh, batch 64       96 µs   17 GFLOP/s               40 µs   42 GFLOP/s  (50% of 83)
//   (a) same, batch 256               361 µs   18 GFLOP/s              152 µs   43 GFLOP/s  (52%)
//   (b) 4→256→256→2 ReLU, batch 256  5.97 ms   17 GFLOP/s             1.68 ms   61 GFLOP/s  (73%)
//   (c) MinAtar DQN, batch 32         1.7–2.1 ms  16–18 GFLOP/s        0.74 ms   44 GFLOP/s  (53%)
// Eigen's own 256³ GEMM runs at ~20 GFLOP/s with SSE and ~55 with AVX2+FMA here, so the instruction set, not the
// library, sets the ceiling.
#include <benchmark/benchmark.h>

#include "core/nn/nn.hpp"

using namespace rl;
using namespace rl::nn;

namespace {
// Single-core float peak of this machine's AMD EPYC (Zen 3) core at the 2.6 GHz the VM reports. With AVX2+FMA two
// 8-wide FMA pipes give 32 FLOP/cycle = 83 GFLOP/s (an FMA-throughput loop measured 84 GFLOP/s here). With SSE only
// (x86-64-v2: no AVX, no FMA) two 4-wide multiply and two 4-wide add pipes give 16 FLOP/cycle = 42 GFLOP/s at best
// (a multiply+add loop measured 30 GFLOP/s). "%peak" is against the peak of the instruction set the build targets;
// Google Benchmark prints it with the "/s" of a rate counter — read it as a plain percentage.
#if defined(__AVX2__) && defined(__FMA__)
constexpr double kPeakFlops = 32 * 2.6e9;
#else
constexpr double kPeakFlops = 16 * 2.6e9;
#endif

double denseFlops(const std::vector<int>& sizes, int batch) {
  double f = 0;
  for (size_t i = 0; i + 1 < sizes.size(); ++i) {
    const double mnk = double(sizes[i]) * sizes[i + 1] * batch;
    f += 2 * mnk * (i == 0 ? 2 : 3);  // forward, ∂L/∂W, and ∂L/∂X except for the first layer
  }
  return f;
}

Mat<float> randomBatch(int rows, int cols, Rng& rng) {
  Mat<float> m(rows, cols);
  for (int j = 0; j < cols; ++j)
    for (int i = 0; i < rows; ++i) m(i, j) = float(rng.normal());
  return m;
}

void trainSteps(benchmark::State& state, SequentialF& net, const Mat<float>& x, const Mat<float>& y, double flops) {
  net.setNeedsInputGrad(false);
  Adam<float> opt({.lr = 1e-4});
  const std::vector<Param<float>*> params = net.params();
  for (auto _ : state) {
    zeroGrad(params);
    const Loss<float> loss = mse<float>(net.forward(x), y);
    net.backward(loss.grad);
    opt.step(params);
    benchmark::DoNotOptimize(loss.loss);
  }
  state.counters["FLOP/s"] = benchmark::Counter(flops, benchmark::Counter::kIsIterationInvariantRate);
  state.counters["%peak"] = benchmark::Counter(100 * flops / kPeakFlops, benchmark::Counter::kIsIterationInvariantRate);
  state.counters["params"] = double(paramCount(params));
}

void BM_NnMlpStep(benchmark::State& state, std::vector<int> sizes, const char* act) {
  const int batch = int(state.range(0));
  Rng rng(1);
  SequentialF net = makeMlp<float>(sizes, act, rng);
  const Mat<float> x = randomBatch(sizes.front(), batch, rng), y = randomBatch(sizes.back(), batch, rng);
  trainSteps(state, net, x, y, denseFlops(sizes, batch));
}

SequentialF minAtarNet(Rng& rng) {
  SequentialF net;
  net.add(Conv2D<float>({.channels = 6, .height = 10, .width = 10, .filters = 16, .kernel = 3, .stride = 1}, rng));
  net.add(Activation<float>(Act::ReLU));
  net.add(Flatten<float>());
  net.add(Linear<float>(16 * 8 * 8, 128, rng));
  net.add(Activation<float>(Act::ReLU));
  net.add(Linear<float>(128, 6, rng));
  return net;
}

// Conv as a GEMM: (N·64 pixels) × 54 patch entries × 16 filters, forward and ∂L/∂W (first layer: no ∂L/∂X).
double minAtarFlops(int batch) {
  const double conv = 2.0 * batch * 64 * 54 * 16 * 2;
  return conv + denseFlops({1024, 128, 6}, batch) + 2.0 * 1024 * 128 * batch;  // + ∂L/∂X of the 1024→128 layer
}

void BM_NnMinAtarDqnStep(benchmark::State& state) {
  const int batch = int(state.range(0));
  Rng rng(2);
  SequentialF net = minAtarNet(rng);
  Mat<float> x(600, batch);  // MinAtar observations are 0/1 channel maps
  for (int j = 0; j < batch; ++j)
    for (int i = 0; i < 600; ++i) x(i, j) = rng.uniform() < 0.1 ? 1.0f : 0.0f;
  trainSteps(state, net, x, randomBatch(6, batch, rng), minAtarFlops(batch));
}

// Acting: one observation through the MinAtar net (the per-env-step cost of ε-greedy action selection).
void BM_NnMinAtarDqnForward1(benchmark::State& state) {
  Rng rng(3);
  SequentialF net = minAtarNet(rng);
  const Mat<float> x = randomBatch(600, 1, rng);
  for (auto _ : state) benchmark::DoNotOptimize(net.forward(x).data());
}
}  // namespace

BENCHMARK_CAPTURE(BM_NnMlpStep, a_3_64_64_1_tanh, std::vector<int>{3, 64, 64, 1}, "tanh")
    ->Arg(64)
    ->Arg(256)
    ->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_NnMlpStep, b_4_256_256_2_relu, std::vector<int>{4, 256, 256, 2}, "relu")
    ->Arg(256)
    ->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_NnMinAtarDqnStep)->Arg(32)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_NnMinAtarDqnForward1)->Unit(benchmark::kMicrosecond);
