// DDPG / TD3 (core/rl/ddpg.hpp): the pathwise actor gradient and the critic's TD-loss gradient against finite
// differences in double precision (the same templated code the agent trains with in float); the target, TD3's min and
// smoothing clip, the Polyak update and the delayed actor counting by hand; truncation, exploration, the lens, the
// td3 switch and determinism. Learning tests are named DdpgLearning.* so the sanitizer run skips them (test.sh).
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstring>

#include "runs/run_spec.hpp"
#include "core/rl/ddpg.hpp"
#include "tests/unit/nn_test_util.hpp"

using namespace rl;
using rl::nn::test::fdMaxError;
using rl::nn::test::MatD;
using rl::nn::test::randn;

namespace {

Ddpg& ddpgOf(Trainer& t) { return static_cast<Ddpg&>(t.agent()); }

// ---- Finite differences, double precision ----

struct SmallNets {
  ddpg::ActionScale<double> scale;
  nn::Sequential<double> actor, critic;
};

// Two action dimensions with asymmetric bounds ([−2, 2] and [−1, 3]: k = (2, 2), b = (0, 1)), small ReLU nets.
SmallNets smallNets(Rng& rng) {
  SmallNets n;
  n.scale = ddpg::ActionScale<double>::fromSpace(Space::box({-2.0, -1.0}, {2.0, 3.0}, {2}));
  n.actor = ddpg::makeActor<double>(3, 2, 6, 5, rng);
  n.critic = ddpg::makeCritic<double>(3, 2, 6, 5, rng);
  return n;
}

std::vector<MatD> values(nn::Sequential<double>& net) {
  std::vector<MatD> v;
  for (auto* p : net.params()) v.push_back(p->value);
  return v;
}

}  // namespace

TEST(DdpgGradients, ActionScaleFollowsTheBounds) {
  const auto s = ddpg::ActionScale<double>::fromSpace(Space::box({-2.0, -1.0}, {2.0, 3.0}, {2}));
  EXPECT_EQ(s.k(0), 2.0);
  EXPECT_EQ(s.b(0), 0.0);
  EXPECT_EQ(s.k(1), 2.0);
  EXPECT_EQ(s.b(1), 1.0);
  Rng rng(3);
  auto actor = ddpg::makeActor<double>(3, 2, 4, 4, rng);
  const MatD a = ddpg::actorForward(actor, randn(3, 50, rng, 30.0), s);  // large inputs: tanh near ±1
  for (Eigen::Index j = 0; j < a.cols(); ++j) {
    EXPECT_GT(a(0, j), -2.0);
    EXPECT_LT(a(0, j), 2.0);
    EXPECT_GT(a(1, j), -1.0);
    EXPECT_LT(a(1, j), 3.0);
  }
}

// ∇_θ(−J) as actorLossAndGrad leaves it in the actor's gradients (∂Q/∂a back through the critic, times ∂μ/∂θ)
// against central differences of J(θ) = mean Q(s, μ_θ(s)) for every actor parameter; ∂Q/∂a at μ(s) against
// differences in a; and the critic untouched (values and zeroed gradients).
TEST(DdpgGradients, ActorPathwiseGradientMatchesFiniteDifferences) {
  Rng rng(11);
  SmallNets n = smallNets(rng);
  const MatD s = randn(3, 7, rng);
  const std::vector<MatD> criticBefore = values(n.critic);
  const ddpg::ActorStep<double> st = ddpg::actorLossAndGrad(n.actor, n.critic, s, n.scale);
  auto J = [&] { return ddpg::criticForward(n.critic, s, ddpg::actorForward(n.actor, s, n.scale)).mean(); };
  EXPECT_NEAR(st.loss, -J(), 1e-12);

  // The critic takes no step and keeps no gradient from the actor's backward.
  const std::vector<MatD> criticAfter = values(n.critic);
  for (size_t k = 0; k < criticBefore.size(); ++k) {
    EXPECT_EQ(criticAfter[k], criticBefore[k]);
    EXPECT_EQ(n.critic.params()[k]->grad.cwiseAbs().maxCoeff(), 0.0);
  }

  double worst = 0;
  const auto ps = n.actor.params();
  for (size_t k = 0; k < ps.size(); ++k) {
    const MatD ascent = -ps[k]->grad;  // the optimiser descends on −J
    worst = std::max(worst, fdMaxError(ps[k]->value, ascent, J, "actor param " + std::to_string(k)));
  }
  // ∂Q(s_j, a)/∂a per sample: the differences of Σ_j Q(s_j, a_j) in a_dj.
  MatD a = st.mu;
  auto sumQ = [&] { return ddpg::criticForward(n.critic, s, a).sum(); };
  worst = std::max(worst, fdMaxError(a, st.dQda, sumQ, "dQ/da at mu(s)"));
  RecordProperty("max_rel_error", std::to_string(worst));
}

// ∇_φ of L(φ) = mean (Q_φ(s, a) − y)² against central differences, for every critic parameter.
TEST(DdpgGradients, CriticTdLossGradientMatchesFiniteDifferences) {
  Rng rng(12);
  SmallNets n = smallNets(rng);
  const MatD s = randn(3, 9, rng), a = randn(2, 9, rng);
  const nn::RowVec<double> y = randn(1, 9, rng, 2.0);
  const ddpg::CriticStep<double> st = ddpg::criticLossAndGrad(n.critic, s, a, y);
  auto L = [&] { return (ddpg::criticForward(n.critic, s, a) - y).squaredNorm() / 9.0; };
  EXPECT_NEAR(st.loss, L(), 1e-12);
  double worst = 0;
  const auto ps = n.critic.params();
  for (size_t k = 0; k < ps.size(); ++k) {
    const MatD g = ps[k]->grad;
    worst = std::max(worst, fdMaxError(ps[k]->value, g, L, "critic param " + std::to_string(k)));
  }
  RecordProperty("max_rel_error", std::to_string(worst));
}

// ---- By hand ----

// r = (1, −2, 0.5), terminated = (0, 1, 0), γ = 0.9, Q′1 = (10, 20, −4), Q′2 = (12, 5, −6):
//   one critic:  y = 1 + 0.9·10 = 10,  −2 (terminated: nothing follows),  0.5 + 0.9·(−4) = −3.1
//   twin (min):  y = 1 + 0.9·min(10, 12) = 10,  −2,  0.5 + 0.9·min(−4, −6) = −4.9
TEST(DdpgMechanics, TdTargetAndTwinMinByHand) {
  nn::RowVec<double> r(3), term(3), q1(3), q2(3);
  r << 1, -2, 0.5;
  term << 0, 1, 0;
  q1 << 10, 20, -4;
  q2 << 12, 5, -6;
  const nn::RowVec<double> one = ddpg::tdTarget(r, term, 0.9, q1), twin = ddpg::tdTarget(r, term, 0.9, q1, q2);
  EXPECT_NEAR(one(0), 10.0, 1e-12);
  EXPECT_NEAR(one(1), -2.0, 1e-12);
  EXPECT_NEAR(one(2), -3.1, 1e-12);
  EXPECT_NEAR(twin(0), 10.0, 1e-12);
  EXPECT_NEAR(twin(1), -2.0, 1e-12);
  EXPECT_NEAR(twin(2), -4.9, 1e-12);
}

// Pendulum bounds (k = 2, b = 0), σ̃ = 0.2, c = 0.5: noise = k·clip(σ̃ε, −c, c).
//   a = 1.9, ε = 5:     σ̃ε = 1 → 0.5, a + 2·0.5 = 2.9 → the bound 2
//   a = 0,   ε = −0.3:  σ̃ε = −0.06 (inside the clip), a − 0.12 = −0.12
//   a = −1.5, ε = −10:  σ̃ε = −2 → −0.5, a − 1 = −2.5 → −2
//   a = 0.3, ε = 2:     σ̃ε = 0.4 (inside), 0.3 + 0.8 = 1.1
TEST(DdpgMechanics, TargetSmoothingClipByHand) {
  const auto k = ddpg::ActionScale<double>::fromSpace(Space::box({-2.0}, {2.0}, {1}));
  MatD a(1, 4), eps(1, 4);
  a << 1.9, 0, -1.5, 0.3;
  eps << 5, -0.3, -10, 2;
  const MatD out = ddpg::smoothTargetAction(a, eps, 0.2, 0.5, k);
  EXPECT_NEAR(out(0, 0), 2.0, 1e-12);
  EXPECT_NEAR(out(0, 1), -0.12, 1e-12);
  EXPECT_NEAR(out(0, 2), -2.0, 1e-12);
  EXPECT_NEAR(out(0, 3), 1.1, 1e-12);
}

namespace {

// The networks' forward written out from their parameters in double: [W1 b1 W2 b2 W3 b3], ReLU between, tanh on
// the actor's output (then a = b + k·tanh).
std::vector<double> mlpByHand(nn::SequentialF& net, const std::vector<double>& x, bool tanhOut) {
  const auto ps = net.params();
  std::vector<double> h = x;
  for (size_t l = 0; l < 3; ++l) {
    const nn::Mat<float>& W = ps[2 * l]->value;
    const nn::Mat<float>& b = ps[2 * l + 1]->value;
    std::vector<double> o(size_t(W.rows()));
    for (Eigen::Index i = 0; i < W.rows(); ++i) {
      double z = b(i, 0);
      for (Eigen::Index j = 0; j < W.cols(); ++j) z += double(W(i, j)) * h[size_t(j)];
      o[size_t(i)] = l < 2 ? std::max(z, 0.0) : (tanhOut ? std::tanh(z) : z);
    }
    h = o;
  }
  return h;
}

// A hand-built batch on the pendulum agent: 6 transitions, #2 and #4 terminated.
struct HandBatch {
  std::vector<std::array<float, 3>> s, s2;
  std::vector<float> a, r;
  std::vector<bool> term;
};
HandBatch handBatch(Ddpg& d) {
  HandBatch b;
  Rng rng(5);
  for (int i = 0; i < 6; ++i) {
    const double th = rng.uniform(-3, 3), th2 = rng.uniform(-3, 3);
    b.s.push_back({float(std::cos(th)), float(std::sin(th)), float(rng.uniform(-8, 8))});
    b.s2.push_back({float(std::cos(th2)), float(std::sin(th2)), float(rng.uniform(-8, 8))});
    b.a.push_back(float(rng.uniform(-2, 2)));
    b.r.push_back(float(rng.uniform(-16, 0)));
    b.term.push_back(i == 2 || i == 4);
    d.replay().add(b.s.back().data(), &b.a.back(), b.r.back(), b.s2.back().data(), b.term.back());
  }
  return b;
}

std::vector<nn::Mat<float>> values(nn::SequentialF& net) {
  std::vector<nn::Mat<float>> v;
  for (auto* p : net.params()) v.push_back(p->value);
  return v;
}

const std::vector<std::string> kSmall = {"hidden1=32", "hidden2=32", "learning_starts=100000", "batch_size=6"};

std::vector<std::string> small(std::vector<std::string> extra) {
  std::vector<std::string> v = kSmall;
  v.insert(v.end(), extra.begin(), extra.end());
  return v;
}

}  // namespace

// y = r + γ(1 − terminated)·Q′(s′, μ′(s′)) with Q′ and μ′ the target networks, computed from their weights by hand.
TEST(DdpgMechanics, CriticTargetOnAHandBuiltBatch) {
  auto t = runs::makeTrainer({"pendulum", "ddpg", 3, small({})});
  Ddpg& d = ddpgOf(*t);
  ASSERT_FALSE(d.twin());
  const HandBatch b = handBatch(d);
  const double gamma = d.config().gamma;
  EXPECT_EQ(gamma, 0.98);  // the pendulum preset
  std::vector<double> want;
  for (size_t i = 0; i < 6; ++i) {
    const double mu = 2.0 * mlpByHand(d.actorTarget(), {b.s2[i][0], b.s2[i][1], b.s2[i][2]}, true)[0];
    const double q = mlpByHand(d.criticTarget(0), {b.s2[i][0], b.s2[i][1], b.s2[i][2], mu}, false)[0];
    want.push_back(b.r[i] + gamma * (b.term[i] ? 0.0 : q));
  }
  d.updateOn({0, 1, 2, 3, 4, 5});
  ASSERT_EQ(d.lastTargets().size(), 6);
  for (size_t i = 0; i < 6; ++i) EXPECT_NEAR(d.lastTargets()(Eigen::Index(i)), want[i], 1e-4) << "sample " << i;
  EXPECT_EQ(d.lastTargets()(2), b.r[2]);
  EXPECT_EQ(d.lastTargets()(4), b.r[4]);
}

// TD3: ã = clip(μ′(s′) + k·clip(σ̃ε, −c, c), −2, 2) with the update's own ε, y = r + γ(1 − terminated)·min(Q′1, Q′2).
// σ̃ = 1 so the clip c = 0.5 acts on most samples. Q′2 is set to the mirror image of Q′1 about m, the median of Q′1
// over the batch's bootstrapped s′ (2m − Q′1: output weights and bias negated, 2m added), so the min takes Q′1 on
// some samples and Q′2 on others.
TEST(DdpgMechanics, Td3TargetTwinMinAndSmoothingOnAHandBuiltBatch) {
  auto t = runs::makeTrainer({"pendulum", "ddpg", 4, small({"td3=true", "target_noise=1"})});
  Ddpg& d = ddpgOf(*t);
  ASSERT_TRUE(d.twin());
  ASSERT_EQ(d.policyDelay(), 2);
  const HandBatch b = handBatch(d);
  std::vector<double> q1Now;  // over the 4 samples that bootstrap
  for (size_t i = 0; i < 6; ++i) {
    if (b.term[i]) continue;
    const std::vector<double> s2 = {b.s2[i][0], b.s2[i][1], b.s2[i][2]};
    std::vector<double> in = s2;
    in.push_back(2.0 * mlpByHand(d.actorTarget(), s2, true)[0]);
    q1Now.push_back(mlpByHand(d.criticTarget(0), in, false)[0]);
  }
  std::sort(q1Now.begin(), q1Now.end());
  const double m = (q1Now[1] + q1Now[2]) / 2;
  nn::hardCopy(d.criticTarget(1), d.criticTarget(0));
  const auto out = d.criticTarget(1).params();
  out[4]->value *= -1.f;
  out[5]->value = -out[5]->value.array() + float(2 * m);
  nn::SequentialF mu = d.actorTarget(), q1 = d.criticTarget(0), q2 = d.criticTarget(1);  // before the update
  d.updateOn({0, 1, 2, 3, 4, 5});
  const nn::Mat<float>& eps = d.lastSmoothingNoise();
  ASSERT_EQ(eps.cols(), 6);
  int clipped = 0, q2Smaller = 0;
  for (size_t i = 0; i < 6; ++i) {
    const std::vector<double> s2 = {b.s2[i][0], b.s2[i][1], b.s2[i][2]};
    const double e = eps(0, Eigen::Index(i));
    clipped += std::abs(e) > 0.5;
    const double noise = 2.0 * std::clamp(1.0 * e, -0.5, 0.5);
    const double aTilde = std::clamp(2.0 * mlpByHand(mu, s2, true)[0] + noise, -2.0, 2.0);
    std::vector<double> in = s2;
    in.push_back(aTilde);
    const double v1 = mlpByHand(q1, in, false)[0], v2 = mlpByHand(q2, in, false)[0];
    if (!b.term[i]) q2Smaller += v2 < v1;
    const double want = b.r[i] + 0.98 * (b.term[i] ? 0.0 : std::min(v1, v2));
    EXPECT_NEAR(d.lastTargets()(Eigen::Index(i)), want, 1e-4) << "sample " << i;
  }
  EXPECT_GT(clipped, 0) << "no sample exercised the clip";
  EXPECT_GT(q2Smaller, 0) << "the min never picked Q′2";
  EXPECT_LT(q2Smaller, 4) << "the min never picked Q′1";
}

// After an actor update, every target tensor is θ′ ← τθ + (1 − τ)θ′ of the online one after its step.
TEST(DdpgMechanics, PolyakUpdateByHand) {
  auto t = runs::makeTrainer({"pendulum", "ddpg", 5, small({"tau=0.1", "td3=true"})});
  Ddpg& d = ddpgOf(*t);
  handBatch(d);
  for (int k = 0; k < 3; ++k) d.updateOn({0, 1, 2, 3, 4, 5});  // targets now differ from the online nets
  ASSERT_EQ(d.actorUpdates(), 1u);
  const float tau = 0.1f;
  std::vector<nn::SequentialF*> targets = {&d.actorTarget(), &d.criticTarget(0), &d.criticTarget(1)};
  std::vector<nn::SequentialF*> online = {&d.actor(), &d.critic(0), &d.critic(1)};
  std::vector<std::vector<nn::Mat<float>>> before;
  for (auto* n : targets) before.push_back(values(*n));
  d.updateOn({0, 1, 2, 3, 4, 5});  // the 4th critic update: the actor and the targets move
  ASSERT_EQ(d.actorUpdates(), 2u);
  for (size_t n = 0; n < targets.size(); ++n) {
    const auto after = values(*targets[n]), now = values(*online[n]);
    for (size_t k = 0; k < after.size(); ++k) {
      const nn::Mat<float> want = tau * now[k] + (1 - tau) * before[n][k];
      EXPECT_LT((after[k] - want).cwiseAbs().maxCoeff(), 1e-6) << "net " << n << " tensor " << k;
      EXPECT_GT((after[k] - before[n][k]).cwiseAbs().maxCoeff(), 0.f) << "net " << n << " tensor " << k;
    }
  }
}

// policy_delay d = 3: the critics step on every update; the actor and every target only on updates 3, 6, ...
TEST(DdpgMechanics, DelayedActorUpdatesCountAndHoldTheTargets) {
  auto t = runs::makeTrainer({"pendulum", "ddpg", 6, small({"td3=true", "policy_delay=3"})});
  Ddpg& d = ddpgOf(*t);
  handBatch(d);
  for (uint64_t k = 1; k <= 7; ++k) {
    const auto actor = values(d.actor()), actorT = values(d.actorTarget()), q1 = values(d.critic(0)),
               q1T = values(d.criticTarget(0)), q2T = values(d.criticTarget(1));
    d.updateOn({0, 1, 2, 3, 4, 5});
    EXPECT_EQ(d.criticUpdates(), k);
    EXPECT_EQ(d.actorUpdates(), k / 3) << "update " << k;
    const bool actorStep = k % 3 == 0;
    EXPECT_EQ(values(d.actor()) != actor, actorStep) << "update " << k;
    EXPECT_EQ(values(d.actorTarget()) != actorT, actorStep) << "update " << k;
    EXPECT_EQ(values(d.criticTarget(0)) != q1T, actorStep) << "update " << k;
    EXPECT_EQ(values(d.criticTarget(1)) != q2T, actorStep) << "update " << k;
    EXPECT_NE(values(d.critic(0)), q1) << "update " << k;
  }
  // Without the delay (plain DDPG) every update moves the actor.
  auto p = runs::makeTrainer({"pendulum", "ddpg", 6, small({})});
  handBatch(ddpgOf(*p));
  for (int k = 0; k < 3; ++k) ddpgOf(*p).updateOn({0, 1, 2, 3, 4, 5});
  EXPECT_EQ(ddpgOf(*p).actorUpdates(), 3u);
}

// The td3 switch sets the three switches together; a later edit of one switch stands.
TEST(DdpgMechanics, Td3SwitchSetsTheThreeSwitches) {
  auto t = runs::makeTrainer({"pendulum", "ddpg", 1, small({"td3=true"})});
  const ParamTable& p = t->agent().params();
  EXPECT_EQ(p.get("twin_q"), 1.0);
  EXPECT_EQ(p.get("delayed"), 1.0);
  EXPECT_EQ(p.get("smoothing"), 1.0);
  EXPECT_TRUE(ddpgOf(*t).twin());
  auto u = runs::makeTrainer({"pendulum", "ddpg", 1, small({"td3=true", "twin_q=false"})});
  EXPECT_FALSE(ddpgOf(*u).twin());
  EXPECT_EQ(u->agent().params().get("delayed"), 1.0);
  u->setParamText("td3", "false");
  EXPECT_EQ(u->agent().params().get("delayed"), 0.0);
  EXPECT_EQ(u->agent().params().get("smoothing"), 0.0);
  EXPECT_EQ(ddpgOf(*u).policyDelay(), 1);
}

// The pendulum only truncates (200 steps): the transition of step 200 keeps terminated = false and s′ = the final
// observation (the physics of step 200), not the next episode's first observation; every other s′ is the next s.
TEST(DdpgMechanics, TruncationStoresTheFinalObservation) {
  auto t = runs::makeTrainer({"pendulum", "ddpg", 2, small({"learning_starts=1000"})});
  t->advance(250);
  const Ddpg::Replay& r = ddpgOf(*t).replay();
  ASSERT_EQ(r.size(), 250);
  for (int i = 0; i < 249; ++i) {
    EXPECT_FALSE(r.terminated(i));
    if (i != 199) {
      EXPECT_EQ(std::memcmp(r.nextObs(i), r.obs(i + 1), 3 * sizeof(float)), 0) << i;
    }
  }
  EXPECT_NE(std::memcmp(r.nextObs(199), r.obs(200), 3 * sizeof(float)), 0);
  const float* s = r.obs(199);
  const double th = std::atan2(double(s[1]), double(s[0])), u = r.action(199)[0];
  const double w = std::clamp(double(s[2]) + (15.0 * std::sin(th) + 3.0 * u) * 0.05, -8.0, 8.0);
  EXPECT_NEAR(r.nextObs(199)[2], w, 1e-4);
  EXPECT_NEAR(r.nextObs(199)[0], std::cos(th + w * 0.05), 1e-4);
  EXPECT_NEAR(r.nextObs(199)[1], std::sin(th + w * 0.05), 1e-4);
}

// Uniform random actions and no update until learning_starts steps; then one update per step.
TEST(DdpgMechanics, LearningStartsWithUniformActions) {
  auto t = runs::makeTrainer({"pendulum", "ddpg", 3, small({"learning_starts=300"})});
  t->advance(300);
  EXPECT_EQ(t->updates(), 0u);
  const Ddpg::Replay& r = ddpgOf(*t).replay();
  float lo = 2, hi = -2;
  for (int i = 0; i < 300; ++i) lo = std::min(lo, r.action(i)[0]), hi = std::max(hi, r.action(i)[0]);
  EXPECT_LT(lo, -1.9f);
  EXPECT_GT(hi, 1.9f);
  Insights ins;
  t->agent().fillInsights(ins);
  ASSERT_TRUE(ins.pathwise);
  EXPECT_FALSE(ins.pathwise->random);  // step 301 is the actor's, with noise
  t->advance(5);
  EXPECT_EQ(t->updates(), 5u);
}

// Ornstein–Uhlenbeck with θ_OU = 0 is a random walk x_t = σ√dt·Σε restarted at 0 each episode: the noise k·x of an
// episode's first action (σ√dt·k = 0.2 at σ = 1, dt = 0.01) is far smaller than at its 200th (about k·σ·√2 = 2.8,
// clipped by the bounds), over 10 episodes. Gaussian noise with σ = 0 acts greedily: the action is μ(s).
TEST(DdpgMechanics, OrnsteinUhlenbeckNoiseRestartsEachEpisode) {
  auto t = runs::makeTrainer({"pendulum", "ddpg", 4,
                             {"hidden1=8", "hidden2=8", "learning_starts=0", "batch_size=4", "noise=ou",
                              "noise_std=1", "ou_theta=0", "ou_dt=0.01", "actor_lr=1e-6", "critic_lr=1e-6"}});
  double first = 0, last = 0;
  for (int step = 0; step < 2000; ++step) {
    Insights ins;
    t->agent().fillInsights(ins);
    const double dev = std::abs(ins.pathwise->taken - ins.pathwise->mu);
    if (step % 200 == 0) first += dev / 10;
    if (step % 200 == 199) last += dev / 10;
    t->advance(1);
  }
  EXPECT_LT(first, 0.4);
  EXPECT_GT(last, 1.0);
  t->setParamText("noise", "gaussian");
  t->setParamText("noise_std", "0");
  t->advance(1);
  Insights ins;
  t->agent().fillInsights(ins);
  EXPECT_EQ(ins.pathwise->taken, std::clamp(ins.pathwise->mu, -2.0, 2.0));
  EXPECT_EQ(ins.pathwise->noiseStd, 0.0);
}

// The lens: Q1 and Q2 over 81 torques, μ(s), ∂Q1/∂a against a difference of the critic, the policy insight, the plane
// map and the last actor update.
TEST(DdpgMechanics, FillsPathwisePolicyReplayAndPlaneMap) {
  auto t = runs::makeTrainer({"pendulum", "ddpg", 1,
                             {"hidden1=32", "hidden2=32", "learning_starts=200", "batch_size=32", "td3=true"}});
  t->advance(450);
  Insights ins;
  t->agent().fillInsights(ins);
  t->agent().fillEnvInsights(t->env(), ins);
  ASSERT_TRUE(ins.pathwise && ins.policy && ins.replay && ins.policyMap);
  const PathwiseInsight& p = *ins.pathwise;
  EXPECT_EQ(p.low, -2.0);
  EXPECT_EQ(p.high, 2.0);
  ASSERT_EQ(p.actions.size(), size_t(Ddpg::kGridSize));
  EXPECT_EQ(p.actions.front(), -2.f);
  EXPECT_EQ(p.actions.back(), 2.f);
  EXPECT_EQ(p.q1.size(), p.actions.size());
  EXPECT_EQ(p.q2.size(), p.actions.size());
  EXPECT_TRUE(p.twin && p.delayed && p.smoothing);
  EXPECT_EQ(p.criticUpdates, 250u);
  EXPECT_EQ(p.actorUpdates, 125u);
  // ∂Q1/∂a by a central difference of the float critic at μ(s).
  Ddpg& d = ddpgOf(*t);
  const auto o = t->env().observation();
  const nn::Mat<float> s = Eigen::Map<const nn::Mat<float>>(o.data(), 3, 1);
  nn::Mat<float> a(1, 3);
  const float h = 1e-3f;
  a << float(p.mu) - h, float(p.mu), float(p.mu) + h;
  const nn::RowVec<float> q = ddpg::criticForward(d.critic(0), nn::Mat<float>(s.replicate(1, 3)), a);
  EXPECT_NEAR(p.qMu, q(1), 1e-4 * std::max(1.0, std::abs(p.qMu)));
  EXPECT_NEAR(p.dQda, (q(2) - q(0)) / (2 * h), 2e-2 * std::max(1.0, std::abs(p.dQda)));
  EXPECT_NEAR(p.noiseStd, 0.2, 1e-12);  // σ 0.1 × k 2
  // The lens prints σ with the parameter it comes from (it once said 0.20 beside a parameter reading 0.100).
  EXPECT_EQ(p.noiseParam, 0.1);
  EXPECT_EQ(p.noiseK, 2.0);
  EXPECT_NEAR(p.noiseParam * p.noiseK, p.noiseStd, 1e-12);
  // μ(s) is the policy: the policy lens says so instead of printing an entropy of 0.
  EXPECT_TRUE(ins.policy->deterministic);
  EXPECT_TRUE(p.last.valid);
  EXPECT_EQ(p.last.batch, 32);
  EXPECT_EQ(p.last.stepSize, 1e-3);
  EXPECT_EQ(p.last.state.size(), 3u);
  EXPECT_TRUE(ins.policy->continuous && ins.policy->hasValue);
  EXPECT_EQ(ins.policy->mean, p.mu);
  EXPECT_EQ(ins.policy->value, p.qMu);
  EXPECT_EQ(ins.policy->std, p.noiseStd);
  EXPECT_EQ(ins.replay->size, 450);
  EXPECT_EQ(ins.replay->lastBatch.size(), 32u);
  const PlaneMap& m = *ins.policyMap;
  ASSERT_EQ(m.layers.size(), 2u);
  EXPECT_EQ(m.layers[0].name, "actor μ(s)");
  EXPECT_EQ(m.layers[1].name, "critic Q(s, μ(s))");
  EXPECT_EQ(m.layers[0].values.size(), size_t(Ddpg::kMapSize * Ddpg::kMapSize));
  for (float v : m.layers[0].values) EXPECT_LE(std::abs(v), 2.f);
  EXPECT_EQ(m.trail.size(), 2u * 51u);  // 50 steps into the third episode: 51 states
}

// CleanRL's metric names, one point per 100 steps once updates run; losses/qf2_loss only with twin critics.
TEST(DdpgMechanics, LogsCleanRlMetrics) {
  for (bool twin : {false, true}) {
    auto t = runs::makeTrainer({"pendulum", "ddpg", 1,
                               small({"learning_starts=100", twin ? "td3=true" : "td3=false"})});
    t->advance(500);
    for (const char* name : {"losses/qf1_loss", "losses/actor_loss", "losses/qf1_values"}) {
      const MetricSeries* s = t->metrics().find(name);
      ASSERT_NE(s, nullptr) << name;
      EXPECT_EQ(s->data().y.size(), 4u) << name;  // steps 200, 300, 400, 500
    }
    const MetricSeries* q2 = t->metrics().find("losses/qf2_loss");
    EXPECT_EQ(q2 != nullptr, twin);
    EXPECT_EQ(t->checkFinite(), "");
  }
}

TEST(DdpgMechanics, CheckFiniteNamesTheDivergedQuantity) {
  auto t = runs::makeTrainer({"pendulum", "ddpg", 1, small({"learning_starts=10"})});
  t->advance(20);
  EXPECT_EQ(t->checkFinite(), "");
  ddpgOf(*t).actor().params()[0]->value(0, 0) = std::nanf("");
  const std::string why = t->checkFinite();
  EXPECT_NE(why.find("actor μ 0.Linear.weight"), std::string::npos) << why;
  EXPECT_NE(why.find("nan"), std::string::npos) << why;
  EXPECT_EQ(t->advance(1), 1);  // the env gets a finite action (the NaN never reaches the physics)
  EXPECT_NE(t->checkFinite(), "");
}

TEST(DdpgMechanics, RunsOnlyOnContinuousActions) {
  EXPECT_EQ(runs::unsupportedReason("pendulum", "ddpg"), "");
  for (const char* env : {"pendulum-discrete", "gridworld", "invaders"}) {
    const std::string why = runs::unsupportedReason(env, "ddpg");
    EXPECT_EQ(why.rfind("DDPG needs a continuous action: ", 0), 0u) << env << ": " << why;
  }
}

// Same seed and settings give the same curves (DESIGN.md §7), also when the steps come in small calls.
TEST(DdpgMechanics, SameSeedSameCurves) {
  for (const char* td3 : {"td3=false", "td3=true"}) {
    const std::vector<std::string> sets = {"hidden1=16", "hidden2=16", "learning_starts=300", "batch_size=16", td3};
    auto a = runs::makeTrainer({"pendulum", "ddpg", 9, sets});
    auto b = runs::makeTrainer({"pendulum", "ddpg", 9, sets});
    a->advance(1500);
    for (int taken = 0; taken < 1500;) taken += b->advance(std::min(1500 - taken, 7));
    ASSERT_EQ(a->metrics().series().size(), b->metrics().series().size());
    int compared = 0;
    for (size_t i = 0; i < a->metrics().series().size(); ++i) {
      const SeriesData& x = a->metrics().series()[i].data();
      const SeriesData& y = b->metrics().series()[i].data();
      ASSERT_EQ(x.y.size(), y.y.size()) << td3 << " " << x.name;
      for (size_t k = 0; k < x.y.size(); ++k, ++compared)
        EXPECT_EQ(std::memcmp(&x.y[k], &y.y[k], sizeof(double)), 0) << td3 << " " << x.name;
    }
    EXPECT_GT(compared, 40) << td3;
  }
}

// ---- Learning ----

namespace {

double meanOfLast(Trainer& t, size_t n) {
  const MetricSeries* s = t.metrics().find("charts/episodic_return");
  EXPECT_NE(s, nullptr);
  if (!s) return -1e9;
  const auto& y = s->data().y;
  EXPECT_GE(y.size(), n);
  double m = 0;
  for (size_t i = y.size() - std::min(n, y.size()); i < y.size(); ++i) m += y[i] / double(n);
  return m;
}

// The pendulum preset (rl-baselines3-zoo's DDPG: γ 0.98, Adam 1e-3, Gaussian σ 0.1, τ 0.005, one update per step)
// with 64-64 networks instead of 400-300, batch 64 instead of 256 and 2 000 random steps instead of 10 000, so the
// ten runs fit CI's budget (about 1.5 s a run here).
const std::vector<std::string> kLearningSetting = {"hidden1=64", "hidden2=64", "batch_size=64",
                                                   "learning_starts=2000"};

void expectSwingsUp(bool td3) {
  std::vector<std::string> sets = kLearningSetting;
  sets.push_back(td3 ? "td3=true" : "td3=false");
  for (uint64_t seed : {1, 2, 3, 4, 5}) {
    auto t = runs::makeTrainer({"pendulum", "ddpg", seed, sets});
    t->advance(20000);
    const double last20 = meanOfLast(*t, 20);
    std::printf("%s seed %llu: mean return of the last 20 episodes %.1f\n", td3 ? "TD3" : "DDPG",
                (unsigned long long)seed, last20);
    EXPECT_GE(last20, -200.0) << (td3 ? "TD3" : "DDPG") << " seed " << seed;
    EXPECT_EQ(t->checkFinite(), "");
  }
}

}  // namespace

// Pendulum-v1, 200-step episodes (100 in 20k steps; random ≈ −1200). 20 000 env steps, 18 000 updates, setting
// kLearningSetting. Mean return of the last 20 episodes, seeds 1–5 (Release, x86-64-v3):
//   DDPG  −129.4, −153.9, −139.1, −105.7, −157.2
//   TD3   −131.5, −153.3, −153.6, −110.6, −159.0
// Seeds 6–10 (not run here): DDPG −203.8, −138.7, −147.2, −148.9, −154.7; TD3 −204.6, −141.2, −142.5, −153.6, −156.4.
// Seed 6's policies are converged too (DDPG's and TD3's episodes return within a few points of each other); its
// last 20 episodes simply start hanging down more often (six swing-ups of −300 to −375). A converged policy's mean
// over 20 episodes spreads over about −100 to −205 with the start states, so −200 is a threshold for these seeds,
// not a guarantee for every seed. With 5 000 random steps TD3 had not converged on 3 of seeds 6–10.
// The preset itself (the zoo's 400-300 networks, batch 256, 10 000 random steps: 10 000 updates, 2–3 min a run here),
// `rllens train --env pendulum --algo ddpg --steps 20000 --seed N [--set td3=true]`, seeds 1–5:
//   DDPG  −131.8, −156.0, −144.9, −103.9, −154.9
//   TD3   −134.2, −153.7, −139.8, −109.9, −159.3
// Threshold: ≥ −200 on every seed.
TEST(DdpgLearning, DdpgPendulumSwingsUp) { expectSwingsUp(false); }
TEST(DdpgLearning, Td3PendulumSwingsUp) { expectSwingsUp(true); }
