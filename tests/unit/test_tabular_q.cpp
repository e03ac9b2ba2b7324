// Tabular Q-learning / SARSA learn the solver's greedy policy on the REINFORCEjs gridworld.
#include <gtest/gtest.h>

#include <cmath>

#include "app/cli/headless.hpp"
#include "core/rl/tabular_q.hpp"
#include "envs/gridworld.hpp"

using namespace rl;

namespace {
// Counts reachable, non-goal states whose optimal action is unique and where the learner's greedy action differs.
int mismatches(const Trainer& t, const Gridworld& env) {
  const auto& agent = static_cast<const TabularQ&>(const_cast<Trainer&>(t).agent());
  const GridLayout& g = env.layout();
  const GridSolution& sol = env.solution();
  int bad = 0, checked = 0;
  for (int s = 0; s < g.numStates(); ++s) {
    if (g.wall[size_t(s)] || std::popcount(sol.policy[size_t(s)]) != 1) continue;
    ++checked;
    if (!(sol.policy[size_t(s)] >> agent.greedyAction(s) & 1)) ++bad;
  }
  EXPECT_GT(checked, 40);
  return bad;
}
}  // namespace

// Acceptance 2: TD-demo settings (Q-learning, γ 0.9, ε 0.2, α 0.1, 50 planning steps, step cost −0.01) reach the
// solver's greedy action on every state with a unique optimal action within 500 000 env steps, for 5 seeds.
// (Measured: seeds 1–10 need 5k–490k steps; the slow ones are corner cells the ε-greedy agent rarely visits.)
TEST(TabularQ, QLearningTdDemoReachesOptimalPolicyFiveSeeds) {
  for (uint64_t seed : {1, 2, 3, 4, 5}) {
    auto t = cli::makeTrainer({"gridworld", "q-learning", seed, {"step_cost=-0.01"}});
    t->advance(500000);
    auto& env = static_cast<Gridworld&>(static_cast<EpisodeStatistics&>(t->env()).inner());
    EXPECT_EQ(mismatches(*t, env), 0) << "seed " << seed;
  }
}

TEST(TabularQ, QLearningWithoutPlanningLearnsTheStartValue) {
  for (uint64_t seed : {11, 12, 13}) {
    auto t = cli::makeTrainer({"gridworld", "q-learning", seed, {"step_cost=-0.01", "planning=0"}});
    t->advance(200000);
    auto& env = static_cast<Gridworld&>(static_cast<EpisodeStatistics&>(t->env()).inner());
    const auto& agent = static_cast<const TabularQ&>(t->agent());
    const double v0 = std::max(agent.q(0, Gridworld::kDown), agent.q(0, Gridworld::kRight));
    EXPECT_NEAR(v0, env.solution().v[0], 2e-3) << "seed " << seed;
  }
}

TEST(TabularQ, QValuesApproachQStar) {
  auto t = cli::makeTrainer({"gridworld", "q-learning", 3, {"step_cost=-0.01"}});
  t->advance(50000);
  auto& env = static_cast<Gridworld&>(static_cast<EpisodeStatistics&>(t->env()).inner());
  const auto& agent = static_cast<const TabularQ&>(t->agent());
  // V(start) = max_a Q(0, a) within 1e-3 of the solver.
  const double v0 = std::max(agent.q(0, Gridworld::kDown), agent.q(0, Gridworld::kRight));
  EXPECT_NEAR(v0, env.solution().v[0], 1e-3);
}

// Lap returns: the first 50 laps average about −0.9 (wandering into −1 cells); after 50k steps the last 100
// average 0.04–0.35 (ε = 0.2 still stumbles into the −1 cells that ring the goal). Measured over seeds 1–10.
TEST(TabularQ, SarsaImprovesLapReturn) {
  for (uint64_t seed : {1, 2, 3, 4, 5}) {
    auto t = cli::makeTrainer({"gridworld", "sarsa", seed, {"step_cost=-0.01"}});
    t->advance(50000);
    const MetricSeries* ret = t->metrics().find("charts/episodic_return");
    ASSERT_NE(ret, nullptr);
    const auto& y = ret->data().y;
    ASSERT_GT(y.size(), 150u);
    double early = 0, late = 0;
    for (size_t i = 0; i < 50; ++i) early += y[i] / 50;
    for (size_t i = y.size() - 100; i < y.size(); ++i) late += y[i] / 100;
    EXPECT_GT(late, early + 0.5) << "seed " << seed;
    EXPECT_GT(late, 0.0) << "seed " << seed;
  }
}

TEST(TabularQ, OptimisticInitialValuesApplyOnReset) {
  auto t = cli::makeTrainer({"gridworld", "q-learning", 1, {"q_init=1.5"}});
  const auto& agent = static_cast<const TabularQ&>(t->agent());
  EXPECT_FLOAT_EQ(agent.q(99, 0), 1.5f);
}
