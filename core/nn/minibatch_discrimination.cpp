#include "core/nn/minibatch_discrimination.hpp"

#include <cassert>
#include <cmath>

namespace rl::nn {

template <class T>
MinibatchDiscrimination<T>::MinibatchDiscrimination(int inFeatures, int kernels, int kernelDim, Rng& rng)
    : weight(uniformMatrix<T>(kernels * kernelDim, inFeatures, 1.0 / std::sqrt(double(inFeatures)), rng)),
      kernels_(kernels),
      kernelDim_(kernelDim) {}

template <class T>
int MinibatchDiscrimination<T>::outputSize(int inputSize) const {
  assert(inputSize == weight.value.cols());
  return inputSize + kernels_;
}

template <class T>
const Mat<T>& MinibatchDiscrimination<T>::forward(const Mat<T>& x) {
  assert(x.rows() == weight.value.cols());
  const Eigen::Index n = x.cols(), a = x.rows();
  x_ = x;
  m_.noalias() = weight.value * x;
  y_.resize(a + kernels_, n);
  y_.topRows(a) = x;
  c_.resize(size_t(kernels_));
  for (int b = 0; b < kernels_; ++b) {
    Mat<T>& c = c_[size_t(b)];
    c.resize(n, n);
    for (Eigen::Index i = 0; i < n; ++i) {
      c(i, i) = T(1);  // ‖M_i − M_i‖₁ = 0
      for (Eigen::Index j = i + 1; j < n; ++j) {
        const T l1 = (m_.col(i).segment(b * kernelDim_, kernelDim_) - m_.col(j).segment(b * kernelDim_, kernelDim_))
                         .cwiseAbs()
                         .sum();
        c(i, j) = c(j, i) = std::exp(-l1);
      }
    }
    y_.row(a + b) = c.colwise().sum();  // c is symmetric: column sums are the row sums o_b(i)
  }
  return y_;
}

// L depends on M through o_b(i) = Σ_j c_b(i, j). ∂c_b(i, j)/∂M_{k,bc} is −c·sgn(M_{k,bc} − M_{j,bc}) for i = k and
// the same with j, i swapped for j = k; using c's symmetry the two terms combine to
//   ∂L/∂M_{k,bc} = −Σ_j (do_b(k) + do_b(j)) · c_b(k, j) · sgn(M_{k,bc} − M_{j,bc}),
// then through M = T·x:  ∂L/∂T = dM·xᵀ,  ∂L/∂x = Tᵀ·dM + (the pass-through rows of dOut).
template <class T>
const Mat<T>& MinibatchDiscrimination<T>::backward(const Mat<T>& dOut) {
  const Eigen::Index n = x_.cols(), a = x_.rows();
  assert(dOut.rows() == a + kernels_ && dOut.cols() == n);
  dM_.setZero(m_.rows(), n);
  for (int b = 0; b < kernels_; ++b) {
    const Mat<T>& c = c_[size_t(b)];
    for (Eigen::Index k = 0; k < n; ++k)
      for (Eigen::Index j = 0; j < n; ++j) {
        if (j == k) continue;
        const T coef = -(dOut(a + b, k) + dOut(a + b, j)) * c(k, j);
        for (int e = 0; e < kernelDim_; ++e) {
          const Eigen::Index r = b * kernelDim_ + e;
          const T diff = m_(r, k) - m_(r, j);
          dM_(r, k) += coef * T((diff > 0) - (diff < 0));
        }
      }
  }
  weight.grad.noalias() += dM_ * x_.transpose();
  if (!this->needsInputGrad_) {
    dx_.resize(0, 0);
    return dx_;
  }
  dx_ = dOut.topRows(a);
  dx_.noalias() += weight.value.transpose() * dM_;
  return dx_;
}

template class MinibatchDiscrimination<float>;
template class MinibatchDiscrimination<double>;

}  // namespace rl::nn
