// The status bar and the lenses' "no update yet" line say what is true now: no return left over from before a
// Reset, no episodes for the GAN toy (it has none), and no "press Play" while the run is playing.
#include <gtest/gtest.h>

#include "runs/run_spec.hpp"
#include "app/views/status_text.hpp"
#include "core/session/trainer.hpp"

using namespace rl;

namespace {
Snapshot snapshotOf(Trainer& t) {
  Snapshot s;
  t.fillSnapshot(s);
  return s;
}
bool has(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }
}  // namespace

TEST(StatusText, LastReturnIsADashUntilTheRunHasFinishedAnEpisodeAgainAfterReset) {
  auto t = runs::makeTrainer({"gridworld", "q-learning", 1, {}});
  EXPECT_TRUE(has(gui::statusNumbers(snapshotOf(*t), 60), "laps 0   last return —"));
  t->advance(3000);
  Snapshot s = snapshotOf(*t);
  ASSERT_GT(s.episodes, 0u);
  char expect[64];
  std::snprintf(expect, sizeof expect, "last return %+.2f", s.lastReturn);
  EXPECT_TRUE(has(gui::statusNumbers(s, 60), expect)) << gui::statusNumbers(s, 60);
  t->apply(Command::reset(1));
  s = snapshotOf(*t);
  EXPECT_EQ(s.episodes, 0u);
  EXPECT_TRUE(has(gui::statusNumbers(s, 60), "last return —")) << gui::statusNumbers(s, 60);
}

TEST(StatusText, TheGanToyCountsStepsNotEpisodes) {
  auto t = runs::makeTrainer({"gan1d", "gan", 1, {}});
  t->advance(50);
  const std::string line = gui::statusNumbers(snapshotOf(*t), 60);
  EXPECT_FALSE(has(line, "episodes")) << line;
  EXPECT_FALSE(has(line, "last return")) << line;
  EXPECT_TRUE(has(line, "step 50")) << line;
}

TEST(StatusText, NoUpdateYetSaysWhyWhileRunningAndWhatToPressWhenPaused) {
  auto t = runs::makeTrainer({"pendulum-discrete", "dqn", 1, {}});
  t->advance(10);
  Snapshot s = snapshotOf(*t);
  s.running = false;
  EXPECT_EQ(gui::noUpdateYet(s, "waiting"), "No update yet: press Play or Step.");
  s.running = true;
  const std::string running = gui::noUpdateYet(s, "waiting");
  EXPECT_FALSE(has(running, "press Play")) << running;
  EXPECT_TRUE(has(running, "replay buffer")) << running;  // DQN's phase: filling the buffer before learning_starts
}
