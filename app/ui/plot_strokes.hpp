// The strokes of a plot's series: data → pixels (Mapping), and lines and bands decimated per pixel column so that
// thousands of points cost a few per pixel on software GL. Internal to app/ui/plot.cpp.
#pragma once
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <vector>

namespace ui::plot_detail {

constexpr float kMaxOffscreen = 1e6f;  // clamp far-off points so stroke geometry stays finite in float

struct Mapping {
  ImVec2 min, max;  // plot area
  double xLo = 0, xHi = 1, yLo = 0, yHi = 1;
  bool logY = false;

  double ty(double y) const { return logY ? std::log10(y) : y; }
  bool drawable(double y) const { return std::isfinite(y) && (!logY || y > 0.0); }
  float sx(double x) const {
    const double px = min.x + (x - xLo) / (xHi - xLo) * (max.x - min.x);
    return float(std::clamp(px, double(min.x - kMaxOffscreen), double(max.x + kMaxOffscreen)));
  }
  float sy(double y) const {
    const double py = max.y - (ty(y) - ty(yLo)) / (ty(yHi) - ty(yLo)) * (max.y - min.y);
    return float(std::clamp(py, double(min.y - kMaxOffscreen), double(max.y + kMaxOffscreen)));
  }
  double xAt(float px) const { return xLo + double(px - min.x) / double(max.x - min.x) * (xHi - xLo); }
  bool contains(ImVec2 p) const { return p.x >= min.x && p.x <= max.x && p.y >= min.y && p.y <= max.y; }
};

// Strokes y(x) keeping at most the min and max point of each pixel column, so ~4000 points cost ~2 per pixel.
// Points that cannot be drawn (non-finite, or ≤ 0 on a log axis) break the line instead of bridging the gap.
void strokeDecimated(ImDrawList* dl, const Mapping& m, const double* x, const double* y, int n, ImU32 col,
                     float thickness, std::vector<ImVec2>& pts);
// The faint raw layer under a smoothed line: per pixel column one 1-px rectangle from the column's min to its max.
void bandDecimated(ImDrawList* dl, const Mapping& m, const double* x, const double* y, int n, ImU32 col);
// Strokes an already smoothed curve with one point (the mean) per `columnPx` pixels.
void strokeMean(ImDrawList* dl, const Mapping& m, const double* x, const double* y, int n, ImU32 col, float thickness,
                float columnPx, std::vector<ImVec2>& pts);

}  // namespace ui::plot_detail
