// The GAN tricks carried over to actor-critic methods (core/rl/ac_tricks.hpp, Pfau & Vinyals 2016 Table 1): freezing
// stops exactly the player it names, label smoothing shrinks the critic's target by ε, historical averaging pulls the
// parameters towards their past mean (its gradient by finite differences), batch norm trains on the batch and acts on
// running statistics. Off, they change nothing.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

#include "runs/run_spec.hpp"
#include "core/rl/a2c.hpp"
#include "core/rl/ac_tricks.hpp"
#include "core/rl/actor_critic.hpp"
#include "core/rl/ddpg.hpp"
#include "core/rl/registry.hpp"
#include "core/session/snapshot.hpp"
#include "metrics_test_util.hpp"
#include "nn_test_util.hpp"

using namespace rl;

namespace {

std::vector<float> flat(const std::vector<nn::Param<float>*>& ps) {
  std::vector<float> v;
  for (const auto* p : ps) v.insert(v.end(), p->value.data(), p->value.data() + p->value.size());
  return v;
}

bool same(const std::vector<float>& a, const std::vector<float>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}

}  // namespace

TEST(AcTricks, FreezingStopsExactlyThePlayerItNames) {
  // The one-step actor-critic on the pendulum (separate actor and critic networks).
  {
    auto t = runs::makeTrainer({"pendulum", "actor-critic", 1, {"freeze=true", "freeze_actor_above=0"}});
    auto& a = dynamic_cast<ActorCritic&>(t->agent());
    const auto actor0 = flat(a.model().actorParams()), critic0 = flat(a.model().criticParams());
    t->advance(300);
    EXPECT_TRUE(same(flat(a.model().actorParams()), actor0)) << "the actor moved while frozen";
    EXPECT_FALSE(same(flat(a.model().criticParams()), critic0)) << "the critic did not learn";
    EXPECT_TRUE(a.lastStep().actorFrozen);
    EXPECT_FALSE(a.lastStep().criticFrozen);
  }
  {
    auto t = runs::makeTrainer({"pendulum", "actor-critic", 1, {"freeze=true", "freeze_actor_above=100",
                                                               "freeze_critic_below=100"}});
    auto& a = dynamic_cast<ActorCritic&>(t->agent());
    const auto actor0 = flat(a.model().actorParams()), critic0 = flat(a.model().criticParams());
    t->advance(300);
    EXPECT_FALSE(same(flat(a.model().actorParams()), actor0));
    EXPECT_TRUE(same(flat(a.model().criticParams()), critic0)) << "the critic moved while frozen";
    EXPECT_TRUE(a.lastStep().criticFrozen);
  }
  // A2C: the same rule on the batch's RMS critic error.
  {
    auto t = runs::makeTrainer({"pendulum", "a2c", 1, {"freeze=true", "freeze_actor_above=0"}});
    auto& a = dynamic_cast<A2c&>(t->agent());
    const auto actor0 = flat(a.model().actorParams()), critic0 = flat(a.model().criticParams());
    t->advance(640);
    EXPECT_TRUE(same(flat(a.model().actorParams()), actor0));
    EXPECT_FALSE(same(flat(a.model().criticParams()), critic0));
    Snapshot s;
    t->fillSnapshot(s);
    EXPECT_TRUE(s.insights.acStep->actorFrozen);
    EXPECT_GT(s.insights.acStep->criticError, 0.0);
  }
}

// DDPG: the rule reads Q1's RMS error; a frozen actor keeps its parameters while the critics learn.
TEST(AcTricks, DdpgFreezingStopsTheActor) {
  auto t = runs::makeTrainer({"pendulum", "ddpg", 1, {"learning_starts=200", "batch_size=32", "hidden1=32",
                                                     "hidden2=32", "freeze=true", "freeze_actor_above=0"}});
  auto& a = dynamic_cast<Ddpg&>(t->agent());
  const auto actor0 = flat(a.actor().params());
  t->advance(500);
  Snapshot s;
  t->fillSnapshot(s);
  ASSERT_TRUE(s.insights.pathwise);
  EXPECT_TRUE(s.insights.pathwise->actorFrozen);
  EXPECT_GT(s.insights.pathwise->criticError, 0.0);
  EXPECT_GT(s.insights.pathwise->criticUpdates, 0u);
  EXPECT_TRUE(same(flat(a.actor().params()), actor0)) << "the actor moved while frozen";
  auto moving = runs::makeTrainer({"pendulum", "ddpg", 1, {"learning_starts=200", "batch_size=32", "hidden1=32",
                                                          "hidden2=32"}});
  auto& b = dynamic_cast<Ddpg&>(moving->agent());
  const auto b0 = flat(b.actor().params());
  moving->advance(500);
  EXPECT_FALSE(same(flat(b.actor().params()), b0));
}

TEST(AcTricks, LabelSmoothingShrinksTheCriticTarget) {
  auto t = runs::makeTrainer({"pendulum", "actor-critic", 3, {"label_smoothing=true", "smoothing_eps=0.2"}});
  auto& a = dynamic_cast<ActorCritic&>(t->agent());
  t->advance(50);
  const ActorCriticStep& u = a.lastStep();
  EXPECT_NEAR(u.criticTarget, 0.8 * (u.reward + u.gamma * u.nextValue), 1e-9);
  EXPECT_NEAR(u.criticError, std::abs(u.criticTarget - u.value), 1e-9);
  AcTricks off;
  EXPECT_EQ(off.target(-3.5), -3.5);
}

// λ‖θ − θ̄‖²: its gradient 2λ(θ − θ̄) against central differences (θ̄ held constant), and off it adds nothing.
TEST(AcTricks, HistoricalAveragingPenaltyGradient) {
  nn::Param<float> w(nn::Mat<float>::Random(3, 2)), b(nn::Mat<float>::Random(2, 1));
  std::vector<nn::Param<float>*> ps = {&w, &b};
  AcTricks t;
  t.histAvg = true, t.histLambda = 0.3;
  t.remember(ps);
  w.value.array() += 0.5f, b.value.array() -= 0.25f;
  t.remember(ps);  // θ̄ = the mean of the two
  w.value(0, 1) += 0.7f;
  for (auto* p : ps) p->grad.setZero(p->value.rows(), p->value.cols());
  const double pen = t.historicalPenalty(ps);
  EXPECT_GT(pen, 0.0);
  const float h = 1e-2f;
  for (auto* p : ps)
    for (Eigen::Index i = 0; i < p->value.size(); ++i) {
      const float saved = p->value.data()[i];
      const nn::Mat<float> g = p->grad;
      p->value.data()[i] = saved + h;
      for (auto* q : ps) q->grad.setZero();
      const double up = t.historicalPenalty(ps);
      p->value.data()[i] = saved - h;
      for (auto* q : ps) q->grad.setZero();
      const double down = t.historicalPenalty(ps);
      p->value.data()[i] = saved;
      p->grad = g;
      EXPECT_NEAR(g.data()[i], (up - down) / (2 * h), 2e-3) << "entry " << i;  // the penalty is quadratic: exact up to float
    }
  AcTricks off;
  for (auto* p : ps) p->grad.setZero();
  EXPECT_EQ(off.historicalPenalty(ps), 0.0);
  EXPECT_EQ(w.grad.cwiseAbs().maxCoeff(), 0.f);
}

TEST(AcTricks, BatchNormTrainsOnTheBatchAndActsOnRunningStatistics) {
  auto t = runs::makeTrainer({"pendulum", "a2c", 2, {"batch_norm=true"}});
  auto& a = dynamic_cast<A2c&>(t->agent());
  t->advance(2000);
  EXPECT_EQ(t->checkFinite(), "");
  EXPECT_GT(a.updates(), 0u);
  // Acting is per sample: V(s) of one observation alone equals its V(s) in a batch with very different observations
  // (eval mode normalises with the running statistics; batch statistics would make it depend on its batch-mates).
  const float obs[9] = {0.3f, -0.9f, 1.2f, -1.f, 0.f, -7.f, 0.8f, 0.6f, 6.f};
  const float alone = a.model().value(obs);
  const auto& out = a.model().forward(a.model().encodeBatch(obs, 3));
  ASSERT_EQ(out.value.size(), 3);
  EXPECT_FLOAT_EQ(out.value(0), alone);
  // In training mode the same batch is normalised by its own statistics, and V(s) changes: the check above can fail.
  a.model().setTraining(true);
  const float inBatch = a.model().forward(a.model().encodeBatch(obs, 3)).value(0);
  a.model().setTraining(false);
  EXPECT_GT(std::abs(inBatch - alone), 1e-4f);
  // The model has batch-norm parameters (γ, β per hidden layer) that a plain model lacks.
  auto plain = runs::makeTrainer({"pendulum", "a2c", 2, {}});
  EXPECT_GT(a.model().params().size(), dynamic_cast<A2c&>(plain->agent()).model().params().size());
}

// Off (the default), the tricks leave the curves as they were: two runs, one with every switch's strength changed
// but the switches off, give the same metrics bit for bit.
TEST(AcTricks, OffChangesNothing) {
  // Every algorithm's parameter names are unique (ParamTable::add throws on a second declaration).
  for (const rl::AlgoEntry& e : rl::algorithms()) EXPECT_NO_THROW(e.make()) << e.id;
  for (const char* algo : {"actor-critic", "a2c", "ddpg"}) {
    const std::vector<std::string> small = std::string(algo) == "ddpg"
        ? std::vector<std::string>{"learning_starts=200", "batch_size=32", "hidden1=32", "hidden2=32"}
        : std::vector<std::string>{};
    std::vector<std::string> changed = small;
    for (const char* kv : {"freeze_actor_above=0.001", "smoothing_eps=0.4", "hist_lambda=0.5"}) changed.push_back(kv);
    auto a = runs::makeTrainer({"pendulum", algo, 5, small});
    auto b = runs::makeTrainer({"pendulum", algo, 5, changed});
    a->advance(1500), b->advance(1500);
    EXPECT_GT(rl::testutil::expectSameMetrics(*a, *b, algo), 10) << algo;
  }
}
