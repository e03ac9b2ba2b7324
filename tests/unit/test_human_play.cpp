// Human play is the env's own knowledge (EnvInfo::human): each key takes the action whose name says what the key
// means, on every env, including the discretised pendulum (torques mapped to the nearest of its values) and Invaders
// with minimal actions. The app reads only this table; it never tests env ids.
#include <gtest/gtest.h>

#include "envs/registry.hpp"

using namespace rl;

namespace {

EnvInfo infoOf(const std::string& id, const std::string& param = "", double value = 0) {
  auto env = findEnvironment(id)->make();
  if (!param.empty()) env->params().set(param, value), env->reset(1);
  return env->info();
}

std::string nameOf(const EnvInfo& i, HumanKey k) {
  const int a = i.human.action(k);
  return a < 0 ? "none" : i.actionNames.at(size_t(a));
}

}  // namespace

TEST(HumanPlay, GridworldArrowsMoveTheAgentOneStepAPress) {
  const EnvInfo i = infoOf("gridworld");
  EXPECT_EQ(i.human.style, HumanPlay::Style::PerKey);
  EXPECT_EQ(nameOf(i, HumanKey::Left), "left");
  EXPECT_EQ(nameOf(i, HumanKey::Right), "right");
  EXPECT_EQ(nameOf(i, HumanKey::Up), "up");
  EXPECT_EQ(nameOf(i, HumanKey::Down), "down");
  EXPECT_EQ(nameOf(i, HumanKey::Fire), "none");
  EXPECT_EQ(i.episodeNoun, "lap");  // a continuing task: its episodes are laps from start to goal
}

TEST(HumanPlay, InvadersKeysFollowTheActionSetInUse) {
  for (double minimal : {0.0, 1.0}) {
    const EnvInfo i = infoOf("invaders", "minimal_actions", minimal);
    SCOPED_TRACE(minimal ? "minimal actions" : "all six actions");
    EXPECT_EQ(i.human.style, HumanPlay::Style::PerKey);
    EXPECT_EQ(nameOf(i, HumanKey::Left), "left");
    EXPECT_EQ(nameOf(i, HumanKey::Right), "right");
    EXPECT_EQ(nameOf(i, HumanKey::Fire), "fire");
    EXPECT_EQ(nameOf(i, HumanKey::Up), "no-op");  // the cannon only moves sideways: ↑ and ↓ wait a step
    EXPECT_EQ(nameOf(i, HumanKey::Down), "no-op");
    EXPECT_EQ(i.episodeNoun, "episode");
  }
}

TEST(HumanPlay, PendulumsAreHeldTorquesInRealTime) {
  const EnvInfo c = infoOf("pendulum");
  EXPECT_EQ(c.human.style, HumanPlay::Style::RealTime);
  EXPECT_DOUBLE_EQ(c.human.dt, 0.05);  // Pendulum-v1's own step: 20 steps a second
  EXPECT_DOUBLE_EQ(c.human.keyValue[size_t(HumanKey::Left)], -2.0);
  EXPECT_DOUBLE_EQ(c.human.keyValue[size_t(HumanKey::Right)], 2.0);
  EXPECT_DOUBLE_EQ(c.human.idleValue, 0.0);
  EXPECT_TRUE(c.human.maps(HumanKey::Left));
  EXPECT_FALSE(c.human.maps(HumanKey::Fire));

  const EnvInfo d = infoOf("pendulum-discrete");  // torques −2, −1, 0, 1, 2
  EXPECT_EQ(d.human.style, HumanPlay::Style::RealTime);
  EXPECT_EQ(nameOf(d, HumanKey::Left), "-2");
  EXPECT_EQ(nameOf(d, HumanKey::Right), "+2");
  ASSERT_GE(d.human.idleAction, 0);
  EXPECT_EQ(d.actionNames.at(size_t(d.human.idleAction)), "+0");
  EXPECT_TRUE(d.human.maps(HumanKey::Right));
  EXPECT_FALSE(d.human.maps(HumanKey::Up));
}

TEST(HumanPlay, TheGanToyIsPlayedWithThePointerAndHasNoEpisodes) {
  const EnvInfo i = infoOf("gan1d");
  EXPECT_EQ(i.human.style, HumanPlay::Style::Pointer);
  EXPECT_FALSE(i.human.hint.empty());
  EXPECT_FALSE(i.hasEpisodes);
}

TEST(HumanPlay, EveryEnvSaysHowItIsPlayed) {
  for (const EnvEntry& e : environments()) {
    const EnvInfo i = e.make()->info();
    SCOPED_TRACE(e.id);
    EXPECT_NE(i.human.style, HumanPlay::Style::None);
    EXPECT_FALSE(i.human.hint.empty());
    for (int k = 0; k < kHumanKeys; ++k) EXPECT_LT(i.human.keyAction[size_t(k)], int(i.actionNames.size()));
  }
}
