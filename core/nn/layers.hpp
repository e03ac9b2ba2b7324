// Dense layers: Linear, the element-wise activations, Flatten, LayerNorm, BatchNorm, virtual batch norm and
// NoisyLinear. Each backward pass states its derivation next to the code (layers.cpp).
#pragma once
#include <cassert>
#include <string_view>

#include "core/nn/layer.hpp"

namespace rl::nn {

// y = W·x + b, W out×in. Initialised like PyTorch's nn.Linear: W, b ~ U(−1/√in, 1/√in).
template <class T>
class Linear : public LayerBase<Linear<T>, T> {
 public:
  Linear(int in, int out, Rng& rng);
  const Mat<T>& forward(const Mat<T>& x) override;
  const Mat<T>& backward(const Mat<T>& dOut) override;
  std::vector<Param<T>*> params() override { return {&weight, &bias}; }
  std::vector<NamedTensor<T>> tensors() override { return {{"weight", &weight.value}, {"bias", &bias.value}}; }
  std::string kind() const override { return "Linear"; }
  int outputSize(int inputSize) const override;

  Param<T> weight;  // out×in
  Param<T> bias;    // out×1

 private:
  Mat<T> x_, y_, dx_;
};

// Orthogonal initialisation (Saxe et al. 2014) as CleanRL's PPO/A2C `layer_init`: W = gain·(a random orthogonal
// matrix, rows or columns orthonormal, whichever is fewer), b = biasValue. CleanRL uses gain √2 for hidden layers,
// 0.01 for the policy head and 1 for the value head; learning curves compare only with matching init.
template <class T>
void orthogonalInit(Linear<T>& layer, double gain, Rng& rng, double biasValue = 0.0);

enum class Act { Identity, ReLU, LeakyReLU, Tanh, Sigmoid, Softplus, SiLU };

// "relu", "leaky_relu", "tanh", "sigmoid", "softplus", "silu", "identity"/"linear"/"none" (case-sensitive).
// Throws std::invalid_argument naming the unknown name and the accepted ones: names come from configs and the CLI.
Act parseActivation(std::string_view name);
std::string_view activationName(Act act);

// Element-wise activation. backward only needs the cached output for every kind except SiLU, which caches its input.
template <class T>
class Activation : public LayerBase<Activation<T>, T> {
 public:
  // LeakyReLU's slope a must lie in [0, 1] (forward computes max(x, a·x)).
  explicit Activation(Act act, T leakySlope = T(0.01)) : act_(act), slope_(leakySlope) {
    assert(leakySlope >= T(0) && leakySlope <= T(1));
  }
  const Mat<T>& forward(const Mat<T>& x) override;
  const Mat<T>& backward(const Mat<T>& dOut) override;
  std::string kind() const override { return std::string(activationName(act_)); }
  Act act() const { return act_; }

 private:
  Act act_;
  T slope_;
  Mat<T> x_, y_, dx_;
};

// Flatten is the identity on our layout (a C×H×W image already is one flattened column); it exists so a network
// reads like its PyTorch counterpart and so shapes are checked where a conv trunk meets a dense head.
template <class T>
class Flatten : public LayerBase<Flatten<T>, T> {
 public:
  const Mat<T>& forward(const Mat<T>& x) override;
  const Mat<T>& backward(const Mat<T>& dOut) override;
  std::string kind() const override { return "Flatten"; }

 private:
  Mat<T> y_, dx_;
};

// Layer normalisation (Ba et al. 2016): each sample (column) normalised over its features, then y = γ⊙x̂ + β.
// Same in train and eval mode.
template <class T>
class LayerNorm : public LayerBase<LayerNorm<T>, T> {
 public:
  explicit LayerNorm(int features, T eps = T(1e-5));
  const Mat<T>& forward(const Mat<T>& x) override;
  const Mat<T>& backward(const Mat<T>& dOut) override;
  std::vector<Param<T>*> params() override { return {&gamma, &beta}; }
  std::vector<NamedTensor<T>> tensors() override { return {{"weight", &gamma.value}, {"bias", &beta.value}}; }
  std::string kind() const override { return "LayerNorm"; }
  int outputSize(int inputSize) const override;

  Param<T> gamma, beta;  // features×1

 private:
  T eps_;
  Mat<T> xhat_, y_, dx_;
  RowVec<T> rstd_;  // 1/√(var + ε) per sample
};

// Batch normalisation (Ioffe & Szegedy 2015) over the batch, per feature (row); PyTorch's BatchNorm1d semantics.
// Train: batch mean and biased variance normalise; running stats ← (1−m)·running + m·batch, with the unbiased
// variance. Eval: the running stats normalise, so the output of a sample no longer depends on its batch.
template <class T>
class BatchNorm : public LayerBase<BatchNorm<T>, T> {
 public:
  explicit BatchNorm(int features, T momentum = T(0.1), T eps = T(1e-5));
  const Mat<T>& forward(const Mat<T>& x) override;
  const Mat<T>& backward(const Mat<T>& dOut) override;
  std::vector<Param<T>*> params() override { return {&gamma, &beta}; }
  std::vector<NamedTensor<T>> tensors() override {
    return {
        {"weight", &gamma.value}, {"bias", &beta.value}, {"running_mean", &runningMean}, {"running_var", &runningVar}};
  }
  std::string kind() const override { return "BatchNorm"; }
  int outputSize(int inputSize) const override;

  Param<T> gamma, beta;            // features×1
  Mat<T> runningMean, runningVar;  // features×1, buffers (saved, copied, not trained)

 private:
  T momentum_, eps_;
  Mat<T> xhat_, y_, dx_;
  Vec<T> rstd_;  // 1/√(var + ε) per feature, of the statistics used in the last forward
  bool lastTrain_ = true;
};

// Virtual batch normalisation (Salimans et al. 2016, "Improved techniques for training GANs" §3.4): each sample x
// is normalised with statistics of a fixed reference batch *and x itself*, so a sample's output does not depend on
// the other samples of its batch:  μ = w·x + (1−w)·μ_ref,  s = w·x² + (1−w)·E_ref[x²],  var = s − μ²,
// w = 1/(N_ref + 1). Call setReference once with the reference batch's activations at this layer (and again when
// you want fresh reference statistics). The reference statistics are constants for backward: gradients do not flow
// into the reference batch (the paper's version also backpropagates through the reference pass; we trade that
// for a per-sample layer). Same in train and eval mode.
template <class T>
class VirtualBatchNorm : public LayerBase<VirtualBatchNorm<T>, T> {
 public:
  explicit VirtualBatchNorm(int features, T eps = T(1e-5));
  void setReference(const Mat<T>& referenceBatch);
  bool hasReference() const { return refCount_(0, 0) > 0; }
  const Mat<T>& forward(const Mat<T>& x) override;
  const Mat<T>& backward(const Mat<T>& dOut) override;
  std::vector<Param<T>*> params() override { return {&gamma, &beta}; }
  std::vector<NamedTensor<T>> tensors() override {
    return {{"weight", &gamma.value},
            {"bias", &beta.value},
            {"ref_mean", &refMean_},
            {"ref_mean_sq", &refMeanSq_},
            {"ref_count", &refCount_}};
  }
  std::string kind() const override { return "VirtualBatchNorm"; }
  int outputSize(int inputSize) const override;

  Param<T> gamma, beta;  // features×1

 private:
  T eps_;
  Mat<T> refMean_, refMeanSq_, refCount_;  // features×1, features×1, 1×1
  Mat<T> xhat_, rstd_, y_, dx_;
};

// NoisyLinear (Fortunato et al. 2018, NoisyNet) with factorised Gaussian noise:
//   W = μ_W + σ_W ⊙ (f(ε_out) f(ε_in)ᵀ),  b = μ_b + σ_b ⊙ f(ε_out),  f(ε) = sgn(ε)·√|ε|,  ε ~ N(0, 1).
// Init: μ ~ U(−1/√in, 1/√in), σ = σ₀/√in. The noise changes only in resetNoise (once per step, as in Rainbow).
// Eval mode uses the mean weights μ (deterministic greedy evaluation).
template <class T>
class NoisyLinear : public LayerBase<NoisyLinear<T>, T> {
 public:
  NoisyLinear(int in, int out, Rng& rng, double sigma0 = 0.5);
  void resetNoise(Rng& rng) override;
  const Mat<T>& forward(const Mat<T>& x) override;
  const Mat<T>& backward(const Mat<T>& dOut) override;
  std::vector<Param<T>*> params() override { return {&weightMu, &weightSigma, &biasMu, &biasSigma}; }
  std::vector<NamedTensor<T>> tensors() override {
    return {{"weight_mu", &weightMu.value},
            {"weight_sigma", &weightSigma.value},
            {"bias_mu", &biasMu.value},
            {"bias_sigma", &biasSigma.value}};
  }
  std::string kind() const override { return "NoisyLinear"; }
  int outputSize(int inputSize) const override;

  Param<T> weightMu, weightSigma;  // out×in
  Param<T> biasMu, biasSigma;      // out×1

 private:
  Vec<T> epsIn_, epsOut_;  // f(ε) factors
  Mat<T> w_, b_;           // effective weights of the last forward
  Mat<T> x_, y_, dx_, dW_;
  bool lastTrain_ = true;
};

extern template void orthogonalInit(Linear<float>&, double, Rng&, double);
extern template void orthogonalInit(Linear<double>&, double, Rng&, double);
extern template class Linear<float>;
extern template class Linear<double>;
extern template class Activation<float>;
extern template class Activation<double>;
extern template class Flatten<float>;
extern template class Flatten<double>;
extern template class LayerNorm<float>;
extern template class LayerNorm<double>;
extern template class BatchNorm<float>;
extern template class BatchNorm<double>;
extern template class VirtualBatchNorm<float>;
extern template class VirtualBatchNorm<double>;
extern template class NoisyLinear<float>;
extern template class NoisyLinear<double>;

using LinearF = Linear<float>;
using ActivationF = Activation<float>;
using NoisyLinearF = NoisyLinear<float>;

}  // namespace rl::nn
