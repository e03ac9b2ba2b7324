// The browser's float matrix products (gemm.hpp): register-blocked WebAssembly simd128 kernels. Compiled to nothing
// on the desktop, where Eigen's AVX2 kernels do the work.
#include "core/nn/gemm.hpp"

#if defined(__wasm_simd128__)
#include <wasm_simd128.h>

namespace rl::nn {

namespace {

inline v128_t madd(v128_t c, v128_t a, v128_t b) { return wasm_f32x4_add(c, wasm_f32x4_mul(a, b)); }
inline float sum4(v128_t v) {
  return (wasm_f32x4_extract_lane(v, 0) + wasm_f32x4_extract_lane(v, 1)) +
         (wasm_f32x4_extract_lane(v, 2) + wasm_f32x4_extract_lane(v, 3));
}

// C(i, j) (+)= Σ_p A(i, p)·b(p, j), b(p, j) = B[p·sp + j·sj]: columns of A (contiguous) scaled by entries of B. Blocks
// of 8 rows × 4 columns keep 8 accumulators in registers; each A load feeds 4 multiply-adds.
void axpyKernel(bool acc, const float* A, int lda, const float* B, int sp, int sj, float* C, int ldc, int m, int n,
                int k) {
  const v128_t zero = wasm_f32x4_splat(0.f);
  auto load = [&](const float* c) { return acc ? wasm_v128_load(c) : zero; };
  int j = 0;
  for (; j + 4 <= n; j += 4) {
    float* c0 = C + j * ldc;
    float* c1 = c0 + ldc;
    float* c2 = c1 + ldc;
    float* c3 = c2 + ldc;
    int i = 0;
    for (; i + 8 <= m; i += 8) {
      v128_t x0 = load(c0 + i), x1 = load(c1 + i), x2 = load(c2 + i), x3 = load(c3 + i);
      v128_t y0 = load(c0 + i + 4), y1 = load(c1 + i + 4), y2 = load(c2 + i + 4), y3 = load(c3 + i + 4);
      for (int p = 0; p < k; ++p) {
        const float* a = A + i + p * lda;
        const v128_t a0 = wasm_v128_load(a), a1 = wasm_v128_load(a + 4);
        const float* b = B + p * sp + j * sj;
        const v128_t b0 = wasm_f32x4_splat(b[0]), b1 = wasm_f32x4_splat(b[sj]), b2 = wasm_f32x4_splat(b[2 * sj]),
                     b3 = wasm_f32x4_splat(b[3 * sj]);
        x0 = madd(x0, a0, b0), y0 = madd(y0, a1, b0), x1 = madd(x1, a0, b1), y1 = madd(y1, a1, b1);
        x2 = madd(x2, a0, b2), y2 = madd(y2, a1, b2), x3 = madd(x3, a0, b3), y3 = madd(y3, a1, b3);
      }
      wasm_v128_store(c0 + i, x0), wasm_v128_store(c1 + i, x1), wasm_v128_store(c2 + i, x2), wasm_v128_store(c3 + i, x3);
      wasm_v128_store(c0 + i + 4, y0), wasm_v128_store(c1 + i + 4, y1), wasm_v128_store(c2 + i + 4, y2);
      wasm_v128_store(c3 + i + 4, y3);
    }
    for (; i < m; ++i)
      for (int jj = j; jj < j + 4; ++jj) {
        float s = acc ? C[i + jj * ldc] : 0.f;
        for (int p = 0; p < k; ++p) s += A[i + p * lda] * B[p * sp + jj * sj];
        C[i + jj * ldc] = s;
      }
  }
  for (; j < n; ++j) {  // the last columns one at a time (a single sample: acting)
    float* c = C + j * ldc;
    int i = 0;
    for (; i + 8 <= m; i += 8) {
      v128_t x = load(c + i), y = load(c + i + 4);
      for (int p = 0; p < k; ++p) {
        const v128_t b = wasm_f32x4_splat(B[p * sp + j * sj]);
        x = madd(x, wasm_v128_load(A + i + p * lda), b), y = madd(y, wasm_v128_load(A + i + 4 + p * lda), b);
      }
      wasm_v128_store(c + i, x), wasm_v128_store(c + i + 4, y);
    }
    for (; i < m; ++i) {
      float s = acc ? c[i] : 0.f;
      for (int p = 0; p < k; ++p) s += A[i + p * lda] * B[p * sp + j * sj];
      c[i] = s;
    }
  }
}

// C(i, j) (+)= Σ_r A(r, i)·B(r, j): dot products of columns of A and B (both contiguous), 4 × 2 at a time.
void dotKernel(bool acc, const float* A, int lda, const float* B, int ldb, float* C, int ldc, int m, int n, int k) {
  const int k4 = k & ~3;
  auto dot = [&](int i, int j) {
    const float *a = A + i * lda, *b = B + j * ldb;
    v128_t s = wasm_f32x4_splat(0.f);
    for (int r = 0; r < k4; r += 4) s = madd(s, wasm_v128_load(a + r), wasm_v128_load(b + r));
    float t = sum4(s);
    for (int r = k4; r < k; ++r) t += a[r] * b[r];
    return t;
  };
  int j = 0;
  for (; j + 2 <= n; j += 2) {
    const float *b0 = B + j * ldb, *b1 = b0 + ldb;
    int i = 0;
    for (; i + 4 <= m; i += 4) {
      const float *a0 = A + i * lda, *a1 = a0 + lda, *a2 = a1 + lda, *a3 = a2 + lda;
      v128_t s[8];
      for (v128_t& v : s) v = wasm_f32x4_splat(0.f);
      for (int r = 0; r < k4; r += 4) {
        const v128_t u = wasm_v128_load(b0 + r), w = wasm_v128_load(b1 + r);
        const v128_t x0 = wasm_v128_load(a0 + r), x1 = wasm_v128_load(a1 + r), x2 = wasm_v128_load(a2 + r),
                     x3 = wasm_v128_load(a3 + r);
        s[0] = madd(s[0], x0, u), s[1] = madd(s[1], x1, u), s[2] = madd(s[2], x2, u), s[3] = madd(s[3], x3, u);
        s[4] = madd(s[4], x0, w), s[5] = madd(s[5], x1, w), s[6] = madd(s[6], x2, w), s[7] = madd(s[7], x3, w);
      }
      for (int q = 0; q < 8; ++q) {
        const int ii = i + (q & 3), jj = j + (q >> 2);
        const float* a = A + ii * lda;
        const float* b = B + jj * ldb;
        float t = sum4(s[q]);
        for (int r = k4; r < k; ++r) t += a[r] * b[r];
        C[ii + jj * ldc] = (acc ? C[ii + jj * ldc] : 0.f) + t;
      }
    }
    for (; i < m; ++i)
      for (int jj = j; jj < j + 2; ++jj) C[i + jj * ldc] = (acc ? C[i + jj * ldc] : 0.f) + dot(i, jj);
  }
  for (; j < n; ++j)
    for (int i = 0; i < m; ++i) C[i + j * ldc] = (acc ? C[i + j * ldc] : 0.f) + dot(i, j);
}

}  // namespace

bool gemmSimd128(bool accumulate, const float* A, int lda, Op opA, const float* B, int ldb, Op opB, float* C, int ldc,
                 int m, int n, int k) {
  if (opA == Op::N) {
    if (opB == Op::N) axpyKernel(accumulate, A, lda, B, 1, ldb, C, ldc, m, n, k);
    else axpyKernel(accumulate, A, lda, B, ldb, 1, C, ldc, m, n, k);
    return true;
  }
  if (opB == Op::N) {
    dotKernel(accumulate, A, lda, B, ldb, C, ldc, m, n, k);
    return true;
  }
  return false;
}

}  // namespace rl::nn

#endif  // __wasm_simd128__
