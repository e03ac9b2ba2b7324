// Finite-difference gradient checking for core/nn tests, in double precision.
//
// Central differences  ĝ = (L(θ + h) − L(θ − h)) / 2h  with h = 1e-5: truncation error ~h²·L‴/6 ≈ 1e-10 and rounding
// error ~ε·|L|/h ≈ 1e-10 for the O(1)–O(10) losses used here. Asserted bound: |g − ĝ| ≤ kGradTol·max(|g|, |ĝ|, 1e-3),
// i.e. relative error ≤ 1e-6, with entries smaller than 1e-3 held to 1e-9 absolute.
#pragma once
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>

#include "core/nn/nn.hpp"

namespace rl::nn::test {

using MatD = Mat<double>;
inline constexpr double kGradTol = 1e-6;
inline constexpr double kStep = 1e-5;

inline MatD randn(int rows, int cols, Rng& rng, double scale = 1.0) {
  MatD m(rows, cols);
  for (int j = 0; j < cols; ++j)
    for (int i = 0; i < rows; ++i) m(i, j) = scale * rng.normal();
  return m;
}

// Largest scaled error between `analytic` and central differences of loss() over every entry of var (which loss()
// reads). Also checks the analytic gradient is not identically zero unless allowZero, so a check cannot pass vacuously.
inline double fdMaxError(MatD& var, const MatD& analytic, const std::function<double()>& loss, const std::string& what,
                         bool allowZero = false) {
  EXPECT_EQ(var.rows(), analytic.rows()) << what;
  EXPECT_EQ(var.cols(), analytic.cols()) << what;
  if (var.rows() != analytic.rows() || var.cols() != analytic.cols()) return 1e9;
  if (!allowZero) {
    EXPECT_GT(analytic.cwiseAbs().maxCoeff(), 1e-8) << what << ": analytic gradient is all zero";
  }
  double worst = 0;
  for (Eigen::Index i = 0; i < var.size(); ++i) {
    const double saved = var.data()[i];
    var.data()[i] = saved + kStep;
    const double up = loss();
    var.data()[i] = saved - kStep;
    const double down = loss();
    var.data()[i] = saved;
    const double numeric = (up - down) / (2 * kStep);
    const double a = analytic.data()[i];
    const double err = std::abs(a - numeric) / std::max({std::abs(a), std::abs(numeric), 1e-3});
    EXPECT_LE(err, kGradTol) << what << " entry " << i << ": analytic " << a << " numeric " << numeric;
    worst = std::max(worst, err);
  }
  if (std::getenv("RLLENS_NN_VERBOSE")) std::printf("  %-40s max scaled error %.2e\n", what.c_str(), worst);
  return worst;
}

// Checks ∂L/∂x and ∂L/∂θ of a layer for L = Σ R ⊙ layer.forward(x) with a fixed random R.
inline double checkLayer(Layer<double>& layer, MatD x, Rng& rng, const std::string& what, bool checkInput = true) {
  const MatD& y0 = layer.forward(x);
  const MatD r = randn(int(y0.rows()), int(y0.cols()), rng);
  const std::vector<Param<double>*> ps = layer.params();
  zeroGrad(ps);
  layer.setNeedsInputGrad(true);
  const MatD dx = layer.backward(r);
  std::vector<MatD> grads;
  for (Param<double>* p : ps) grads.push_back(p->grad);
  auto loss = [&] { return (layer.forward(x).array() * r.array()).sum(); };
  double worst = 0;
  if (checkInput) worst = fdMaxError(x, dx, loss, what + " dInput");
  for (size_t i = 0; i < ps.size(); ++i)
    worst = std::max(worst, fdMaxError(ps[i]->value, grads[i], loss, what + " param " + std::to_string(i)));
  return worst;
}

}  // namespace rl::nn::test
