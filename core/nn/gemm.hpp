// The matrix products of the dense and convolutional layers: C = op(A)·op(B), or C += op(A)·op(B), where op is the
// matrix or its transpose.
//
// On the desktop this is Eigen (AVX2 + FMA kernels). In the browser Eigen 3.4 has no WebAssembly SIMD kernels and its
// products run scalar, at a fifth of native speed; there the float products go through register-blocked simd128
// kernels (gemm.cpp), about twice as fast as Eigen's scalar ones. The desktop build does not compile them, so its
// results are bit for bit what Eigen gives.
#pragma once
#include <type_traits>

#include "core/nn/tensor.hpp"

namespace rl::nn {

enum class Op { N, T };  // the matrix as it is, or its transpose

#if defined(__wasm_simd128__)
// C(m×n) (+)= op(A)·op(B) for column-major float matrices; false when the kernels do not cover the case (both
// transposed), and Eigen does it instead.
bool gemmSimd128(bool accumulate, const float* A, int lda, Op opA, const float* B, int ldb, Op opB, float* C, int ldc,
                 int m, int n, int k);
#endif

// C = op(A)·op(B) (accumulate = false; C is resized) or C += op(A)·op(B) (accumulate = true; C has the right shape).
template <class T>
void gemm(bool accumulate, const Mat<T>& A, Op opA, const Mat<T>& B, Op opB, Mat<T>& C) {
  const Eigen::Index m = opA == Op::N ? A.rows() : A.cols(), k = opA == Op::N ? A.cols() : A.rows();
  const Eigen::Index n = opB == Op::N ? B.cols() : B.rows();
  if (!accumulate) C.resize(m, n);
#if defined(__wasm_simd128__)
  if constexpr (std::is_same_v<T, float>)
    if (gemmSimd128(accumulate, A.data(), int(A.rows()), opA, B.data(), int(B.rows()), opB, C.data(), int(C.rows()),
                    int(m), int(n), int(k)))
      return;
#endif
  (void)k;
  auto product = [&](const auto& a, const auto& b) {
    if (accumulate) C.noalias() += a * b;
    else C.noalias() = a * b;
  };
  if (opA == Op::N && opB == Op::N) product(A, B);
  else if (opA == Op::N) product(A, B.transpose());
  else if (opB == Op::N) product(A.transpose(), B);
  else product(A.transpose(), B.transpose());
}

}  // namespace rl::nn
