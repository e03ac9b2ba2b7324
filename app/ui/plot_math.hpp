// ===================================================================================================================
// Plot math — the ImGui-free half of the plotting widget (app/ui/plot.*), kept apart so it is unit-tested without a
// window: ring buffer, TensorBoard-style EMA smoothing, nice and log axis ticks, nearest-x lookup, data ranges and
// compact tick labels.
// ===================================================================================================================
#pragma once
#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <string>
#include <vector>

namespace ui {

// Fixed-capacity FIFO: push() past capacity overwrites the oldest element. Index 0 is always the oldest.
template <class T>
class RingBuffer {
 public:
  explicit RingBuffer(int capacity) : data_(size_t(std::max(capacity, 1))) { assert(capacity > 0); }

  void push(const T& v) {
    data_[size_t(head_)] = v;
    head_ = (head_ + 1) % capacity();
    if (size_ < capacity()) ++size_;
  }
  int size() const { return size_; }
  int capacity() const { return int(data_.size()); }
  bool empty() const { return size_ == 0; }
  void clear() { head_ = size_ = 0; }
  const T& operator[](int i) const { return data_[size_t(physical(i))]; }
  T& operator[](int i) { return data_[size_t(physical(i))]; }
  // For PlotSeries without a copy: {.y = raw(), .count = size(), .offset = oldestOffset()} — element i sits at
  // raw()[(oldestOffset() + i) % size()], both before the buffer fills (offset 0) and after (offset = write head).
  const T* raw() const { return data_.data(); }
  int oldestOffset() const { return size_ < capacity() ? 0 : head_; }

 private:
  int physical(int i) const {
    assert(i >= 0 && i < size_);
    return size_ < capacity() ? i : (head_ + i) % capacity();
  }
  std::vector<T> data_;
  int head_ = 0;  // next slot to write
  int size_ = 0;
};

// TensorBoard's smoothing: last = s·last + (1−s)·y, shown as last / (1 − s^k) after k finite points. The debias
// term undoes the pull towards the zero initial value, so the first smoothed point equals the first data point.
// Non-finite points are copied through and do not enter the average, so one NaN does not poison the rest.
inline void emaSmooth(const double* y, int n, double smoothing, std::vector<double>& out) {
  out.assign(y, y + std::max(n, 0));
  const double s = std::clamp(std::isfinite(smoothing) ? smoothing : 0.0, 0.0, 0.999);
  if (s == 0.0) return;
  double last = 0.0;
  double sPowK = 1.0;  // s^k, kept as a running product rather than pow() per point
  for (int i = 0; i < n; ++i) {
    if (!std::isfinite(y[i])) continue;
    last = last * s + (1.0 - s) * y[i];
    sPowK *= s;
    out[size_t(i)] = last / (1.0 - sPowK);
  }
}

struct Range {
  double lo = std::numeric_limits<double>::infinity();
  double hi = -std::numeric_limits<double>::infinity();

  bool empty() const { return !(lo <= hi); }
  void include(double v) {
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  void include(const Range& r) {
    if (r.empty()) return;
    include(r.lo);
    include(r.hi);
  }
};

// Range of the finite values (positive ones only when positiveOnly, for log axes); empty() when none qualify.
inline Range dataRange(const double* v, int n, bool positiveOnly = false) {
  Range r;
  for (int i = 0; i < n; ++i)
    if (std::isfinite(v[i]) && (!positiveOnly || v[i] > 0.0)) r.include(v[i]);
  return r;
}

// Widens r by frac of its span on each side; a zero-width range is widened around its value (by 10% of |v|, or
// ±0.5 at zero) so an axis always has a span. An empty range becomes [0, 1].
inline Range padRange(Range r, double frac) {
  if (r.empty()) return {0.0, 1.0};
  const double span = r.hi - r.lo;
  if (span > 0.0) return {r.lo - span * frac, r.hi + span * frac};
  const double half = r.lo != 0.0 ? std::abs(r.lo) * 0.1 : 0.5;
  return {r.lo - half, r.hi + half};
}

// Same in log10 space, for a positive range on a log axis.
inline Range padRangeLog(Range r, double frac) {
  if (r.empty() || r.lo <= 0.0) return {1.0, 10.0};
  const Range l = padRange({std::log10(r.lo), std::log10(r.hi)}, frac);
  return {std::pow(10.0, l.lo), std::pow(10.0, l.hi)};
}

// Multiples of the smallest 1/2/5×10^k step that yields at most maxTicks ticks inside [lo, hi]. Ticks are k·step
// (not accumulated), so they print cleanly. lo > hi is swapped; lo == hi is widened as padRange does.
inline std::vector<double> niceTicks(double lo, double hi, int maxTicks) {
  std::vector<double> ticks;
  if (!std::isfinite(lo) || !std::isfinite(hi)) return ticks;
  if (lo > hi) std::swap(lo, hi);
  if (lo == hi) {
    const Range r = padRange({lo, hi}, 0.0);
    lo = r.lo, hi = r.hi;
  }
  maxTicks = std::max(maxTicks, 2);
  const double span = hi - lo;
  if (!std::isfinite(span)) return ticks;
  // Start one decade below span / maxTicks and walk up through 1, 2, 5, 10, ... until the count fits.
  double decade = std::pow(10.0, std::floor(std::log10(span / maxTicks)) - 1.0);
  static constexpr double kMantissas[] = {1.0, 2.0, 5.0};
  for (int guard = 0; guard < 30; ++guard) {
    const double step = decade * kMantissas[guard % 3];
    if (guard % 3 == 2) decade *= 10.0;
    const double first = std::ceil(lo / step - 1e-9);
    const double last = std::floor(hi / step + 1e-9);
    if (last - first + 1.0 > maxTicks) continue;
    for (double k = first; k <= last; k += 1.0) ticks.push_back(k == 0.0 ? 0.0 : k * step);
    return ticks;
  }
  return ticks;
}

// Powers of ten inside [lo, hi] (lo > 0). When the range spans fewer than two decades, 2× and 5× multiples are
// added so a short log axis still gets labels. Empty for a non-positive or non-finite range.
inline std::vector<double> logTicks(double lo, double hi) {
  std::vector<double> ticks;
  if (lo > hi) std::swap(lo, hi);
  if (!(lo > 0.0) || !std::isfinite(hi)) return ticks;
  const bool withMultiples = hi / lo < 100.0;
  const int k0 = int(std::floor(std::log10(lo)));
  const int k1 = int(std::ceil(std::log10(hi)));
  const double tol = 1e-9;
  for (int k = k0; k <= k1; ++k) {
    const double p = std::pow(10.0, k);
    for (double m : {1.0, 2.0, 5.0}) {
      if (m != 1.0 && !withMultiples) continue;
      const double v = m * p;
      if (v >= lo * (1.0 - tol) && v <= hi * (1.0 + tol)) ticks.push_back(v);
    }
  }
  return ticks;
}

// Index of the point whose x is closest to target, for x ascending and read through xAt(i); ties go to the lower
// index. -1 when n == 0 or target is NaN. Generic so plots can search a ring buffer in logical order.
template <class XAt>
int nearestIndexBy(int n, double target, XAt xAt) {
  if (n <= 0 || std::isnan(target)) return -1;
  int lo = 0, hi = n;  // first i with xAt(i) >= target
  while (lo < hi) {
    const int mid = lo + (hi - lo) / 2;
    if (xAt(mid) < target)
      lo = mid + 1;
    else
      hi = mid;
  }
  if (lo == n) return n - 1;
  if (lo == 0) return 0;
  return target - xAt(lo - 1) <= xAt(lo) - target ? lo - 1 : lo;
}

inline int nearestIndex(const double* x, int n, double target) {
  return nearestIndexBy(n, target, [x](int i) { return x[i]; });
}

// Compact axis label: 1.2M, 35k, 0.05, 1e-4, -3. Up to 4 significant digits so neighbouring ticks stay distinct.
inline std::string formatTick(double v) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  if (v == 0.0) return "0";
  const double a = std::abs(v);
  const char* sign = v < 0 ? "-" : "";
  char buf[48];
  if (a >= 1e-3 && a < 1e15) {
    static constexpr const char* kSuffixes[] = {"", "k", "M", "G", "T"};
    int s = 0;
    double m = a;
    while (m >= 1000.0 && s < 4) m /= 1000.0, ++s;
    std::snprintf(buf, sizeof buf, "%.4g", m);
    // 999999 prints as "1000" at 4 digits: move it to the next suffix.
    if (std::atof(buf) >= 1000.0 && s < 4) std::snprintf(buf, sizeof buf, "%.4g", m / 1000.0), ++s;
    if (std::atof(buf) < 1000.0) return sign + std::string(buf) + kSuffixes[s];
  }
  // Scientific without '+' or leading exponent zeros: 1.5e-05 → 1.5e-5.
  int e = int(std::floor(std::log10(a)));
  double m = a / std::pow(10.0, e);
  std::snprintf(buf, sizeof buf, "%.3g", m);
  if (std::atof(buf) >= 10.0) m /= 10.0, ++e, std::snprintf(buf, sizeof buf, "%.3g", m);
  return sign + std::string(buf) + "e" + std::to_string(e);
}

}  // namespace ui
