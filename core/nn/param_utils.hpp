// Parameter utilities: target networks (hard copy, Polyak soft update) and historical averaging for GANs.
// Copies walk Layer::tensors(), i.e. parameters *and* buffers (BatchNorm running statistics), matched by position;
// names and shapes must agree, else std::invalid_argument names the first mismatch.
#pragma once
#include <utility>

#include "core/nn/layer.hpp"

namespace rl::nn {

// θ' ← θ for every tensor (DQN's periodic target update).
template <class T>
void hardCopy(Layer<T>& target, Layer<T>& source);

// θ' ← τ·θ + (1 − τ)·θ' (Polyak averaging; DDPG's τ = 0.005).
template <class T>
void softUpdate(Layer<T>& target, Layer<T>& source, double tau);

// Historical averaging (Salimans et al. 2016 §3.3): add λ‖θ − θ̄‖² to a player's loss, θ̄ = (1/t)Σᵢ θ[i] the running
// mean of its past parameters. Call update(params) once per step (after the optimiser step), and penalty() before
// the optimiser step to add the penalty's gradient. θ̄ is a constant for the gradient: ∂/∂θ = 2λ(θ − θ̄).
template <class T>
class HistoricalAverage {
 public:
  void update(const std::vector<Param<T>*>& params);  // θ̄ ← θ̄ + (θ − θ̄)/t
  // Returns λ‖θ − θ̄‖² (0 before the first update) and adds 2λ(θ − θ̄) to each grad.
  T penalty(const std::vector<Param<T>*>& params, T lambda) const;
  const std::vector<Mat<T>>& average() const { return mean_; }
  long long count() const { return count_; }
  // Checkpoints: puts back a θ̄ and t that average() and count() gave (the caller checks the shapes).
  void restore(std::vector<Mat<T>> mean, long long count) { mean_ = std::move(mean), count_ = count; }

 private:
  std::vector<Mat<T>> mean_;
  long long count_ = 0;
};

extern template class HistoricalAverage<float>;
extern template class HistoricalAverage<double>;

}  // namespace rl::nn
