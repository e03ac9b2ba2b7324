#include "core/nn/optim.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace rl::nn {

namespace {
// Sizes one state list to the parameters on first use, else checks it still matches them.
template <class T>
void matchState(std::vector<Mat<T>>& state, const std::vector<Param<T>*>& params, const char* who) {
  if (state.empty()) {
    state.reserve(params.size());
    for (const Param<T>* p : params) state.push_back(Mat<T>::Zero(p->value.rows(), p->value.cols()));
    return;
  }
  if (state.size() != params.size())
    throw std::invalid_argument(std::string(who) + ": step() got " + std::to_string(params.size()) +
                                " parameters, its state has " + std::to_string(state.size()) +
                                " (use one optimiser per network)");
  for (size_t i = 0; i < params.size(); ++i)
    if (state[i].rows() != params[i]->value.rows() || state[i].cols() != params[i]->value.cols())
      throw std::invalid_argument(std::string(who) + ": parameter " + std::to_string(i) + " changed shape");
}
}  // namespace

template <class T>
void Sgd<T>::step(const std::vector<Param<T>*>& params) {
  const T lr = T(this->lr_), mu = T(cfg_.momentum);
  if (cfg_.momentum == 0.0) {
    for (Param<T>* p : params) p->value -= lr * p->grad;
    ++this->t_;
    return;
  }
  matchState(velocity_, params, "Sgd");
  for (size_t i = 0; i < params.size(); ++i) {
    Param<T>& p = *params[i];
    Mat<T>& v = velocity_[i];
    if (this->t_ == 0) {
      v = p.grad;  // PyTorch starts the buffer at the first gradient, not at μ·0 + g (the same unless dampening)
    } else {
      v = mu * v + p.grad;
    }
    if (cfg_.nesterov) {
      p.value -= lr * (p.grad + mu * v);
    } else {
      p.value -= lr * v;
    }
  }
  ++this->t_;
}

template <class T>
void Adam<T>::step(const std::vector<Param<T>*>& params) {
  matchState(m_, params, "Adam");
  matchState(v_, params, "Adam");
  ++this->t_;
  const T b1 = T(cfg_.beta1), b2 = T(cfg_.beta2), eps = T(cfg_.eps), lr = T(this->lr_);
  // Bias corrections in double: 1 − β₂ᵗ is tiny for small t and float would round it.
  const T c1 = T(1.0 / (1.0 - std::pow(cfg_.beta1, double(this->t_))));
  const T c2 = T(1.0 / (1.0 - std::pow(cfg_.beta2, double(this->t_))));
  // Chunked so the three vectorised passes reuse each chunk while it is in L1: the update is memory-bound.
  using Arr = Eigen::Array<T, Eigen::Dynamic, 1>;
  constexpr Eigen::Index kChunk = 1024;
  for (size_t i = 0; i < params.size(); ++i) {
    const Eigen::Index n = params[i]->value.size();
    for (Eigen::Index s = 0; s < n; s += kChunk) {
      const Eigen::Index len = std::min(kChunk, n - s);
      const Eigen::Map<const Arr> g(params[i]->grad.data() + s, len);
      Eigen::Map<Arr> theta(params[i]->value.data() + s, len), m(m_[i].data() + s, len), v(v_[i].data() + s, len);
      m = b1 * m + (T(1) - b1) * g;
      v = b2 * v + (T(1) - b2) * g.square();
      theta -= lr * (c1 * m) / ((c2 * v).sqrt() + eps);
    }
  }
}

template <class T>
void RmsProp<T>::step(const std::vector<Param<T>*>& params) {
  matchState(v_, params, "RmsProp");
  if (cfg_.centered) matchState(gAvg_, params, "RmsProp");
  if (cfg_.momentum > 0) matchState(buf_, params, "RmsProp");
  const T a = T(cfg_.alpha), eps = T(cfg_.eps), lr = T(this->lr_), mu = T(cfg_.momentum);
  // Each line is one fused, vectorised pass; the denominator is an expression, never a temporary matrix.
  for (size_t i = 0; i < params.size(); ++i) {
    Param<T>& p = *params[i];
    auto g = p.grad.array();
    auto v = v_[i].array();
    v = a * v + (T(1) - a) * g.square();
    auto step = [&](const auto& denom) {
      if (cfg_.momentum > 0) {
        buf_[i].array() = mu * buf_[i].array() + g / denom;
        p.value.array() -= lr * buf_[i].array();
      } else {
        p.value.array() -= lr * g / denom;
      }
    };
    if (cfg_.centered) {
      auto avg = gAvg_[i].array();
      avg = a * avg + (T(1) - a) * g;
      step((v - avg.square()).sqrt() + eps);
    } else {
      step(v.sqrt() + eps);
    }
  }
  ++this->t_;
}

template <class T>
T clipGradNorm(const std::vector<Param<T>*>& params, T maxNorm) {
  double sq = 0;
  for (const Param<T>* p : params) sq += double(p->grad.squaredNorm());
  const T norm = T(std::sqrt(sq));
  const T coef = maxNorm / (norm + T(1e-6));
  if (coef < T(1))
    for (Param<T>* p : params) p->grad *= coef;
  return norm;
}

template class Optimizer<float>;
template class Optimizer<double>;
template class Sgd<float>;
template class Sgd<double>;
template class Adam<float>;
template class Adam<double>;
template class RmsProp<float>;
template class RmsProp<double>;
template float clipGradNorm(const std::vector<Param<float>*>&, float);
template double clipGradNorm(const std::vector<Param<double>*>&, double);

}  // namespace rl::nn
