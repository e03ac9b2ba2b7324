// Classroom mode's settings (app/ui/classroom.hpp): the JSON the settings file and session files' "view" carry
// reads back to the same settings, bad fields are skipped without losing the rest, and a session file keeps them.
// Also the caption's source: every algorithm says in words what it is doing (Insights::phase).
#include <gtest/gtest.h>

#include <filesystem>

#include "runs/run_spec.hpp"
#include "runs/session_file.hpp"
#include "app/ui/classroom.hpp"
#include "core/session/trainer.hpp"

using gui::ClassroomSettings;
using gui::Theme;

namespace {

ClassroomSettings sample() {
  ClassroomSettings c;
  c.enabled = true;
  c.scale = 2.25f;
  c.theme = Theme::Dark;
  c.caption = false;
  c.hidden = {"charts", "env_picker", "status_numbers"};
  c.lensSection = "Last TD update";
  return c;
}

void expectSame(const ClassroomSettings& a, const ClassroomSettings& b) {
  EXPECT_EQ(a.enabled, b.enabled);
  EXPECT_FLOAT_EQ(a.scale, b.scale);
  EXPECT_EQ(a.theme, b.theme);
  EXPECT_EQ(a.caption, b.caption);
  EXPECT_EQ(a.hidden, b.hidden);
  EXPECT_EQ(a.lensSection, b.lensSection);
}

}  // namespace

TEST(Classroom, JsonRoundTrip) {
  const ClassroomSettings c = sample();
  ClassroomSettings back;  // defaults differ from the sample in every field
  ASSERT_NE(back.enabled, c.enabled);
  gui::classroomFromJson(gui::classroomToJson(c), back);
  expectSame(c, back);
  // Through text, as the settings file stores it.
  ClassroomSettings fromText;
  gui::classroomFromJson(nlohmann::json::parse(gui::classroomToJson(c).dump()), fromText);
  expectSame(c, fromText);
}

TEST(Classroom, BadFieldsAreSkippedNotFatal) {
  ClassroomSettings c = sample();
  gui::classroomFromJson(
      nlohmann::json::parse(R"({"enabled": "yes", "scale": 7, "theme": "neon", "caption": true,
                                "hidden": ["charts", "no_such_control", 3, "seed"]})"),
      c);
  EXPECT_TRUE(c.enabled);                  // wrong type: kept
  EXPECT_FLOAT_EQ(c.scale, 3.f);           // out of range: clamped to [1, 3]
  EXPECT_EQ(c.theme, Theme::Dark);         // unknown theme: kept
  EXPECT_TRUE(c.caption);                  // valid: read
  EXPECT_EQ(c.hidden, (std::set<std::string>{"charts", "seed"}));  // unknown ids dropped
  gui::classroomFromJson(nlohmann::json::array(), c);  // not an object: nothing changes
  EXPECT_TRUE(c.caption);
}

TEST(Classroom, ScaleSnapsToQuarterSteps) {
  EXPECT_FLOAT_EQ(ClassroomSettings::snapScale(1.9f), 2.f);
  EXPECT_FLOAT_EQ(ClassroomSettings::snapScale(1.3f), 1.25f);
  EXPECT_FLOAT_EQ(ClassroomSettings::snapScale(0.2f), 1.f);
  EXPECT_FLOAT_EQ(ClassroomSettings::snapScale(std::nanf("")), 1.f);
}

TEST(Classroom, HiddenOnlyInClassroomMode) {
  ClassroomSettings c = sample();
  EXPECT_TRUE(c.hides("charts"));
  EXPECT_FLOAT_EQ(c.effectiveScale(), 2.25f);
  c.enabled = false;  // F9 off: every control back, 1×, dark
  EXPECT_FALSE(c.hides("charts"));
  EXPECT_FLOAT_EQ(c.effectiveScale(), 1.f);
  EXPECT_EQ(c.effectiveTheme(), Theme::Dark);
}

TEST(Classroom, SessionFileViewKeepsTheSettings) {
  rl::runs::SessionFile sf;
  sf.steps = 0;
  sf.view = {{"lens", "q"}, {"classroom", gui::classroomToJson(sample())}};
  const std::string path =
      (std::filesystem::temp_directory_path() / "rllens_classroom_test.rllens").string();
  rl::runs::writeSessionFile(path, sf);
  const rl::runs::SessionFile back = rl::runs::readSessionFile(path);
  std::filesystem::remove(path);
  ASSERT_TRUE(back.view.contains("classroom"));
  ClassroomSettings c;
  gui::classroomFromJson(back.view["classroom"], c);
  expectSame(sample(), c);
}

// The caption line: after some training each algorithm names its phase in words.
TEST(Classroom, EveryAlgorithmNamesItsPhase) {
  const std::pair<const char*, const char*> runs[] = {
      {"gridworld", "q-learning"}, {"gridworld", "dqn"}, {"gridworld", "ppo"},   {"gridworld", "a2c"},
      {"gridworld", "actor-critic"}, {"pendulum", "ddpg"}, {"gan1d", "gan"}};
  for (const auto& [env, algo] : runs) {
    auto t = rl::runs::makeTrainer({env, algo, 1, {}});
    t->advance(50);
    rl::Insights in;
    t->agent().fillInsights(in);
    EXPECT_FALSE(in.phase.empty()) << env << " " << algo;
  }
  auto dqn = rl::runs::makeTrainer({"gridworld", "dqn", 1, {"learning_starts=100"}});
  dqn->advance(20);
  rl::Insights early;
  dqn->agent().fillInsights(early);
  EXPECT_NE(early.phase.find("filling the replay buffer"), std::string::npos) << early.phase;
  dqn->advance(200);
  rl::Insights later;
  dqn->agent().fillInsights(later);
  EXPECT_NE(later.phase.find("updating the Q-network"), std::string::npos) << later.phase;
}
