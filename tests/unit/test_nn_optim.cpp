// Acceptance 2: each optimiser against hand-computed values for three steps, on θ₀ = (1, −2) with the gradient
// sequence g₁ = (0.5, −1), g₂ = (−0.3, 2), g₃ = (0.1, 0), in double (tolerance 1e-12 absolute). Expected values were
// worked from each optimiser's update rule as written in optim.hpp; the first steps are shown in the comments.
// Plus: live learning rate, gradient-norm clipping, state/parameter mismatch, and a small regression that learns.
#include <gtest/gtest.h>

#include "tests/unit/nn_test_util.hpp"

using namespace rl;
using namespace rl::nn;
using namespace rl::nn::test;

namespace {
constexpr double kTol = 1e-12;
const double kGrads[3][2] = {{0.5, -1.0}, {-0.3, 2.0}, {0.1, 0.0}};

// Runs three steps of `opt` and checks θ after each against expected[step].
void expectThreeSteps(Optimizer<double>& opt, const double (&expected)[3][2], const char* what,
                      const double* lrs = nullptr) {
  Param<double> p(MatD(2, 1));
  p.value << 1.0, -2.0;
  for (int s = 0; s < 3; ++s) {
    if (lrs) opt.setLr(lrs[s]);
    p.grad << kGrads[s][0], kGrads[s][1];
    opt.step({&p});
    EXPECT_NEAR(p.value(0), expected[s][0], kTol) << what << " step " << s + 1;
    EXPECT_NEAR(p.value(1), expected[s][1], kTol) << what << " step " << s + 1;
  }
  EXPECT_EQ(opt.steps(), 3);
}
}  // namespace

// lr 0.1, μ 0.9. v₁ = g₁ = (0.5, −1) → θ₁ = (0.95, −1.9); v₂ = 0.9·0.5 − 0.3 = 0.15 → 0.935, v₂ = −0.9 + 2 = 1.1 →
// −2.01; v₃ = 0.135 + 0.1 = 0.235 → 0.9115, v₃ = 0.99 → −2.109.
TEST(NnOptim, SgdMomentumThreeSteps) {
  Sgd<double> opt({.lr = 0.1, .momentum = 0.9});
  const double expected[3][2] = {{0.95, -1.9}, {0.935, -2.01}, {0.9115, -2.109}};
  expectThreeSteps(opt, expected, "sgd");
}

// Nesterov: θ ← θ − lr(g + μv). Step 1: 1 − 0.1(0.5 + 0.45) = 0.905; step 2: v = 0.15, 0.905 − 0.1(−0.3 + 0.135) =
// 0.9215; step 3: v = 0.235, 0.9215 − 0.1(0.1 + 0.2115) = 0.89035.
TEST(NnOptim, SgdNesterovThreeSteps) {
  Sgd<double> opt({.lr = 0.1, .momentum = 0.9, .nesterov = true});
  const double expected[3][2] = {{0.905, -1.81}, {0.9215, -2.109}, {0.89035, -2.1981}};
  expectThreeSteps(opt, expected, "nesterov");
}

TEST(NnOptim, SgdPlain) {
  Sgd<double> opt({.lr = 0.5});
  const double expected[3][2] = {{0.75, -1.5}, {0.9, -2.5}, {0.85, -2.5}};
  expectThreeSteps(opt, expected, "sgd plain");
}

// lr 0.01, β (0.9, 0.999), ε 1e-8. Step 1: m̂ = g, v̂ = g² (bias correction is exact), so
// θ₁ = 1 − 0.01·0.5/(0.5 + 1e-8) = 0.9900000002. Step 2 (first entry): m = 0.9·0.05 + 0.1·(−0.3) = 0.015,
// v = 0.999·0.00025 + 0.001·0.09 = 0.00033975; m̂ = 0.015/0.19, v̂ = 0.00033975/0.001999 → θ₂ = 0.98808501989…
TEST(NnOptim, AdamThreeSteps) {
  Adam<double> opt({.lr = 0.01, .beta1 = 0.9, .beta2 = 0.999, .eps = 1e-8});
  const double expected[3][2] = {{0.99000000020000001, -1.9900000001},
                                 {0.98808501989417752, -1.9936610353472075},
                                 {0.98554536806163684, -1.996491026200093}};
  expectThreeSteps(opt, expected, "adam");
}

// The same run with the learning rate halved before step 3: only step 3 changes.
TEST(NnOptim, LearningRateChangesLive) {
  Adam<double> opt({.lr = 0.01});
  const double lrs[3] = {0.01, 0.01, 0.005};
  const double expected[3][2] = {{0.99000000020000001, -1.9900000001},
                                 {0.98808501989417752, -1.9936610353472075},
                                 {0.98681519397790718, -1.9950760307736504}};
  expectThreeSteps(opt, expected, "adam live lr", lrs);
  EXPECT_DOUBLE_EQ(opt.lr(), 0.005);
}

// lr 0.01, α 0.9, ε 1e-8. Step 1: v = 0.1·0.25 = 0.025, θ₁ = 1 − 0.01·0.5/(√0.025 + 1e-8) = 0.968377225…
TEST(NnOptim, RmsPropThreeSteps) {
  RmsProp<double> opt({.lr = 0.01, .alpha = 0.9, .eps = 1e-8});
  const double expected[3][2] = {{0.96837722539831605, -1.9683772243983162},
                                 {0.98528030954050549, -1.9969486525615816},
                                 {0.97944322582704324, -1.9969486525615816}};
  expectThreeSteps(opt, expected, "rmsprop");
}

// MinAtar's DQN settings: lr 2.5e-4, α 0.95, ε 0.01, centred. Step 1: v = 0.05·0.25 = 0.0125, ḡ = 0.025,
// v − ḡ² = 0.011875, θ₁ = 1 − 2.5e-4·0.5/(√0.011875 + 0.01) = 0.998949336…
TEST(NnOptim, RmsPropCenteredMinAtarThreeSteps) {
  RmsProp<double> opt({.lr = 2.5e-4, .alpha = 0.95, .eps = 0.01, .centered = true});
  const double expected[3][2] = {{0.99894933679842335, -1.9989032439494883},
                                 {0.99949413626123784, -1.9998939004193985},
                                 {0.99931032896727601, -1.9998939004193985}};
  expectThreeSteps(opt, expected, "rmsprop centred");
}

// Centred with momentum 0.5: b ← 0.5b + g/(√(v − ḡ²) + ε); step 1: v = 0.025, ḡ = 0.05, √(0.0225) = 0.15,
// b = 0.5/0.15 = 3.333…, θ₁ = 1 − 0.01·3.333… = 0.96666666…
TEST(NnOptim, RmsPropCenteredMomentumThreeSteps) {
  RmsProp<double> opt({.lr = 0.01, .alpha = 0.9, .eps = 1e-8, .momentum = 0.5, .centered = true});
  const double expected[3][2] = {{0.96666666888888875, -1.9666666677777778},
                                 {0.96696378096769997, -1.9789308703550188},
                                 {0.96121955065299047, -1.9850629716436394}};
  expectThreeSteps(opt, expected, "rmsprop centred momentum");
}

TEST(NnOptim, ClipGradNormScalesAllParametersTogether) {
  Param<double> a(MatD::Zero(2, 1)), b(MatD::Zero(1, 1));
  a.grad << 3, 0;
  b.grad << 4;  // joint norm 5
  const double norm = clipGradNorm<double>({&a, &b}, 1.0);
  EXPECT_DOUBLE_EQ(norm, 5.0);
  const double coef = 1.0 / (5.0 + 1e-6);
  EXPECT_NEAR(a.grad(0), 3 * coef, 1e-15);
  EXPECT_NEAR(b.grad(0), 4 * coef, 1e-15);
  // Under the limit: untouched.
  EXPECT_NEAR(clipGradNorm<double>({&a, &b}, 10.0), 1.0, 1e-6);
  EXPECT_NEAR(b.grad(0), 4 * coef, 1e-15);
}

TEST(NnOptim, StateMismatchThrowsNamingTheOptimiser) {
  Adam<double> opt;
  Param<double> a(MatD::Zero(2, 1)), b(MatD::Zero(3, 1));
  opt.step({&a});
  try {
    opt.step({&a, &b});
    FAIL() << "expected std::invalid_argument";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("Adam"), std::string::npos) << e.what();
  }
  EXPECT_THROW(opt.step({&b}), std::invalid_argument);  // same count, different shape
}

// End to end in float: a 1→32→32→1 tanh MLP fits sin(x) on [−π, π] with Adam (MSE from ~0.5 to < 2e-3).
TEST(NnOptim, MlpFitsASineWithAdam) {
  Rng rng(42);
  SequentialF net = makeMlp<float>({1, 32, 32, 1}, "tanh", rng);
  net.setNeedsInputGrad(false);
  Adam<float> opt({.lr = 3e-3});
  Mat<float> x(1, 64), y(1, 64);
  for (int i = 0; i < 64; ++i) {
    x(0, i) = float(-3.14159 + 6.28318 * i / 63.0);
    y(0, i) = std::sin(x(0, i));
  }
  float first = 0, last = 0;
  for (int step = 0; step < 2000; ++step) {
    net.zeroGrad();
    const Loss<float> l = mse<float>(net.forward(x), y);
    net.backward(l.grad);
    opt.step(net.params());
    if (step == 0) first = l.loss;
    last = l.loss;
  }
  EXPECT_GT(first, 0.1f);
  EXPECT_LT(last, 2e-3f);
}
