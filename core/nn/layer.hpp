// Layer<T>: the contract every layer keeps (DESIGN.md §4).
//
//   forward(X)     X is in×N (one column per sample). Caches what backward needs (the input or the output) and
//                  returns a reference to the layer's own output buffer, valid until the next forward: copy it
//                  (`const Mat<float> q = net.forward(s);`) before calling forward again on the same layer.
//   backward(dY)   dY = ∂L/∂Y for the last forward. Accumulates ∂L/∂θ into each Param's grad and returns ∂L/∂X
//                  (DDPG's actor and the GAN generator need the gradient with respect to the input).
//
// Output and gradient buffers are members, resized only when the batch size changes, so layers reuse their memory
// from step to step (losses and distributions return fresh matrices). A layer whose input gradient nobody reads
// (the first layer of a Q or policy network) can skip that product: after setNeedsInputGrad(false) backward returns
// an empty matrix. Sequential hands its own setting to its first layer.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "core/nn/tensor.hpp"
#include "core/rng.hpp"

namespace rl::nn {

template <class T>
class Layer {
 public:
  virtual ~Layer() = default;

  virtual const Mat<T>& forward(const Mat<T>& x) = 0;
  virtual const Mat<T>& backward(const Mat<T>& dOut) = 0;

  // Trainable parameters in a fixed order (optimiser state is indexed by this order, never by address).
  virtual std::vector<Param<T>*> params() { return {}; }
  // Every persistent tensor, named: parameter values plus buffers such as running statistics.
  virtual std::vector<NamedTensor<T>> tensors() { return {}; }
  // A deep copy: parameters, buffers and caches; shares nothing with the original.
  virtual std::unique_ptr<Layer<T>> clone() const = 0;
  // Short type name used in saved-file tensor names and error messages, e.g. "Linear".
  virtual std::string kind() const = 0;
  // Output rows for a given number of input rows (asserts when the input size is wrong for the layer).
  virtual int outputSize(int inputSize) const { return inputSize; }
  // Resamples exploration noise (NoisyLinear); a no-op elsewhere.
  virtual void resetNoise(Rng&) {}

  // Train mode (default) vs eval mode: BatchNorm uses batch vs running statistics, NoisyLinear noisy vs mean weights.
  // Containers override it to reach their sub-layers.
  virtual void setTraining(bool training) { training_ = training; }
  bool training() const { return training_; }
  void setNeedsInputGrad(bool needed) { needsInputGrad_ = needed; }
  bool needsInputGrad() const { return needsInputGrad_; }

 protected:
  bool training_ = true;
  bool needsInputGrad_ = true;
};

// CRTP helper: gives a layer its clone() from its copy constructor.
template <class Derived, class T>
class LayerBase : public Layer<T> {
 public:
  std::unique_ptr<Layer<T>> clone() const override {
    return std::make_unique<Derived>(static_cast<const Derived&>(*this));
  }
};

}  // namespace rl::nn
