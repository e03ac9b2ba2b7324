// The env checker on every registered env and wrapper combination, and on broken envs (so it can fail).
#include <gtest/gtest.h>

#include "core/vector_env.hpp"
#include "envs/env_checker.hpp"
#include "envs/gridworld.hpp"
#include "envs/invaders.hpp"
#include "envs/pendulum.hpp"
#include "envs/registry.hpp"
#include "envs/wrappers.hpp"

using namespace rl;

namespace {
std::string join(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += x + "\n";
  return s;
}

// Broken on purpose: its observation depends on a global counter, not on the seed.
int gCounter = 0;
class Unseeded final : public Env {
 public:
  std::span<const float> reset(std::optional<uint64_t>) override { return obs_ = float(++gCounter % 5), observation(); }
  StepResult step(int) override { return {0.0, false, false}; }
  std::span<const float> observation() const override { return {&obs_, 1}; }
  Space observationSpace() const override { return Space::discrete(5); }
  Space actionSpace() const override { return Space::discrete(2); }
  EnvInfo info() const override { return {"unseeded", "", "", {}}; }
  float obs_ = 0;
};
}  // namespace

TEST(EnvChecker, EveryRegisteredEnvPasses) {
  for (const auto& e : environments()) {
    EnvCheckOptions opt;
    if (e.id.rfind("pendulum", 0) == 0) opt.expectTruncationAt = 200, opt.mayTerminate = false;
    if (e.id == "gridworld") opt.mayTerminate = false;
    EXPECT_EQ(join(checkEnv(e.make, opt)), "") << e.id;
  }
}

TEST(EnvChecker, WrapperCombinationsPass) {
  EnvCheckOptions limited;
  limited.expectTruncationAt = 50;
  limited.mayTerminate = false;
  EXPECT_EQ(join(checkEnv([] { return std::make_unique<TimeLimit>(std::make_unique<Pendulum>(), 50); }, limited)), "");
  EXPECT_EQ(join(checkEnv([] {
              return std::make_unique<TimeLimit>(std::make_unique<DiscretizeActions>(std::make_unique<Pendulum>(), 9), 50);
            }, limited)), "");
  EnvCheckOptions grid;
  grid.mayTerminate = false;
  EXPECT_EQ(join(checkEnv([] { return std::make_unique<TimeLimit>(std::make_unique<Gridworld>(), 30); }, grid)), "");
  EXPECT_EQ(join(checkEnv([] {
              auto g = std::make_unique<Gridworld>();
              g->params().set("slip", 0.3);
              return g;
            }, grid)), "");
  EXPECT_EQ(join(checkEnv([] {
              auto e = std::make_unique<Invaders>();
              e->params().set("minimal_actions", 1.0);
              return std::make_unique<TimeLimit>(std::move(e), 40);
            })), "");
}

TEST(EnvChecker, CatchesBrokenEnvs) {
  EXPECT_NE(join(checkEnv([] { return std::make_unique<Unseeded>(); })).find("reset(seed) twice"), std::string::npos);
  // A time limit of 30 checked as if it were 200: the checker must notice the early truncation.
  EnvCheckOptions wrong;
  wrong.expectTruncationAt = 200;
  EXPECT_NE(join(checkEnv([] { return std::make_unique<TimeLimit>(std::make_unique<Pendulum>(), 30); }, wrong))
                .find("expected truncation at 200"),
            std::string::npos);
}

TEST(VectorEnv, CopiesAreSeededFromTheBaseAndAutoResetKeepingTheFinalObservation) {
  VectorEnv v([] { return std::make_unique<TimeLimit>(std::make_unique<Pendulum>(), 5); }, 4);
  v.reset(10);
  // Copy i equals a single env seeded 10 + i.
  for (int i = 0; i < 4; ++i) {
    Pendulum p;
    const auto o = p.reset(uint64_t(10 + i));
    for (int k = 0; k < 3; ++k) EXPECT_EQ(v.obs()[size_t(i * 3 + k)], o[size_t(k)]);
  }
  EXPECT_NE(v.obs()[0], v.obs()[3]);
  const std::vector<double> u(4, 1.0);
  Pendulum solo;
  solo.reset(uint64_t(10));
  std::vector<float> lastSolo;
  for (int t = 0; t < 5; ++t) {
    v.stepContinuous(u);
    const double one = 1.0;
    solo.stepContinuous(std::span<const double>(&one, 1));
    const auto o = solo.observation();
    lastSolo.assign(o.begin(), o.end());
  }
  ASSERT_TRUE(v.truncated()[0]);
  for (int k = 0; k < 3; ++k) EXPECT_EQ(v.finalObs()[size_t(k)], lastSolo[size_t(k)]);  // the pre-reset observation
  EXPECT_NE(v.obs()[0], lastSolo[0]);                                                  // the row was reset
}
