// Golden tests: the gridworld and its solver against REINFORCEjs's DP demo (tests/data/reinforcejs_gridworld_dp.json).
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "envs/gridworld.hpp"

using namespace rl;

namespace {
nlohmann::json loadReference() {
  std::ifstream in(RLLENS_TEST_DATA "/reinforcejs_gridworld_dp.json");
  EXPECT_TRUE(in.good()) << "missing reference file";
  return nlohmann::json::parse(in);
}

void expectTableMatches(const nlohmann::json& rows, const GridSolution& sol, const GridLayout& g, double tol) {
  int checked = 0;
  for (int y = 0; y < 10; ++y)
    for (int x = 0; x < 10; ++x) {
      const auto& cell = rows[size_t(y)][size_t(x)];
      const int s = g.index(x, y);
      if (cell.is_null()) {
        EXPECT_TRUE(g.wall[size_t(s)]) << "reference has a wall at x=" << x << " y=" << y;
        continue;
      }
      EXPECT_NEAR(sol.v[size_t(s)], cell.get<double>(), tol) << "V at x=" << x << " y=" << y;
      ++checked;
    }
  EXPECT_EQ(checked, 88);
}
}  // namespace

TEST(GridworldSolver, MatchesReinforcejsDpOnEveryCell) {
  const auto ref = loadReference();
  const GridLayout g = GridLayout::reinforcejsDefault();
  const GridSolution sol = solveGridworld(g, 0.9, 0.0, 0.0);
  expectTableMatches(ref["V_rows_y_cols_x"], sol, g, 1e-6);
  EXPECT_NEAR(sol.v[0], 0.222390484, 1e-9);
  EXPECT_NEAR(sol.v[55], 1.200151436, 1e-9);
}

TEST(GridworldSolver, MatchesTdRewardVariantOnEveryCell) {
  const auto ref = loadReference();
  const GridLayout g = GridLayout::reinforcejsDefault();
  const GridSolution sol = solveGridworld(g, 0.9, -0.01, 0.0);
  expectTableMatches(ref["td_reward_variant"]["V_rows_y_cols_x"], sol, g, 1e-6);
}

TEST(GridworldSolver, GreedyPolicyMatchesReference) {
  const auto ref = loadReference();
  const GridLayout g = GridLayout::reinforcejsDefault();
  const GridSolution sol = solveGridworld(g, 0.9, 0.0, 0.0);
  const char letters[4] = {'L', 'U', 'D', 'R'};
  for (int y = 0; y < 10; ++y)
    for (int x = 0; x < 10; ++x) {
      const std::string want = ref["greedy_policy_rows_y_cols_x"][size_t(y)][size_t(x)];
      const int s = g.index(x, y);
      if (want == "#") continue;
      std::string got;
      for (int a = 0; a < 4; ++a)
        if (sol.policy[size_t(s)] >> a & 1) got += letters[a];
      EXPECT_EQ(got, want) << "policy at x=" << x << " y=" << y;
    }
}

TEST(GridworldSolver, SlipLowersValuesNearPits) {
  const GridLayout g = GridLayout::reinforcejsDefault();
  const GridSolution exact = solveGridworld(g, 0.9, 0.0, 0.0);
  const GridSolution slippery = solveGridworld(g, 0.9, 0.0, 0.3);
  // With slip the agent can fall into −1 cells it would otherwise avoid: the start is worth less.
  EXPECT_LT(slippery.v[0], exact.v[0]);
  // And it is still the fixed point of the slip-aware backup.
  EXPECT_LT(slippery.residual, 1e-12);
}

TEST(Gridworld, RulesFollowReinforcejs) {
  Gridworld env;
  auto obs = env.reset(uint64_t(7));
  EXPECT_EQ(obs[0], 0.f);
  EXPECT_EQ(env.actionMask(), (1u << Gridworld::kDown) | (1u << Gridworld::kRight));  // top-left corner
  // Down from (0,0) to (0,1): reward of the cell left (0).
  StepResult r = env.step(Gridworld::kDown);
  EXPECT_EQ(env.observation()[0], 1.f);
  EXPECT_EQ(r.reward, 0.0);
  // (0,1) → right to (1,1) = s 11; then down would hit the wall at s 12: stays put.
  env.step(Gridworld::kRight);
  EXPECT_EQ(env.observation()[0], 11.f);
  env.step(Gridworld::kDown);
  EXPECT_EQ(env.observation()[0], 11.f);
}

TEST(Gridworld, GoalReturnsToStartAndEndsALap) {
  Gridworld env;
  env.reset(uint64_t(1));
  env.edit({"start", 56, 0});  // directly below the goal
  env.reset();
  StepResult r = env.step(Gridworld::kUp);  // leave 56 (reward 0) into the goal
  EXPECT_EQ(env.observation()[0], 55.f);
  EXPECT_FALSE(r.truncated);
  r = env.step(Gridworld::kLeft);  // every action from the goal: +1, back to the start, lap ends
  EXPECT_DOUBLE_EQ(r.reward, 1.0);
  EXPECT_TRUE(r.truncated);
  EXPECT_FALSE(r.terminated);
  EXPECT_EQ(env.observation()[0], 56.f);
}

TEST(Gridworld, StepCostAndEditsApply) {
  Gridworld env;
  env.params().set("step_cost", -0.01);
  env.reset(uint64_t(1));
  StepResult r = env.step(Gridworld::kRight);
  EXPECT_DOUBLE_EQ(r.reward, -0.01);
  env.edit({"reward", 10, 0.5});
  r = env.step(Gridworld::kRight);  // leaving s=10
  EXPECT_DOUBLE_EQ(r.reward, 0.49);
  EXPECT_THROW(env.edit({"wall", 0, 1}), std::invalid_argument);  // the start cannot be a wall
  EXPECT_THROW(env.edit({"reward", 100, 1}), std::invalid_argument);
  EXPECT_THROW(env.edit({"paint", 3, 1}), std::invalid_argument);
  EXPECT_THROW(env.params().set("slip", 1.5), std::invalid_argument);
}

TEST(Gridworld, SlipIsSeededAndDeterministic) {
  Gridworld a, b;
  a.params().set("slip", 0.5);
  b.params().set("slip", 0.5);
  a.reset(uint64_t(42));
  b.reset(uint64_t(42));
  int moved = 0;
  for (int i = 0; i < 500; ++i) {
    const int act = (i % 2) ? Gridworld::kRight : Gridworld::kDown;
    const int before = int(a.observation()[0]);
    a.step(act);
    b.step(act);
    ASSERT_EQ(a.observation()[0], b.observation()[0]);
    moved += int(a.observation()[0]) != before;
    if (int(a.observation()[0]) == 99) a.reset(), b.reset();
  }
  EXPECT_GT(moved, 100);
}

TEST(Gridworld, WallEditChangesSolution) {
  Gridworld env;
  const double before = env.solution().v[0];
  env.edit({"wall", 52, 1});  // close the hole in the y = 2 wall: the goal is further away
  EXPECT_LT(env.solution().v[0], before);
  env.edit({"wall", 52, 0});
  EXPECT_DOUBLE_EQ(env.solution().v[0], before);
}
