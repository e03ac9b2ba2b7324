// Conv2D: a 2-D convolution ("valid", no padding) over images stored one per column in C×H×W order (PyTorch's
// NCHW without the N: index c·H·W + y·W + x), so a conv trunk and a dense head share the one-column-per-sample
// layout and Flatten is free. Written for the MinAtar DQN trunk (10×10×6 → 16 filters of 3×3, stride 1).
//
// Method: im2col then one GEMM. Rows of the patch matrix are (sample, output pixel), columns are (c, ky, kx), so
// the copy from an image runs along contiguous pixels and the product yields each sample's output as a contiguous
// (pixels × filters) block, which *is* that sample's C×H×W output column.
#pragma once
#include "core/nn/layer.hpp"

namespace rl::nn {

struct ConvShape {
  int channels = 1, height = 1, width = 1;  // input
  int filters = 1, kernel = 3, stride = 1;
  int outHeight() const { return (height - kernel) / stride + 1; }
  int outWidth() const { return (width - kernel) / stride + 1; }
  int inputSize() const { return channels * height * width; }
  int outputSize() const { return filters * outHeight() * outWidth(); }
  int patchSize() const { return channels * kernel * kernel; }
};

template <class T>
class Conv2D : public LayerBase<Conv2D<T>, T> {
 public:
  // Weights and biases ~ U(−1/√(C·k·k), 1/√(C·k·k)), PyTorch's Conv2d default.
  Conv2D(const ConvShape& shape, Rng& rng);
  const Mat<T>& forward(const Mat<T>& x) override;
  const Mat<T>& backward(const Mat<T>& dOut) override;
  std::vector<Param<T>*> params() override { return {&weight, &bias}; }
  std::vector<NamedTensor<T>> tensors() override { return {{"weight", &weight.value}, {"bias", &bias.value}}; }
  std::string kind() const override { return "Conv2D"; }
  int outputSize(int inputSize) const override;
  const ConvShape& shape() const { return s_; }

  Param<T> weight;  // filters × (C·k·k); row f is filter f flattened as [c][ky][kx], like PyTorch's weight[f]
  Param<T> bias;    // filters × 1

 private:
  ConvShape s_;
  Mat<T> patches_;  // (N·P) × (C·k·k), P = output pixels per filter
  Mat<T> yt_;       // (N·P) × filters; also reused for dY in backward
  Mat<T> dPatches_, y_, dx_;
};

extern template class Conv2D<float>;
extern template class Conv2D<double>;

}  // namespace rl::nn
