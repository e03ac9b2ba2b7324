#include "core/metrics.hpp"

namespace rl {

std::string Metrics::firstNonFinite() const {
  if (badName_.empty()) return {};
  return badName_ + " = " + (std::isnan(badY_) ? "nan" : badY_ > 0 ? "inf" : "-inf") + " at step " +
         std::to_string(static_cast<unsigned long long>(badX_));
}

MetricSeries::MetricSeries(std::string name, size_t capacity) : capacity_(capacity < 4 ? 4 : capacity & ~size_t(1)) {
  d_.name = std::move(name);
  d_.x.reserve(capacity_);
  d_.y.reserve(capacity_);
}

void MetricSeries::add(double x, double y) {
  ++d_.rawCount;
  d_.last = y;
  accX_ += x;
  accY_ += y;
  if (++accN_ < d_.stride) return;
  d_.x.push_back(accX_ / double(accN_));
  d_.y.push_back(accY_ / double(accN_));
  accX_ = accY_ = 0;
  accN_ = 0;
  if (d_.x.size() >= capacity_) compact();
}

void MetricSeries::clear() {
  d_ = SeriesData{d_.name, {}, {}, 0, 0.0, 1};
  accX_ = accY_ = 0;
  accN_ = 0;
}

void MetricSeries::compact() {
  const size_t half = d_.x.size() / 2;
  for (size_t i = 0; i < half; ++i) {
    d_.x[i] = 0.5 * (d_.x[2 * i] + d_.x[2 * i + 1]);
    d_.y[i] = 0.5 * (d_.y[2 * i] + d_.y[2 * i + 1]);
  }
  d_.x.resize(half);
  d_.y.resize(half);
  d_.stride *= 2;
}

int Metrics::id(const std::string& name) {
  for (size_t i = 0; i < series_.size(); ++i)
    if (series_[i].data().name == name) return int(i);
  series_.emplace_back(name);
  return int(series_.size() - 1);
}

const MetricSeries* Metrics::find(const std::string& name) const {
  for (const auto& s : series_)
    if (s.data().name == name) return &s;
  return nullptr;
}

}  // namespace rl
