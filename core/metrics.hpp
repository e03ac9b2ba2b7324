// Metric series with CleanRL's names ("charts/episodic_return", "losses/td_loss", ...).
// A series keeps the whole run at bounded memory: when it reaches its capacity, neighbouring points are merged in
// pairs (means of x and y) and later raw points are averaged in groups of the new stride. Deterministic.
#pragma once
#include <cmath>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace rl {

class StateIO;  // core/checkpoint.hpp

struct SeriesData {
  std::string name;
  std::vector<double> x, y;  // x is the global env step
  uint64_t rawCount = 0;     // points ever added
  double last = 0.0;         // the most recent raw value
  uint64_t stride = 1;       // raw points per stored point
};

class MetricSeries {
 public:
  explicit MetricSeries(std::string name, size_t capacity = 4096);
  void add(double x, double y);
  void clear();  // drops the points, keeps the name (and so every id that refers to this series)
  const SeriesData& data() const { return d_; }
  uint64_t version() const { return d_.rawCount; }
  size_t capacity() const { return capacity_; }
  void persist(StateIO& io);  // checkpoints: the points, the merge stride and the partial group

 private:
  void compact();
  SeriesData d_;
  size_t capacity_;
  double accX_ = 0, accY_ = 0;
  uint64_t accN_ = 0;
};

class Metrics {
 public:
  // Returns the id of a series, creating it on first use. Ids are stable for the life of the object.
  int id(const std::string& name);
  // A non-finite value is never stored (every series and every metrics file stays finite); the first one is kept
  // in firstNonFinite() so the trainer can stop and name it.
  void add(int id, double x, double y) {
    if (!std::isfinite(y)) [[unlikely]] {
      if (badName_.empty()) badName_ = series_[size_t(id)].data().name, badX_ = x, badY_ = y;
      return;
    }
    series_[size_t(id)].add(x, y);
  }
  void add(const std::string& name, double x, double y) { add(id(name), x, y); }
  const std::vector<MetricSeries>& series() const { return series_; }
  const MetricSeries* find(const std::string& name) const;
  // Empties every series; ids stay valid, so agents and wrappers need not look them up again.
  void clear() {
    for (auto& s : series_) s.clear();
    badName_.clear();
  }
  // Empty while every value added was finite, else e.g. "losses/td_loss = nan at step 1200".
  std::string firstNonFinite() const;
  // Checkpoints: every series by name and position (ids stay what the agents hold), and the first non-finite value.
  void persist(StateIO& io);

 private:
  std::vector<MetricSeries> series_;
  std::string badName_;
  double badX_ = 0, badY_ = 0;
};

}  // namespace rl
