#include "core/nn/conv2d.hpp"

#include <cassert>
#include <cmath>

#include "core/nn/gemm.hpp"

namespace rl::nn {

template <class T>
Conv2D<T>::Conv2D(const ConvShape& shape, Rng& rng)
    : weight(uniformMatrix<T>(shape.filters, shape.patchSize(), 1.0 / std::sqrt(double(shape.patchSize())), rng)),
      bias(uniformMatrix<T>(shape.filters, 1, 1.0 / std::sqrt(double(shape.patchSize())), rng)),
      s_(shape) {
  assert(shape.kernel <= shape.height && shape.kernel <= shape.width && shape.stride >= 1);
}

template <class T>
int Conv2D<T>::outputSize(int inputSize) const {
  assert(inputSize == s_.inputSize());
  return s_.outputSize();
}

template <class T>
const Mat<T>& Conv2D<T>::forward(const Mat<T>& x) {
  assert(x.rows() == s_.inputSize());
  const int n = int(x.cols()), oh = s_.outHeight(), ow = s_.outWidth(), p = oh * ow, k = s_.kernel;
  const int hw = s_.height * s_.width, stride = s_.stride;
  // im2col: patches(i·P + oy·OW + ox, (c·k + ky)·k + kx) = x(c·H·W + (oy·s + ky)·W + ox·s + kx, i).
  patches_.resize(Eigen::Index(n) * p, s_.patchSize());
  for (int c = 0; c < s_.channels; ++c)
    for (int ky = 0; ky < k; ++ky)
      for (int kx = 0; kx < k; ++kx) {
        T* dst = patches_.col((c * k + ky) * k + kx).data();
        for (int i = 0; i < n; ++i) {
          const T* img = x.col(i).data() + c * hw + ky * s_.width + kx;
          for (int oy = 0; oy < oh; ++oy, dst += ow) {
            const T* src = img + oy * stride * s_.width;
            if (stride == 1) {
              for (int ox = 0; ox < ow; ++ox) dst[ox] = src[ox];  // contiguous: vectorised
            } else {
              for (int ox = 0; ox < ow; ++ox) dst[ox] = src[ox * stride];
            }
          }
        }
      }
  gemm(false, patches_, Op::N, weight.value, Op::T, yt_);
  yt_.rowwise() += bias.value.col(0).transpose();
  // Sample i's block of yt_ (P × F, column-major) is exactly its F×OH×OW output column.
  y_.resize(s_.outputSize(), n);
  for (int i = 0; i < n; ++i)
    Eigen::Map<Mat<T>>(y_.col(i).data(), p, s_.filters) = yt_.middleRows(Eigen::Index(i) * p, p);
  return y_;
}

// Y = patches·Wᵀ + 1·bᵀ (rows = sample × pixel)  ⇒  ∂L/∂W = dYᵀ·patches,  ∂L/∂b = column sums of dY,
// ∂L/∂patches = dY·W, and ∂L/∂x adds each patch entry back where im2col copied it from (col2im).
template <class T>
const Mat<T>& Conv2D<T>::backward(const Mat<T>& dOut) {
  const int n = int(dOut.cols()), oh = s_.outHeight(), ow = s_.outWidth(), p = oh * ow, k = s_.kernel;
  assert(dOut.rows() == s_.outputSize() && Eigen::Index(n) * p == patches_.rows());
  for (int i = 0; i < n; ++i)
    yt_.middleRows(Eigen::Index(i) * p, p) = Eigen::Map<const Mat<T>>(dOut.col(i).data(), p, s_.filters);
  gemm(true, yt_, Op::T, patches_, Op::N, weight.grad);
  bias.grad += yt_.colwise().sum().transpose();
  if (!this->needsInputGrad_) {
    dx_.resize(0, 0);
    return dx_;
  }
  gemm(false, yt_, Op::N, weight.value, Op::N, dPatches_);
  dx_.setZero(s_.inputSize(), n);
  const int hw = s_.height * s_.width, stride = s_.stride;
  for (int c = 0; c < s_.channels; ++c)
    for (int ky = 0; ky < k; ++ky)
      for (int kx = 0; kx < k; ++kx) {
        const T* src = dPatches_.col((c * k + ky) * k + kx).data();
        for (int i = 0; i < n; ++i) {
          T* img = dx_.col(i).data() + c * hw + ky * s_.width + kx;
          for (int oy = 0; oy < oh; ++oy, src += ow) {
            T* dst = img + oy * stride * s_.width;
            if (stride == 1) {
              for (int ox = 0; ox < ow; ++ox) dst[ox] += src[ox];
            } else {
              for (int ox = 0; ox < ow; ++ox) dst[ox * stride] += src[ox];
            }
          }
        }
      }
  return dx_;
}

template class Conv2D<float>;
template class Conv2D<double>;

}  // namespace rl::nn
