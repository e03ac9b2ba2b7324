// Behaviour of layers beyond their gradients: what each computes, train vs eval, copies, the builder's errors.
#include <gtest/gtest.h>

#include <cmath>

#include "tests/unit/nn_test_util.hpp"

using namespace rl;
using namespace rl::nn;
using namespace rl::nn::test;

// Conv2D against the textbook sum y[f, oy, ox] = b_f + Σ_{c,ky,kx} W[f, c, ky, kx]·x[c, oy·s + ky, ox·s + kx].
TEST(NnLayers, Conv2DMatchesTheDirectSum) {
  Rng rng(1);
  const ConvShape s{.channels = 3, .height = 7, .width = 6, .filters = 4, .kernel = 3, .stride = 2};
  Conv2D<double> conv(s, rng);
  const MatD x = randn(s.inputSize(), 2, rng);
  const MatD y = conv.forward(x);
  ASSERT_EQ(y.rows(), 4 * 3 * 2);
  for (int n = 0; n < 2; ++n)
    for (int f = 0; f < 4; ++f)
      for (int oy = 0; oy < s.outHeight(); ++oy)
        for (int ox = 0; ox < s.outWidth(); ++ox) {
          double sum = conv.bias.value(f);
          for (int c = 0; c < 3; ++c)
            for (int ky = 0; ky < 3; ++ky)
              for (int kx = 0; kx < 3; ++kx)
                sum += conv.weight.value(f, (c * 3 + ky) * 3 + kx) * x(c * 42 + (oy * 2 + ky) * 6 + ox * 2 + kx, n);
          EXPECT_NEAR(y((f * s.outHeight() + oy) * s.outWidth() + ox, n), sum, 1e-12);
        }
}

TEST(NnLayers, BatchNormTrainUsesTheBatchEvalUsesRunningStats) {
  BatchNorm<double> bn(1, 0.5);
  MatD x(1, 4);
  x << 1, 2, 3, 6;  // mean 3, biased var 3.5, unbiased 14/3
  const MatD y = bn.forward(x);
  EXPECT_NEAR(y.mean(), 0, 1e-12);
  EXPECT_NEAR(y.array().square().mean(), 3.5 / (3.5 + 1e-5), 1e-9);
  EXPECT_NEAR(bn.runningMean(0), 0.5 * 0 + 0.5 * 3, 1e-12);
  EXPECT_NEAR(bn.runningVar(0), 0.5 * 1 + 0.5 * 14.0 / 3, 1e-12);
  bn.setTraining(false);
  MatD one(1, 1);
  one << 1.5;
  EXPECT_NEAR(bn.forward(one)(0), (1.5 - 1.5) / std::sqrt(bn.runningVar(0) + 1e-5), 1e-12);
  const MatD running = bn.runningMean;
  bn.forward(x);
  EXPECT_EQ(bn.runningMean, running);  // eval never updates the statistics
}

TEST(NnLayers, VirtualBatchNormOutputOfASampleIgnoresItsBatch) {
  Rng rng(2);
  VirtualBatchNorm<double> vbn(3);
  vbn.setReference(randn(3, 16, rng));
  const MatD batchA = randn(3, 5, rng);
  MatD batchB = randn(3, 5, rng);
  batchB.col(2) = batchA.col(2);
  // forward returns the layer's own buffer: copy before the next forward.
  const MatD ya = vbn.forward(batchA), yb = vbn.forward(batchB);
  EXPECT_LT((ya.col(2) - yb.col(2)).cwiseAbs().maxCoeff(), 1e-15);
  EXPECT_GT((ya.col(0) - yb.col(0)).cwiseAbs().maxCoeff(), 1e-3);
  BatchNorm<double> bn(3);  // contrast: ordinary batch norm does depend on the batch
  const MatD ba = bn.forward(batchA), bb = bn.forward(batchB);
  EXPECT_GT((ba.col(2) - bb.col(2)).cwiseAbs().maxCoeff(), 1e-3);
}

TEST(NnLayers, LayerNormNormalisesEachSample) {
  Rng rng(3);
  LayerNorm<double> ln(8);
  const MatD y = ln.forward(randn(8, 4, rng, 3.0).array() + 5.0);
  for (int i = 0; i < 4; ++i) {
    EXPECT_NEAR(y.col(i).mean(), 0, 1e-12);
    EXPECT_NEAR(y.col(i).squaredNorm() / 8, 1, 1e-4);
  }
}

TEST(NnLayers, NoisyLinearResamplesNoiseOnlyWhenAsked) {
  Rng rng(4);
  NoisyLinear<double> nl(4, 3, rng);
  const MatD x = randn(4, 2, rng);
  const MatD y1 = nl.forward(x);
  EXPECT_EQ(nl.forward(x), y1);
  nl.resetNoise(rng);
  EXPECT_GT((nl.forward(x) - y1).cwiseAbs().maxCoeff(), 1e-6);
  EXPECT_DOUBLE_EQ(nl.weightSigma.value(0, 0), 0.5 / 2.0);  // σ₀/√in
}

// Two samples whose M rows differ by d in L1 per kernel: o_b = 1 + exp(−d) for both (self term included).
TEST(NnLayers, MinibatchDiscriminationValues) {
  Rng rng(5);
  MinibatchDiscrimination<double> mbd(2, 2, 2, rng);
  mbd.weight.value << 1, 0, 0, 1, 1, 1, 2, 0;  // kernel 0: M = (x₀, x₁); kernel 1: M = (x₀ + x₁, 2x₀)
  MatD x(2, 2);
  x << 0, 1, 0, 2;  // sample 0 = (0, 0), sample 1 = (1, 2)
  const MatD y = mbd.forward(x);
  ASSERT_EQ(y.rows(), 4);
  EXPECT_EQ(y.topRows(2), x);
  EXPECT_NEAR(y(2, 0), 1 + std::exp(-3.0), 1e-15);  // |1| + |2|
  EXPECT_NEAR(y(3, 1), 1 + std::exp(-5.0), 1e-15);  // |3| + |2|
}

TEST(NnLayers, DuelingAdvantagesAverageToZeroAndC51ProbabilitiesSumToOne) {
  Rng rng(6);
  DuelingHead<double> duel(5, 4, rng);
  const MatD x = randn(5, 3, rng);
  const MatD q = duel.forward(x);
  const MatD v = duel.value.forward(x);
  for (int i = 0; i < 3; ++i) EXPECT_NEAR(q.col(i).mean(), v(0, i), 1e-12);  // mean_a (V + A − mean A) = V

  C51Head<double> c51(5, 3, 11, rng);
  const MatD p = c51.forward(x);
  ASSERT_EQ(p.rows(), 33);
  for (int i = 0; i < 3; ++i)
    for (int a = 0; a < 3; ++a) EXPECT_NEAR(p.col(i).segment(a * 11, 11).sum(), 1.0, 1e-12);
  const Vec<double> support = c51Support<double>(-10, 10, 11);
  const MatD q51 = c51QValues<double>(p, support);
  EXPECT_NEAR(q51(2, 1), support.dot(p.col(1).segment(22, 11)), 1e-12);
  const std::vector<int> acts = {2, 0, 1};
  const MatD picked = gatherActions<double>(p, acts, 11);
  EXPECT_EQ(picked.col(0), p.col(0).segment(22, 11));
  const MatD back = scatterActions<double>(picked, acts, 3);
  EXPECT_EQ(back.col(1).segment(0, 11), picked.col(1));
  EXPECT_EQ(back.col(1).segment(11, 22).cwiseAbs().sum(), 0.0);
}

TEST(NnLayers, MlpBuilderShapesAndErrors) {
  Rng rng(7);
  Sequential<float> net = makeMlp<float>({3, 64, 64, 1}, "tanh", rng);
  EXPECT_EQ(net.size(), 5u);  // Linear Tanh Linear Tanh Linear
  EXPECT_EQ(net.outputSize(3), 1);
  EXPECT_EQ(paramCount(net.params()), 3 * 64 + 64 + 64 * 64 + 64 + 64 + 1);
  EXPECT_EQ(net.tensors()[0].name, "0.Linear.weight");
  try {
    makeMlp<float>({3, 4}, "gelu", rng);
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("'gelu'"), std::string::npos);
  }
  EXPECT_THROW(makeMlp<float>({3}, "relu", rng), std::invalid_argument);
  // Linear init is U(−1/√in, 1/√in).
  EXPECT_LE(static_cast<Linear<float>&>(net[2]).weight.value.cwiseAbs().maxCoeff(), 1 / 8.0f);
}

TEST(NnLayers, SequentialSkipsTheUnneededInputGradient) {
  Rng rng(8);
  Sequential<float> net = makeMlp<float>({3, 8, 2}, "relu", rng);
  const Mat<float> x = Mat<float>::Ones(3, 4);
  net.forward(x);
  EXPECT_EQ(net.backward(Mat<float>::Ones(2, 4)).rows(), 3);
  net.setNeedsInputGrad(false);
  net.forward(x);
  EXPECT_EQ(net.backward(Mat<float>::Ones(2, 4)).size(), 0);
}

TEST(NnLayers, TrainEvalModeReachesNestedLayers) {
  Rng rng(9);
  Sequential<double> net;
  net.add(Linear<double>(3, 4, rng));
  net.add(BatchNorm<double>(4));
  DuelingHead<double>& head = net.add(DuelingHead<double>(4, 2, rng));
  net.setTraining(false);
  EXPECT_FALSE(net[1].training());
  EXPECT_FALSE(head.value[0].training());
  Sequential<double> copy = net;
  EXPECT_FALSE(copy[1].training());
}

TEST(NnLayers, OrthogonalInitGivesScaledOrthonormalRowsOrColumns) {
  Rng rng(10);
  Linear<double> wide(8, 3, rng), tall(3, 8, rng);
  orthogonalInit(wide, std::sqrt(2.0), rng);
  orthogonalInit(tall, 0.01, rng, 0.5);
  // 3×8: orthonormal rows (W·Wᵀ = gain²·I); 8×3: orthonormal columns (Wᵀ·W = gain²·I).
  EXPECT_LT((wide.weight.value * wide.weight.value.transpose() - 2.0 * MatD::Identity(3, 3)).cwiseAbs().maxCoeff(),
            1e-12);
  EXPECT_LT((tall.weight.value.transpose() * tall.weight.value - 1e-4 * MatD::Identity(3, 3)).cwiseAbs().maxCoeff(),
            1e-15);
  EXPECT_EQ(wide.bias.value, MatD::Zero(3, 1));
  EXPECT_EQ(tall.bias.value, MatD::Constant(8, 1, 0.5));
}
