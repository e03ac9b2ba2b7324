// Minibatch discrimination (Salimans et al. 2016, "Improved techniques for training GANs" §3.2). Lets a GAN
// discriminator see how alike the samples of a batch are, which penalises a collapsed generator:
//   M_i = T·f(x_i) reshaped B×C  (T is a learned A → B·C map),
//   c_b(i, j) = exp(−‖M_{i,b} − M_{j,b}‖₁),   o(x_i)_b = Σ_j c_b(i, j)   (j runs over the whole batch, i included),
//   output = [f(x_i); o(x_i)], (A + B) rows per sample.
// Cost O(N²·B·C) per batch, fine at GAN-toy batch sizes.
#pragma once
#include "core/nn/layer.hpp"

namespace rl::nn {

template <class T>
class MinibatchDiscrimination : public LayerBase<MinibatchDiscrimination<T>, T> {
 public:
  // T ~ U(−1/√A, 1/√A), as a Linear map A → B·C.
  MinibatchDiscrimination(int inFeatures, int kernels, int kernelDim, Rng& rng);
  const Mat<T>& forward(const Mat<T>& x) override;
  const Mat<T>& backward(const Mat<T>& dOut) override;
  std::vector<Param<T>*> params() override { return {&weight}; }
  std::vector<NamedTensor<T>> tensors() override { return {{"weight", &weight.value}}; }
  std::string kind() const override { return "MinibatchDiscrimination"; }
  int outputSize(int inputSize) const override;

  Param<T> weight;  // (B·C) × A; rows b·C .. b·C + C − 1 form kernel b

 private:
  int kernels_, kernelDim_;
  Mat<T> x_, m_, y_, dM_, dx_;
  std::vector<Mat<T>> c_;  // c_b(i, j), N×N per kernel b, from the last forward
};

extern template class MinibatchDiscrimination<float>;
extern template class MinibatchDiscrimination<double>;

}  // namespace rl::nn
