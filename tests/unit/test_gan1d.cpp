// GAN 1-D: each target's samples match its pdf (moments and a binned histogram), and the MDP pays 1 exactly when
// the real sample is shown.
#include <gtest/gtest.h>

#include <cmath>

#include "envs/gan1d.hpp"

using namespace rl;

namespace {
// Mean and variance of the pdf by numerical integration on a fine grid.
std::pair<double, double> pdfMoments(const Target1d& t) {
  const int n = 64000;
  const double dx = (Target1d::kHi - Target1d::kLo) / n;
  double m0 = 0, m1 = 0, m2 = 0;
  for (int i = 0; i < n; ++i) {
    const double x = Target1d::kLo + (i + 0.5) * dx, p = t.pdf(x) * dx;
    m0 += p, m1 += p * x, m2 += p * x * x;
  }
  EXPECT_NEAR(m0, 1.0, 1e-6) << t.name() << ": the pdf integrates to 1";
  return {m1, m2 - m1 * m1};
}
}  // namespace

// 200 000 samples (seed 7): sample mean within 0.02 and variance within 2% of the pdf's; a 32-bin histogram over
// [−8, 8] within 0.01 (absolute probability per bin) of the pdf's mass in each bin.
TEST(Gan1d, SamplesMatchEveryTargetPdf) {
  for (auto kind : {Target1d::Kind::Gaussian, Target1d::Kind::TwoModes, Target1d::Kind::ThreeModes,
                    Target1d::Kind::Uniform, Target1d::Kind::Drawn}) {
    Target1d t(kind);
    Rng rng(7);
    const int n = 200000;
    const auto xs = t.sample(rng, n);
    double mean = 0, var = 0;
    for (double x : xs) mean += x / n;
    for (double x : xs) var += (x - mean) * (x - mean) / n;
    const auto [pm, pv] = pdfMoments(t);
    EXPECT_NEAR(mean, pm, 0.02) << t.name();
    EXPECT_NEAR(var, pv, 0.02 * pv) << t.name();
    const int bins = 32;
    const double w = (Target1d::kHi - Target1d::kLo) / bins;
    std::vector<double> hist(bins, 0.0);
    for (double x : xs) {
      const int b = int((x - Target1d::kLo) / w);
      if (b >= 0 && b < bins) hist[size_t(b)] += 1.0 / n;
    }
    for (int b = 0; b < bins; ++b) {
      double mass = 0;
      for (int k = 0; k < 100; ++k) mass += t.pdf(Target1d::kLo + (b + (k + 0.5) / 100) * w) * w / 100;
      EXPECT_NEAR(hist[size_t(b)], mass, 0.01) << t.name() << " bin " << b;
    }
  }
}

TEST(Gan1d, KnownMoments) {
  EXPECT_NEAR(pdfMoments(Target1d(Target1d::Kind::Gaussian)).first, 4.0, 1e-6);
  EXPECT_NEAR(pdfMoments(Target1d(Target1d::Kind::Gaussian)).second, 0.25, 1e-6);
  EXPECT_NEAR(pdfMoments(Target1d(Target1d::Kind::TwoModes)).second, 4.25, 1e-6);  // 0.25 + 2²
  EXPECT_NEAR(pdfMoments(Target1d(Target1d::Kind::Uniform)).second, 3.0, 1e-3);    // 6²/12
}

TEST(Gan1d, RewardIsOneExactlyWhenTheRealSampleIsShown) {
  Gan1d env;
  env.reset(uint64_t(3));
  int real = 0;
  const double x = -7.5;  // far from every target's mass: a shown -7.5 is the actor's
  for (int t = 0; t < 4000; ++t) {
    const StepResult r = env.stepContinuous(std::span<const double>(&x, 1));
    EXPECT_TRUE(r.terminated);
    EXPECT_EQ(r.reward, env.lastShownReal() ? 1.0 : 0.0);
    if (env.lastShownReal()) {
      ++real;
      EXPECT_NE(env.observation()[0], float(x));
    } else {
      EXPECT_EQ(env.observation()[0], float(x));
    }
  }
  EXPECT_NEAR(real / 4000.0, 0.5, 0.03);  // a fair coin
  EXPECT_EQ(env.reset()[0], 0.f);         // the start observation carries nothing
}

TEST(Gan1d, DrawnDensityEditsAndValidation) {
  Gan1d env;
  for (int b = 0; b < Target1d::kBins; ++b) env.edit({"bin", b, b == 10 ? 1.0 : 0.0});
  EXPECT_EQ(env.target().kind(), Target1d::Kind::Drawn);
  Rng rng(1);
  const double lo = Target1d::kLo + 10 * 0.25, hi = lo + 0.25;
  for (double x : env.target().sample(rng, 1000)) {
    EXPECT_GE(x, lo);
    EXPECT_LT(x, hi);
  }
  EXPECT_THROW(env.edit({"bin", 10, 0.0}), std::invalid_argument);  // would leave no mass
  EXPECT_THROW(env.edit({"bin", 64, 1.0}), std::invalid_argument);
  EXPECT_THROW(env.edit({"bin", 3, -1.0}), std::invalid_argument);
}
