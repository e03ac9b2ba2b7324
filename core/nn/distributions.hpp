// Policy distributions over a batch (one column per sample) with the gradients policy-gradient methods need.
// Each *Backward takes ∂L/∂(per-sample quantity) as a 1×N row and returns ∂L/∂(distribution inputs), so
// `L = −mean(advantage · logProb) − c·mean(entropy)` backpropagates as two calls added together.
#pragma once
#include <vector>

#include "core/nn/tensor.hpp"

namespace rl::nn {

// Categorical(logits): p = softmax(z) per column, K actions × N samples.
template <class T>
class Categorical {
 public:
  explicit Categorical(const Mat<T>& logits);
  const Mat<T>& probs() const { return p_; }
  const Mat<T>& logProbs() const { return logp_; }

  std::vector<int> sample(Rng& rng) const;  // inverse CDF, one uniform draw per sample
  std::vector<int> mode() const;            // argmax
  RowVec<T> logProb(const std::vector<int>& actions) const;
  RowVec<T> entropy() const;  // H = −Σ_k p_k log p_k

  Mat<T> logProbBackward(const std::vector<int>& actions, const RowVec<T>& dLogProb) const;  // → ∂L/∂logits
  Mat<T> entropyBackward(const RowVec<T>& dEntropy) const;                                   // → ∂L/∂logits

 private:
  Mat<T> logp_, p_;
};

template <class T>
struct GaussianGrad {
  Mat<T> dMean, dLogStd;  // D×N each
  Mat<T> dX;              // ∂L/∂x for a log-prob of x (reparameterised samples); empty for the entropy
};

// Diagonal Gaussian N(μ, diag(σ²)) with σ = exp(logStd); mean and logStd D×N. A state-independent log-std (PPO's
// continuous head) is passed replicated, `logStd.replicate(1, N)`, and its gradient summed back with rowwise().sum().
template <class T>
class DiagGaussian {
 public:
  DiagGaussian(const Mat<T>& mean, const Mat<T>& logStd);
  const Mat<T>& mean() const { return mean_; }
  const Mat<T>& logStd() const { return logStd_; }

  Mat<T> sample(Rng& rng) const;             // μ + σ ⊙ ε, ε ~ N(0, I)
  RowVec<T> logProb(const Mat<T>& x) const;  // Σ_d −(x−μ)²/(2σ²) − log σ − ½log 2π
  RowVec<T> entropy() const;                 // Σ_d log σ + ½log(2πe)

  GaussianGrad<T> logProbBackward(const Mat<T>& x, const RowVec<T>& dLogProb) const;
  GaussianGrad<T> entropyBackward(const RowVec<T>& dEntropy) const;

 private:
  Mat<T> mean_, logStd_;
};

extern template class Categorical<float>;
extern template class Categorical<double>;
extern template class DiagGaussian<float>;
extern template class DiagGaussian<double>;

}  // namespace rl::nn
