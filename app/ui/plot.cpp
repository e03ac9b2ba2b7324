// Plot widget on ImDrawList. Each plot is one InvisibleButton item (so hover, clicks and the context menu all hit
// it); everything else is drawn by hand inside its rectangle. Layout, top to bottom: title, legend rows, plot area
// (y tick labels and the rotated y label on its left), x tick labels, x label.
#include "app/ui/plot.hpp"
#include "app/ui/text_fit.hpp"

#include "app/ui/fonts.hpp"
#include "app/ui/theme.hpp"
#include "app/ui/fast_fill.hpp"
#include "app/ui/plot_strokes.hpp"

#include <algorithm>
#include <climits>
#include <cmath>

namespace ui {

std::function<void(const char*)> gItemRecorder;
void setItemRecorder(std::function<void(const char*)> record) { gItemRecorder = std::move(record); }
namespace {

using namespace plot_detail;

constexpr float kPad = 6.0f;
constexpr float kMinAutoHeight = 120.0f;
constexpr float kRawAlpha = 0.3f;      // raw data under a smoothed line stays visible but recedes

ImU32 withAlpha(ImU32 c, float a) {
  const float old = float((c >> IM_COL32_A_SHIFT) & 0xFF);
  return (c & ~IM_COL32_A_MASK) | (ImU32(std::clamp(old * a, 0.0f, 255.0f)) << IM_COL32_A_SHIFT);
}

// Through gui::ink: on the light projector theme a light series colour is darkened to read on white.
ImU32 seriesColor(const PlotSeries& s, int i) { return gui::ink(s.color != 0 ? s.color : plotPaletteColor(i)); }

struct Frame {
  ImVec2 min, max;
  ImDrawList* dl = nullptr;
  float lineH = 0;
};

// Reserves the widget rectangle as a single item and draws its background.
Frame beginFrame(ImVec2 size) {
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  if (size.x <= 0) size.x = avail.x;
  if (size.y <= 0) size.y = std::max(avail.y, gui::px(kMinAutoHeight));
  size = ImVec2(std::max(size.x, 1.0f), std::max(size.y, 1.0f));  // InvisibleButton asserts on a zero size
  Frame f;
  f.min = ImGui::GetCursorScreenPos();
  f.max = ImVec2(f.min.x + size.x, f.min.y + size.y);
  ImGui::InvisibleButton("##plot", size);
  f.dl = ImGui::GetWindowDrawList();
  f.lineH = ImGui::GetTextLineHeight();
  const float rounding = ImGui::GetStyle().FrameRounding;
  fillRectOpaque(f.dl, f.min, f.max, gui::figureBgAlt());  // opaque: see fast_fill.hpp
  f.dl->AddRect(f.min, f.max, ImGui::GetColorU32(ImGuiCol_Border), rounding);
  f.dl->PushClipRect(f.min, f.max, true);
  return f;
}

// Returns the y below the title row.
float drawTitle(const Frame& f, const char* title) {
  const float top = f.min.y + kPad;
  if (title == nullptr || title[0] == '\0') return top;
  // A narrow chart (four side by side at 2×) shortens its title with "…"; the hover read-out is unaffected.
  const std::string shown = ellipsize(title, f.max.x - f.min.x - 2 * kPad);
  const float w = ImGui::CalcTextSize(shown.c_str()).x;
  const float x = std::max(f.min.x + kPad, (f.min.x + f.max.x - w) * 0.5f);
  f.dl->AddText(ImVec2(x, top), ImGui::GetColorU32(ImGuiCol_Text), shown.c_str());
  return top + f.lineH + kPad * 0.5f;
}

// ImGui 1.86 has no rotated text: draw it unrotated inside the frame (so per-glyph culling keeps it), then move
// its vertices to a 90° counter-clockwise rotation around `center`, reading bottom to top.
void addTextVertical(const Frame& f, ImVec2 center, ImU32 col, const char* text) {
  const ImVec2 sz = ImGui::CalcTextSize(text);
  const ImVec2 origin(f.min.x + kPad, f.min.y + kPad);
  const int start = f.dl->VtxBuffer.Size;
  f.dl->AddText(origin, col, text);
  const ImVec2 mid(origin.x + sz.x * 0.5f, origin.y + sz.y * 0.5f);
  for (int i = start; i < f.dl->VtxBuffer.Size; ++i) {
    ImVec2& p = f.dl->VtxBuffer[i].pos;
    const float dx = p.x - mid.x, dy = p.y - mid.y;
    p = ImVec2(center.x + dy, center.y - dx);
  }
}


std::vector<double> yTicksFor(Range yr, bool logY, int maxTicks, bool integerOnly) {
  std::vector<double> ticks;
  if (logY) {
    ticks = logTicks(yr.lo, yr.hi);
    // Many decades: keep every stride-th so labels do not collide.
    const int stride = (int(ticks.size()) + maxTicks - 1) / std::max(maxTicks, 1);
    if (stride > 1) {
      std::vector<double> kept;
      for (size_t i = 0; i < ticks.size(); i += size_t(stride)) kept.push_back(ticks[i]);
      ticks.swap(kept);
    }
    if (ticks.size() >= 2) return ticks;
  }
  ticks = niceTicks(yr.lo, yr.hi, maxTicks);
  std::erase_if(ticks, [&](double t) { return (logY && t <= 0.0) || (integerOnly && t != std::floor(t)); });
  return ticks;
}

// Lays out the plot area between `top` and the x-axis rows, then draws its background, grid and tick labels.
Mapping drawAxes(const Frame& f, float top, Range xr, Range yr, bool logY, const char* xLabel, const char* yLabel,
                 bool integerY = false) {
  ImDrawList* dl = f.dl;
  Mapping m;
  m.xLo = xr.lo, m.xHi = xr.hi, m.yLo = yr.lo, m.yHi = yr.hi, m.logY = logY;
  const bool hasXLabel = xLabel != nullptr && xLabel[0] != '\0';
  const bool hasYLabel = yLabel != nullptr && yLabel[0] != '\0';
  m.min.y = top + f.lineH * 0.5f;  // room for the top tick label's upper half
  m.max.y = std::max(m.min.y + 1.0f, f.max.y - kPad - f.lineH - (hasXLabel ? f.lineH : 0.0f) - 2.0f);
  const std::vector<double> yTicks =
      yTicksFor(yr, logY, std::max(2, int((m.max.y - m.min.y) / (f.lineH * 1.8f))), integerY);
  float labelW = 0;
  for (double t : yTicks) labelW = std::max(labelW, ImGui::CalcTextSize(formatTick(t).c_str()).x);
  m.min.x = f.min.x + kPad + (hasYLabel ? f.lineH + kPad : 0.0f) + labelW + 4.0f;
  m.max.x = std::max(m.min.x + 1.0f, f.max.x - kPad);

  const ImU32 gridCol = ImGui::GetColorU32(ImGuiCol_Text, 0.08f);
  const ImU32 labelCol = ImGui::GetColorU32(ImGuiCol_TextDisabled);
  fillRectOpaque(dl, m.min, m.max, gui::figureBg());
  float lastLabelY = -1e9f;
  for (double t : yTicks) {
    const float py = std::round(m.sy(t));
    if (py < m.min.y - 0.5f || py > m.max.y + 0.5f) continue;
    dl->AddLine(ImVec2(m.min.x, py), ImVec2(m.max.x, py), gridCol);
    const std::string s = formatTick(t);
    const ImVec2 sz = ImGui::CalcTextSize(s.c_str());
    if (std::abs(py - lastLabelY) < sz.y) continue;  // two close log ticks: the line alone, never labels on labels
    dl->AddText(ImVec2(m.min.x - 4.0f - sz.x, py - sz.y * 0.5f), labelCol, s.c_str());
    lastLabelY = py;
  }
  const int maxXTicks = std::max(2, int((m.max.x - m.min.x) / gui::px(70.0f)));
  float lastRight = -1e9f;
  for (double t : niceTicks(xr.lo, xr.hi, maxXTicks)) {
    const float px = std::round(m.sx(t));
    if (px < m.min.x - 0.5f || px > m.max.x + 0.5f) continue;
    dl->AddLine(ImVec2(px, m.min.y), ImVec2(px, m.max.y), gridCol);
    const std::string s = formatTick(t);
    const float w = ImGui::CalcTextSize(s.c_str()).x;
    const float x = std::clamp(px - w * 0.5f, f.min.x + kPad, f.max.x - kPad - w);
    if (x < lastRight + 6.0f) continue;  // skip a label that would overlap its neighbour
    dl->AddText(ImVec2(x, m.max.y + 2.0f), labelCol, s.c_str());
    lastRight = x + w;
  }
  dl->AddRect(m.min, m.max, ImGui::GetColorU32(ImGuiCol_Border, 0.6f));
  if (hasXLabel) {
    const float w = ImGui::CalcTextSize(xLabel).x;
    dl->AddText(ImVec2((m.min.x + m.max.x - w) * 0.5f, m.max.y + 2.0f + f.lineH), labelCol, xLabel);
  }
  if (hasYLabel) {
    addTextVertical(f, ImVec2(f.min.x + kPad + f.lineH * 0.5f, (m.min.y + m.max.y) * 0.5f), labelCol, yLabel);
  }
  return m;
}

void drawMessage(const Frame& f, ImVec2 areaMin, const char* msg) {
  const ImVec2 sz = ImGui::CalcTextSize(msg);
  const ImVec2 pos((areaMin.x + f.max.x - sz.x) * 0.5f, (areaMin.y + f.max.y - sz.y) * 0.5f);
  f.dl->AddText(pos, ImGui::GetColorU32(ImGuiCol_TextDisabled), msg);
}

// Legend rows under the title: a swatch and the label per series, wrapped to the frame width. A left click on an
// entry toggles the series; hidden ones get a hollow swatch and dim text. Returns the y below the legend.
float drawLegend(const Frame& f, const std::vector<PlotSeries>& series, PlotState& state, float top, bool clicked) {
  bool anyLabel = false;
  for (const PlotSeries& s : series) anyLabel = anyLabel || !s.label.empty();
  if (!anyLabel) return top;
  const float sw = f.lineH * 0.7f, gap = gui::px(12.0f);
  const ImVec2 mouse = ImGui::GetMousePos();
  float x = f.min.x + kPad, y = top;
  for (int i = 0; i < int(series.size()); ++i) {
    const std::string fitted = ellipsize(series[size_t(i)].label, f.max.x - f.min.x - 2 * kPad - sw - 4.0f);
    const char* label = fitted.c_str();
    const float w = sw + 4.0f + ImGui::CalcTextSize(label).x;
    if (x + w > f.max.x - kPad && x > f.min.x + kPad) x = f.min.x + kPad, y += f.lineH + 2.0f;
    const ImVec2 a(x, y), b(x + w, y + f.lineH);
    const bool over = mouse.x >= a.x && mouse.x < b.x && mouse.y >= a.y && mouse.y < b.y;
    if (over && clicked) state.hidden[size_t(i)] = !state.hidden[size_t(i)];
    const bool hidden = state.hidden[size_t(i)];
    if (over)
      f.dl->AddRectFilled(ImVec2(a.x - 2, a.y), ImVec2(b.x + 2, b.y), ImGui::GetColorU32(ImGuiCol_HeaderHovered));
    const ImU32 col = seriesColor(series[size_t(i)], i);
    const ImVec2 s0(x, y + (f.lineH - sw) * 0.5f), s1(x + sw, y + (f.lineH + sw) * 0.5f);
    if (!hidden) f.dl->AddRectFilled(s0, s1, col);
    f.dl->AddRect(s0, s1, col);
    f.dl->AddText(ImVec2(x + sw + 4.0f, y), ImGui::GetColorU32(hidden ? ImGuiCol_TextDisabled : ImGuiCol_Text), label);
    x += w + gap;
  }
  return y + f.lineH + kPad * 0.5f;
}

// A series in logical order (ring offset applied, x filled with the index when absent) plus its smoothed copy.
struct Prepared {
  std::vector<double> x, y, smooth;
  bool visible = false;
  int n() const { return int(y.size()); }
  const std::vector<double>& shown() const { return smooth.empty() ? y : smooth; }
};

// Per-thread scratch reused across frames so a plot does not allocate every frame. It holds no UI state.
thread_local std::vector<Prepared> tPrepared;
thread_local std::vector<ImVec2> tPoints;

void prepare(const std::vector<PlotSeries>& series, const PlotState& state) {
  tPrepared.resize(series.size());
  for (size_t i = 0; i < series.size(); ++i) {
    const PlotSeries& s = series[i];
    Prepared& p = tPrepared[i];
    const int n = s.y != nullptr ? std::max(s.count, 0) : 0;
    p.visible = !state.hidden[i] && n > 0;
    p.x.resize(size_t(n)), p.y.resize(size_t(n)), p.smooth.clear();
    const int off = n > 0 ? ((s.offset % n) + n) % n : 0;
    for (int k = 0; k < n; ++k) {
      const int j = (off + k) % n;
      p.x[size_t(k)] = s.x != nullptr ? s.x[j] : double(k);
      p.y[size_t(k)] = s.y[j];
    }
    if (p.visible && state.smoothing > 0.0f) emaSmooth(p.y.data(), n, state.smoothing, p.smooth);
  }
}

// The y range to show: fitted to the visible raw data, or the user's fixed range made valid for the axis.
Range viewRange(Range yData, const PlotState& state) {
  if (state.autoFit) return state.logY ? padRangeLog(yData, 0.05) : padRange(yData, 0.05);
  Range r{std::min(state.yMin, state.yMax), std::max(state.yMin, state.yMax)};
  if (!std::isfinite(r.lo) || !std::isfinite(r.hi)) return padRange(yData, 0.05);
  if (state.logY && r.hi <= 0.0) return padRangeLog(yData, 0.05);
  if (state.logY && r.lo <= 0.0) r.lo = r.hi * 1e-3;  // a log axis cannot reach zero; show three decades
  return r.lo == r.hi ? padRange(r, 0.0) : r;
}

void drawHover(const Frame& f, const Mapping& m, const std::vector<PlotSeries>& series, const char* xLabel) {
  const ImVec2 mouse = ImGui::GetMousePos();
  f.dl->AddLine(ImVec2(mouse.x, m.min.y), ImVec2(mouse.x, m.max.y), ImGui::GetColorU32(ImGuiCol_Text, 0.35f));
  const double target = m.xAt(mouse.x);
  ImGui::BeginTooltip();
  bool header = false;
  for (size_t i = 0; i < series.size(); ++i) {
    const Prepared& p = tPrepared[i];
    if (!p.visible) continue;
    const int k = nearestIndex(p.x.data(), p.n(), target);
    const double v = p.shown()[size_t(k)];
    if (!header) {
      ImGui::Text("%s %.6g", xLabel != nullptr && xLabel[0] != '\0' ? xLabel : "x", p.x[size_t(k)]);
      header = true;
    }
    const ImU32 col = seriesColor(series[i], int(i));
    if (m.drawable(v)) f.dl->AddCircleFilled(ImVec2(m.sx(p.x[size_t(k)]), m.sy(v)), 3.0f, col, 12);
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(col), "%s",
                       series[i].label.empty() ? "-" : series[i].label.c_str());
    ImGui::SameLine();
    if (p.smooth.empty())
      ImGui::Text("%.5g", v);
    else
      ImGui::Text("%.5g  (raw %.5g)", v, p.y[size_t(k)]);
  }
  ImGui::EndTooltip();
}

void contextMenu(PlotState& state, Range shown) {
  if (!ImGui::BeginPopup("##plotctx")) return;
  ImGui::SetNextItemWidth(gui::px(160.0f));
  ImGui::SliderFloat("smoothing", &state.smoothing, 0.0f, 0.999f, "%.3f");
  ImGui::Checkbox("log y", &state.logY);
  // Freezing the current view makes "auto-fit off" a no-op visually; the user then edits from there.
  if (ImGui::Checkbox("auto-fit y", &state.autoFit) && !state.autoFit) state.yMin = shown.lo, state.yMax = shown.hi;
  if (!state.autoFit) {
    ImGui::SetNextItemWidth(gui::px(160.0f));
    ImGui::InputDouble("y min", &state.yMin, 0.0, 0.0, "%.6g");
    ImGui::SetNextItemWidth(gui::px(160.0f));
    ImGui::InputDouble("y max", &state.yMax, 0.0, 0.0, "%.6g");
  }
  ImGui::Separator();
  if (ImGui::MenuItem("Save PNG")) state.saveAsked = PlotState::Save::Png;
  if (gItemRecorder) gItemRecorder("plot_menu_save_png");
  if (ImGui::MenuItem("Save CSV")) state.saveAsked = PlotState::Save::Csv;
  if (gItemRecorder) gItemRecorder("plot_menu_save_csv");
  ImGui::EndPopup();
}

}  // namespace

ImU32 plotPaletteColor(int i) {
  static constexpr unsigned kPalette[] = {0x4FC3F7, 0xFFB74D, 0x81C784, 0xF06292, 0xFFF176,
                                          0xBA68C8, 0x4DD0E1, 0xE57373, 0xA1887F, 0x90A4AE};
  constexpr int kCount = int(sizeof kPalette / sizeof kPalette[0]);
  const unsigned c = kPalette[((i % kCount) + kCount) % kCount];
  return IM_COL32((c >> 16) & 0xFF, (c >> 8) & 0xFF, c & 0xFF, 255);
}

bool plotLines(const char* id, const char* title, const std::vector<PlotSeries>& series, PlotState& state, ImVec2 size,
               const char* xLabel, const char* yLabel) {
  ImGui::PushID(id);
  const Frame f = beginFrame(size);
  const bool hovered = ImGui::IsItemHovered();
  const bool clicked = ImGui::IsItemClicked(ImGuiMouseButton_Left);
  ImGui::OpenPopupOnItemClick("##plotctx", ImGuiPopupFlags_MouseButtonRight);
  state.hidden.resize(series.size(), false);

  float top = drawTitle(f, title);
  top = drawLegend(f, series, state, top, clicked);
  prepare(series, state);
  Range xData, yData;
  bool anyData = false, anyVisible = false;
  for (size_t i = 0; i < series.size(); ++i) {
    const Prepared& p = tPrepared[i];
    anyData = anyData || p.n() > 0;
    if (!p.visible) continue;
    anyVisible = true;
    xData.include(dataRange(p.x.data(), p.n()));
    yData.include(dataRange(p.y.data(), p.n(), state.logY));
  }
  Range shown = viewRange(yData, state);
  if (xData.empty() || yData.empty()) {
    const char* msg = !anyData      ? "no data yet"
                      : !anyVisible ? "all series hidden"
                      : state.logY  ? "no positive values for log y"
                                    : "no finite values";
    drawMessage(f, ImVec2(f.min.x, top), msg);
  } else {
    if (xData.lo == xData.hi) xData = padRange(xData, 0.0);
    const Mapping m = drawAxes(f, top, xData, shown, state.logY, xLabel, yLabel);
    f.dl->PushClipRect(m.min, m.max, true);
    for (size_t i = 0; i < series.size(); ++i) {
      const Prepared& p = tPrepared[i];
      if (!p.visible) continue;
      const ImU32 col = seriesColor(series[i], int(i));
      const bool smoothed = !p.smooth.empty();
      if (smoothed) bandDecimated(f.dl, m, p.x.data(), p.y.data(), p.n(), withAlpha(col, kRawAlpha));
      else strokeDecimated(f.dl, m, p.x.data(), p.y.data(), p.n(), col, 1.5f, tPoints);
      if (smoothed) strokeMean(f.dl, m, p.x.data(), p.smooth.data(), p.n(), col, 1.5f, 2.f, tPoints);
    }
    if (hovered && m.contains(ImGui::GetMousePos()))
      drawHover(f, m, series, xLabel);  // not in a saved PNG
    f.dl->PopClipRect();
  }
  f.dl->PopClipRect();
  contextMenu(state, shown);
  ImGui::PopID();
  return hovered;
}

void plotHistogram(const char* id, const char* title, const double* values, int n, int bins, ImVec2 size) {
  ImGui::PushID(id);
  const Frame f = beginFrame(size);
  const bool hovered = ImGui::IsItemHovered();
  const float top = drawTitle(f, title);
  Range r = dataRange(values, n);
  if (r.empty()) {
    drawMessage(f, ImVec2(f.min.x, top), "no data yet");
  } else {
    if (r.lo == r.hi) r = padRange(r, 0.0);
    bins = std::clamp(bins, 1, 512);
    std::vector<int> counts(size_t(bins), 0);
    const double binW = (r.hi - r.lo) / bins;
    for (int i = 0; i < n; ++i) {
      if (!std::isfinite(values[i])) continue;
      counts[size_t(std::clamp(int((values[i] - r.lo) / binW), 0, bins - 1))]++;  // the max lands in the last bin
    }
    const int maxCount = *std::max_element(counts.begin(), counts.end());
    const Mapping m = drawAxes(f, top, r, {0.0, std::max(1.0, maxCount * 1.05)}, false, nullptr, nullptr, true);
    const ImU32 col = plotPaletteColor(0);
    const ImVec2 mouse = ImGui::GetMousePos();
    const bool inPlot = hovered && m.contains(mouse);
    const int hoverBin = inPlot ? std::clamp(int((m.xAt(mouse.x) - r.lo) / binW), 0, bins - 1) : -1;
    for (int b = 0; b < bins; ++b) {
      if (counts[size_t(b)] == 0 && b != hoverBin) continue;
      const float x0 = m.sx(r.lo + b * binW), x1 = m.sx(r.lo + (b + 1) * binW);
      const ImVec2 a(x0 + (x1 - x0 > 3.0f ? 1.0f : 0.0f), m.sy(counts[size_t(b)])), c(x1, m.max.y);
      f.dl->AddRectFilled(a, c, withAlpha(col, b == hoverBin ? 0.95f : 0.7f));
    }
    if (hoverBin >= 0) {
      ImGui::BeginTooltip();
      ImGui::Text("[%.5g, %.5g): %d", r.lo + hoverBin * binW, r.lo + (hoverBin + 1) * binW, counts[size_t(hoverBin)]);
      ImGui::EndTooltip();
    }
  }
  f.dl->PopClipRect();
  ImGui::PopID();
}

}  // namespace ui
