// Acceptance 1 (losses, distributions, historical averaging): finite-difference checks in double (bound in
// nn_test_util.hpp: relative error ≤ 1e-6), plus the values the gradients are of: closed forms for each loss, the
// C51 projection on a hand-worked case, sampling statistics of both distributions.
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "tests/unit/nn_test_util.hpp"

using namespace rl;
using namespace rl::nn;
using namespace rl::nn::test;

namespace {
// Checks a loss's grad against central differences of its value, w.r.t. the prediction.
template <class F>
void checkLoss(MatD pred, F lossOf, const std::string& what) {
  const Loss<double> l = lossOf(pred);
  fdMaxError(
      pred, l.grad, [&] { return lossOf(pred).loss; }, what);
}
}  // namespace

TEST(NnLosses, MseValueAndGradient) {
  MatD p(1, 2), t(1, 2);
  p << 1, 3;
  t << 0, 1;
  const Loss<double> l = mse<double>(p, t);
  EXPECT_DOUBLE_EQ(l.loss, (1 + 4) / 2.0);
  EXPECT_DOUBLE_EQ(l.grad(0, 1), 2 * 2 / 2.0);
  Rng rng(1);
  const MatD target = randn(3, 4, rng);
  RowVec<double> w(4);
  w << 0.5, 1, 2, 0.25;
  checkLoss(
      randn(3, 4, rng), [&](const MatD& x) { return mse<double>(x, target); }, "mse");
  checkLoss(
      randn(3, 4, rng), [&](const MatD& x) { return mse<double>(x, target, w); }, "mse weighted");
}

TEST(NnLosses, HuberValueAndGradient) {
  MatD p(1, 3), t = MatD::Zero(1, 3);
  p << 0.5, 2, -3;
  const Loss<double> l = huber<double>(p, t, 1.0);
  EXPECT_DOUBLE_EQ(l.loss, (0.125 + 1.5 + 2.5) / 3);
  EXPECT_DOUBLE_EQ(l.grad(0, 2), -1.0 / 3);
  Rng rng(2);
  const MatD target = randn(3, 5, rng);
  // Keep |p − t| away from δ = 1 where the second derivative jumps.
  MatD pred = target + randn(3, 5, rng, 1.5);
  pred = pred.binaryExpr(target, [](double a, double b) { return std::abs(std::abs(a - b) - 1) < 0.05 ? a + 0.1 : a; });
  RowVec<double> w = randn(1, 5, rng).cwiseAbs();
  checkLoss(
      pred, [&](const MatD& x) { return huber<double>(x, target, 1.0, w); }, "huber");
}

TEST(NnLosses, BceWithLogitsSmoothedTarget) {
  MatD z(1, 2), t(1, 2);
  z << 0.3, -1.2;
  t << 0.9, 0.0;  // one-sided label smoothing for "real"
  const Loss<double> l = bceWithLogits<double>(z, t);
  auto sig = [](double v) { return 1 / (1 + std::exp(-v)); };
  const double expected = (-(0.9 * std::log(sig(0.3)) + 0.1 * std::log(1 - sig(0.3))) - std::log(1 - sig(-1.2))) / 2;
  EXPECT_NEAR(l.loss, expected, 1e-14);
  // No overflow for large logits.
  MatD big(1, 2), bt(1, 2);
  big << 500, -500;
  bt << 1, 0;
  EXPECT_NEAR(bceWithLogits<double>(big, bt).loss, 0, 1e-200);
  Rng rng(3);
  const MatD target = MatD::Constant(2, 6, 0.9);
  checkLoss(
      randn(2, 6, rng, 2), [&](const MatD& x) { return bceWithLogits<double>(x, target); }, "bce");
}

TEST(NnLosses, SoftmaxCrossEntropyLabelsAndSoftTargets) {
  MatD z(3, 1);
  z << 1, 2, 3;
  const double lse = std::log(std::exp(1) + std::exp(2) + std::exp(3));
  EXPECT_NEAR(softmaxCrossEntropy<double>(z, std::vector<int>{0}).loss, lse - 1, 1e-14);
  Rng rng(4);
  const std::vector<int> labels = {0, 2, 1, 2};
  checkLoss(
      randn(3, 4, rng), [&](const MatD& x) { return softmaxCrossEntropy<double>(x, labels); }, "ce labels");
  MatD soft = randn(3, 4, rng).array().exp();
  soft.array().rowwise() /= soft.colwise().sum().array();
  checkLoss(
      randn(3, 4, rng), [&](const MatD& x) { return softmaxCrossEntropy<double>(x, soft); }, "ce soft");
}

TEST(NnLosses, CategoricalCrossEntropyOnProbabilities) {
  Rng rng(5);
  MatD m = randn(5, 3, rng).array().exp();
  m.array().rowwise() /= m.colwise().sum().array();
  const MatD p = randn(5, 3, rng).array().exp() * 0.2;  // any positive values: the loss is defined on them
  RowVec<double> w(3);
  w << 1, 0.5, 2;
  checkLoss(
      p, [&](const MatD& x) { return categoricalCrossEntropy<double>(x, m, w); }, "c51 cross-entropy");
}

// Hand-worked: 3 atoms on [−1, 1] (Δz = 1), r = 0.5, γ = 0.5, next p = (0.2, 0.3, 0.5).
// T̂z = 0.5 + 0.5·(−1, 0, 1) = (0, 0.5, 1) → b = (1, 1.5, 2): atom 0.2 → m₁; 0.3 split 0.15/0.15 to m₁/m₂; 0.5 → m₂.
// Terminal sample (discount 0), r = 3 clamps to vMax: all mass on the last atom.
TEST(NnLosses, C51ProjectionHandWorked) {
  MatD next(3, 2);
  next << 0.2, 0.6, 0.3, 0.3, 0.5, 0.1;
  RowVec<double> r(2), d(2);
  r << 0.5, 3.0;
  d << 0.5, 0.0;
  const MatD m = c51Projection<double>(next, r, d, -1.0, 1.0);
  EXPECT_NEAR(m(0, 0), 0.0, 1e-15);
  EXPECT_NEAR(m(1, 0), 0.35, 1e-15);
  EXPECT_NEAR(m(2, 0), 0.65, 1e-15);
  EXPECT_NEAR(m(2, 1), 1.0, 1e-15);
  EXPECT_NEAR(m.col(1).head(2).cwiseAbs().sum(), 0.0, 1e-15);
  // Mass is conserved for arbitrary inputs.
  Rng rng(6);
  MatD p = randn(11, 8, rng).array().exp();
  p.array().rowwise() /= p.colwise().sum().array();
  const MatD m2 = c51Projection<double>(p, randn(1, 8, rng, 3), MatD::Constant(1, 8, 0.99), -10.0, 10.0);
  for (int i = 0; i < 8; ++i) EXPECT_NEAR(m2.col(i).sum(), 1.0, 1e-12);
  EXPECT_GE(m2.minCoeff(), 0.0);
  EXPECT_NEAR(c51Support<double>(-10, 10, 51)(25), 0.0, 1e-12);
}

TEST(NnLosses, CategoricalLogProbAndEntropyGradients) {
  Rng rng(7);
  MatD z = randn(4, 5, rng);
  const std::vector<int> a = {0, 3, 1, 1, 2};
  const RowVec<double> w = randn(1, 5, rng);
  const Categorical<double> c(z);
  fdMaxError(
      z, c.logProbBackward(a, w), [&] { return Categorical<double>(z).logProb(a).dot(w); }, "cat logprob");
  fdMaxError(
      z, c.entropyBackward(w), [&] { return Categorical<double>(z).entropy().dot(w); }, "cat entropy");
  // Values: uniform logits → entropy log K; log-prob of any action −log K.
  const Categorical<double> u(MatD::Zero(4, 1));
  EXPECT_NEAR(u.entropy()(0), std::log(4.0), 1e-14);
  EXPECT_NEAR(u.logProb({2})(0), -std::log(4.0), 1e-14);
}

TEST(NnLosses, CategoricalSamplesMatchProbabilities) {
  MatD z(3, 1);
  z << std::log(0.2), std::log(0.5), std::log(0.3);
  const Categorical<double> c(z.replicate(1, 20000));
  Rng rng(8);
  const std::vector<int> s = c.sample(rng);
  double counts[3] = {0, 0, 0};
  for (int k : s) counts[k] += 1;
  // Binomial standard error √(p(1−p)/n) ≤ 0.0036; 5 sigma = 0.018.
  EXPECT_NEAR(counts[0] / 20000, 0.2, 0.018);
  EXPECT_NEAR(counts[1] / 20000, 0.5, 0.018);
  EXPECT_NEAR(counts[2] / 20000, 0.3, 0.018);
  EXPECT_EQ(c.mode()[0], 1);
}

TEST(NnLosses, GaussianLogProbAndEntropyGradients) {
  Rng rng(9);
  MatD mu = randn(3, 4, rng), logStd = randn(3, 4, rng, 0.5), x = randn(3, 4, rng);
  const RowVec<double> w = randn(1, 4, rng);
  const DiagGaussian<double> g(mu, logStd);
  const GaussianGrad<double> gl = g.logProbBackward(x, w);
  auto lp = [&] { return DiagGaussian<double>(mu, logStd).logProb(x).dot(w); };
  fdMaxError(mu, gl.dMean, lp, "gauss logprob dMean");
  fdMaxError(logStd, gl.dLogStd, lp, "gauss logprob dLogStd");
  fdMaxError(x, gl.dX, lp, "gauss logprob dX");
  const GaussianGrad<double> ge = g.entropyBackward(w);
  auto ent = [&] { return DiagGaussian<double>(mu, logStd).entropy().dot(w); };
  fdMaxError(logStd, ge.dLogStd, ent, "gauss entropy dLogStd");
  fdMaxError(mu, ge.dMean, ent, "gauss entropy dMean", /*allowZero=*/true);
  // Values: N(0, 1) in 1-D: log p(0) = −½log 2π, H = ½log(2πe).
  const DiagGaussian<double> std1(MatD::Zero(1, 1), MatD::Zero(1, 1));
  EXPECT_NEAR(std1.logProb(MatD::Zero(1, 1))(0), -0.5 * std::log(2 * std::numbers::pi), 1e-14);
  EXPECT_NEAR(std1.entropy()(0), 0.5 * std::log(2 * std::numbers::pi * std::numbers::e), 1e-14);
}

TEST(NnLosses, GaussianSamplesHaveTheRightMoments) {
  const int n = 20000;
  const DiagGaussian<double> g(MatD::Constant(1, n, 2.0), MatD::Constant(1, n, std::log(0.5)));
  Rng rng(10);
  const MatD s = g.sample(rng);
  const double mean = s.mean();
  const double sd = std::sqrt((s.array() - mean).square().mean());
  EXPECT_NEAR(mean, 2.0, 5 * 0.5 / std::sqrt(n));  // 5 standard errors
  EXPECT_NEAR(sd, 0.5, 0.02);
}

// Historical averaging: λ‖θ − θ̄‖², θ̄ the running mean of past θ, a constant for the gradient.
TEST(NnLosses, HistoricalAveragingPenaltyAndGradient) {
  Rng rng(11);
  Param<double> a(randn(3, 2, rng)), b(randn(4, 1, rng));
  const std::vector<Param<double>*> ps = {&a, &b};
  HistoricalAverage<double> avg;
  EXPECT_EQ(avg.penalty(ps, 0.3), 0.0);  // nothing to average yet
  const MatD a0 = a.value, b0 = b.value;
  avg.update(ps);
  a.value = randn(3, 2, rng);
  b.value = randn(4, 1, rng);
  avg.update(ps);
  EXPECT_LT((avg.average()[0] - (a0 + a.value) / 2).cwiseAbs().maxCoeff(), 1e-15);
  EXPECT_EQ(avg.count(), 2);
  a.value = randn(3, 2, rng);
  b.value = randn(4, 1, rng);
  const double lambda = 0.3;
  const double expected =
      lambda * ((a.value - avg.average()[0]).squaredNorm() + (b.value - avg.average()[1]).squaredNorm());
  zeroGrad(ps);
  EXPECT_NEAR(avg.penalty(ps, lambda), expected, 1e-14);
  const MatD ga = a.grad, gb = b.grad;
  auto pen = [&] {
    std::vector<MatD> keep = {a.grad, b.grad};
    const double v = avg.penalty(ps, lambda);
    a.grad = keep[0];
    b.grad = keep[1];
    return v;
  };
  fdMaxError(a.value, ga, pen, "historical average dθ (a)");
  fdMaxError(b.value, gb, pen, "historical average dθ (b)");
}
