// A3C (core/rl/a3c.hpp) on real threads: every pushed gradient is applied to the global network exactly once (replayed
// in push order on the initial parameters, the result is bit for bit the global network), no worker runs once
// trainStep has returned, staleness is measured, one worker is deterministic, and learning (AcLearning.*, skipped by
// the sanitizer run).
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <thread>

#include "runs/run_spec.hpp"
#include "core/rl/a3c.hpp"
#include "core/session/command.hpp"
#include "core/session/snapshot.hpp"
#include "metrics_test_util.hpp"

using namespace rl;

namespace {

std::vector<nn::Param<float>*> paramsOf(A3c& a) { return a.model().params(); }

void setFlat(const std::vector<nn::Param<float>*>& ps, const std::vector<float>& v, bool grads) {
  size_t k = 0;
  for (nn::Param<float>* p : ps) {
    nn::Mat<float>& m = grads ? p->grad : p->value;
    std::memcpy(m.data(), v.data() + k, sizeof(float) * size_t(m.size()));
    k += size_t(m.size());
  }
}

}  // namespace

TEST(A3c, EveryPushIsAppliedExactlyOnce) {
  for (const char* env : {"pendulum", "gridworld"}) {
    auto t = runs::makeTrainer({env, "a3c", 4, {"num_envs=2"}});
    auto& a = dynamic_cast<A3c&>(t->agent());
    a.recordPushes(true);
    const std::vector<float> initial = a.initialParameters();
    for (int i = 0; i < 8; ++i) t->advance(500);
    ASSERT_EQ(a.numWorkers(), 2);
    EXPECT_GT(a.pushes(0), 0u) << env;
    EXPECT_GT(a.pushes(1), 0u) << env;
    EXPECT_EQ(a.pushes(0) + a.pushes(1), a.globalUpdates()) << env;
    const auto& log = a.pushedGradients();
    ASSERT_EQ(log.size(), a.globalUpdates()) << env;
    // Replay: the initial parameters, one fresh optimiser, every logged gradient once, in push order.
    const std::vector<float> final = a.globalParameters();
    const auto ps = paramsOf(a);
    setFlat(ps, initial, false);
    auto opt = a.freshOptimizer();
    for (const std::vector<float>& g : log) {
      setFlat(ps, g, true);
      opt->step(ps);
    }
    const std::vector<float> replayed = a.globalParameters();
    ASSERT_EQ(replayed.size(), final.size());
    EXPECT_EQ(std::memcmp(replayed.data(), final.data(), sizeof(float) * final.size()), 0)
        << env << ": the global parameters are not the pushes applied once each, in order";
    // Skipping one push, or applying one twice, gives other parameters.
    setFlat(ps, initial, false);
    opt = a.freshOptimizer();
    for (size_t i = 0; i + 1 < log.size(); ++i) setFlat(ps, log[i], true), opt->step(ps);
    EXPECT_NE(std::memcmp(a.globalParameters().data(), final.data(), sizeof(float) * final.size()), 0);
  }
}

TEST(A3c, NoWorkerRunsBetweenCallsAndResetStopsThemAll) {
  auto t = runs::makeTrainer({"pendulum", "a3c", 2, {"num_envs=2"}});
  auto& a = dynamic_cast<A3c&>(t->agent());
  auto laneSteps = [&] {
    Snapshot s;
    t->fillSnapshot(s);
    double sum = 0;
    for (const WorkerLane& l : s.insights.workers->lanes) sum += l.envSteps;
    return sum;
  };
  for (int round = 0; round < 3; ++round) {
    const int taken = t->advance(3000);
    EXPECT_EQ(taken, 3000);
    EXPECT_EQ(a.activeWorkers(), 0);
    const double before = laneSteps();
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
    EXPECT_EQ(laneSteps(), before) << "a worker stepped after trainStep returned";
    EXPECT_EQ(a.activeWorkers(), 0);
  }
  EXPECT_EQ(laneSteps(), 9000.0);  // the budget is shared: every step counted once
  t->apply(Command::reset(2));
  EXPECT_EQ(a.globalUpdates(), 0u);
  EXPECT_EQ(laneSteps(), 0.0);
  t->advance(2000);
  EXPECT_EQ(laneSteps(), 2000.0);
  EXPECT_EQ(t->checkFinite(), "");
  // After the reset every worker pulled at update 0: no push can be "stale" by a negative count.
  Snapshot s;
  t->fillSnapshot(s);
  int histTotal = 0;
  for (int c : s.insights.workers->stalenessHist) histTotal += c;
  EXPECT_EQ(uint64_t(histTotal), a.globalUpdates());
  EXPECT_GT(a.globalUpdates(), 0u);
  for (const WorkerLane& l : s.insights.workers->lanes)
    for (float st : l.staleness) EXPECT_GE(st, 0.f);
}

TEST(A3c, StalenessIsMeasuredPerPush) {
  auto t = runs::makeTrainer({"pendulum", "a3c", 3, {"num_envs=2", "num_steps=4"}});
  t->advance(8000);
  Snapshot s;
  t->fillSnapshot(s);
  ASSERT_TRUE(s.insights.workers);
  const WorkersInsight& w = *s.insights.workers;
  EXPECT_TRUE(w.async);
  ASSERT_EQ(w.lanes.size(), 2u);
  int histTotal = 0;
  for (int c : w.stalenessHist) histTotal += c;
  EXPECT_EQ(uint64_t(histTotal), w.globalUpdates);
  for (const WorkerLane& l : w.lanes) {
    EXPECT_FALSE(l.staleness.empty());
    for (float st : l.staleness) EXPECT_GE(st, 0.f);
  }
  EXPECT_GE(w.meanStaleness, 0.0);
  // One worker: nobody else pushes between its pull and its push.
  auto one = runs::makeTrainer({"pendulum", "a3c", 3, {"num_envs=1", "num_steps=4"}});
  one->advance(2000);
  one->fillSnapshot(s);
  EXPECT_EQ(s.insights.workers->meanStaleness, 0.0);
  EXPECT_EQ(s.insights.workers->stalenessHist[0], int(s.insights.workers->globalUpdates));
}

// One worker has no race: same seed, same curves (the documented exception is N > 1).
TEST(A3c, OneWorkerIsDeterministic) {
  auto a = runs::makeTrainer({"pendulum", "a3c", 9, {"num_envs=1"}});
  auto b = runs::makeTrainer({"pendulum", "a3c", 9, {"num_envs=1"}});
  a->advance(3000);
  for (int taken = 0; taken < 3000;) taken += b->advance(std::min(3000 - taken, 7));
  EXPECT_GT(rl::testutil::expectSameMetrics(*a, *b, "a3c, one worker"), 20);
}

TEST(A3c, HumanActionGoesToWorkerZero) {
  auto t = runs::makeTrainer({"gridworld", "a3c", 1, {"num_envs=2"}});
  Snapshot s;
  t->fillSnapshot(s);
  const GridRenderState& g = std::get<GridRenderState>(s.render);
  int action = 0;
  while (!(g.actionMask[size_t(g.agent)] >> action & 1)) ++action;  // an action the start cell offers
  EXPECT_EQ(t->advance(1, action), 1);
  t->fillSnapshot(s);
  EXPECT_EQ(std::get<GridRenderState>(s.render).lastAction, action);
}
