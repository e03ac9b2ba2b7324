#include "core/nn/distributions.hpp"

#include <cassert>
#include <cmath>
#include <numbers>

namespace rl::nn {

// ---- Categorical ----

template <class T>
Categorical<T>::Categorical(const Mat<T>& logits) {
  logp_ = logits.rowwise() - logits.colwise().maxCoeff();
  const RowVec<T> logSum = logp_.array().exp().colwise().sum().log().matrix();
  logp_.rowwise() -= logSum;
  p_ = logp_.array().exp().matrix();
}

template <class T>
std::vector<int> Categorical<T>::sample(Rng& rng) const {
  std::vector<int> out(size_t(p_.cols()));
  for (Eigen::Index i = 0; i < p_.cols(); ++i) {
    const double u = rng.uniform();
    double cdf = 0;
    int k = int(p_.rows()) - 1;  // rounding can leave the CDF a hair under 1: the last action takes the rest
    for (Eigen::Index j = 0; j < p_.rows(); ++j) {
      cdf += double(p_(j, i));
      if (u < cdf) {
        k = int(j);
        break;
      }
    }
    out[size_t(i)] = k;
  }
  return out;
}

template <class T>
std::vector<int> Categorical<T>::mode() const {
  std::vector<int> out(size_t(p_.cols()));
  for (Eigen::Index i = 0; i < p_.cols(); ++i) {
    Eigen::Index k;
    p_.col(i).maxCoeff(&k);
    out[size_t(i)] = int(k);
  }
  return out;
}

template <class T>
RowVec<T> Categorical<T>::logProb(const std::vector<int>& actions) const {
  assert(Eigen::Index(actions.size()) == logp_.cols());
  RowVec<T> out(logp_.cols());
  for (Eigen::Index i = 0; i < logp_.cols(); ++i) out[i] = logp_(actions[size_t(i)], i);
  return out;
}

template <class T>
RowVec<T> Categorical<T>::entropy() const {
  return -(p_.array() * logp_.array()).colwise().sum().matrix();
}

// log p_a = z_a − logsumexp(z)  ⇒  ∂log p_a/∂z_k = δ_ak − p_k.
template <class T>
Mat<T> Categorical<T>::logProbBackward(const std::vector<int>& actions, const RowVec<T>& dLogProb) const {
  assert(Eigen::Index(actions.size()) == p_.cols() && dLogProb.size() == p_.cols());
  Mat<T> dz = -(p_.array().rowwise() * dLogProb.array()).matrix();
  for (Eigen::Index i = 0; i < p_.cols(); ++i) dz(actions[size_t(i)], i) += dLogProb[i];
  return dz;
}

// H = −Σ p log p, ∂p_j/∂z_k = p_j(δ_jk − p_k)  ⇒  ∂H/∂z_k = −p_k(log p_k + H).
template <class T>
Mat<T> Categorical<T>::entropyBackward(const RowVec<T>& dEntropy) const {
  assert(dEntropy.size() == p_.cols());
  const RowVec<T> h = entropy();
  Mat<T> dz = (logp_.rowwise() + h).cwiseProduct(p_);
  dz.array().rowwise() *= -dEntropy.array();
  return dz;
}

// ---- DiagGaussian ----

template <class T>
DiagGaussian<T>::DiagGaussian(const Mat<T>& mean, const Mat<T>& logStd) : mean_(mean), logStd_(logStd) {
  assert(mean.rows() == logStd.rows() && mean.cols() == logStd.cols());
}

template <class T>
Mat<T> DiagGaussian<T>::sample(Rng& rng) const {
  Mat<T> x(mean_.rows(), mean_.cols());
  for (Eigen::Index j = 0; j < x.cols(); ++j)
    for (Eigen::Index i = 0; i < x.rows(); ++i) x(i, j) = mean_(i, j) + std::exp(logStd_(i, j)) * T(rng.normal());
  return x;
}

template <class T>
RowVec<T> DiagGaussian<T>::logProb(const Mat<T>& x) const {
  assert(x.rows() == mean_.rows() && x.cols() == mean_.cols());
  const T halfLog2Pi = T(0.5 * std::log(2 * std::numbers::pi));
  const Mat<T> z = ((x - mean_).array() * (-logStd_).array().exp()).matrix();  // (x − μ)/σ
  return (-T(0.5) * z.array().square() - logStd_.array() - halfLog2Pi).colwise().sum().matrix();
}

template <class T>
RowVec<T> DiagGaussian<T>::entropy() const {
  const T halfLog2PiE = T(0.5 * std::log(2 * std::numbers::pi * std::numbers::e));
  return (logStd_.array() + halfLog2PiE).colwise().sum().matrix();
}

// With z = (x − μ)/σ, log p = Σ −½z² − log σ − c:  ∂/∂μ = z/σ,  ∂/∂log σ = z² − 1,  ∂/∂x = −z/σ.
template <class T>
GaussianGrad<T> DiagGaussian<T>::logProbBackward(const Mat<T>& x, const RowVec<T>& dLogProb) const {
  assert(x.rows() == mean_.rows() && x.cols() == mean_.cols() && dLogProb.size() == x.cols());
  const Mat<T> invStd = (-logStd_).array().exp().matrix();
  const Mat<T> z = (x - mean_).cwiseProduct(invStd);
  GaussianGrad<T> g;
  g.dMean = (z.array() * invStd.array()).rowwise() * dLogProb.array();
  g.dLogStd = (z.array().square() - T(1)).rowwise() * dLogProb.array();
  g.dX = -g.dMean;
  return g;
}

// H = Σ log σ + const  ⇒  ∂H/∂log σ = 1, ∂H/∂μ = 0.
template <class T>
GaussianGrad<T> DiagGaussian<T>::entropyBackward(const RowVec<T>& dEntropy) const {
  assert(dEntropy.size() == mean_.cols());
  GaussianGrad<T> g;
  g.dMean = Mat<T>::Zero(mean_.rows(), mean_.cols());
  g.dLogStd = dEntropy.replicate(mean_.rows(), 1);
  return g;
}

template class Categorical<float>;
template class Categorical<double>;
template class DiagGaussian<float>;
template class DiagGaussian<double>;

}  // namespace rl::nn
