// ===================================================================================================================
// Plot — our small plotting widget drawn on ImDrawList (Debian ships no ImPlot). Line plots with legend, hover
// read-out, EMA smoothing, log y and auto/fixed y range; a compact histogram. The math lives in plot_math.hpp.
//
// Usage, with a RingBuffer<double> rb of returns and a PlotState kept in the caller's UiState:
//   ui::plotLines("returns", "Episode return", {{"return", nullptr, rb.raw(), rb.size(), rb.oldestOffset()}},
//                 uiState.returnsPlot, ImVec2(0, 200), "episode", "return");
// ===================================================================================================================
#pragma once
#include <imgui.h>

#include <functional>
#include <string>
#include <vector>

#include "app/ui/plot_math.hpp"

namespace ui {

struct PlotSeries {
  std::string label;
  const double* x = nullptr;  // may be null: x = index
  const double* y = nullptr;
  int count = 0;
  int offset = 0;   // ring buffers: element i is at (offset + i) % count
  ImU32 color = 0;  // 0 = pick from a palette by series index
};

// Lives in the caller's UiState (never in ImGui static locals), so each plot keeps its own settings.
struct PlotState {
  float smoothing = 0.6f;  // EMA slider value
  bool logY = false;
  bool autoFit = true;
  double yMin = 0, yMax = 1;  // used when !autoFit
  std::vector<bool> hidden;   // legend toggles per series
  // "Save PNG" / "Save CSV" picked in the context menu; the plot's owner writes the file and sets it back to None.
  enum class Save { None, Png, Csv };
  Save saveAsked = Save::None;
};

// The app's end-to-end tests read where controls are (--ui-map): the plot's own menu items are named through this
// hook (the widget knows nothing of the app), called right after each item.
void setItemRecorder(std::function<void(const char*)> record);

// The palette colour for series index i (readable on ImGui's dark theme).
ImU32 plotPaletteColor(int i);

// Draws a framed line plot of the given size (size.x <= 0 → available width, size.y <= 0 → available height, at
// least 120 px) with axes, nice ticks and grid, title, x/y labels, a legend (click an entry to hide/show), a hover
// read-out (vertical cursor line, each visible series' value at the nearest x, in a tooltip), raw data drawn faint
// and the smoothed line on top when smoothing > 0, log-y support (non-positive values skipped), and an empty-state
// message when nothing has points. Right-click opens a context menu: smoothing slider, log y, auto-fit and the
// fixed y range. Returns true when hovered.
bool plotLines(const char* id, const char* title, const std::vector<PlotSeries>& series, PlotState& state, ImVec2 size,
               const char* xLabel = nullptr, const char* yLabel = nullptr);

// A compact histogram of values (bins computed over the finite range), same frame style; hover shows a bin's
// range and count.
void plotHistogram(const char* id, const char* title, const double* values, int n, int bins, ImVec2 size);

}  // namespace ui
