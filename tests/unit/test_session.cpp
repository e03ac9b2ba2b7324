// Session: commands at step boundaries, pause/step/resume, clean shutdown, determinism via the command log, and
// errors that pause instead of crossing the thread.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <limits>
#include <thread>

#include "runs/run_spec.hpp"
#include "core/rl/registry.hpp"
#include "core/session/session.hpp"

using namespace rl;
using namespace std::chrono_literals;

namespace {

std::unique_ptr<Trainer> gridTrainer(uint64_t seed = 7) {
  return runs::makeTrainer({"gridworld", "q-learning", seed, {"step_cost=-0.01"}});
}

void expectSameSeries(const Metrics& a, const Metrics& b) {
  size_t compared = 0;
  for (const auto& s : a.series()) {
    if (s.data().name == "charts/SPS") continue;
    const MetricSeries* o = b.find(s.data().name);
    ASSERT_NE(o, nullptr) << s.data().name;
    ASSERT_EQ(s.data().x, o->data().x) << s.data().name;
    ASSERT_EQ(s.data().y, o->data().y) << s.data().name;
    ++compared;
  }
  EXPECT_GE(compared, 4u);
}

// Test-only agents: one whose values blow up, one that throws.
class DivergingAgent final : public Agent {
 public:
  std::string id() const override { return "test-diverge"; }
  std::string unsupportedReason(const Env&) const override { return {}; }
  void reset(Env& env, uint64_t seed) override { env.reset(seed), value_ = 1.0, steps_ = 0; }
  int trainStep(Env& env, int maxSteps, Metrics&, uint64_t, int) override {
    for (int i = 0; i < maxSteps; ++i) {
      auto r = env.step(3);
      if (r.terminated || r.truncated) env.reset();
      if (++steps_ == 500) value_ = std::numeric_limits<double>::quiet_NaN();
    }
    return maxSteps;
  }
  std::string checkFinite() const override { return std::isfinite(value_) ? "" : "V(s=0) = nan"; }

 private:
  double value_ = 1.0;
  int steps_ = 0;
};
class ThrowingAgent final : public Agent {
 public:
  std::string id() const override { return "test-throw"; }
  std::string unsupportedReason(const Env&) const override { return {}; }
  void reset(Env& env, uint64_t seed) override { env.reset(seed); }
  int trainStep(Env&, int, Metrics&, uint64_t step, int) override {
    if (step >= 100) throw std::runtime_error("replay buffer exhausted");
    return 1;
  }
};

}  // namespace

TEST(Command, FormatParseRoundTrip) {
  const std::vector<Command> all = {Command::pause(), Command::resume(), Command::stepOnce(), Command::reset(42),
                                    Command::setParam("alpha", 0.1234567890123), Command::setSpeed(30),
                                    Command::editEnv({"reward", 55, -0.5}), Command::human(2)};
  for (const Command& c : all) {
    const LoggedCommand lc{123, c};
    const LoggedCommand back = parseCommand(formatCommand(lc));
    EXPECT_EQ(formatCommand(back), formatCommand(lc));
    EXPECT_EQ(back.atStep, 123u);
  }
  EXPECT_DOUBLE_EQ(parseCommand("5 set alpha 0.1234567890123").command.value, 0.1234567890123);
  EXPECT_THROW(parseCommand("5 jump 3"), std::invalid_argument);
  EXPECT_THROW(parseCommand("x set alpha 1"), std::invalid_argument);
}

TEST(Session, StepOnceAndCommandsApplyAtStepBoundaries) {
  Session s(gridTrainer(), {});
  ASSERT_TRUE(s.sync());
  EXPECT_EQ(s.snapshot()->envSteps, 0u);
  for (int i = 0; i < 3; ++i) s.send(Command::stepOnce());
  s.send(Command::setParam("alpha", 0.5));
  s.send(Command::stepOnce());
  ASSERT_TRUE(s.sync());
  auto snap = s.snapshot();
  EXPECT_EQ(snap->envSteps, 4u);
  EXPECT_FALSE(snap->running);
  const auto log = s.commandLog();
  ASSERT_EQ(log.size(), 5u);
  // Each StepOnce is applied before its step runs; the SetParam lands exactly after the third step.
  EXPECT_EQ(log[3].command.type, Command::Type::SetParam);
  EXPECT_EQ(log[3].atStep, 3u);
  bool found = false;
  for (const auto& p : snap->params)
    if (p.spec.name == "alpha") {
      found = true;
      EXPECT_DOUBLE_EQ(p.value, 0.5);
    }
  EXPECT_TRUE(found);
}

TEST(Session, PauseStepResume) {
  Session s(gridTrainer(), {.startRunning = true});
  std::this_thread::sleep_for(50ms);
  s.send(Command::pause());
  ASSERT_TRUE(s.sync());
  const uint64_t paused = s.snapshot()->lifetimeSteps;
  EXPECT_GT(paused, 0u);
  std::this_thread::sleep_for(50ms);
  s.send(Command::stepOnce());  // forces a fresh publish as well
  ASSERT_TRUE(s.sync());
  EXPECT_EQ(s.snapshot()->lifetimeSteps, paused + 1);
  s.send(Command::resume());
  ASSERT_TRUE(s.sync());
  std::this_thread::sleep_for(50ms);
  s.send(Command::pause());
  ASSERT_TRUE(s.sync());
  EXPECT_GT(s.snapshot()->lifetimeSteps, paused + 1);
}

TEST(Session, PacedSpeedIsRespected) {
  Session s(gridTrainer(), {.startRunning = true, .speed = 200});
  std::this_thread::sleep_for(500ms);
  s.send(Command::pause());
  ASSERT_TRUE(s.sync());
  const auto n = s.snapshot()->lifetimeSteps;
  EXPECT_GT(n, 40u);   // ~100 expected; generous bounds for a loaded machine
  EXPECT_LT(n, 160u);
}

TEST(Session, ShutsDownCleanlyMidRun) {
  for (int i = 0; i < 5; ++i) {
    auto s = std::make_unique<Session>(gridTrainer(), Session::Options{.startRunning = true});
    std::this_thread::sleep_for(20ms);
    s->send(Command::setParam("epsilon", 0.1));
    ASSERT_TRUE(s->sync());  // the command was applied mid-run and published
    const auto last = s->snapshot();
    ASSERT_TRUE(last);
    EXPECT_TRUE(last->running);
    EXPECT_EQ(last->error, "");
    bool applied = false;
    for (const auto& p : last->params) applied |= p.spec.name == "epsilon" && p.value == 0.1;
    EXPECT_TRUE(applied) << "round " << i;
    // Destroying a running session stops and joins its worker at once: a hang fails here (a generous bound for a
    // loaded machine and the sanitizer build), not at the suite's timeout.
    const auto t0 = std::chrono::steady_clock::now();
    s.reset();
    EXPECT_LT(std::chrono::steady_clock::now() - t0, 5s) << "round " << i;
  }
}

TEST(Session, SameSeedConfigAndCommandLogGiveIdenticalCurves) {
  // A live run with commands arriving at whatever step the worker happens to be on...
  Session s(gridTrainer(11), {.startRunning = true});
  std::this_thread::sleep_for(30ms);
  s.send(Command::setParam("alpha", 0.3));
  std::this_thread::sleep_for(20ms);
  s.send(Command::editEnv({"reward", 36, 0.5}));
  s.send(Command::setParam("slip", 0.1));
  std::this_thread::sleep_for(20ms);
  s.send(Command::setParam("epsilon", 0.05));
  s.send(Command::reset(99));
  std::this_thread::sleep_for(20ms);
  s.send(Command::pause());
  ASSERT_TRUE(s.sync());
  const auto log = s.commandLog();
  ASSERT_EQ(log.size(), 6u);
  Metrics live;
  uint64_t total = 0;
  s.withTrainer([&](Trainer& t) {
    live = t.metrics();
    total = t.lifetimeSteps();
  });
  ASSERT_GT(total, 1000u);
  // ...is reproduced exactly by a headless replay of seed + config + the log, twice.
  for (int rep = 0; rep < 2; ++rep) {
    auto t = gridTrainer(11);
    t->replay(log, total);
    EXPECT_EQ(t->lifetimeSteps(), total);
    expectSameSeries(live, t->metrics());
  }
}

TEST(Session, DivergencePausesAndNamesTheQuantity) {
  registerAlgorithm({"test-diverge", "diverges", "", "q", [] { return std::make_unique<DivergingAgent>(); }});
  auto t = runs::makeTrainer({"gridworld", "test-diverge", 1, {}});
  Session s(std::move(t), {.startRunning = true});
  for (int i = 0; i < 200 && s.snapshot()->error.empty(); ++i) std::this_thread::sleep_for(10ms);
  auto snap = s.snapshot();
  EXPECT_FALSE(snap->running);
  EXPECT_NE(snap->error.find("V(s=0) = nan"), std::string::npos) << snap->error;
}

TEST(Session, ExceptionsInTrainingPauseWithTheMessage) {
  registerAlgorithm({"test-throw", "throws", "", "q", [] { return std::make_unique<ThrowingAgent>(); }});
  auto t = runs::makeTrainer({"gridworld", "test-throw", 1, {}});
  Session s(std::move(t), {.startRunning = true});
  for (int i = 0; i < 200 && s.snapshot()->error.empty(); ++i) std::this_thread::sleep_for(10ms);
  auto snap = s.snapshot();
  EXPECT_FALSE(snap->running);
  EXPECT_NE(snap->error.find("replay buffer exhausted"), std::string::npos) << snap->error;
  // The session is still alive and accepts commands.
  s.send(Command::reset(1));
  ASSERT_TRUE(s.sync());
  EXPECT_TRUE(s.snapshot()->error.empty());
}

TEST(Session, InvalidCommandIsRejectedWithANoticeAndNotLogged) {
  Session s(gridTrainer(), {});
  s.send(Command::setParam("alpha", 7.0));
  s.send(Command::setParam("nonsense", 1.0));
  s.send(Command::editEnv({"wall", 0, 1}));
  ASSERT_TRUE(s.sync());
  EXPECT_TRUE(s.commandLog().empty());
  EXPECT_NE(s.snapshot()->notice.find("start and the goal cannot be walls"), std::string::npos);
  for (const auto& p : s.snapshot()->params) {
    if (p.spec.name == "alpha") {
      EXPECT_DOUBLE_EQ(p.value, 0.1);
    }
  }
}

TEST(Trainer, NeedsResetParamsAreFlaggedUntilReset) {
  auto t = gridTrainer();
  t->apply(Command::setParam("q_init", 1.0));
  bool pending = false;
  for (const auto& p : t->paramViews())
    if (p.spec.name == "q_init") pending = p.pendingReset;
  EXPECT_TRUE(pending);
  t->apply(Command::reset(3));
  for (const auto& p : t->paramViews()) {
    if (p.spec.name == "q_init") {
      EXPECT_FALSE(p.pendingReset);
    }
  }
}

TEST(Metrics, SeriesCompactsDeterministicallyAndKeepsTheWholeRun) {
  MetricSeries s("x", 8);
  for (int i = 1; i <= 100; ++i) s.add(i, i);
  const auto& d = s.data();
  EXPECT_LT(d.x.size(), 8u);
  EXPECT_EQ(d.rawCount, 100u);
  EXPECT_EQ(d.last, 100);
  // Means of equal-sized groups of a line stay on the line, and the range still spans the run.
  for (size_t i = 0; i < d.x.size(); ++i) EXPECT_DOUBLE_EQ(d.x[i], d.y[i]);
  EXPECT_LT(d.x.front(), 10);
  EXPECT_GT(d.x.back(), 80);
}

TEST(Session, ScriptedCommandsApplyExactlyAtTheirStepsAndReplayToTheSameCurves) {
  // A lesson's script: two edits at fixed steps, played by the live worker at unlimited speed...
  const std::vector<LoggedCommand> script = {{1500, Command::setParam("epsilon", 0.05)},
                                             {700, Command::setParam("alpha", 0.3)}};  // out of order on purpose
  Session s(gridTrainer(5), {.startRunning = false});
  s.schedule(script);
  s.send(Command::resume());
  for (int i = 0; i < 400; ++i) {
    uint64_t steps = 0;
    s.withTrainer([&](Trainer& t) { steps = t.lifetimeSteps(); });
    if (steps > 3000) break;
    std::this_thread::sleep_for(5ms);
  }
  s.send(Command::pause());
  ASSERT_TRUE(s.sync());
  std::vector<LoggedCommand> learning;
  for (const auto& c : s.commandLog())
    if (c.command.affectsLearning()) learning.push_back(c);
  ASSERT_EQ(learning.size(), 2u);
  EXPECT_EQ(learning[0].atStep, 700u);  // exactly at their steps, in step order
  EXPECT_EQ(learning[0].command.name, "alpha");
  EXPECT_EQ(learning[1].atStep, 1500u);
  Metrics live;
  uint64_t total = 0;
  s.withTrainer([&](Trainer& t) {
    live = t.metrics();
    total = t.lifetimeSteps();
    EXPECT_DOUBLE_EQ(t.agent().params().get("alpha"), 0.3);
    EXPECT_DOUBLE_EQ(t.agent().params().get("epsilon"), 0.05);
  });
  ASSERT_GT(total, 1500u);
  // ...is what a headless replay of the script measures.
  auto t = gridTrainer(5);
  t->replay(script[1].atStep < script[0].atStep ? std::vector<LoggedCommand>{script[1], script[0]} : script, total);
  expectSameSeries(live, t->metrics());
}

namespace {
// Polls the published snapshot until pred holds (at most ~5 s).
bool waitSnapshot(const Session& s, const std::function<bool(const Snapshot&)>& pred) {
  for (int i = 0; i < 1000; ++i) {
    if (pred(*s.snapshot())) return true;
    std::this_thread::sleep_for(5ms);
  }
  return false;
}
}  // namespace

TEST(Session, ALessonsPageBreakHoldsTheRunExactlyThereUntilTheHoldMovesOn) {
  // At unlimited speed the run stops exactly at the page's step and stays there, whatever the speed...
  Session s(gridTrainer(5), {.startRunning = false});
  s.schedule({{1200, Command::setParam("alpha", 0.3)}});
  s.holdAt(2000);
  s.send(Command::resume());
  ASSERT_TRUE(waitSnapshot(s, [](const Snapshot& x) { return x.heldAt > 0; }));
  EXPECT_EQ(s.snapshot()->heldAt, 2000u);
  EXPECT_FALSE(s.snapshot()->running);
  std::this_thread::sleep_for(50ms);
  uint64_t steps = 0;
  s.withTrainer([&](Trainer& t) { steps = t.lifetimeSteps(); });
  EXPECT_EQ(steps, 2000u);
  // ...pressing Play cannot pass it...
  s.send(Command::resume());
  ASSERT_TRUE(s.sync());
  std::this_thread::sleep_for(50ms);
  s.withTrainer([&](Trainer& t) { steps = t.lifetimeSteps(); });
  EXPECT_EQ(steps, 2000u);
  ASSERT_TRUE(waitSnapshot(s, [](const Snapshot& x) { return x.heldAt == 2000; }));
  // ...and moving the hold on (Next) resumes the held run up to the next break.
  s.holdAt(3500);
  ASSERT_TRUE(waitSnapshot(s, [](const Snapshot& x) { return x.heldAt == 3500; }));
  s.withTrainer([&](Trainer& t) { steps = t.lifetimeSteps(); });
  EXPECT_EQ(steps, 3500u);
  // A run the user paused is not resumed by a hold moving on.
  s.send(Command::pause());
  ASSERT_TRUE(s.sync());
  s.holdAt(0);
  ASSERT_TRUE(s.sync());
  std::this_thread::sleep_for(50ms);
  EXPECT_FALSE(s.snapshot()->running);
  // Holding changes nothing the run learns: the curves equal a headless replay of the script to the same step.
  Metrics live;
  s.withTrainer([&](Trainer& t) { live = t.metrics(); });
  auto t = gridTrainer(5);
  t->replay({{1200, Command::setParam("alpha", 0.3)}}, 3500);
  expectSameSeries(live, t->metrics());
}
