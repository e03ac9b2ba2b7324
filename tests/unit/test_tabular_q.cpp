// Tabular Q-learning / SARSA learn the solver's greedy policy on the REINFORCEjs gridworld.
#include <gtest/gtest.h>

#include <cmath>

#include "runs/run_spec.hpp"
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
    auto t = runs::makeTrainer({"gridworld", "q-learning", seed, {"step_cost=-0.01"}});
    t->advance(500000);
    auto& env = static_cast<Gridworld&>(static_cast<EpisodeStatistics&>(t->env()).inner());
    EXPECT_EQ(mismatches(*t, env), 0) << "seed " << seed;
  }
}

TEST(TabularQ, QLearningWithoutPlanningLearnsTheStartValue) {
  for (uint64_t seed : {11, 12, 13}) {
    auto t = runs::makeTrainer({"gridworld", "q-learning", seed, {"step_cost=-0.01", "planning=0"}});
    t->advance(200000);
    auto& env = static_cast<Gridworld&>(static_cast<EpisodeStatistics&>(t->env()).inner());
    const auto& agent = static_cast<const TabularQ&>(t->agent());
    const double v0 = std::max(agent.q(0, Gridworld::kDown), agent.q(0, Gridworld::kRight));
    EXPECT_NEAR(v0, env.solution().v[0], 2e-3) << "seed " << seed;
  }
}

TEST(TabularQ, QValuesApproachQStar) {
  auto t = runs::makeTrainer({"gridworld", "q-learning", 3, {"step_cost=-0.01"}});
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
    auto t = runs::makeTrainer({"gridworld", "sarsa", seed, {"step_cost=-0.01"}});
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
  auto t = runs::makeTrainer({"gridworld", "q-learning", 1, {"q_init=1.5"}});
  const auto& agent = static_cast<const TabularQ&>(t->agent());
  EXPECT_FLOAT_EQ(agent.q(99, 0), 1.5f);
}

// ---- Issue 5: every tabular method, traces, exploration schedules, the cliff walk ----

#include "core/rl/tabular_mc.hpp"

namespace {
Gridworld& gridOf(Trainer& t) { return static_cast<Gridworld&>(static_cast<Wrapper&>(t.env()).unwrapped()); }

// Greedy rollout from the start: the number of cliff-edge cells (row 8, columns 1–8) on the path, the highest
// (smallest) row reached, and whether the goal was reached within 60 steps.
struct Path {
  int edge = 0, highestRow = 9;
  bool reached = false;
};
Path greedyPath(Trainer& t) {
  const auto& agent = static_cast<const TabularQ&>(t.agent());
  const GridLayout& g = gridOf(t).layout();
  Path p;
  int s = g.start;
  for (int k = 0; k < 60 && s != g.goal; ++k) {
    s = g.successor(s, agent.greedyAction(s));
    p.edge += g.y(s) == 8 && g.x(s) >= 1 && g.x(s) <= 8;
    p.highestRow = std::min(p.highestRow, g.y(s));
  }
  p.reached = s == g.goal;
  return p;
}
}  // namespace

// SARSA and Expected SARSA with ε decaying 0.3 → 0 (GLIE) and Dyna planning reach the solver's greedy action on
// every state with a unique optimum within 1 000 000 steps, seeds 1–5 (measured: 10k–70k).
TEST(TabularQ, SarsaAndExpectedSarsaWithDecayingEpsilonReachTheOptimalPolicy) {
  for (const char* algo : {"sarsa", "expected-sarsa"})
    for (uint64_t seed : {1, 2, 3, 4, 5}) {
      auto t = runs::makeTrainer(
          {"gridworld", algo, seed, {"step_cost=-0.01", "epsilon=0.3", "epsilon_final=0", "epsilon_decay=1000000"}});
      t->advance(1000000);
      EXPECT_EQ(mismatches(*t, gridOf(*t)), 0) << algo << " seed " << seed;
    }
}

// Sutton & Barto's example 6.6 on our grid: under ε = 0.1, Q-learning's greedy path runs along the cliff edge
// (8 edge cells, 11 steps) while SARSA, whose values include its own exploration, keeps two rows away.
TEST(TabularQ, CliffWalkQLearningTakesTheEdgeSarsaTheSafePath) {
  for (uint64_t seed : {1, 2, 3, 4, 5}) {
    const std::vector<std::string> sets = {"layout=cliff", "epsilon=0.1", "planning=0", "alpha=0.2", "gamma=0.95",
                                           "step_cost=-0.1"};
    auto q = runs::makeTrainer({"gridworld", "q-learning", seed, sets});
    auto sarsa = runs::makeTrainer({"gridworld", "sarsa", seed, sets});
    q->advance(500000);
    sarsa->advance(500000);
    const Path pq = greedyPath(*q), ps = greedyPath(*sarsa);
    EXPECT_TRUE(pq.reached && ps.reached) << "seed " << seed;
    EXPECT_EQ(pq.edge, 8) << "seed " << seed;
    EXPECT_LE(ps.edge, 1) << "seed " << seed;
    EXPECT_LE(ps.highestRow, 7) << "seed " << seed;
  }
}

// Eligibility traces: one TD error of 1 at the third step updates the two earlier pairs by α·δ·(γλ)^k.
TEST(TabularQ, EligibilityTracesSpreadTheTdErrorBackwards) {
  for (const char* kind : {"replacing", "accumulating"}) {
    auto t = runs::makeTrainer({"gridworld", "sarsa", 1,
                               {"alpha=0.5", "gamma=0.9", "lambda=0.8", "epsilon=0", "epsilon_final=0", "planning=0",
                                std::string("trace=") + kind}});
    t->apply(Command::editEnv({"reward", 20, 1.0}));  // leaving (2, 0) pays 1
    for (int k = 0; k < 3; ++k) t->apply(Command::human(Gridworld::kRight));  // 0 → 10 → 20 → 30
    const auto& agent = static_cast<const TabularQ&>(t->agent());
    EXPECT_NEAR(agent.q(20, Gridworld::kRight), 0.5, 1e-6) << kind;
    EXPECT_NEAR(agent.q(10, Gridworld::kRight), 0.5 * 0.72, 1e-6) << kind;
    EXPECT_NEAR(agent.q(0, Gridworld::kRight), 0.5 * 0.72 * 0.72, 1e-6) << kind;
  }
  // Revisiting a pair: replacing resets its trace to 1, accumulating adds 1 — the second update differs.
  double q0[2];
  for (int i = 0; i < 2; ++i) {
    auto t = runs::makeTrainer({"gridworld", "sarsa", 1,
                               {"alpha=0.5", "gamma=0.9", "lambda=0.8", "epsilon=0", "epsilon_final=0", "planning=0",
                                i == 0 ? "trace=replacing" : "trace=accumulating"}});
    t->apply(Command::editEnv({"reward", 10, 1.0}));  // leaving (1, 0) pays 1
    for (int a : {Gridworld::kRight, Gridworld::kLeft, Gridworld::kRight})
      t->apply(Command::human(a));  // 0 → 10 → 0 → 10
    q0[i] = static_cast<const TabularQ&>(t->agent()).q(0, Gridworld::kRight);
  }
  EXPECT_GT(q0[1], q0[0]);
}

TEST(TabularQ, EpsilonDecaysLinearlyThenHolds) {
  auto t = runs::makeTrainer({"gridworld", "q-learning", 1, {"epsilon=0.5", "epsilon_final=0.1", "epsilon_decay=1000"}});
  const auto& agent = static_cast<const TabularQ&>(t->agent());
  EXPECT_DOUBLE_EQ(agent.currentEpsilon(), 0.5);
  t->advance(500);
  EXPECT_NEAR(agent.currentEpsilon(), 0.3, 1e-12);
  t->advance(5000);
  EXPECT_NEAR(agent.currentEpsilon(), 0.1, 1e-12);
}

TEST(TabularQ, BoltzmannExplorationLearnsTheStartValue) {
  auto t = runs::makeTrainer({"gridworld", "q-learning", 2, {"step_cost=-0.01", "exploration=boltzmann", "temperature=0.05"}});
  t->advance(200000);
  const auto& agent = static_cast<const TabularQ&>(t->agent());
  EXPECT_NEAR(std::max(agent.q(0, Gridworld::kDown), agent.q(0, Gridworld::kRight)), gridOf(*t).solution().v[0], 2e-3);
}

// Monte-Carlo returns, by hand: start (0, 9) on the cliff → right into the pit (reward 0) → out of the pit (−10,
// back to the start); the 2-step cap cuts the episode and bootstraps from max Q(start) = 0.
// G₁ = −10, G₀ = 0 + 0.9·(−10) = −9; with α = 0.1: Q(pit, ·) = −1, Q(start, right) = −0.9.
TEST(TabularMc, ReturnsAreComputedBackwardsAndBootstrappedAtTheCap) {
  auto t = runs::makeTrainer({"gridworld", "mc-control", 1,
                             {"layout=cliff", "alpha=0.1", "gamma=0.9", "max_episode=2", "epsilon=0", "epsilon_final=0"}});
  const GridLayout& g = gridOf(*t).layout();
  t->apply(Command::human(Gridworld::kRight));
  t->apply(Command::human(Gridworld::kUp));
  const auto& mc = static_cast<const TabularMc&>(t->agent());
  EXPECT_NEAR(mc.q(g.start, Gridworld::kRight), -0.9, 1e-6);
  EXPECT_NEAR(mc.q(g.index(1, 9), Gridworld::kUp), -1.0, 1e-6);
}

// Sample averages and first visits, by hand: start → pit (0) → start (−10) → pit (0), cut by the 3-step cap and
// bootstrapped from max Q(pit) = 0. Returns: G₂ = 0, G₁ = −10, G₀ = −9; (start, right) is visited at t = 0 and 2.
// constant α 0.1: −0.9 (the t = 2 update moves nothing); every-visit average: (0 + −9)/2 = −4.5; first-visit
// average: −9.
TEST(TabularMc, SampleAveragesAndFirstVisitsByHand) {
  const std::vector<std::pair<std::vector<std::string>, double>> cases = {
      {{}, -0.9}, {{"step_size=average"}, -4.5}, {{"step_size=average", "first_visit=true"}, -9.0}};
  for (const auto& [extra, expected] : cases) {
    std::vector<std::string> sets = {"layout=cliff", "alpha=0.1", "gamma=0.9", "max_episode=3", "epsilon=0", "epsilon_final=0"};
    sets.insert(sets.end(), extra.begin(), extra.end());
    auto t = runs::makeTrainer({"gridworld", "mc-control", 1, sets});
    const GridLayout& g = gridOf(*t).layout();
    for (int a : {Gridworld::kRight, Gridworld::kUp, Gridworld::kRight}) t->apply(Command::human(a));
    const auto& mc = static_cast<const TabularMc&>(t->agent());
    EXPECT_NEAR(mc.q(g.start, Gridworld::kRight), expected, 1e-6) << (extra.empty() ? "constant" : extra.back());
    EXPECT_NEAR(mc.q(g.index(1, 9), Gridworld::kUp), extra.empty() ? -1.0 : -10.0, 1e-6);
  }
}

// Acceptance 1 for Monte-Carlo control: with exploring starts (random start cell, random first action, then the
// greedy policy: Monte-Carlo ES) it reaches the solver's greedy action on every unique-optimum state within 750 000
// steps, seeds 1–5 (measured: 250k–500k). With ε-greedy instead it does not: its values are those of the ε-soft
// policy, and γ = 0.9 leaves far cells' action values within the returns' noise (25–39 cells wrong at 2M steps).
TEST(TabularMc, ExploringStartsReachesOptimalPolicyFiveSeeds) {
  for (uint64_t seed : {1, 2, 3, 4, 5}) {
    auto t = runs::makeTrainer({"gridworld", "mc-control", seed,
                               {"step_cost=-0.01", "random_start=true", "random_first_action=true", "epsilon=0",
                                "epsilon_final=0", "max_episode=100"}});
    t->advance(750000);
    const GridLayout& g = gridOf(*t).layout();
    const GridSolution& sol = gridOf(*t).solution();
    const auto& mc = static_cast<const TabularMc&>(t->agent());
    int bad = 0, checked = 0;
    for (int s = 0; s < g.numStates(); ++s) {
      if (g.wall[size_t(s)] || std::popcount(sol.policy[size_t(s)]) != 1) continue;
      ++checked;
      bad += !(sol.policy[size_t(s)] >> mc.greedyAction(s) & 1);
    }
    EXPECT_GT(checked, 40);
    EXPECT_EQ(bad, 0) << "seed " << seed;
  }
}
