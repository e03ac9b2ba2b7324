#include "core/nn/param_utils.hpp"

#include <stdexcept>
#include <string>

namespace rl::nn {

namespace {
template <class T>
void checkSameLayout(const std::vector<NamedTensor<T>>& dst, const std::vector<NamedTensor<T>>& src) {
  if (dst.size() != src.size())
    throw std::invalid_argument("target network has " + std::to_string(dst.size()) + " tensors, source has " +
                                std::to_string(src.size()));
  for (size_t i = 0; i < dst.size(); ++i)
    if (dst[i].name != src[i].name || dst[i].value->rows() != src[i].value->rows() ||
        dst[i].value->cols() != src[i].value->cols())
      throw std::invalid_argument("tensor " + std::to_string(i) + ": target '" + dst[i].name + "' " +
                                  std::to_string(dst[i].value->rows()) + "×" + std::to_string(dst[i].value->cols()) +
                                  " vs source '" + src[i].name + "' " + std::to_string(src[i].value->rows()) + "×" +
                                  std::to_string(src[i].value->cols()));
}
}  // namespace

template <class T>
void hardCopy(Layer<T>& target, Layer<T>& source) {
  const std::vector<NamedTensor<T>> dst = target.tensors(), src = source.tensors();
  checkSameLayout(dst, src);
  for (size_t i = 0; i < dst.size(); ++i) *dst[i].value = *src[i].value;
}

template <class T>
void softUpdate(Layer<T>& target, Layer<T>& source, double tau) {
  const std::vector<NamedTensor<T>> dst = target.tensors(), src = source.tensors();
  checkSameLayout(dst, src);
  const T t = T(tau);
  for (size_t i = 0; i < dst.size(); ++i) *dst[i].value = t * *src[i].value + (T(1) - t) * *dst[i].value;
}

template <class T>
void HistoricalAverage<T>::update(const std::vector<Param<T>*>& params) {
  if (mean_.empty()) {
    for (const Param<T>* p : params) mean_.push_back(p->value);
    count_ = 1;
    return;
  }
  if (mean_.size() != params.size()) throw std::invalid_argument("HistoricalAverage: parameter count changed");
  ++count_;
  const T w = T(1) / T(count_);
  for (size_t i = 0; i < params.size(); ++i) mean_[i] += w * (params[i]->value - mean_[i]);
}

template <class T>
T HistoricalAverage<T>::penalty(const std::vector<Param<T>*>& params, T lambda) const {
  if (mean_.empty()) return T(0);
  if (mean_.size() != params.size()) throw std::invalid_argument("HistoricalAverage: parameter count changed");
  T total = 0;
  for (size_t i = 0; i < params.size(); ++i) {
    const Mat<T> diff = params[i]->value - mean_[i];
    total += lambda * diff.squaredNorm();
    params[i]->grad += (T(2) * lambda) * diff;
  }
  return total;
}

template void hardCopy(Layer<float>&, Layer<float>&);
template void hardCopy(Layer<double>&, Layer<double>&);
template void softUpdate(Layer<float>&, Layer<float>&, double);
template void softUpdate(Layer<double>&, Layer<double>&, double);
template class HistoricalAverage<float>;
template class HistoricalAverage<double>;

}  // namespace rl::nn
