// Policy-gradient mechanics: the objectives' gradients by finite differences (double), GAE and returns by hand on a
// rollout with a termination and a truncation, PPO's first-minibatch ratios, the clip band versus no constraint,
// adaptive β, determinism, the insights REINFORCE and PPO fill, and PPO's env copies (num_envs): batch size, seeds,
// mirrored parameters and edits, per-copy GAE. (Entropy gradients of the distributions are checked in
// test_nn_losses.cpp.)
#include <gtest/gtest.h>

#include "metrics_test_util.hpp"

#include <cmath>
#include <cstring>

#include "runs/run_spec.hpp"
#include "core/rl/pg_losses.hpp"
#include "core/rl/ppo.hpp"
#include "core/rl/reinforce.hpp"
#include "core/rl/rollout.hpp"
#include "envs/gridworld.hpp"
#include "envs/registry.hpp"
#include "nn_test_util.hpp"

using namespace rl;
using rl::nn::test::fdMaxError;
using rl::nn::test::MatD;
using RowD = nn::RowVec<double>;

namespace {
using rl::testutil::expectSameMetrics;
MatD row(std::initializer_list<double> v) {
  MatD m(1, Eigen::Index(v.size()));
  Eigen::Index i = 0;
  for (double x : v) m(0, i++) = x;
  return m;
}
Ppo& ppoOf(Trainer& t) { return static_cast<Ppo&>(t.agent()); }

// Every metric series of a and b equal bit for bit; returns the number of values compared.
}  // namespace

// ---- Objectives: finite differences in double ----

// Points in every region of min(r·Â, clip(r)·Â) with ε = 0.2: inside the band, Â > 0 above it (gradient 0), Â > 0
// below it (the unclipped branch is the min: gradient r·Â), Â < 0 below it (0), Â < 0 above it (r·Â).
TEST(PgLosses, ClippedSurrogateGradientMatchesFiniteDifferences) {
  const MatD logOld = row({0.1, -0.3, 0.2, -1.0, 0.5, 0.0, -0.2});
  const MatD adv = row({1.5, 2.0, 0.7, -1.2, -0.8, -0.5, 0.9});
  // log r: 0.05 (middle), 0.4 (r 1.49, Â>0: clipped), −0.5 (r 0.61, Â>0: active), −0.6 (r 0.55, Â<0: clipped),
  // 0.3 (r 1.35, Â<0: active), −0.1 (middle, Â<0), 0.15 (middle).
  MatD lp = logOld + row({0.05, 0.4, -0.5, -0.6, 0.3, -0.1, 0.15});
  const PgLoss<double> L = clippedSurrogate<double>(lp, logOld, adv, 0.2);
  EXPECT_EQ(L.grad(1), 0.0);
  EXPECT_EQ(L.grad(3), 0.0);
  EXPECT_NE(L.grad(2), 0.0);
  EXPECT_NE(L.grad(4), 0.0);
  EXPECT_NEAR(L.clipfrac, 4.0 / 7.0, 1e-12);
  fdMaxError(lp, L.grad, [&] { return clippedSurrogate<double>(lp, logOld, adv, 0.2).loss; }, "clipped surrogate");
}

TEST(PgLosses, KlPenaltyObjectiveGradientMatchesFiniteDifferences) {
  const MatD logOld = row({0.1, -0.3, 0.2, -1.0, 0.5});
  const MatD adv = row({1.5, -2.0, 0.7, -1.2, 0.3});
  MatD lp = logOld + row({0.05, 0.4, -0.5, -0.6, 0.3});
  const PgLoss<double> L = klPenaltySurrogate<double>(lp, logOld, adv, 0.7);
  fdMaxError(lp, L.grad, [&] { return klPenaltySurrogate<double>(lp, logOld, adv, 0.7).loss; }, "KL penalty");
  // At r = 1 the k3 term and its gradient vanish: the loss is −mean(Â).
  const PgLoss<double> at1 = klPenaltySurrogate<double>(logOld, logOld, adv, 5.0);
  EXPECT_NEAR(at1.loss, -adv.mean(), 1e-12);
}

TEST(PgLosses, ImportanceSurrogateGradientMatchesFiniteDifferences) {
  const MatD logOld = row({0.1, -0.3, 0.2, -1.0});
  const MatD adv = row({1.5, -2.0, 0.7, -1.2});
  MatD lp = logOld + row({0.05, 0.4, -0.5, -0.6});
  const PgLoss<double> L = importanceSurrogate<double>(lp, logOld, adv);
  fdMaxError(lp, L.grad, [&] { return importanceSurrogate<double>(lp, logOld, adv).loss; }, "importance surrogate");
}

// Points: the unclipped square is the max; the clipped one is, inside ±ε (moves with V); the clipped one is, at a
// bound (gradient 0).
TEST(PgLosses, ClippedValueLossGradientMatchesFiniteDifferences) {
  const MatD vOld = row({1.0, 1.0, 1.0, 0.0, 2.0});
  const MatD ret = row({3.0, 0.0, 1.05, 1.0, 2.1});
  MatD v = row({1.5, 1.1, 0.5, 0.15, 2.5});
  const PgLoss<double> L = valueLoss<double>(v, vOld, ret, 0.2);
  // Sample 0: V − V_old = 0.5 clips to 0.2, (1.2 − 3)² = 3.24 > (1.5 − 3)² = 2.25: the clipped square, at a bound.
  EXPECT_EQ(L.grad(0), 0.0);
  EXPECT_NE(L.grad(4), 0.0);
  fdMaxError(v, L.grad, [&] { return valueLoss<double>(v, vOld, ret, 0.2).loss; }, "clipped value loss");
  const PgLoss<double> plain = valueLoss<double>(v, vOld, ret, 0.0);
  fdMaxError(v, plain.grad, [&] { return valueLoss<double>(v, vOld, ret, 0.0).loss; }, "value loss");
  EXPECT_NEAR(plain.loss, 0.5 * (v - ret).array().square().mean(), 1e-12);
}

// ---- Returns and GAE by hand ----

// Five steps, γ = 0.5, λ = 0.5: r = 1..5, V = 0.5..0.9, terminated after step 1, truncated after step 3 with
// V(final obs) = 10, and the rollout ends mid-episode with V(next obs) = 20.
//   δ4 = 5 + 0.5·20 − 0.9 = 14.1                 Â4 = 14.1
//   δ3 = 4 + 0.5·10 − 0.8 = 8.2  (truncation)    Â3 = 8.2
//   δ2 = 3 + 0.5·0.8 − 0.7 = 2.7                 Â2 = 2.7 + 0.25·8.2 = 4.75
//   δ1 = 2 − 0.6 = 1.4           (termination)   Â1 = 1.4
//   δ0 = 1 + 0.5·0.6 − 0.5 = 0.8                 Â0 = 0.8 + 0.25·1.4 = 1.15
TEST(PgRollout, GaeAndReturnsByHandWithTerminationAndTruncation) {
  const std::vector<float> r = {1, 2, 3, 4, 5}, v = {0.5f, 0.6f, 0.7f, 0.8f, 0.9f};
  const std::vector<uint8_t> term = {0, 1, 0, 0, 0}, trunc = {0, 0, 0, 1, 0};
  const std::vector<float> finalV = {0, 0, 0, 10, 0};
  const std::vector<float> adv = gae(r, v, term, trunc, finalV, 20.f, 0.5, 0.5);
  const float expected[5] = {1.15f, 1.4f, 4.75f, 8.2f, 14.1f};
  for (int t = 0; t < 5; ++t) EXPECT_NEAR(adv[size_t(t)], expected[t], 1e-5) << "t = " << t;
  // Bootstrapped returns: G4 = 5 + 0.5·20 = 15, G3 = 4 + 0.5·10 = 9, G2 = 3 + 0.5·9 = 7.5, G1 = 2, G0 = 1 + 0.5·2 = 2.
  const std::vector<float> G = discountedReturns(r, term, trunc, finalV, 20.f, 0.5);
  const float eg[5] = {2, 2, 7.5f, 9, 15};
  for (int t = 0; t < 5; ++t) EXPECT_FLOAT_EQ(G[size_t(t)], eg[t]) << "t = " << t;
  // Monte-Carlo reward-to-go (no bootstrap): 2, 2, 3 + 0.5·4 = 5, 4, 5.
  const std::vector<float> mc = discountedReturns(r, term, trunc, std::vector<float>(5, 0.f), 0.f, 0.5);
  const float em[5] = {2, 2, 5, 4, 5};
  for (int t = 0; t < 5; ++t) EXPECT_FLOAT_EQ(mc[size_t(t)], em[t]) << "t = " << t;
  // λ = 1: Â_t + V_t is the bootstrapped return.
  const std::vector<float> adv1 = gae(r, v, term, trunc, finalV, 20.f, 0.5, 1.0);
  for (int t = 0; t < 5; ++t) EXPECT_NEAR(adv1[size_t(t)] + v[size_t(t)], eg[t], 1e-5) << "t = " << t;
  EXPECT_DOUBLE_EQ(linearSchedule(1.0, 0.0, 0.25), 0.75);
  EXPECT_DOUBLE_EQ(linearSchedule(1.0, 0.0, 2.0), 0.0);
}

TEST(PgRollout, BufferKeepsFinalValueOnlyOnTruncation) {
  RolloutBuffer b;
  b.configure(2, 1);
  const float s[2] = {1, 2}, a[1] = {0.5f};
  b.push(s, -1, a, ~0ULL, -0.3f, 0.1f, 1.f, true, true, 7.f);  // terminated wins: no bootstrap
  b.push(s, -1, a, ~0ULL, -0.3f, 0.1f, 1.f, false, true, 7.f);
  EXPECT_EQ(b.size(), 2);
  EXPECT_EQ(b.finalValue[0], 0.f);
  EXPECT_EQ(b.finalValue[1], 7.f);
  EXPECT_EQ(b.actionAt(1)[0], 0.5f);
}

// ---- PPO mechanics ----

// θ = θ_old until the first optimiser step, so the first minibatch's ratios are 1 (the minibatch forward and the
// one-observation forward at collection may round differently: 1e-5) and none is outside the band.
TEST(Ppo, FirstMinibatchRatiosAreOne) {
  for (const char* env : {"pendulum", "gridworld"}) {
    auto t = runs::makeTrainer({env, "ppo", 3, {}});
    t->advance(ppoOf(*t).config().numSteps);
    ASSERT_EQ(ppoOf(*t).updates(), 1u) << env;
    const auto& r = ppoOf(*t).firstMinibatchRatios();
    ASSERT_FALSE(r.empty());
    for (float x : r) EXPECT_EQ(x, 1.f) << env;  // exactly: θ = θ_old before the first step
    const double eps = ppoOf(*t).config().clipCoef;
    EXPECT_EQ(std::count_if(r.begin(), r.end(), [&](float x) { return std::abs(x - 1.0) > eps; }), 0) << env;
    const RatioInsight& ri = ppoOf(*t).lastUpdate();
    EXPECT_EQ(ri.epochsPlanned, ppoOf(*t).config().updateEpochs);
    EXPECT_EQ(int(ri.epochClipfrac.size()), ri.epochsPlanned);
    EXPECT_EQ(ri.ratios.size(), ri.advantages.size());
  }
}

// Many epochs on one rollout: with the clip the ratios stay near the band (the gradient of a sample stops once it
// leaves it), with objective none nothing holds them. Measured on pendulum-discrete, seed 5, 30 epochs of 4
// minibatches: see the figures in the assertion messages.
TEST(Ppo, ClipKeepsRatiosNearTheBandWhereNoneLetsThemGo) {
  auto outside = [](const char* objective) {
    auto t = runs::makeTrainer({"pendulum-discrete", "ppo", 5,
                               {std::string("objective=") + objective, "update_epochs=30", "num_minibatches=4",
                                "num_steps=512", "lr=0.003", "max_grad_norm=0"}});
    t->advance(512);
    const RatioInsight& ri = ppoOf(*t).lastUpdate();
    EXPECT_EQ(int(ri.epochClipfrac.size()), 30);
    return double(ri.epochClipfrac.back());
  };
  const double clip = outside("clip"), none = outside("none");
  EXPECT_LT(clip, 0.5) << "clip " << clip << " none " << none;  // measured 0.35
  EXPECT_GT(none, clip + 0.3) << "clip " << clip << " none " << none;  // measured 0.98
}

TEST(Ppo, VanillaRunsOneEpochOfOneMinibatch) {
  auto t = runs::makeTrainer({"gridworld", "ppo", 2, {"objective=vanilla", "update_epochs=10"}});
  t->advance(ppoOf(*t).config().numSteps);
  const RatioInsight& ri = ppoOf(*t).lastUpdate();
  EXPECT_EQ(ri.objective, RatioInsight::Objective::Vanilla);
  EXPECT_EQ(ri.epochsPlanned, 1);
  EXPECT_EQ(int(ri.ratios.size()), ppoOf(*t).config().numSteps);
  for (float r : ri.ratios) EXPECT_NEAR(r, 1.f, 1e-5f);
}

// β doubles when the update's KL exceeds 1.5·d and halves when it is under d/1.5.
TEST(Ppo, AdaptiveBetaMovesTheRightWay) {
  auto run = [](const char* d) {
    auto t = runs::makeTrainer({"pendulum", "ppo", 4, {"objective=kl", "kl_beta=1", std::string("kl_target=") + d}});
    t->advance(ppoOf(*t).config().numSteps);
    EXPECT_EQ(ppoOf(*t).updates(), 1u);
    EXPECT_NE(t->metrics().find("charts/kl_beta"), nullptr);
    return ppoOf(*t).beta();
  };
  EXPECT_DOUBLE_EQ(run("0.0001"), 2.0);  // any real update moves the policy by more than 1.5e-4
  EXPECT_DOUBLE_EQ(run("1"), 0.5);       // and by far less than 0.67
}

TEST(Ppo, TargetKlStopsTheEpochsEarly) {
  auto t = runs::makeTrainer({"pendulum", "ppo", 4, {"target_kl=0.000001", "update_epochs=10"}});
  t->advance(ppoOf(*t).config().numSteps);
  const RatioInsight& ri = ppoOf(*t).lastUpdate();
  EXPECT_TRUE(ri.earlyStopped);
  EXPECT_EQ(ri.epochClipfrac.size(), 1u);
  EXPECT_EQ(ri.epochsPlanned, 10);
}

// Same seed ⇒ the same metric series, bit for bit.
TEST(PgDeterminism, TwoTrainersSameSeedSameMetrics) {
  for (const char* algo : {"ppo", "reinforce"})
    for (const char* env : {"pendulum", "gridworld"}) {
      const std::vector<std::string> sets = std::string(algo) == "ppo" ? std::vector<std::string>{"num_steps=256"}
                                                                        : std::vector<std::string>{"batch_episodes=2"};
      auto a = runs::makeTrainer({env, algo, 9, sets});
      auto b = runs::makeTrainer({env, algo, 9, sets});
      a->advance(3000), b->advance(3000);
      EXPECT_GT(expectSameMetrics(*a, *b, std::string(algo) + " " + env), 0) << algo << " " << env;
    }
}

// Four env copies: the same seed gives the same curves bit for bit, however the steps are split into calls (a call
// may stop between two copies of a vector step).
TEST(PgDeterminism, PpoWithFourEnvsSameSeedSameMetrics) {
  for (const char* env : {"pendulum", "gridworld", "pendulum-discrete"}) {
    const std::vector<std::string> sets = {"num_envs=4", "num_steps=128"};
    auto a = runs::makeTrainer({env, "ppo", 9, sets});
    auto b = runs::makeTrainer({env, "ppo", 9, sets});
    a->advance(3000);
    for (int taken = 0; taken < 3000;) taken += b->advance(std::min(3000 - taken, 7));  // 7: not a multiple of 4
    EXPECT_EQ(a->envSteps(), 3000u);
    EXPECT_EQ(b->envSteps(), 3000u);
    EXPECT_EQ(ppoOf(*a).updates(), 5u) << env;  // 3000 / (128 · 4)
    EXPECT_GT(expectSameMetrics(*a, *b, env), 0) << env;
  }
}

// ---- Insights ----

TEST(PgInsights, PpoFillsPolicyRatioAndPlaneMap) {
  auto t = runs::makeTrainer({"pendulum", "ppo", 1, {"num_steps=256", "num_minibatches=4"}});
  t->advance(256);
  Insights ins;
  t->agent().fillInsights(ins);
  t->agent().fillEnvInsights(t->env(), ins);
  ASSERT_TRUE(ins.policy && ins.ratio && ins.policyMap);
  EXPECT_TRUE(ins.policy->continuous);
  EXPECT_TRUE(ins.policy->hasValue);
  EXPECT_GT(ins.policy->std, 0);
  EXPECT_EQ(ins.policy->low, -2.0);
  EXPECT_EQ(ins.ratio->ratios.size(), 256u);
  const RatioSample& s = ins.ratio->sample;
  EXPECT_NEAR(s.ratio, std::exp(s.logProb - s.logProbOld), 1e-6);
  EXPECT_NEAR(s.objective, std::min(s.surr1, s.surr2), 1e-9);
  EXPECT_EQ(ins.policyMap->nx, kPolicyMapSize);
  ASSERT_EQ(ins.policyMap->layers.size(), 3u);
  EXPECT_EQ(ins.policyMap->layers[0].name, "mean μ(s)");
  EXPECT_EQ(ins.policyMap->layers[1].name, "σ(s)");
  EXPECT_EQ(ins.policyMap->layers[2].name, "V(s)");
  for (const auto& l : ins.policyMap->layers) EXPECT_EQ(l.values.size(), size_t(kPolicyMapSize * kPolicyMapSize));
  EXPECT_EQ(t->checkFinite(), "");
}

TEST(PgInsights, GridworldPolicyTableRespectsTheMask) {
  for (const char* algo : {"ppo", "reinforce"}) {
    auto t = runs::makeTrainer({"gridworld", algo, 1, {}});
    t->advance(2000);
    Insights ins;
    t->agent().fillInsights(ins);
    ASSERT_TRUE(ins.policy);
    EXPECT_FALSE(ins.policy->continuous);
    ASSERT_EQ(ins.policy->table.size(), 400u);
    // State 0 is the top-left corner: left and up are not offered (Eigen's exp gives ~1e-39 for a −10⁹ logit).
    EXPECT_LT(ins.policy->table[0 * 4 + 0], 1e-30f);
    EXPECT_LT(ins.policy->table[0 * 4 + 1], 1e-30f);
    double sum = 0;
    for (float p : ins.policy->probs) sum += p;
    EXPECT_NEAR(sum, 1.0, 1e-5);
    EXPECT_GE(ins.policy->chosen, 0);
  }
}

TEST(Reinforce, FillsGradVarianceAndUnitRatios) {
  auto t = runs::makeTrainer({"pendulum", "reinforce", 2, {"batch_episodes=4"}});
  t->advance(800);  // four 200-step episodes: one update
  const auto& r = static_cast<Reinforce&>(t->agent());
  EXPECT_EQ(r.updates(), 1u);
  Insights ins;
  t->agent().fillInsights(ins);
  ASSERT_TRUE(ins.gradVariance && ins.ratio && ins.policy);
  EXPECT_EQ(ins.gradVariance->episodes, 4);
  EXPECT_GT(ins.gradVariance->withoutBaseline, 0);
  EXPECT_GT(ins.gradVariance->withBaseline, 0);
  EXPECT_EQ(ins.ratio->objective, RatioInsight::Objective::Reinforce);
  EXPECT_EQ(ins.ratio->ratios.size(), 800u);
  for (float x : ins.ratio->ratios) EXPECT_EQ(x, 1.f);
  EXPECT_NE(t->metrics().find("losses/grad_var_baseline"), nullptr);
  EXPECT_NE(t->metrics().find("losses/grad_var_no_baseline"), nullptr);
}

// Pendulum returns are −16…0 per step: subtracting the batch mean removes most of ĝ's spread (measured on the first
// update of seeds 1–3).
TEST(Reinforce, MeanBaselineReducesGradientVariance) {
  for (uint64_t seed : {1, 2, 3}) {
    auto t = runs::makeTrainer({"pendulum", "reinforce", seed, {"batch_episodes=8", "baseline=mean"}});
    t->advance(1600);
    const GradVarianceInsight& g = static_cast<Reinforce&>(t->agent()).gradVariance();
    EXPECT_LT(g.withBaseline, g.withoutBaseline) << "seed " << seed;
  }
}

TEST(Reinforce, SwitchesRunAndStayFinite) {
  for (const char* sets : {"baseline=none", "reward_to_go=false", "normalize=true", "optimizer=sgd",
                           "optimizer=rmsprop", "log_std=state-dependent"}) {
    auto t = runs::makeTrainer({"pendulum", "reinforce", 1, {sets, "batch_episodes=2"}});
    t->advance(2000);
    EXPECT_EQ(t->checkFinite(), "") << sets;
    EXPECT_GE(static_cast<Reinforce&>(t->agent()).updates(), 4u) << sets;
  }
}

TEST(Ppo, SharedTrunkAndObjectivesStayFinite) {
  for (const char* sets : {"shared_trunk=true", "objective=kl", "objective=none", "clip_vloss=false"}) {
    auto t = runs::makeTrainer({"pendulum", "ppo", 1, {sets, "num_steps=256"}});
    t->advance(1024);
    EXPECT_EQ(t->checkFinite(), "") << sets;
    EXPECT_EQ(ppoOf(*t).updates(), 4u) << sets;
  }
}

TEST(Ppo, RunsOnInvadersConvTrunk) {
  auto t = runs::makeTrainer({"invaders", "ppo", 1, {"num_steps=64", "num_minibatches=2", "update_epochs=1"}});
  t->advance(128);
  EXPECT_EQ(ppoOf(*t).updates(), 2u);
  EXPECT_EQ(t->checkFinite(), "");
}

// ---- PPO with env copies (num_envs) ----

// Two copies, three steps each, γ = λ = 0.5. Copy 0: r = 1, 2, 3, V = 0.5, 0.6, 0.7, truncated after step 1 with
// V(final obs) = 10, rollout ends mid-episode with V(next obs) = 20. Copy 1: r = 4, 5, 6, V = 1, 1, 1, terminated
// after its last step (its V(next obs) = 99 is never used).
//   copy 0: δ2 = 3 + 0.5·20 − 0.7 = 12.3   Â2 = 12.3
//           δ1 = 2 + 0.5·10 − 0.6 = 6.4    Â1 = 6.4                    (truncation: no Â from t = 2)
//           δ0 = 1 + 0.5·0.6 − 0.5 = 0.8   Â0 = 0.8 + 0.25·6.4 = 2.4
//   copy 1: δ2 = 6 − 1 = 5                 Â2 = 5                      (termination)
//           δ1 = 5 + 0.5·1 − 1 = 4.5       Â1 = 4.5 + 0.25·5 = 5.75
//           δ0 = 4 + 0.5·1 − 1 = 3.5       Â0 = 3.5 + 0.25·5.75 = 4.9375
TEST(PgRollout, GaePerEnvSequenceByHand) {
  std::vector<RolloutBuffer> perEnv(2);
  const float s[1] = {0};
  perEnv[0].configure(1, 0), perEnv[1].configure(1, 0);
  const float r0[3] = {1, 2, 3}, v0[3] = {0.5f, 0.6f, 0.7f}, r1[3] = {4, 5, 6};
  for (int t = 0; t < 3; ++t) {
    perEnv[0].push(s, 0, nullptr, ~0ULL, 0.f, v0[t], r0[t], false, t == 1, t == 1 ? 10.f : 0.f);
    perEnv[1].push(s, 0, nullptr, ~0ULL, 0.f, 1.f, r1[t], t == 2, false);
  }
  const std::vector<float> adv = gaePerEnv(perEnv, {20.f, 99.f}, 0.5, 0.5);
  const float expected[6] = {2.4f, 6.4f, 12.3f, 4.9375f, 5.75f, 5.f};
  ASSERT_EQ(adv.size(), 6u);
  for (int t = 0; t < 6; ++t) EXPECT_NEAR(adv[size_t(t)], expected[t], 1e-5) << "row " << t;
  // Run as one joined sequence instead, copy 0's last row would bootstrap from copy 1's first V (1, not 20) and take
  // in copy 1's advantage: δ = 3 + 0.5·1 − 0.7 = 2.8, Â = 2.8 + 0.25·4.9375.
  RolloutBuffer joined;
  joined.configure(1, 0);
  joined.append(perEnv[0]), joined.append(perEnv[1]);
  ASSERT_EQ(joined.size(), 6);
  const std::vector<float> wrong = gae(joined.rewards, joined.values, joined.terminated, joined.truncated,
                                       joined.finalValue, 99.f, 0.5, 0.5);
  EXPECT_NEAR(wrong[2], 2.8 + 0.25 * 4.9375, 1e-5);
}

// Each update learns from num_steps samples of every copy, and the step count is exact even when a call stops
// between two copies.
TEST(PpoVector, CollectsNumStepsTimesNumEnvsSamplesPerUpdate) {
  auto t = runs::makeTrainer({"pendulum", "ppo", 3, {"num_envs=4", "num_steps=64", "num_minibatches=4"}});
  ASSERT_NE(ppoOf(*t).copies(), nullptr);
  EXPECT_EQ(ppoOf(*t).copies()->size(), 3);
  EXPECT_EQ(t->advance(64 * 4 - 1), 64 * 4 - 1);
  EXPECT_EQ(ppoOf(*t).updates(), 0u);  // the last copy has not taken its 64th step
  EXPECT_EQ(t->advance(1), 1);
  ASSERT_EQ(ppoOf(*t).updates(), 1u);
  const RatioInsight& ri = ppoOf(*t).lastUpdate();
  EXPECT_EQ(ri.ratios.size(), size_t(64 * 4));
  EXPECT_EQ(ppoOf(*t).firstMinibatchRatios().size(), size_t(64));  // minibatch = batch / num_minibatches
  for (float x : ppoOf(*t).firstMinibatchRatios()) EXPECT_NEAR(x, 1.f, 1e-5f);
  ASSERT_NE(t->metrics().find("losses/policy_loss"), nullptr);
  EXPECT_EQ(t->metrics().find("losses/policy_loss")->data().x.back(), 256.0);
  // Copy 0 steps first in each vector step: its first 200-step episode ends at global step 4·199 + 1 = 797.
  t->advance(800 - 256);
  const MetricSeries* ret = t->metrics().find("charts/episodic_return");
  ASSERT_NE(ret, nullptr);
  ASSERT_EQ(ret->data().x.size(), 1u);  // copy 0's episodes only
  EXPECT_EQ(ret->data().x[0], 797.0);
}

// Copy i is seeded seed + i: right after reset it observes what a fresh env reset with seed + i does, and no two
// copies start alike.
TEST(PpoVector, CopiesAreSeededDifferently) {
  const uint64_t seed = 5;
  auto t = runs::makeTrainer({"pendulum", "ppo", seed, {"num_envs=4"}});
  VectorEnv& v = *ppoOf(*t).copies();
  std::vector<std::vector<float>> starts;
  const auto o0 = t->env().observation();
  starts.emplace_back(o0.begin(), o0.end());
  for (int j = 0; j < v.size(); ++j) {
    const auto o = v.env(j).observation();
    starts.emplace_back(o.begin(), o.end());
    auto solo = findEnvironment("pendulum")->make();
    const auto expected = solo->reset(seed + uint64_t(j) + 1);
    for (size_t k = 0; k < expected.size(); ++k) EXPECT_EQ(o[k], expected[k]) << "copy " << j + 1;
  }
  for (size_t a = 0; a < starts.size(); ++a)
    for (size_t b = a + 1; b < starts.size(); ++b) EXPECT_NE(starts[a], starts[b]) << a << " vs " << b;
  t->advance(400);  // and they keep differing as they run
  for (int j = 0; j + 1 < v.size(); ++j) {
    const auto a = v.env(j).observation(), b = v.env(j + 1).observation();
    EXPECT_FALSE(std::equal(a.begin(), a.end(), b.begin())) << "copies " << j + 1 << ", " << j + 2;
  }
}

// Parameter changes and edits go to the trainer's env; the agent mirrors them on every copy, live and after a reset
// (the copies are rebuilt then).
TEST(PpoVector, EnvParameterChangeAndGridworldEditReachEveryCopy) {
  auto t = runs::makeTrainer({"gridworld", "ppo", 2, {"num_envs=3"}});
  t->advance(50);
  t->setParamText("step_cost", "-0.05");
  t->setParamText("slip", "0.2");
  t->apply(Command::editEnv({"reward", 12, 0.75}));
  t->apply(Command::editEnv({"wall", 14, 1}));
  auto check = [&](const char* when) {
    VectorEnv& v = *ppoOf(*t).copies();
    ASSERT_EQ(v.size(), 2) << when;
    for (int j = 0; j < v.size(); ++j) {
      EXPECT_EQ(v.env(j).params().get("step_cost"), -0.05) << when << " copy " << j + 1;
      EXPECT_EQ(v.env(j).params().get("slip"), 0.2) << when << " copy " << j + 1;
      const GridLayout& l = dynamic_cast<Gridworld&>(v.env(j)).layout();
      EXPECT_EQ(l.reward[12], 0.75) << when << " copy " << j + 1;
      EXPECT_TRUE(l.wall[14]) << when << " copy " << j + 1;
    }
  };
  check("live");
  t->advance(50);
  t->apply(Command::reset(4));
  check("after reset");
  t->advance(600);
  EXPECT_EQ(t->checkFinite(), "");
}

// Human play moves copy 0: a forced action finishes the current vector step, then copy 0 takes it.
TEST(PpoVector, HumanActionGoesToCopyZero) {
  auto t = runs::makeTrainer({"gridworld", "ppo", 1, {"num_envs=3"}});
  t->advance(1);  // copy 0 has stepped; copies 1 and 2 are next
  const int before = int(t->env().observation()[0]);
  const GridLayout& l = dynamic_cast<const Gridworld&>(static_cast<Wrapper&>(t->env()).unwrapped()).layout();
  const int right = 3;
  const bool moves = (l.allowed[size_t(before)] >> right & 1) || before == l.goal;
  const int expected = moves ? l.successor(before, right) : before;
  t->apply(Command::human(right));
  EXPECT_EQ(t->envSteps(), 4u);  // copies 1, 2, then copy 0
  EXPECT_EQ(int(t->env().observation()[0]), expected);
}

// Without a factory (a Trainer built by hand) PPO runs one env; asking for copies fails with a clear message.
TEST(PpoVector, NumEnvsAboveOneNeedsAFactory) {
  auto one = std::make_unique<Ppo>();
  Trainer ok(findEnvironment("pendulum")->make(), std::move(one), 1);
  EXPECT_EQ(ok.advance(300), 300);
  auto agent = std::make_unique<Ppo>();
  agent->params().set("num_envs", 2);
  try {
    Trainer t(findEnvironment("pendulum")->make(), std::move(agent), 1);
    FAIL() << "expected std::invalid_argument";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("factory"), std::string::npos) << e.what();
  }
}

// Pendulum with four copies of 512 steps (the preset's 2048-sample batch, so 97 updates in 200k steps, lr annealed
// over 200k steps): mean return of copy 0's last 100 episodes −164.2, −165.1, −174.1, −166.4, −193.9 for seeds 1–5
// (one env, the preset: −198.9 on seed 1). Threshold: ≥ −250 on seed 1.
TEST(PgLearning, PpoPendulumWithFourEnvsSwingsUp) {
  auto t = runs::makeTrainer({"pendulum", "ppo", 1, {"num_envs=4", "num_steps=512"}});
  t->advance(200000);
  EXPECT_GE(t->recentMeanReturn(), -250.0);
  EXPECT_EQ(t->episodes(), 250u);  // copy 0's: 50k of the 200k steps
  EXPECT_EQ(t->checkFinite(), "");
}

// Every PPO and REINFORCE parameter changes while training runs: the value is taken at once, training stays finite,
// the panel's "(on reset)" mark is shown exactly for parameters that need a reset, and a reset keeps the value.
TEST(PgParams, EveryParameterChangesWhileRunning) {
  for (const char* algo : {"ppo", "reinforce"})
    for (const char* env : {"pendulum", "gridworld"}) {
      const std::vector<std::string> small = std::string(algo) == "ppo"
                                                 ? std::vector<std::string>{"num_steps=64", "num_minibatches=2"}
                                                 : std::vector<std::string>{"batch_episodes=1", "max_batch_steps=100"};
      const std::vector<ParamSpec> specs = runs::makeTrainer({env, algo, 1, small})->agent().params().specs();
      ASSERT_GT(specs.size(), 10u);
      for (const ParamSpec& spec : specs) {
        auto t = runs::makeTrainer({env, algo, 2, small});
        t->advance(150);
        const double before = t->agent().params().get(spec.name);
        double v = before;
        switch (spec.type) {
          case ParamType::Bool: v = before > 0.5 ? 0 : 1; break;
          case ParamType::Choice: v = std::fmod(before + 1, double(spec.choices.size())); break;
          case ParamType::Int: v = before + 1 <= spec.max ? before + 1 : before - 1; break;
          case ParamType::Float:
            v = before * 0.9 >= spec.min && before != 0 ? before * 0.9
                                                         : std::min(spec.max, spec.min + 0.01 * (spec.max - spec.min));
            break;
        }
        ASSERT_NE(v, before) << algo << " " << spec.name;
        t->apply(Command::setParam(spec.name, v));
        EXPECT_EQ(t->agent().params().get(spec.name), v) << algo << " " << spec.name;
        t->advance(150);
        EXPECT_EQ(t->checkFinite(), "") << algo << " on " << env << ": " << spec.name;
        auto pending = [&] {
          for (const ParamView& p : t->paramViews())
            if (p.spec.name == spec.name) return p.pendingReset;
          return false;
        };
        EXPECT_EQ(pending(), spec.needsReset) << algo << " " << spec.name;
        t->apply(Command::reset(3));
        EXPECT_FALSE(pending()) << algo << " " << spec.name;
        EXPECT_EQ(t->agent().params().get(spec.name), v) << algo << " " << spec.name << ": the reset kept the value";
        t->advance(300);
        EXPECT_EQ(t->checkFinite(), "") << algo << " on " << env << " after reset: " << spec.name;
      }
    }
}
