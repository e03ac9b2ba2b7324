// A chart's data as CSV, for the charts' "Save CSV" (GL-free and ImGui-free: the unit tests include it alone).
// Long format, one row per point: series,x,y,y_smoothed — series of different lengths and x share one file, and the
// smoothed column is the EMA the chart draws (plot_math.hpp), so a spreadsheet reproduces the picture.
#pragma once
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "app/ui/plot_math.hpp"

namespace ui {

struct CsvSeries {
  std::string label;
  const double* x = nullptr;  // null: x = index
  const double* y = nullptr;
  int count = 0;
  int offset = 0;  // ring buffers: element i is at (offset + i) % count
};

inline std::string csvField(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

inline std::string seriesCsv(const std::vector<CsvSeries>& series, double smoothing) {
  std::string out = "series,x,y,y_smoothed\n";
  std::vector<double> x, y, smooth;
  char buf[96];
  auto num = [&](double v) {
    if (std::isnan(v)) return std::string("nan");
    if (std::isinf(v)) return std::string(v > 0 ? "inf" : "-inf");
    std::snprintf(buf, sizeof buf, "%.9g", v);
    return std::string(buf);
  };
  for (const CsvSeries& s : series) {
    x.resize(size_t(std::max(s.count, 0)));
    y.resize(x.size());
    for (int i = 0; i < s.count; ++i) {
      const int k = (s.offset + i) % s.count;
      x[size_t(i)] = s.x ? s.x[k] : double(i);
      y[size_t(i)] = s.y[k];
    }
    emaSmooth(y.data(), s.count, smoothing, smooth);
    const std::string label = csvField(s.label);
    for (size_t i = 0; i < x.size(); ++i) out += label + "," + num(x[i]) + "," + num(y[i]) + "," + num(smooth[i]) + "\n";
  }
  return out;
}

}  // namespace ui
