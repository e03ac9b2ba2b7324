// Policy-gradient learning tests with fixed seeds. Figures measured on the Release build for x86-64-v3 with the
// per-env presets (Ppo::presetFor, Reinforce::presetFor). Test names contain "PgLearning." so the sanitizer run
// skips them (test.sh).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

#include "runs/run_spec.hpp"
#include "grid_policy_util.hpp"
#include "core/rl/ppo.hpp"
#include "core/session/snapshot.hpp"

using namespace rl;

// Pendulum-v1, continuous torque, 200-step episodes. Random: about −1200. PPO with the pendulum preset (one env,
// 2048-step rollouts, 10 epochs of 64-sample minibatches, γ 0.9, λ 0.95, Adam 1e-3 annealed to 0 over 200k steps,
// rewards ×0.1, tanh MLP 64-64, state-independent log σ), 200k steps: mean return of the last 100 episodes
// −212.2, −187.5, −165.9, −154.1, −189.6 for seeds 1–5 (about 1.8 s per seed).
// Threshold: ≥ −250 on every seed.
TEST(PgLearning, PpoPendulumSwingsUp) {
  for (uint64_t seed : {1, 2, 3, 4, 5}) {
    auto t = runs::makeTrainer({"pendulum", "ppo", seed, {}});
    t->advance(200000);
    EXPECT_GE(t->recentMeanReturn(), -250.0) << "seed " << seed;
    EXPECT_EQ(t->checkFinite(), "");
  }
}

// Pendulum with 5 torques (the discrete head), same preset, 200k steps: −177.6, −200.7, −163.9, −159.0, −162.2 for
// seeds 1–5. Threshold: ≥ −250 on every seed.
TEST(PgLearning, PpoPendulumDiscreteSwingsUp) {
  for (uint64_t seed : {1, 2, 3, 4, 5}) {
    auto t = runs::makeTrainer({"pendulum-discrete", "ppo", seed, {}});
    t->advance(200000);
    EXPECT_GE(t->recentMeanReturn(), -250.0) << "seed " << seed;
  }
}

using rl::testutil::optimalCells;

// The REINFORCEjs gridworld (no step cost) with exploring starts (random_start: every lap begins in a random cell,
// so every cell is visited, as Monte-Carlo ES needs; from the fixed start an on-policy learner never revisits the
// cells off its path and their greedy action stays arbitrary). 400k steps, the presets (tabular softmax policy and
// critic). Greedy policy optimal on, of 87 reachable cells, seeds 1–5:
//   PPO (GAE critic, 512-step rollouts, ent 0.02):                      86, 85, 83, 85, 86 (mean lap return ≈ 0.9)
//   REINFORCE with the learned baseline (8 episodes a batch, 100-step episode limit, ent 0.02): 86, 87, 87, 87, 83
// Threshold: ≥ 90 % of the cells (79 of 87) and a mean lap return above 0.5 (the goal is reached lap after lap).
TEST(PgLearning, GridworldPpoAndReinforceReachTheOptimalPolicy) {
  for (const char* algo : {"ppo", "reinforce"})
    for (uint64_t seed : {1, 2, 3, 4, 5}) {
      auto t = runs::makeTrainer({"gridworld", algo, seed, {"random_start=true"}});
      if (algo == std::string("reinforce")) {
        ASSERT_EQ(t->agent().params().get("baseline"), 2.0);  // learned V(s)
      }
      t->advance(400000);
      int n = 0;
      const int ok = optimalCells(*t, &n);
      std::printf("%s seed %llu: greedy optimal on %d of %d cells, mean lap return %.3f\n", algo,
                  (unsigned long long)seed, ok, n, t->recentMeanReturn());
      EXPECT_GE(ok, int(std::ceil(0.9 * n))) << algo << " seed " << seed << ": " << ok << " of " << n;
      EXPECT_GT(t->recentMeanReturn(), 0.5) << algo << " seed " << seed;
    }
}

// From the fixed start (the app's default world), PPO's preset reaches the goal lap after lap on every seed:
// mean return of the last 100 laps 0.99, 1.00, 0.99, 1.00, 1.00 after 400k steps (the optimum is 1: the goal, no
// −1 cell on the way). Threshold: > 0.9.
TEST(PgLearning, GridworldPpoReachesTheGoalFromTheFixedStart) {
  for (uint64_t seed : {1, 2, 3, 4, 5}) {
    auto t = runs::makeTrainer({"gridworld", "ppo", seed, {}});
    t->advance(400000);
    EXPECT_GT(t->recentMeanReturn(), 0.9) << "seed " << seed;
  }
}
