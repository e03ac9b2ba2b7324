// Losses as free functions returning {loss, ∂loss/∂prediction} (DESIGN.md §4): the caller feeds `grad` to the
// network's backward. Predictions are one column per sample.
//
// Reductions follow PyTorch's defaults so numbers compare with published code: the element-wise losses (MSE, Huber,
// BCE) average over every element; the distribution losses (cross-entropies) sum over classes and average over
// samples. The optional per-sample `weights` (1×N; e.g. prioritised-replay importance weights) multiply each
// sample's terms before the same averaging; empty means all ones.
#pragma once
#include "core/nn/tensor.hpp"

namespace rl::nn {

template <class T>
struct Loss {
  T loss = 0;
  Mat<T> grad;  // ∂loss/∂prediction, same shape as the prediction
};

// mean((p − t)²)
template <class T>
Loss<T> mse(const Mat<T>& pred, const Mat<T>& target, const RowVec<T>& weights = {});

// mean of ½d² for |d| ≤ δ, δ(|d| − ½δ) beyond (d = p − t): quadratic near 0, linear tails (DQN's TD loss).
template <class T>
Loss<T> huber(const Mat<T>& pred, const Mat<T>& target, T delta = T(1), const RowVec<T>& weights = {});

// Binary cross-entropy on logits z: mean(max(z, 0) − z·t + log(1 + e^(−|z|))), which is −t·log σ(z) −
// (1−t)·log(1 − σ(z)) without overflow. The target may be soft (one-sided label smoothing: t = 0.9 for "real").
template <class T>
Loss<T> bceWithLogits(const Mat<T>& logits, const Mat<T>& target);

// Softmax cross-entropy on logits K×N: −mean_n log softmax(z_n)[label_n].
template <class T>
Loss<T> softmaxCrossEntropy(const Mat<T>& logits, const std::vector<int>& labels);
// With target distributions t (K×N, columns sum to 1): −mean_n Σ_k t_kn · log softmax(z_n)_k.
template <class T>
Loss<T> softmaxCrossEntropy(const Mat<T>& logits, const Mat<T>& target);

// Cross-entropy of probabilities (C51: the head already applied the softmax): −mean_n Σ_z m_zn · log p_zn.
// p is floored at the smallest normal T before the log.
template <class T>
Loss<T> categoricalCrossEntropy(const Mat<T>& probs, const Mat<T>& target, const RowVec<T>& weights = {});

// C51 atoms z_j = vMin + j·Δz, Δz = (vMax − vMin)/(atoms − 1).
template <class T>
Vec<T> c51Support(T vMin, T vMax, int atoms);

// C51's categorical projection (Bellemare et al. 2017, Algorithm 1). For each sample: the target atoms
// T̂z_j = clamp(r + discount·z_j, vMin, vMax) carry next-state probability p_j, split between the two nearest atoms:
// b = (T̂z_j − vMin)/Δz, l = ⌊b⌋, u = ⌈b⌉, m_l += p_j(u − b), m_u += p_j(b − l), and m_l += p_j when l = u.
// nextProbs: atoms×N (the greedy action's distribution at s'); discounts: γⁿ·(1 − terminated) per sample.
template <class T>
Mat<T> c51Projection(const Mat<T>& nextProbs, const RowVec<T>& rewards, const RowVec<T>& discounts, T vMin, T vMax);

}  // namespace rl::nn
