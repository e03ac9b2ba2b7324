// Policy-gradient learning tests with fixed seeds. Figures measured on the Release build for x86-64-v3 with the
// per-env presets (Ppo::presetFor, Reinforce::presetFor). Test names contain "PgLearning." so the sanitizer run
// skips them (test.sh).
#include <gtest/gtest.h>

#include <cmath>

#include "app/cli/headless.hpp"
#include "core/rl/ppo.hpp"

using namespace rl;

// Pendulum-v1, continuous torque, 200-step episodes. Random: about −1200. PPO with the pendulum preset (one env,
// 2048-step rollouts, 10 epochs of 64-sample minibatches, γ 0.9, λ 0.95, Adam 1e-3 annealed to 0 over 200k steps,
// rewards ×0.1, tanh MLP 64-64, state-independent log σ), 200k steps: mean return of the last 100 episodes
// −198.9, −177.8, −191.0, −162.3, −180.1 for seeds 1–5 (about 1.8 s per seed).
// Threshold: ≥ −250 on every seed.
TEST(PgLearning, PpoPendulumSwingsUp) {
  for (uint64_t seed : {1, 2, 3, 4, 5}) {
    auto t = cli::makeTrainer({"pendulum", "ppo", seed, {}});
    t->advance(200000);
    EXPECT_GE(t->recentMeanReturn(), -250.0) << "seed " << seed;
    EXPECT_EQ(t->checkFinite(), "");
  }
}

// Pendulum with 5 torques (the discrete head), same preset: −192.5, −165.0 for seeds 1–2 after 200k steps.
TEST(PgLearning, PpoPendulumDiscreteSwingsUp) {
  for (uint64_t seed : {1, 2}) {
    auto t = cli::makeTrainer({"pendulum-discrete", "ppo", seed, {}});
    t->advance(200000);
    EXPECT_GE(t->recentMeanReturn(), -250.0) << "seed " << seed;
  }
}
