// core/nn basics: matrix aliases, Param{value, grad}, named tensors for save/load, and the scalar-type convention.
//
// Layout: one column per sample (DESIGN.md §4). A batch of N inputs of size D is a D×N column-major matrix, so a
// Linear layer is one GEMM `W·X` and a sample is a contiguous column.
//
// Scalar type: every class is a template on T and is explicitly instantiated for float and double in the .cpp
// files (`extern template` below keeps includers from re-instantiating). Training uses float (the `...F` aliases);
// the finite-difference checks use double, where central differences reach ~1e-9 relative error, so the asserted
// bounds can be tight. Writing the code once for both types keeps the tested code the code that trains.
#pragma once
#include <Eigen/Core>
#include <string>
#include <vector>

#include "core/rng.hpp"

namespace rl::nn {

template <class T>
using Mat = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>;  // column-major: one column per sample
template <class T>
using Vec = Eigen::Matrix<T, Eigen::Dynamic, 1>;
template <class T>
using RowVec = Eigen::Matrix<T, 1, Eigen::Dynamic>;  // one value per sample (losses, log-probs, rewards)

// A trainable tensor and its gradient. Layers *accumulate* into `grad` (`+=`), so several backward passes (a GAN
// discriminator on real then fake samples, an actor-critic's two losses) add up; call zeroGrad before each step.
template <class T>
struct Param {
  Mat<T> value;
  Mat<T> grad;

  Param() = default;
  explicit Param(Mat<T> v) : value(std::move(v)), grad(Mat<T>::Zero(value.rows(), value.cols())) {}
  void zeroGrad() { grad.setZero(value.rows(), value.cols()); }
};

// A persistent tensor with its name: a Param's value or a non-trained buffer (BatchNorm's running statistics).
// What hard copy, soft update and save/load walk over.
template <class T>
struct NamedTensor {
  std::string name;
  Mat<T>* value = nullptr;
};

template <class T>
void zeroGrad(const std::vector<Param<T>*>& params) {
  for (Param<T>* p : params) p->zeroGrad();
}

template <class T>
long long paramCount(const std::vector<Param<T>*>& params) {
  long long n = 0;
  for (const Param<T>* p : params) n += p->value.size();
  return n;
}

// rows×cols matrix with entries ~ U(−bound, bound): PyTorch's default for Linear and Conv weights and biases
// (Kaiming-uniform with a = √5 reduces to bound = 1/√fanIn), so learning curves compare with published runs.
template <class T>
Mat<T> uniformMatrix(int rows, int cols, double bound, Rng& rng) {
  Mat<T> m(rows, cols);
  for (int j = 0; j < cols; ++j)
    for (int i = 0; i < rows; ++i) m(i, j) = T(rng.uniform(-bound, bound));
  return m;
}

}  // namespace rl::nn
