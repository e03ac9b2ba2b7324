#include "core/nn/sequential.hpp"

#include <cassert>
#include <stdexcept>

#include "core/nn/layers.hpp"

namespace rl::nn {

template <class T>
Sequential<T>::Sequential(const Sequential& other) : Layer<T>(other) {
  layers_.reserve(other.layers_.size());
  for (const auto& l : other.layers_) layers_.push_back(l->clone());
}

template <class T>
Sequential<T>& Sequential<T>::operator=(const Sequential& other) {
  if (this != &other) {
    Sequential copy(other);
    *this = std::move(copy);
  }
  return *this;
}

template <class T>
const Mat<T>& Sequential<T>::forward(const Mat<T>& x) {
  assert(!layers_.empty());
  const Mat<T>* h = &x;
  for (auto& l : layers_) h = &l->forward(*h);
  return *h;
}

template <class T>
const Mat<T>& Sequential<T>::backward(const Mat<T>& dOut) {
  assert(!layers_.empty());
  // Only the first layer's input gradient can be unwanted; every other one feeds the layer below.
  for (size_t i = 0; i < layers_.size(); ++i) layers_[i]->setNeedsInputGrad(i > 0 || this->needsInputGrad_);
  const Mat<T>* g = &dOut;
  for (size_t i = layers_.size(); i-- > 0;) g = &layers_[i]->backward(*g);
  return *g;
}

template <class T>
std::vector<Param<T>*> Sequential<T>::params() {
  std::vector<Param<T>*> out;
  for (auto& l : layers_)
    for (Param<T>* p : l->params()) out.push_back(p);
  return out;
}

template <class T>
std::vector<NamedTensor<T>> Sequential<T>::tensors() {
  std::vector<NamedTensor<T>> out;
  for (size_t i = 0; i < layers_.size(); ++i)
    for (NamedTensor<T>& t : layers_[i]->tensors())
      out.push_back({std::to_string(i) + "." + layers_[i]->kind() + "." + t.name, t.value});
  return out;
}

template <class T>
int Sequential<T>::outputSize(int inputSize) const {
  for (const auto& l : layers_) inputSize = l->outputSize(inputSize);
  return inputSize;
}

template <class T>
void Sequential<T>::resetNoise(Rng& rng) {
  for (auto& l : layers_) l->resetNoise(rng);
}

template <class T>
void Sequential<T>::setTraining(bool training) {
  this->training_ = training;
  for (auto& l : layers_) l->setTraining(training);
}

template <class T>
void Sequential<T>::zeroGrad() {
  for (Param<T>* p : params()) p->zeroGrad();
}

template <class T>
Sequential<T> makeMlp(const std::vector<int>& sizes, std::string_view hidden, Rng& rng, std::string_view output) {
  if (sizes.size() < 2) throw std::invalid_argument("makeMlp: need at least an input and an output size");
  const Act hiddenAct = parseActivation(hidden), outputAct = parseActivation(output);
  Sequential<T> net;
  for (size_t i = 0; i + 1 < sizes.size(); ++i) {
    net.add(Linear<T>(sizes[i], sizes[i + 1], rng));
    const Act act = i + 2 < sizes.size() ? hiddenAct : outputAct;
    if (act != Act::Identity) net.add(Activation<T>(act));
  }
  return net;
}

template class Sequential<float>;
template class Sequential<double>;
template Sequential<float> makeMlp<float>(const std::vector<int>&, std::string_view, Rng&, std::string_view);
template Sequential<double> makeMlp<double>(const std::vector<int>&, std::string_view, Rng&, std::string_view);

}  // namespace rl::nn
