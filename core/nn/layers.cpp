#include "core/nn/layers.hpp"

#include <Eigen/QR>
#include <cassert>
#include <cmath>
#include <stdexcept>

#include "core/nn/gemm.hpp"

namespace rl::nn {

// ---- Linear ----

template <class T>
Linear<T>::Linear(int in, int out, Rng& rng)
    : weight(uniformMatrix<T>(out, in, 1.0 / std::sqrt(double(in)), rng)),
      bias(uniformMatrix<T>(out, 1, 1.0 / std::sqrt(double(in)), rng)) {}

template <class T>
int Linear<T>::outputSize(int inputSize) const {
  assert(inputSize == weight.value.cols());
  return int(weight.value.rows());
}

template <class T>
const Mat<T>& Linear<T>::forward(const Mat<T>& x) {
  assert(x.rows() == weight.value.cols());
  x_ = x;
  gemm(false, weight.value, Op::N, x, Op::N, y_);
  y_.colwise() += bias.value.col(0);
  return y_;
}

// Y = W·X + b·1ᵀ  ⇒  ∂L/∂W = dY·Xᵀ,  ∂L/∂b = dY·1 (sum over samples),  ∂L/∂X = Wᵀ·dY.
template <class T>
const Mat<T>& Linear<T>::backward(const Mat<T>& dOut) {
  assert(dOut.rows() == y_.rows() && dOut.cols() == x_.cols());
  gemm(true, dOut, Op::N, x_, Op::T, weight.grad);
  bias.grad += dOut.rowwise().sum();
  if (this->needsInputGrad_) {
    gemm(false, weight.value, Op::T, dOut, Op::N, dx_);
  } else {
    dx_.resize(0, 0);
  }
  return dx_;
}

// Q from the QR decomposition of a Gaussian matrix, with the signs of R's diagonal folded in so the result is
// uniformly (Haar) distributed, as torch.nn.init.orthogonal_ does.
template <class T>
void orthogonalInit(Linear<T>& layer, double gain, Rng& rng, double biasValue) {
  const Eigen::Index rows = layer.weight.value.rows(), cols = layer.weight.value.cols();
  const bool tall = rows >= cols;
  Mat<double> a(tall ? rows : cols, tall ? cols : rows);
  for (Eigen::Index j = 0; j < a.cols(); ++j)
    for (Eigen::Index i = 0; i < a.rows(); ++i) a(i, j) = rng.normal();
  const Eigen::HouseholderQR<Mat<double>> qr(a);
  Mat<double> q = qr.householderQ() * Mat<double>::Identity(a.rows(), a.cols());
  const Mat<double> r = qr.matrixQR().topRows(a.cols()).template triangularView<Eigen::Upper>();
  for (Eigen::Index j = 0; j < q.cols(); ++j)
    if (r(j, j) < 0) q.col(j) = -q.col(j);
  layer.weight.value = (gain * (tall ? q : Mat<double>(q.transpose()))).template cast<T>();
  layer.bias.value.setConstant(T(biasValue));
}

// ---- Activations ----

Act parseActivation(std::string_view name) {
  if (name == "relu") return Act::ReLU;
  if (name == "leaky_relu") return Act::LeakyReLU;
  if (name == "tanh") return Act::Tanh;
  if (name == "sigmoid") return Act::Sigmoid;
  if (name == "softplus") return Act::Softplus;
  if (name == "silu") return Act::SiLU;
  if (name == "identity" || name == "linear" || name == "none") return Act::Identity;
  throw std::invalid_argument("unknown activation '" + std::string(name) +
                              "' (expected relu, leaky_relu, tanh, sigmoid, softplus, silu or identity)");
}

std::string_view activationName(Act act) {
  switch (act) {
    case Act::Identity:
      return "Identity";
    case Act::ReLU:
      return "ReLU";
    case Act::LeakyReLU:
      return "LeakyReLU";
    case Act::Tanh:
      return "Tanh";
    case Act::Sigmoid:
      return "Sigmoid";
    case Act::Softplus:
      return "Softplus";
    case Act::SiLU:
      return "SiLU";
  }
  return "?";
}

template <class T>
const Mat<T>& Activation<T>::forward(const Mat<T>& x) {
  y_.resize(x.rows(), x.cols());
  switch (act_) {
    case Act::Identity:
      y_ = x;
      break;
    case Act::ReLU:
      y_.array() = x.array().max(T(0));
      break;
    case Act::LeakyReLU:
      y_.array() = x.array().max(slope_ * x.array());  // = x for x > 0, a·x below (0 ≤ a ≤ 1)
      break;
    case Act::Tanh:
      y_.array() = x.array().tanh();
      break;
    case Act::Sigmoid:
      y_.array() = T(1) / (T(1) + (-x.array()).exp());
      break;
    // softplus(x) = log(1 + eˣ) = max(x, 0) + log1p(e^(−|x|)), which never overflows.
    case Act::Softplus:
      y_.array() = x.array().max(T(0)) + (-x.array().abs()).exp().log1p();
      break;
    case Act::SiLU:
      x_ = x;
      y_.array() = x.array() / (T(1) + (-x.array()).exp());
      break;
  }
  return y_;
}

template <class T>
const Mat<T>& Activation<T>::backward(const Mat<T>& dOut) {
  assert(dOut.rows() == y_.rows() && dOut.cols() == y_.cols());
  dx_.resize(dOut.rows(), dOut.cols());
  const Eigen::Index n = dx_.size();
  const T* y = y_.data();
  const T* dy = dOut.data();
  T* dx = dx_.data();
  const T slope = slope_;
  switch (act_) {
    case Act::Identity:
      dx_ = dOut;
      break;
    // ReLU and LeakyReLU (slope > 0) keep the sign, so y > 0 ⇔ x > 0 and the cached output is enough.
    // Plain loops: Eigen 3.4's select() is not vectorised; GCC turns these into compare-and-mask.
    case Act::ReLU:
      for (Eigen::Index i = 0; i < n; ++i) {
        const T d = dy[i];  // loaded unconditionally so the ?: becomes a blend
        dx[i] = y[i] > T(0) ? d : T(0);
      }
      break;
    case Act::LeakyReLU:
      for (Eigen::Index i = 0; i < n; ++i) {
        const T k = y[i] > T(0) ? T(1) : slope;  // a blend of two constants, then one multiply
        dx[i] = k * dy[i];
      }
      break;
    // tanh' = 1 − tanh²
    case Act::Tanh:
      dx_.array() = dOut.array() * (T(1) - y_.array().square());
      break;
    // σ' = σ(1 − σ)
    case Act::Sigmoid:
      dx_.array() = dOut.array() * y_.array() * (T(1) - y_.array());
      break;
    // softplus' = σ(x), and y = log(1 + eˣ) ⇒ σ(x) = 1 − e^(−y) = −expm1(−y) (accurate for tiny y too).
    case Act::Softplus:
      dx_.array() = -dOut.array() * (-y_.array()).expm1();
      break;
    // y = x·σ(x) ⇒ y' = σ + x·σ(1 − σ) = σ·(1 + x(1 − σ)).
    case Act::SiLU:
      dx_.array() = T(1) / (T(1) + (-x_.array()).exp());  // σ(x), in place
      dx_.array() = dOut.array() * dx_.array() * (T(1) + x_.array() * (T(1) - dx_.array()));
      break;
  }
  return dx_;
}

// ---- Flatten ----

template <class T>
const Mat<T>& Flatten<T>::forward(const Mat<T>& x) {
  y_ = x;
  return y_;
}

template <class T>
const Mat<T>& Flatten<T>::backward(const Mat<T>& dOut) {
  assert(dOut.rows() == y_.rows() && dOut.cols() == y_.cols());
  dx_ = dOut;
  return dx_;
}

// ---- LayerNorm ----

template <class T>
LayerNorm<T>::LayerNorm(int features, T eps)
    : gamma(Mat<T>::Ones(features, 1)), beta(Mat<T>::Zero(features, 1)), eps_(eps) {}

template <class T>
int LayerNorm<T>::outputSize(int inputSize) const {
  assert(inputSize == gamma.value.rows());
  return inputSize;
}

template <class T>
const Mat<T>& LayerNorm<T>::forward(const Mat<T>& x) {
  assert(x.rows() == gamma.value.rows());
  const RowVec<T> mean = x.colwise().mean();
  xhat_ = x.rowwise() - mean;
  rstd_ = (xhat_.array().square().colwise().mean() + eps_).rsqrt().matrix();
  xhat_.array().rowwise() *= rstd_.array();
  y_ = (xhat_.array().colwise() * gamma.value.col(0).array()).colwise() + beta.value.col(0).array();
  return y_;
}

// x̂ = (x − μ)·r with μ, r = 1/√(var + ε) over the D features of one sample; dx̂ = γ ⊙ dy. Differentiating μ and
// var through x gives, per column:  dx = (r/D)·(D·dx̂ − Σ dx̂ − x̂·Σ(dx̂ ⊙ x̂)).
template <class T>
const Mat<T>& LayerNorm<T>::backward(const Mat<T>& dOut) {
  assert(dOut.rows() == y_.rows() && dOut.cols() == y_.cols());
  gamma.grad += (dOut.array() * xhat_.array()).rowwise().sum().matrix();
  beta.grad += dOut.rowwise().sum();
  const T d = T(dOut.rows());
  dx_ = dOut.array().colwise() * gamma.value.col(0).array();  // dx̂
  const RowVec<T> sumD = dx_.colwise().sum();
  const RowVec<T> sumDX = (dx_.array() * xhat_.array()).colwise().sum().matrix();
  dx_.array() = (d * dx_.array() - xhat_.array().rowwise() * sumDX.array()).rowwise() - sumD.array();
  dx_.array().rowwise() *= rstd_.array() / d;
  return dx_;
}

// ---- BatchNorm ----

template <class T>
BatchNorm<T>::BatchNorm(int features, T momentum, T eps)
    : gamma(Mat<T>::Ones(features, 1)),
      beta(Mat<T>::Zero(features, 1)),
      runningMean(Mat<T>::Zero(features, 1)),
      runningVar(Mat<T>::Ones(features, 1)),
      momentum_(momentum),
      eps_(eps) {}

template <class T>
int BatchNorm<T>::outputSize(int inputSize) const {
  assert(inputSize == gamma.value.rows());
  return inputSize;
}

template <class T>
const Mat<T>& BatchNorm<T>::forward(const Mat<T>& x) {
  assert(x.rows() == gamma.value.rows());
  lastTrain_ = this->training_;
  if (this->training_) {
    const Eigen::Index n = x.cols();
    assert(n > 1 && "BatchNorm in train mode needs at least two samples");
    const Vec<T> mean = x.rowwise().mean();
    xhat_ = x.colwise() - mean;
    const Vec<T> var = xhat_.array().square().rowwise().mean();  // biased: what normalises
    rstd_ = (var.array() + eps_).rsqrt();
    runningMean = (T(1) - momentum_) * runningMean + momentum_ * mean;
    runningVar = (T(1) - momentum_) * runningVar + (momentum_ * T(n) / T(n - 1)) * var;  // unbiased
  } else {
    xhat_ = x.colwise() - runningMean.col(0);
    rstd_ = (runningVar.col(0).array() + eps_).rsqrt();
  }
  xhat_.array().colwise() *= rstd_.array();
  y_ = (xhat_.array().colwise() * gamma.value.col(0).array()).colwise() + beta.value.col(0).array();
  return y_;
}

// Train: x̂ = (x − μ_B)·r over the N samples of one feature, so as in LayerNorm but along rows:
//   dx = (r/N)·(N·dx̂ − Σₙ dx̂ − x̂·Σₙ(dx̂ ⊙ x̂)) = u − meanₙ(u) − x̂·meanₙ(u ⊙ x̂) with u = r·dx̂.
// Eval: μ and r are constants, dx = u.
template <class T>
const Mat<T>& BatchNorm<T>::backward(const Mat<T>& dOut) {
  assert(dOut.rows() == y_.rows() && dOut.cols() == y_.cols());
  gamma.grad += (dOut.array() * xhat_.array()).rowwise().sum().matrix();
  beta.grad += dOut.rowwise().sum();
  dx_ = dOut.array().colwise() * (gamma.value.col(0).array() * rstd_.array());  // r·dx̂
  if (lastTrain_) {
    const Vec<T> meanD = dx_.rowwise().mean();
    const Vec<T> meanDX = (dx_.array() * xhat_.array()).rowwise().mean();
    dx_.array() -= xhat_.array().colwise() * meanDX.array();
    dx_.colwise() -= meanD;
  }
  return dx_;
}

// ---- VirtualBatchNorm ----

template <class T>
VirtualBatchNorm<T>::VirtualBatchNorm(int features, T eps)
    : gamma(Mat<T>::Ones(features, 1)),
      beta(Mat<T>::Zero(features, 1)),
      eps_(eps),
      refMean_(Mat<T>::Zero(features, 1)),
      refMeanSq_(Mat<T>::Zero(features, 1)),
      refCount_(Mat<T>::Zero(1, 1)) {}

template <class T>
int VirtualBatchNorm<T>::outputSize(int inputSize) const {
  assert(inputSize == gamma.value.rows());
  return inputSize;
}

template <class T>
void VirtualBatchNorm<T>::setReference(const Mat<T>& ref) {
  assert(ref.rows() == gamma.value.rows() && ref.cols() > 0);
  refMean_ = ref.rowwise().mean();
  refMeanSq_ = ref.array().square().rowwise().mean().matrix();
  refCount_(0, 0) = T(ref.cols());
}

template <class T>
const Mat<T>& VirtualBatchNorm<T>::forward(const Mat<T>& x) {
  assert(x.rows() == gamma.value.rows());
  assert(hasReference() && "VirtualBatchNorm::setReference must be called before forward");
  const T w = T(1) / (refCount_(0, 0) + T(1));
  // μ = w·x + (1−w)·μ_ref,  var = w·x² + (1−w)·E_ref[x²] − μ², all element-wise.
  xhat_ = ((w * x.array()).colwise() + (T(1) - w) * refMean_.col(0).array()).matrix();             // μ, for now
  rstd_ = ((w * x.array().square()).colwise() + (T(1) - w) * refMeanSq_.col(0).array()).matrix();  // s, for now
  rstd_.array() = (rstd_.array() - xhat_.array().square() + eps_).rsqrt();
  xhat_.array() = (x.array() - xhat_.array()) * rstd_.array();
  y_ = (xhat_.array().colwise() * gamma.value.col(0).array()).colwise() + beta.value.col(0).array();
  return y_;
}

// Each element is its own function of x (the reference statistics are constants):
//   dvar/dx = 2w(x − μ),  dr/dx = −w·r³(x − μ),  dx̂/dx = (1−w)·r − w·r³(x − μ)² = r·((1−w) − w·x̂²).
template <class T>
const Mat<T>& VirtualBatchNorm<T>::backward(const Mat<T>& dOut) {
  assert(dOut.rows() == y_.rows() && dOut.cols() == y_.cols());
  gamma.grad += (dOut.array() * xhat_.array()).rowwise().sum().matrix();
  beta.grad += dOut.rowwise().sum();
  const T w = T(1) / (refCount_(0, 0) + T(1));
  dx_ = dOut.array().colwise() * gamma.value.col(0).array();
  dx_.array() *= rstd_.array() * ((T(1) - w) - w * xhat_.array().square());
  return dx_;
}

// ---- NoisyLinear ----

template <class T>
NoisyLinear<T>::NoisyLinear(int in, int out, Rng& rng, double sigma0)
    : weightMu(uniformMatrix<T>(out, in, 1.0 / std::sqrt(double(in)), rng)),
      weightSigma(Mat<T>::Constant(out, in, T(sigma0 / std::sqrt(double(in))))),
      biasMu(uniformMatrix<T>(out, 1, 1.0 / std::sqrt(double(in)), rng)),
      biasSigma(Mat<T>::Constant(out, 1, T(sigma0 / std::sqrt(double(in))))) {
  resetNoise(rng);
}

template <class T>
int NoisyLinear<T>::outputSize(int inputSize) const {
  assert(inputSize == weightMu.value.cols());
  return int(weightMu.value.rows());
}

template <class T>
void NoisyLinear<T>::resetNoise(Rng& rng) {
  auto f = [&rng] {
    const double e = rng.normal();
    return T(std::copysign(std::sqrt(std::abs(e)), e));  // f(ε) = sgn(ε)·√|ε|
  };
  epsIn_.resize(weightMu.value.cols());
  epsOut_.resize(weightMu.value.rows());
  for (Eigen::Index i = 0; i < epsIn_.size(); ++i) epsIn_[i] = f();
  for (Eigen::Index i = 0; i < epsOut_.size(); ++i) epsOut_[i] = f();
}

template <class T>
const Mat<T>& NoisyLinear<T>::forward(const Mat<T>& x) {
  assert(x.rows() == weightMu.value.cols());
  lastTrain_ = this->training_;
  if (lastTrain_) {
    w_.noalias() = epsOut_ * epsIn_.transpose();
    w_ = weightMu.value + weightSigma.value.cwiseProduct(w_);
    b_ = biasMu.value + biasSigma.value.cwiseProduct(epsOut_);
  } else {
    w_ = weightMu.value;
    b_ = biasMu.value;
  }
  x_ = x;
  gemm(false, w_, Op::N, x, Op::N, y_);
  y_.colwise() += b_.col(0);
  return y_;
}

// As Linear with W = μ_W + σ_W ⊙ E (E = f(ε_out) f(ε_in)ᵀ):  ∂L/∂μ_W = dW,  ∂L/∂σ_W = dW ⊙ E,  dW = dY·Xᵀ;
// likewise ∂L/∂μ_b = db, ∂L/∂σ_b = db ⊙ f(ε_out). In eval mode σ does not reach the output: its gradient is 0.
template <class T>
const Mat<T>& NoisyLinear<T>::backward(const Mat<T>& dOut) {
  assert(dOut.rows() == y_.rows() && dOut.cols() == x_.cols());
  gemm(false, dOut, Op::N, x_, Op::T, dW_);
  weightMu.grad += dW_;
  const Vec<T> db = dOut.rowwise().sum();
  biasMu.grad += db;
  if (lastTrain_) {
    weightSigma.grad.array() += dW_.array() * (epsOut_ * epsIn_.transpose()).array();
    biasSigma.grad += db.cwiseProduct(epsOut_);
  }
  if (this->needsInputGrad_) {
    gemm(false, w_, Op::T, dOut, Op::N, dx_);
  } else {
    dx_.resize(0, 0);
  }
  return dx_;
}

template void orthogonalInit(Linear<float>&, double, Rng&, double);
template void orthogonalInit(Linear<double>&, double, Rng&, double);
template class Linear<float>;
template class Linear<double>;
template class Activation<float>;
template class Activation<double>;
template class Flatten<float>;
template class Flatten<double>;
template class LayerNorm<float>;
template class LayerNorm<double>;
template class BatchNorm<float>;
template class BatchNorm<double>;
template class VirtualBatchNorm<float>;
template class VirtualBatchNorm<double>;
template class NoisyLinear<float>;
template class NoisyLinear<double>;

}  // namespace rl::nn
