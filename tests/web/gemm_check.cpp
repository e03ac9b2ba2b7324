// The browser's matrix-product kernels (core/nn/gemm.cpp, compiled only for WebAssembly simd128) against a plain
// triple loop in double precision, run under node by tests/web/run.sh: every op(A)·op(B) the layers use, with and
// without accumulation, on shapes that hit each kernel's full blocks and every tail (rows mod 8, columns mod 4 and
// mod 2, inner sizes mod 4), a single column (acting on one observation) and empty products. Exit status 1 names the
// first case that differs by more than float rounding.
#include <cmath>
#include <cstdio>

#include "core/nn/gemm.hpp"
#include "core/rng.hpp"

using rl::nn::Mat;
using rl::nn::Op;

int main() {
#if !defined(__wasm_simd128__)
  std::puts("gemm_check: built without simd128; nothing to check");
  return 1;
#endif
  rl::Rng rng(7);
  int cases = 0;
  for (Op opA : {Op::N, Op::T})
    for (Op opB : {Op::N, Op::T})
      for (bool acc : {false, true})
        for (int m : {0, 1, 3, 4, 7, 8, 9, 17, 64})
          for (int n : {0, 1, 2, 3, 4, 5, 6, 9, 64})
            for (int k : {0, 1, 3, 4, 5, 8, 13, 64}) {
              const Mat<float> A = opA == Op::N ? rl::nn::uniformMatrix<float>(m, k, 1.0, rng)
                                                : rl::nn::uniformMatrix<float>(k, m, 1.0, rng);
              const Mat<float> B = opB == Op::N ? rl::nn::uniformMatrix<float>(k, n, 1.0, rng)
                                                : rl::nn::uniformMatrix<float>(n, k, 1.0, rng);
              const Mat<float> C0 = rl::nn::uniformMatrix<float>(m, n, 1.0, rng);
              Mat<float> C = acc ? C0 : rl::nn::uniformMatrix<float>(3, 2, 1.0, rng);  // any shape when not acc
              rl::nn::gemm(acc, A, opA, B, opB, C);
              if (C.rows() != m || C.cols() != n) {
                std::printf("gemm_check: op %d%d acc %d %dx%dx%d: C is %ldx%ld\n", int(opA), int(opB), int(acc), m, n,
                            k, long(C.rows()), long(C.cols()));
                return 1;
              }
              for (int i = 0; i < m; ++i)
                for (int j = 0; j < n; ++j) {
                  double want = acc ? C0(i, j) : 0.0;
                  for (int p = 0; p < k; ++p)
                    want += double(opA == Op::N ? A(i, p) : A(p, i)) * double(opB == Op::N ? B(p, j) : B(j, p));
                  if (std::abs(double(C(i, j)) - want) > 1e-5 * (k + 1)) {
                    std::printf("gemm_check: op(A)=%s op(B)=%s accumulate=%d m=%d n=%d k=%d: C(%d,%d) = %.7g, want %.7g\n",
                                opA == Op::N ? "A" : "Aᵀ", opB == Op::N ? "B" : "Bᵀ", int(acc), m, n, k, i, j,
                                double(C(i, j)), want);
                    return 1;
                  }
                }
              ++cases;
            }
  std::printf("gemm_check: OK, %d products equal a double-precision triple loop to float rounding\n", cases);
  return 0;
}
