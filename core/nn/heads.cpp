#include "core/nn/heads.hpp"

#include <cassert>

#include "core/nn/layers.hpp"

namespace rl::nn {

namespace {
template <class T>
Sequential<T> stream(int in, int out, int hidden, Rng& rng) {
  Sequential<T> s;
  if (hidden > 0) {
    s.add(Linear<T>(in, hidden, rng));
    s.add(Activation<T>(Act::ReLU));
    s.add(Linear<T>(hidden, out, rng));
  } else {
    s.add(Linear<T>(in, out, rng));
  }
  return s;
}

template <class T>
void appendPrefixed(std::vector<NamedTensor<T>>& out, const std::string& prefix, std::vector<NamedTensor<T>> ts) {
  for (NamedTensor<T>& t : ts) out.push_back({prefix + t.name, t.value});
}
}  // namespace

// ---- DuelingHead ----

template <class T>
DuelingHead<T>::DuelingHead(int in, int numActions, Rng& rng, int hidden)
    : value(stream<T>(in, 1, hidden, rng)), advantage(stream<T>(in, numActions, hidden, rng)) {}

template <class T>
std::vector<Param<T>*> DuelingHead<T>::params() {
  std::vector<Param<T>*> out = value.params();
  for (Param<T>* p : advantage.params()) out.push_back(p);
  return out;
}

template <class T>
std::vector<NamedTensor<T>> DuelingHead<T>::tensors() {
  std::vector<NamedTensor<T>> out;
  appendPrefixed(out, "value.", value.tensors());
  appendPrefixed(out, "advantage.", advantage.tensors());
  return out;
}

template <class T>
int DuelingHead<T>::outputSize(int inputSize) const {
  assert(value.outputSize(inputSize) == 1);
  return advantage.outputSize(inputSize);
}

template <class T>
void DuelingHead<T>::setTraining(bool training) {
  this->training_ = training;
  value.setTraining(training);
  advantage.setTraining(training);
}

template <class T>
const Mat<T>& DuelingHead<T>::forward(const Mat<T>& x) {
  q_ = advantage.forward(x);
  const RowVec<T> meanA = q_.colwise().mean();
  q_.rowwise() += value.forward(x).row(0) - meanA;  // Q = V + A − mean A
  return q_;
}

// Q_k = V + A_k − (1/K)Σ_j A_j  ⇒  ∂L/∂V = Σ_k dQ_k,  ∂L/∂A_j = dQ_j − (1/K)Σ_k dQ_k;  ∂L/∂x adds both streams'.
template <class T>
const Mat<T>& DuelingHead<T>::backward(const Mat<T>& dOut) {
  assert(dOut.rows() == q_.rows() && dOut.cols() == q_.cols());
  dV_ = dOut.colwise().sum();
  dA_ = dOut.rowwise() - dOut.colwise().mean();
  value.setNeedsInputGrad(this->needsInputGrad_);
  advantage.setNeedsInputGrad(this->needsInputGrad_);
  dx_ = value.backward(dV_);
  const Mat<T>& dxA = advantage.backward(dA_);
  if (this->needsInputGrad_) dx_ += dxA;
  return dx_;
}

// ---- C51Head ----

template <class T>
C51Head<T>::C51Head(int in, int numActions, int numAtoms, Rng& rng)
    : logits(stream<T>(in, numActions * numAtoms, 0, rng)), numActions_(numActions), numAtoms_(numAtoms) {}

template <class T>
std::vector<NamedTensor<T>> C51Head<T>::tensors() {
  std::vector<NamedTensor<T>> out;
  appendPrefixed(out, "logits.", logits.tensors());
  return out;
}

template <class T>
int C51Head<T>::outputSize(int inputSize) const {
  return logits.outputSize(inputSize);
}

template <class T>
const Mat<T>& C51Head<T>::forward(const Mat<T>& x) {
  p_ = logits.forward(x);
  // Column-major, each action's atoms are contiguous: view the output as atoms × (actions·N) and softmax columns.
  Eigen::Map<Mat<T>> p(p_.data(), numAtoms_, p_.size() / numAtoms_);
  const RowVec<T> maxLogit = p.colwise().maxCoeff();  // subtract the max: exp never overflows
  p.rowwise() -= maxLogit;
  p.array() = p.array().exp();
  const RowVec<T> total = p.colwise().sum();
  p.array().rowwise() /= total.array();
  return p_;
}

// Softmax per group: ∂p_i/∂z_j = p_i(δ_ij − p_j)  ⇒  dz = p ⊙ dp − p·Σ_i(p_i dp_i).
template <class T>
const Mat<T>& C51Head<T>::backward(const Mat<T>& dOut) {
  assert(dOut.rows() == p_.rows() && dOut.cols() == p_.cols());
  dz_ = dOut.cwiseProduct(p_);
  Eigen::Map<Mat<T>> dz(dz_.data(), numAtoms_, dz_.size() / numAtoms_);
  Eigen::Map<const Mat<T>> p(p_.data(), numAtoms_, p_.size() / numAtoms_);
  const RowVec<T> s = dz.colwise().sum();
  dz.array() -= p.array().rowwise() * s.array();
  logits.setNeedsInputGrad(this->needsInputGrad_);
  return logits.backward(dz_);
}

// ---- action helpers ----

template <class T>
Mat<T> gatherActions(const Mat<T>& perAction, const std::vector<int>& actions, int group) {
  assert(Eigen::Index(actions.size()) == perAction.cols());
  Mat<T> out(group, perAction.cols());
  for (size_t i = 0; i < actions.size(); ++i) {
    assert(actions[i] >= 0 && (actions[i] + 1) * group <= perAction.rows());
    out.col(Eigen::Index(i)) = perAction.col(Eigen::Index(i)).segment(Eigen::Index(actions[i]) * group, group);
  }
  return out;
}

template <class T>
Mat<T> scatterActions(const Mat<T>& d, const std::vector<int>& actions, int numActions) {
  assert(Eigen::Index(actions.size()) == d.cols());
  const Eigen::Index group = d.rows();
  Mat<T> out = Mat<T>::Zero(group * numActions, d.cols());
  for (size_t i = 0; i < actions.size(); ++i)
    out.col(Eigen::Index(i)).segment(actions[i] * group, group) = d.col(Eigen::Index(i));
  return out;
}

template <class T>
Mat<T> c51QValues(const Mat<T>& probs, const Vec<T>& support) {
  const Eigen::Index atoms = support.size(), n = probs.cols();
  assert(probs.rows() % atoms == 0);
  const Eigen::Map<const Mat<T>> p(probs.data(), atoms, probs.size() / atoms);
  const RowVec<T> q = support.transpose() * p;  // index a + actions·n
  return Eigen::Map<const Mat<T>>(q.data(), probs.rows() / atoms, n);
}

template class DuelingHead<float>;
template class DuelingHead<double>;
template class C51Head<float>;
template class C51Head<double>;
template Mat<float> gatherActions(const Mat<float>&, const std::vector<int>&, int);
template Mat<double> gatherActions(const Mat<double>&, const std::vector<int>&, int);
template Mat<float> scatterActions(const Mat<float>&, const std::vector<int>&, int);
template Mat<double> scatterActions(const Mat<double>&, const std::vector<int>&, int);
template Mat<float> c51QValues(const Mat<float>&, const Vec<float>&);
template Mat<double> c51QValues(const Mat<double>&, const Vec<double>&);

}  // namespace rl::nn
