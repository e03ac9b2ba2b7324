#include "app/ui/plot_strokes.hpp"

#include <climits>

#include "app/ui/fast_fill.hpp"

namespace ui::plot_detail {

namespace {
// Draws and empties a run of points; an isolated point stays visible as a dot.
void emitPolyline(ImDrawList* dl, std::vector<ImVec2>& pts, ImU32 col, float thickness) {
  dl->AddPolyline(pts.data(), int(pts.size()), col, ImDrawFlags_None, thickness);  // no-op below 2 points
  if (pts.size() == 1) dl->AddCircleFilled(pts[0], thickness, col, 8);
  pts.clear();
}

}  // namespace

// Strokes y(x) keeping at most the min and max point of each pixel column, so ~4000 points cost ~2 per pixel.
// Points that cannot be drawn (non-finite, or ≤ 0 on a log axis) break the line instead of bridging the gap.
void strokeDecimated(ImDrawList* dl, const Mapping& m, const double* x, const double* y, int n, ImU32 col,
                     float thickness, std::vector<ImVec2>& pts) {
  pts.clear();
  int column = INT_MIN, loIdx = -1, hiIdx = -1;
  ImVec2 lo, hi;
  auto flushColumn = [&] {
    if (loIdx < 0) return;
    const bool loFirst = loIdx <= hiIdx;
    pts.push_back(loFirst ? lo : hi);
    if (loIdx != hiIdx) pts.push_back(loFirst ? hi : lo);
    loIdx = hiIdx = -1;
  };
  auto flushLine = [&] {
    flushColumn();
    emitPolyline(dl, pts, col, thickness);
  };
  for (int i = 0; i < n; ++i) {
    if (!m.drawable(y[i]) || !std::isfinite(x[i])) {
      flushLine();
      continue;
    }
    const ImVec2 p(m.sx(x[i]), m.sy(y[i]));
    const int c = int(std::floor(p.x));
    if (loIdx >= 0 && c != column) flushColumn();
    if (loIdx < 0) {
      column = c, lo = hi = p, loIdx = hiIdx = i;
    } else if (p.y < lo.y) {
      lo = p, loIdx = i;
    } else if (p.y > hi.y) {
      hi = p, hiIdx = i;
    }
  }
  flushLine();
}

// The faint raw layer under a smoothed line: per pixel column one 1-px rectangle from the column's min to its max
// (stretched to meet the previous column). Noisy data as an AA polyline is hundreds of tall, thin, blended triangles;
// as a band it is a few thousand plain pixels — the difference is milliseconds per frame on software GL.
void bandDecimated(ImDrawList* dl, const Mapping& m, const double* x, const double* y, int n, ImU32 col) {
  int column = INT_MIN;
  float lo = 0, hi = 0, last = NAN;
  auto flush = [&] {
    if (column == INT_MIN) return;
    if (!std::isnan(last)) lo = std::min(lo, last), hi = std::max(hi, last);
    dl->AddRectFilled(ImVec2(float(column), lo), ImVec2(float(column) + 1.f, std::max(hi, lo + 1.f)), col);
  };
  for (int i = 0; i < n; ++i) {
    if (!m.drawable(y[i]) || !std::isfinite(x[i])) {
      flush();
      column = INT_MIN, last = NAN;
      continue;
    }
    const ImVec2 p(m.sx(x[i]), m.sy(y[i]));
    const int c = int(std::floor(p.x));
    if (c != column) {
      flush();
      if (column != INT_MIN) last = p.y;  // the band reaches the first point of the next column
      column = c, lo = hi = p.y;
    } else {
      lo = std::min(lo, p.y), hi = std::max(hi, p.y);
    }
  }
  flush();
}

// Strokes an already smoothed curve with one point (the mean) per `columnPx` pixels. Keeping min and max per column
// would re-draw the noise the smoothing removed, as hundreds of tall thin triangles that software GL rasterises
// slowly; a smoothed curve needs neither.
void strokeMean(ImDrawList* dl, const Mapping& m, const double* x, const double* y, int n, ImU32 col, float thickness,
                float columnPx, std::vector<ImVec2>& pts) {
  pts.clear();
  int column = INT_MIN, count = 0;
  float sx = 0, sy = 0;
  auto flushColumn = [&] {
    if (count > 0) pts.push_back(ImVec2(sx / float(count), sy / float(count)));
    count = 0, sx = sy = 0;
  };
  auto flushLine = [&] {
    flushColumn();
    emitPolyline(dl, pts, col, thickness);
  };
  for (int i = 0; i < n; ++i) {
    if (!m.drawable(y[i]) || !std::isfinite(x[i])) {
      flushLine();
      continue;
    }
    const ImVec2 p(m.sx(x[i]), m.sy(y[i]));
    const int c = int(std::floor(p.x / columnPx));
    if (c != column) flushColumn(), column = c;
    sx += p.x, sy += p.y, ++count;
  }
  flushLine();
}

}  // namespace ui::plot_detail
