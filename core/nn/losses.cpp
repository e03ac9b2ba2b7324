#include "core/nn/losses.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>

namespace rl::nn {

namespace {
// Multiplies each column of m by its sample weight (no-op for empty weights).
template <class T>
void weighColumns(Mat<T>& m, const RowVec<T>& weights) {
  if (weights.size() == 0) return;
  assert(weights.size() == m.cols());
  m.array().rowwise() *= weights.array();
}

// log softmax per column, with the max subtracted so exp never overflows.
template <class T>
Mat<T> logSoftmax(const Mat<T>& z) {
  Mat<T> out = z.rowwise() - z.colwise().maxCoeff();
  const RowVec<T> logSum = out.array().exp().colwise().sum().log().matrix();
  out.rowwise() -= logSum;
  return out;
}
}  // namespace

// L = (1/n)Σ w·d², d = p − t  ⇒  ∂L/∂p = 2w·d/n.
template <class T>
Loss<T> mse(const Mat<T>& pred, const Mat<T>& target, const RowVec<T>& weights) {
  assert(pred.rows() == target.rows() && pred.cols() == target.cols());
  const T n = T(pred.size());
  Loss<T> out;
  out.grad = pred - target;
  Mat<T> sq = out.grad.array().square().matrix();
  weighColumns(sq, weights);
  out.loss = sq.sum() / n;
  out.grad *= T(2) / n;
  weighColumns(out.grad, weights);
  return out;
}

// ∂/∂p: d for |d| ≤ δ, δ·sgn(d) beyond, i.e. d clamped to [−δ, δ]; then the 1/n of the mean.
template <class T>
Loss<T> huber(const Mat<T>& pred, const Mat<T>& target, T delta, const RowVec<T>& weights) {
  assert(pred.rows() == target.rows() && pred.cols() == target.cols());
  const T n = T(pred.size());
  const Mat<T> d = pred - target;
  Mat<T> l = (d.array().abs() <= delta).select(T(0.5) * d.array().square(), delta * (d.array().abs() - T(0.5) * delta));
  weighColumns(l, weights);
  Loss<T> out;
  out.loss = l.sum() / n;
  out.grad = d.array().max(-delta).min(delta).matrix() / n;
  weighColumns(out.grad, weights);
  return out;
}

// ∂/∂z [max(z,0) − z·t + log(1 + e^(−|z|))] = σ(z) − t (the three pieces recombine for either sign of z).
template <class T>
Loss<T> bceWithLogits(const Mat<T>& logits, const Mat<T>& target) {
  assert(logits.rows() == target.rows() && logits.cols() == target.cols());
  const T n = T(logits.size());
  Loss<T> out;
  out.loss =
      (logits.array().max(T(0)) - logits.array() * target.array() + (-logits.array().abs()).exp().log1p()).sum() / n;
  out.grad = ((T(1) / (T(1) + (-logits.array()).exp())) - target.array()).matrix() / n;
  return out;
}

template <class T>
Loss<T> softmaxCrossEntropy(const Mat<T>& logits, const std::vector<int>& labels) {
  assert(Eigen::Index(labels.size()) == logits.cols());
  Mat<T> target = Mat<T>::Zero(logits.rows(), logits.cols());
  for (size_t i = 0; i < labels.size(); ++i) {
    assert(labels[i] >= 0 && labels[i] < logits.rows());
    target(labels[i], Eigen::Index(i)) = T(1);
  }
  return softmaxCrossEntropy(logits, target);
}

// L_n = −Σ_k t_k log p_k with log p = z − logsumexp(z)  ⇒  ∂L_n/∂z_k = p_k·Σ_j t_j − t_k (= p − t for Σt = 1).
template <class T>
Loss<T> softmaxCrossEntropy(const Mat<T>& logits, const Mat<T>& target) {
  assert(logits.rows() == target.rows() && logits.cols() == target.cols());
  const T n = T(logits.cols());
  const Mat<T> logp = logSoftmax(logits);
  Loss<T> out;
  out.loss = -(target.array() * logp.array()).sum() / n;
  out.grad = logp.array().exp().rowwise() * target.colwise().sum().array();
  out.grad = (out.grad - target) / n;
  return out;
}

// L = −(1/N)Σ w·m·log p  ⇒  ∂L/∂p = −w·m/(N·p).
template <class T>
Loss<T> categoricalCrossEntropy(const Mat<T>& probs, const Mat<T>& target, const RowVec<T>& weights) {
  assert(probs.rows() == target.rows() && probs.cols() == target.cols());
  const T n = T(probs.cols());
  const Mat<T> p = probs.array().max(std::numeric_limits<T>::min()).matrix();
  Mat<T> l = (target.array() * p.array().log()).matrix();
  weighColumns(l, weights);
  Loss<T> out;
  out.loss = -l.sum() / n;
  out.grad = (-target.array() / (n * p.array())).matrix();
  weighColumns(out.grad, weights);
  return out;
}

template <class T>
Vec<T> c51Support(T vMin, T vMax, int atoms) {
  assert(atoms >= 2 && vMax > vMin);
  return Vec<T>::LinSpaced(atoms, vMin, vMax);
}

template <class T>
Mat<T> c51Projection(const Mat<T>& nextProbs, const RowVec<T>& rewards, const RowVec<T>& discounts, T vMin, T vMax) {
  const Eigen::Index atoms = nextProbs.rows(), n = nextProbs.cols();
  assert(atoms >= 2 && rewards.size() == n && discounts.size() == n);
  const T dz = (vMax - vMin) / T(atoms - 1);
  Mat<T> m = Mat<T>::Zero(atoms, n);
  for (Eigen::Index i = 0; i < n; ++i)
    for (Eigen::Index j = 0; j < atoms; ++j) {
      const T z = vMin + T(j) * dz;
      const T tz = std::clamp(rewards[i] + discounts[i] * z, vMin, vMax);
      const T b = (tz - vMin) / dz;
      const Eigen::Index l = std::clamp(Eigen::Index(std::floor(b)), Eigen::Index(0), atoms - 1);
      const Eigen::Index u = std::clamp(Eigen::Index(std::ceil(b)), Eigen::Index(0), atoms - 1);
      const T p = nextProbs(j, i);
      if (l == u) {
        m(l, i) += p;  // b landed on an atom: all of p stays there (u − b = b − l = 0 would drop it)
      } else {
        m(l, i) += p * (T(u) - b);
        m(u, i) += p * (b - T(l));
      }
    }
  return m;
}

#define RL_NN_INSTANTIATE_LOSSES(T)                                                         \
  template Loss<T> mse(const Mat<T>&, const Mat<T>&, const RowVec<T>&);                     \
  template Loss<T> huber(const Mat<T>&, const Mat<T>&, T, const RowVec<T>&);                \
  template Loss<T> bceWithLogits(const Mat<T>&, const Mat<T>&);                             \
  template Loss<T> softmaxCrossEntropy(const Mat<T>&, const std::vector<int>&);             \
  template Loss<T> softmaxCrossEntropy(const Mat<T>&, const Mat<T>&);                       \
  template Loss<T> categoricalCrossEntropy(const Mat<T>&, const Mat<T>&, const RowVec<T>&); \
  template Vec<T> c51Support(T, T, int);                                                    \
  template Mat<T> c51Projection(const Mat<T>&, const RowVec<T>&, const RowVec<T>&, T, T);
RL_NN_INSTANTIATE_LOSSES(float)
RL_NN_INSTANTIATE_LOSSES(double)

}  // namespace rl::nn
