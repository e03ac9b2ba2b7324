// Optimisers. State (momentum, moment estimates) lives in the optimiser as one matrix per parameter, indexed by the
// position of the parameter in the list passed to step() — never keyed by address — so copying a network together
// with its optimiser gives two independent learners, and a target network (no optimiser) shares nothing.
// Pass the same network's params() to every step; a list of another length or shape throws std::invalid_argument.
//
// The learning rate is read at every step, so setLr() takes effect live (schedules, the GUI's slider).
#pragma once
#include <memory>

#include "core/nn/tensor.hpp"

namespace rl::nn {

template <class T>
class Optimizer {
 public:
  explicit Optimizer(double lr) : lr_(lr) {}
  virtual ~Optimizer() = default;
  virtual void step(const std::vector<Param<T>*>& params) = 0;
  virtual std::unique_ptr<Optimizer> clone() const = 0;
  double lr() const { return lr_; }
  void setLr(double lr) { lr_ = lr; }
  long long steps() const { return t_; }
  // Saved agents: the per-parameter state lists (each empty before the first step, else one matrix per parameter in
  // step()'s order) and the step count t (Adam's bias correction reads it).
  virtual std::vector<std::vector<Mat<T>>*> stateLists() { return {}; }
  void setSteps(long long t) { t_ = t; }

 protected:
  double lr_;
  long long t_ = 0;
};

// SGD with (optionally Nesterov) momentum, PyTorch's form: v ← μ·v + g (v₁ = g);  θ ← θ − lr·v
// (Nesterov: θ ← θ − lr·(g + μ·v)). momentum = 0 is plain SGD.
struct SgdConfig {
  double lr = 1e-2;
  double momentum = 0.0;
  bool nesterov = false;
};

template <class T>
class Sgd : public Optimizer<T> {
 public:
  explicit Sgd(const SgdConfig& cfg = {}) : Optimizer<T>(cfg.lr), cfg_(cfg) {}
  void step(const std::vector<Param<T>*>& params) override;
  std::unique_ptr<Optimizer<T>> clone() const override { return std::make_unique<Sgd>(*this); }
  std::vector<std::vector<Mat<T>>*> stateLists() override { return {&velocity_}; }

 private:
  SgdConfig cfg_;
  std::vector<Mat<T>> velocity_;
};

// Adam (Kingma & Ba 2015, Algorithm 1, as written): m ← β₁m + (1−β₁)g,  v ← β₂v + (1−β₂)g²,
// m̂ = m/(1−β₁ᵗ),  v̂ = v/(1−β₂ᵗ),  θ ← θ − lr·m̂/(√v̂ + ε). (PyTorch's torch.optim.Adam computes the same.)
struct AdamConfig {
  double lr = 1e-3;
  double beta1 = 0.9;
  double beta2 = 0.999;
  double eps = 1e-8;
};

template <class T>
class Adam : public Optimizer<T> {
 public:
  explicit Adam(const AdamConfig& cfg = {}) : Optimizer<T>(cfg.lr), cfg_(cfg) {}
  void step(const std::vector<Param<T>*>& params) override;
  std::unique_ptr<Optimizer<T>> clone() const override { return std::make_unique<Adam>(*this); }
  std::vector<std::vector<Mat<T>>*> stateLists() override { return {&m_, &v_}; }

 private:
  AdamConfig cfg_;
  std::vector<Mat<T>> m_, v_;
};

// RMSProp (Tieleman & Hinton 2012), PyTorch's form: v ← αv + (1−α)g²; centred (Graves 2013) also tracks
// ḡ ← αḡ + (1−α)g and uses v − ḡ² (a variance estimate) instead of v; then with momentum μ:
//   b ← μb + g/(√(v [− ḡ²]) + ε),  θ ← θ − lr·b   (μ = 0: θ ← θ − lr·g/(√(v [− ḡ²]) + ε)).
// MinAtar's DQN uses lr 2.5e-4, α 0.95, ε 0.01, centred. (ε sits outside the square root as in PyTorch, which
// MinAtar used; TensorFlow puts it inside.)
struct RmsPropConfig {
  double lr = 1e-2;
  double alpha = 0.99;
  double eps = 1e-8;
  double momentum = 0.0;
  bool centered = false;
};

template <class T>
class RmsProp : public Optimizer<T> {
 public:
  explicit RmsProp(const RmsPropConfig& cfg = {}) : Optimizer<T>(cfg.lr), cfg_(cfg) {}
  void step(const std::vector<Param<T>*>& params) override;
  std::unique_ptr<Optimizer<T>> clone() const override { return std::make_unique<RmsProp>(*this); }
  std::vector<std::vector<Mat<T>>*> stateLists() override { return {&v_, &gAvg_, &buf_}; }

 private:
  RmsPropConfig cfg_;
  std::vector<Mat<T>> v_, gAvg_, buf_;
};

// Rescales all gradients together so their joint L2 norm is at most maxNorm (PyTorch's clip_grad_norm_: scale by
// maxNorm/(norm + 1e-6) when that is < 1). Returns the norm before clipping, for logging.
template <class T>
T clipGradNorm(const std::vector<Param<T>*>& params, T maxNorm);

extern template class Optimizer<float>;
extern template class Optimizer<double>;
extern template class Sgd<float>;
extern template class Sgd<double>;
extern template class Adam<float>;
extern template class Adam<double>;
extern template class RmsProp<float>;
extern template class RmsProp<double>;

}  // namespace rl::nn
