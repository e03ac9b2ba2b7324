// Output heads for value-based agents, and the helpers that pick out the taken action's row(s).
//
//   DuelingHead (Wang et al. 2016): Q(s, a) = V(s) + A(s, a) − mean_a' A(s, a'), from two streams on shared features.
//   C51Head (Bellemare et al. 2017): per action a softmax over `atoms` logits, p(s, a, z); Q(s, a) = Σ_z z·p.
//     Output rows are grouped by action: row a·atoms + z.
#pragma once
#include "core/nn/sequential.hpp"

namespace rl::nn {

template <class T>
class DuelingHead : public LayerBase<DuelingHead<T>, T> {
 public:
  // Each stream is Linear(in → out) or, with hidden > 0, Linear(in → hidden) → ReLU → Linear(hidden → out), as in the
  // paper's separate fully connected streams.
  DuelingHead(int in, int numActions, Rng& rng, int hidden = 0);
  const Mat<T>& forward(const Mat<T>& x) override;
  const Mat<T>& backward(const Mat<T>& dOut) override;
  std::vector<Param<T>*> params() override;
  std::vector<NamedTensor<T>> tensors() override;
  std::string kind() const override { return "DuelingHead"; }
  int outputSize(int inputSize) const override;
  void setTraining(bool training) override;

  Sequential<T> value, advantage;  // in → 1, in → numActions

 private:
  Mat<T> q_, dA_, dx_;
  RowVec<T> dV_;
};

template <class T>
class C51Head : public LayerBase<C51Head<T>, T> {
 public:
  C51Head(int in, int numActions, int numAtoms, Rng& rng);
  const Mat<T>& forward(const Mat<T>& x) override;  // probabilities, (numActions·numAtoms) × N
  const Mat<T>& backward(const Mat<T>& dOut) override;
  std::vector<Param<T>*> params() override { return logits.params(); }
  std::vector<NamedTensor<T>> tensors() override;
  std::string kind() const override { return "C51Head"; }
  int outputSize(int inputSize) const override;
  void setTraining(bool training) override {
    this->training_ = training;
    logits.setTraining(training);
  }
  int numActions() const { return numActions_; }
  int numAtoms() const { return numAtoms_; }

  Sequential<T> logits;  // one Linear in → numActions·numAtoms

 private:
  int numActions_, numAtoms_;
  Mat<T> p_, dz_;
};

// Rows [a·group, (a+1)·group) of column i for a = actions[i]: Q(s, a) with group 1, p(s, a, ·) with group = atoms.
template <class T>
Mat<T> gatherActions(const Mat<T>& perAction, const std::vector<int>& actions, int group = 1);
// The adjoint of gatherActions: d (group × N) placed in the taken action's rows, zeros elsewhere.
template <class T>
Mat<T> scatterActions(const Mat<T>& d, const std::vector<int>& actions, int numActions);
// Q(s, a) = Σ_z z_j·p(s, a, z_j) for every action: numActions × N, from C51 probabilities and the atom support.
template <class T>
Mat<T> c51QValues(const Mat<T>& probs, const Vec<T>& support);

extern template class DuelingHead<float>;
extern template class DuelingHead<double>;
extern template class C51Head<float>;
extern template class C51Head<double>;

}  // namespace rl::nn
