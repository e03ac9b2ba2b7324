// Sequential<T>: a stack of layers, itself a Layer, and makeMlp, the builder from sizes and activation names.
//
// Copying a Sequential deep-copies every layer (values, gradients, buffers), so `Sequential target = online;` gives
// a target network that shares nothing with the online one; give it its own optimiser (optimiser state lives in the
// optimiser, indexed by parameter order, so it never follows addresses from one network to the other).
#pragma once
#include <string_view>

#include "core/nn/layer.hpp"

namespace rl::nn {

template <class T>
class Sequential : public Layer<T> {
 public:
  Sequential() = default;
  Sequential(const Sequential& other);
  Sequential& operator=(const Sequential& other);
  Sequential(Sequential&&) noexcept = default;
  Sequential& operator=(Sequential&&) noexcept = default;

  // Appends a layer; returns a reference to it for setup (e.g. keeping a VirtualBatchNorm handle).
  template <class L>
  L& add(L layer) {
    layers_.push_back(std::make_unique<L>(std::move(layer)));
    return static_cast<L&>(*layers_.back());
  }
  void add(std::unique_ptr<Layer<T>> layer) { layers_.push_back(std::move(layer)); }

  const Mat<T>& forward(const Mat<T>& x) override;
  // Returns ∂L/∂input; empty when setNeedsInputGrad(false) (the default for a network's input is true, so DDPG's
  // actor update and the GAN generator can read it; turn it off for a plain Q or policy network to save a GEMM).
  const Mat<T>& backward(const Mat<T>& dOut) override;

  std::vector<Param<T>*> params() override;
  // Names are "<index>.<Kind>.<tensor>", e.g. "0.Linear.weight": the shape header of the saved file.
  std::vector<NamedTensor<T>> tensors() override;
  std::unique_ptr<Layer<T>> clone() const override { return std::make_unique<Sequential>(*this); }
  std::string kind() const override { return "Sequential"; }
  int outputSize(int inputSize) const override;
  void resetNoise(Rng& rng) override;

  void setTraining(bool training) override;  // train/eval mode for every layer
  void zeroGrad();

  size_t size() const { return layers_.size(); }
  Layer<T>& operator[](size_t i) { return *layers_[i]; }
  const Layer<T>& operator[](size_t i) const { return *layers_[i]; }

 private:
  std::vector<std::unique_ptr<Layer<T>>> layers_;
};

// MLP from layer sizes {in, h1, ..., out}: Linear layers with `hidden` after each hidden layer and `output` after
// the last ("identity" for none). Activation names as in parseActivation; throws std::invalid_argument on an unknown
// name or fewer than two sizes. E.g. makeMlp<float>({3, 64, 64, 1}, "tanh", rng).
template <class T>
Sequential<T> makeMlp(const std::vector<int>& sizes, std::string_view hidden, Rng& rng,
                      std::string_view output = "identity");

extern template class Sequential<float>;
extern template class Sequential<double>;
extern template Sequential<float> makeMlp<float>(const std::vector<int>&, std::string_view, Rng&, std::string_view);
extern template Sequential<double> makeMlp<double>(const std::vector<int>&, std::string_view, Rng&, std::string_view);

using SequentialF = Sequential<float>;

}  // namespace rl::nn
