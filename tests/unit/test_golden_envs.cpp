// Golden rollouts: Invaders against MinAtar 1.0.15 (hash for hash), Pendulum against Gymnasium 1.4.0 (to 1e-9).
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "envs/invaders.hpp"
#include "envs/mt19937.hpp"
#include "envs/pendulum.hpp"

using namespace rl;

namespace {
nlohmann::json invadersReference() {
  std::ifstream in(RLLENS_TEST_DATA "/minatar_space_invaders_rollout.json");
  EXPECT_TRUE(in.good());
  return nlohmann::json::parse(in);
}
std::string hex(uint64_t h) {
  char buf[20];
  std::snprintf(buf, sizeof buf, "%016llx", (unsigned long long)h);
  return buf;
}
std::string state01(const Invaders& env) {
  std::string s;
  for (float v : env.observation()) s += v != 0.f ? '1' : '0';
  return s;
}
}  // namespace

TEST(NumpyRandomState, MatchesNumpySeedZero) {
  NumpyRandomState r(0);
  EXPECT_DOUBLE_EQ(r.rand(), 0.5488135039273248);
  EXPECT_DOUBLE_EQ(r.rand(), 0.7151893663724195);
  EXPECT_DOUBLE_EQ(r.rand(), 0.6027633760716439);
}

TEST(InvadersGolden, ReproducesMinatarRolloutHashForHash) {
  const auto ref = invadersReference();
  Invaders env;
  env.params().set("sticky", 0.0);
  env.reset(uint64_t(0));
  EXPECT_EQ(hex(env.stateHash()), ref["initial_state"]["hash"].get<std::string>());
  EXPECT_EQ(state01(env), ref["initial_state"]["state01"].get<std::string>());
  int total = 0;
  for (const auto& step : ref["steps"]) {
    const int t = step["t"];
    const StepResult r = env.step(step["a"].get<int>());
    total += int(r.reward);
    ASSERT_EQ(int(r.reward), step["r"].get<int>()) << "t=" << t;
    ASSERT_EQ(r.terminated, step["terminal"].get<bool>()) << "t=" << t;
    ASSERT_EQ(hex(env.stateHash()), step["hash"].get<std::string>()) << "t=" << t;
    if (step.contains("state01")) ASSERT_EQ(state01(env), step["state01"].get<std::string>()) << "t=" << t;
    if (r.terminated) env.reset();
  }
  EXPECT_EQ(total, ref["summary"]["total_reward"].get<int>());
}

TEST(InvadersGolden, InternalsMatchAfterEveryStep) {
  const auto ref = invadersReference();
  Invaders env;
  env.params().set("sticky", 0.0);
  env.reset(uint64_t(0));
  for (const auto& step : ref["steps"]) {
    const StepResult r = env.step(step["a"].get<int>());
    const auto detail = nlohmann::json::parse("{" + env.stepDetail() + "}");
    ASSERT_EQ(detail["internals"], step["internals"]) << "t=" << step["t"];
    if (r.terminated) env.reset();
  }
}

TEST(InvadersGolden, StickyActionsMatchMinatarSeedZero) {
  const auto ref = invadersReference();
  const auto& bonus = ref["bonus_sticky_0.1_seed0"];
  Invaders env;
  env.params().set("sticky", 0.1);
  env.reset(uint64_t(0));
  int repeated = 0;
  for (const auto& step : bonus["steps"]) {
    const StepResult r = env.step(step["a"].get<int>());
    ASSERT_EQ(env.effectiveAction(), step["a_effective"].get<int>()) << "t=" << step["t"];
    ASSERT_EQ(int(r.reward), step["r"].get<int>()) << "t=" << step["t"];
    ASSERT_EQ(r.terminated, step["terminal"].get<bool>()) << "t=" << step["t"];
    ASSERT_EQ(hex(env.stateHash()), step["hash"].get<std::string>()) << "t=" << step["t"];
    repeated += step["a"] != step["a_effective"];
    if (r.terminated) env.reset();
  }
  EXPECT_GT(repeated, 10);  // the check really exercised sticky repeats
}

TEST(InvadersGolden, MinimalActionSetMapsToFullActions) {
  Invaders full, minimal;
  full.params().set("sticky", 0.0);
  minimal.params().set("sticky", 0.0);
  minimal.params().set("minimal_actions", 1.0);
  full.reset(uint64_t(3));
  minimal.reset(uint64_t(3));
  EXPECT_EQ(minimal.actionSpace().n, 4);
  const int fullOf[4] = {0, 1, 3, 5};
  for (int t = 0; t < 300; ++t) {
    const int a = (t * 7 + 3) % 4;
    const StepResult r1 = full.step(fullOf[a]), r2 = minimal.step(a);
    ASSERT_EQ(full.stateHash(), minimal.stateHash()) << "t=" << t;
    ASSERT_EQ(r1.reward, r2.reward);
    if (r1.terminated) full.reset(), minimal.reset();
  }
  EXPECT_THROW(minimal.step(4), std::invalid_argument);
}

TEST(PendulumGolden, ReproducesGymnasiumRolloutTo1e9) {
  std::ifstream in(RLLENS_TEST_DATA "/pendulum_v1_rollout.csv");
  ASSERT_TRUE(in.good());
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line, "t,theta_t,thetadot_t,u_t,reward_t,theta_t1,thetadot_t1");
  Pendulum env;
  env.params().set("random_init", 0.0);
  env.params().set("init_theta", 1.0);
  env.params().set("init_thetadot", 0.0);
  env.reset(uint64_t(0));
  double total = 0;
  int rows = 0;
  while (std::getline(in, line)) {
    std::stringstream ss(line);
    double v[7];
    char comma;
    ss >> v[0];
    for (int i = 1; i < 7; ++i) ss >> comma >> v[i];
    EXPECT_NEAR(env.theta(), v[1], 1e-9) << "t=" << v[0];
    EXPECT_NEAR(env.thetaDot(), v[2], 1e-9) << "t=" << v[0];
    const double u = v[3];
    const StepResult r = env.stepContinuous(std::span<const double>(&u, 1));
    EXPECT_NEAR(r.reward, v[4], 1e-9) << "t=" << v[0];
    EXPECT_NEAR(env.theta(), v[5], 1e-9) << "t=" << v[0];
    EXPECT_NEAR(env.thetaDot(), v[6], 1e-9) << "t=" << v[0];
    EXPECT_FALSE(r.terminated);
    total += r.reward;
    ++rows;
  }
  EXPECT_EQ(rows, 200);
  EXPECT_NEAR(total, -972.6013166, 1e-6);
}

TEST(Pendulum, AngleNormalizeMatchesPythonModulo) {
  EXPECT_NEAR(Pendulum::angleNormalize(3.5), 3.5 - 2 * M_PI, 1e-15);
  EXPECT_NEAR(Pendulum::angleNormalize(-3.5), -3.5 + 2 * M_PI, 1e-15);
  EXPECT_NEAR(Pendulum::angleNormalize(0.25), 0.25, 1e-15);
  EXPECT_NEAR(Pendulum::angleNormalize(M_PI), -M_PI, 1e-15);  // [−π, π)
}
