// DQN learning tests with fixed seeds (issue #5 acceptance 2 and 3). Every figure quoted was measured on the
// Release build for x86-64-v3 (the default RLLENS_ARCH), with the per-env presets (Dqn::presetFor) unless a --set
// says otherwise. Seeded runs depend on the arch's float arithmetic: the x86-64-v2 build gave figures of the same
// size (in brackets where they were measured) and passes too.
#include <gtest/gtest.h>

#include "runs/run_spec.hpp"
#include "core/rl/dqn.hpp"

using namespace rl;

namespace {
double meanOfLast(const Trainer& t, size_t n) {
  const MetricSeries* s = const_cast<Trainer&>(t).metrics().find("charts/episodic_return");
  EXPECT_NE(s, nullptr);
  const auto& y = s->data().y;
  EXPECT_GE(y.size(), n);
  double m = 0;
  for (size_t i = y.size() - n; i < y.size(); ++i) m += y[i] / double(n);
  return m;
}
}  // namespace

// Gridworld (REINFORCEjs layout, no step cost): the return of a lap is +1 (goal) minus 1 per −1 cell left.
// Random policy, 15k steps: the last 20 laps average −36.2, −22.5, −25.1, −26.6, −40.8 for seeds 1–5 (laps of ~400
// steps). DQN (one-hot MLP 64,
// Adam 1e-3, γ 0.9, target copy every 200 updates, ε 1 → 0.05 over 10k steps after 500 steps of collection), 15k
// steps: the last 20 laps average 0.85, 0.70, 0.90, 1.00, 1.00 for seeds 1–5 (v2: 0.85 0.90 0.75 0.90 0.90), about
// 510 laps each.
// Threshold: > 0.5, and above the random run's mean lap by more than 10.
TEST(DqnLearning, GridworldBeatsRandom) {
  for (uint64_t seed : {1, 2, 3, 4, 5}) {
    auto random = runs::makeTrainer({"gridworld", "random", seed, {}});
    random->advance(15000);
    const double randomLap = meanOfLast(*random, 20);
    auto t = runs::makeTrainer({"gridworld", "dqn", seed, {}});
    t->advance(15000);
    const double dqnLap = meanOfLast(*t, 20);
    EXPECT_GT(dqnLap, 0.5) << "seed " << seed;
    EXPECT_GT(dqnLap, randomLap + 10.0) << "seed " << seed << " random " << randomLap;
    EXPECT_EQ(t->checkFinite(), "");
  }
}

// Pendulum-v1 with 5 torques, 200-step episodes. Random: −1206, −1214, −1239 (mean of 100 episodes, seeds 1–3).
// DQN (MLP 64-64, Adam 1e-3, γ 0.98, batch 64, target copy every 500 updates), 25k steps = 125 episodes: the last 10
// average −99.5, −181.5, −135.4, −160.7, −185.0 for seeds 1–5 (v2: −100 −183 −135 −164 −170). Threshold: > −400.
TEST(DqnLearning, PendulumDiscreteBeatsRandom) {
  for (uint64_t seed : {1, 2, 3, 4, 5}) {
    auto t = runs::makeTrainer({"pendulum-discrete", "dqn", seed, {}});
    t->advance(25000);
    EXPECT_GT(meanOfLast(*t, 10), -400.0) << "seed " << seed;
    EXPECT_EQ(t->checkFinite(), "");
  }
}

// Acceptance 3, the overestimation plot. Setting: gridworld with slip 0.4 (the intended move is replaced by a random
// one 40 % of the time, so max over noisy estimates is biased upward), gridworld preset, 20k steps, seeds 1–5.
// Gap = mean over the second half of the recorded episodes of (mean Q estimate at visit − mean realised discounted
// return). Measured over seeds 1–10: plain DQN 0.121–0.262 (seeds 1–5: 0.135 0.176 0.261 0.188 0.195, mean 0.191),
// double DQN 0.020–0.129 (seeds 1–5: 0.055 0.129 0.084 0.033 0.037, mean 0.068); double was smaller on every one of
// the 10 seeds (closest: seed 2, 0.129 vs 0.176). The v2 build: plain 0.110–0.217, double 0.012–0.129, also 10/10.
// Test: smaller on each of the 5 seeds, and the mean double gap below 0.6 × the mean plain gap.
TEST(DqnLearning, DoubleDqnShrinksTheOverestimationGap) {
  auto gap = [](uint64_t seed, bool dbl) {
    auto t = runs::makeTrainer({"gridworld", "dqn", seed, {"slip=0.4", dbl ? "double=true" : "double=false"}});
    t->advance(20000);
    const auto& ov = static_cast<Dqn&>(t->agent()).overestimation();
    EXPECT_GE(ov.size(), 16u);
    double g = 0;
    const size_t from = ov.size() / 2;
    for (size_t i = from; i < ov.size(); ++i) g += (ov[i].qEstimate - ov[i].realizedReturn) / double(ov.size() - from);
    // The metric series carry the same points.
    EXPECT_EQ(t->metrics().find("overestimation/q_estimate")->data().rawCount, ov.size());
    return g;
  };
  double sumPlain = 0, sumDouble = 0;
  for (uint64_t seed : {1, 2, 3, 4, 5}) {
    const double plain = gap(seed, false), dbl = gap(seed, true);
    EXPECT_LT(dbl, plain) << "seed " << seed;
    sumPlain += plain, sumDouble += dbl;
  }
  EXPECT_GT(sumPlain, 0.0);
  EXPECT_LT(sumDouble, 0.6 * sumPlain) << "plain " << sumPlain / 5 << " double " << sumDouble / 5;
}
