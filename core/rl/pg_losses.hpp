// Policy-gradient objectives as free functions returning {loss, ∂loss/∂input} (DESIGN.md §4), templated on the
// scalar so the tests check them by finite differences in double. Inputs are one value per sample (1×N rows):
// logProb = log π_θ(a|s) now, logProbOld = log π_θold(a|s) at collection, advantages Â. The caller chains
// ∂L/∂logProb into the distribution's logProbBackward. The entropy bonus is differentiated by the distributions
// themselves (entropyBackward).
#pragma once
#include <algorithm>
#include <cmath>

#include "core/nn/tensor.hpp"

namespace rl {

template <class T>
struct PgLoss {
  T loss = 0;
  nn::RowVec<T> grad;  // ∂L/∂logProb (policy objectives) or ∂L/∂V (value losses)
  T clipfrac = 0;      // fraction of samples with |r − 1| > ε (clipped objectives)
};

// PPO's clipped surrogate (Schulman et al. 2017, eq. 7), r = exp(logπ − logπ_old):
//   L = −mean_i min(r_i·Â_i, clip(r_i, 1−ε, 1+ε)·Â_i).
// ∂(r·Â)/∂logπ = r·Â. The min picks the clipped branch — a constant — when Â > 0 and r > 1+ε or Â < 0 and r < 1−ε;
// there the sample's gradient is zero. Everywhere else (inside the band both branches are equal) it is r·Â.
template <class T>
PgLoss<T> clippedSurrogate(const nn::RowVec<T>& logProb, const nn::RowVec<T>& logProbOld,
                           const nn::RowVec<T>& advantages, T clipCoef) {
  const Eigen::Index n = logProb.size();
  PgLoss<T> out;
  out.grad.resize(n);
  int clipped = 0;
  for (Eigen::Index i = 0; i < n; ++i) {
    const T ratio = std::exp(logProb[i] - logProbOld[i]);
    const T a = advantages[i];
    const T surr1 = ratio * a;
    const T surr2 = std::clamp(ratio, T(1) - clipCoef, T(1) + clipCoef) * a;
    out.loss -= std::min(surr1, surr2);
    const bool zeroGrad = (a > 0 && ratio > T(1) + clipCoef) || (a < 0 && ratio < T(1) - clipCoef);
    out.grad[i] = zeroGrad ? T(0) : -surr1 / T(n);
    if (std::abs(ratio - T(1)) > clipCoef) ++clipped;
  }
  out.loss /= T(n);
  out.clipfrac = T(clipped) / T(n);
  return out;
}

// The KL-penalised surrogate (Schulman et al. 2017, eq. 8, "PPO1" in OpenAI Baselines), with the k3 estimator of
// KL(π_old ‖ π) per sample, k3 = (r − 1) − log r (≥ 0, unbiased, low variance; Schulman 2020):
//   L = −mean_i (r_i·Â_i − β·k3_i),   ∂/∂logπ: r·Â − β·(r − 1)   (∂k3/∂logπ = r − 1).
template <class T>
PgLoss<T> klPenaltySurrogate(const nn::RowVec<T>& logProb, const nn::RowVec<T>& logProbOld,
                             const nn::RowVec<T>& advantages, T beta) {
  const Eigen::Index n = logProb.size();
  PgLoss<T> out;
  out.grad.resize(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    const T logRatio = logProb[i] - logProbOld[i];
    const T ratio = std::exp(logRatio);
    const T k3 = (ratio - T(1)) - logRatio;
    out.loss -= ratio * advantages[i] - beta * k3;
    out.grad[i] = -(ratio * advantages[i] - beta * (ratio - T(1))) / T(n);
  }
  out.loss /= T(n);
  return out;
}

// The plain importance-weighted surrogate (Kakade & Langford 2002; "no clipping or penalty" in the PPO paper):
//   L = −mean_i r_i·Â_i,   ∂/∂logπ = −r·Â/N. At r = 1 its gradient is the vanilla policy gradient.
template <class T>
PgLoss<T> importanceSurrogate(const nn::RowVec<T>& logProb, const nn::RowVec<T>& logProbOld,
                              const nn::RowVec<T>& advantages) {
  const Eigen::Index n = logProb.size();
  PgLoss<T> out;
  out.grad.resize(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    const T ratio = std::exp(logProb[i] - logProbOld[i]);
    out.loss -= ratio * advantages[i];
    out.grad[i] = -ratio * advantages[i] / T(n);
  }
  out.loss /= T(n);
  return out;
}

// PPO's value loss, CleanRL's clip_vloss: with V_clip = V_old + clip(V − V_old, −ε, ε),
//   L = ½·mean_i max((V_i − R_i)², (V_clip,i − R_i)²).
// ∂/∂V: (V − R)/N where the unclipped square is the max; (V_clip − R)/N where the clipped one is and |V − V_old| < ε
// (V_clip moves with V); 0 where the clipped one is and V_clip sits at a bound. clipCoef ≤ 0: plain ½·mean (V − R)².
template <class T>
PgLoss<T> valueLoss(const nn::RowVec<T>& values, const nn::RowVec<T>& valuesOld, const nn::RowVec<T>& returns,
                    T clipCoef) {
  const Eigen::Index n = values.size();
  PgLoss<T> out;
  out.grad.resize(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    const T d = values[i] - returns[i];
    if (clipCoef <= 0) {
      out.loss += T(0.5) * d * d;
      out.grad[i] = d / T(n);
      continue;
    }
    const T delta = values[i] - valuesOld[i];
    const T vClipped = valuesOld[i] + std::clamp(delta, -clipCoef, clipCoef);
    const T dc = vClipped - returns[i];
    if (d * d >= dc * dc) {
      out.loss += T(0.5) * d * d;
      out.grad[i] = d / T(n);
    } else {
      out.loss += T(0.5) * dc * dc;
      out.grad[i] = std::abs(delta) < clipCoef ? dc / T(n) : T(0);
      ++out.clipfrac;
    }
  }
  out.loss /= T(n);
  out.clipfrac /= T(n);
  return out;
}

// The advantage actor-critic's loss (A2C/A3C, Mnih et al. 2016; SB3's value term mean (V − R)², no ½):
//   L = −mean_i Â_i·log π(a_i|s_i) + c_v·mean_i (V_i − R_i)² − c_H·mean_i H_i.
// Returns ∂L/∂logπ (−Â/N), ∂L/∂V (2c_v(V − R)/N) and ∂L/∂H (−c_H/N); the caller chains them into the distribution's
// logProbBackward / entropyBackward and the critic.
template <class T>
struct ActorCriticLoss {
  T loss = 0, policyLoss = 0, valueLoss = 0, entropy = 0;  // valueLoss = mean (V − R)², entropy = mean H
  nn::RowVec<T> dLogProb, dValue, dEntropy;
};
template <class T>
ActorCriticLoss<T> actorCriticLoss(const nn::RowVec<T>& logProb, const nn::RowVec<T>& entropy,
                                   const nn::RowVec<T>& values, const nn::RowVec<T>& advantages,
                                   const nn::RowVec<T>& returns, T vfCoef, T entCoef) {
  const Eigen::Index n = logProb.size();
  ActorCriticLoss<T> out;
  out.dLogProb.resize(n), out.dValue.resize(n), out.dEntropy.resize(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    const T d = values[i] - returns[i];
    out.policyLoss -= advantages[i] * logProb[i];
    out.valueLoss += d * d;
    out.entropy += entropy[i];
    out.dLogProb[i] = -advantages[i] / T(n);
    out.dValue[i] = T(2) * vfCoef * d / T(n);
    out.dEntropy[i] = -entCoef / T(n);
  }
  out.policyLoss /= T(n), out.valueLoss /= T(n), out.entropy /= T(n);
  out.loss = out.policyLoss + vfCoef * out.valueLoss - entCoef * out.entropy;
  return out;
}

}  // namespace rl
