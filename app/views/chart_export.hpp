// Charts' "Save PNG" and "Save CSV" (the plot widget's context menu). A view queues the request with the data as CSV
// or the chart's screen rectangle; the app writes the files after the frame is drawn (the PNG is read back from the
// window's framebuffer then), to platform::screenshotDir() with timestamped names, and says where in the status line.
#pragma once
#include <string>
#include <vector>

#include "app/views/ui_state.hpp"
#include "app/ui/plot.hpp"

namespace gui {

// queuePlotSave (declared in app/views/views.hpp for the views) queues them.
inline constexpr float kChartPngW = 1200.f, kChartPngH = 700.f;

// A chart drawn for a PNG this frame: its window's draw list and rectangle.
struct ChartDraw {
  ImDrawList* list = nullptr;
  ImVec2 pos, size;
  std::string name;
  bool ready = false;  // drawn in a window that already existed last frame: its draw list is the chart
};
// Draws every queued PNG chart at 1 200 × 700 in its own window over the panels, for two frames (call inside the
// frame, before ImGui::Render).
void drawChartExports(UiState& ui, std::vector<ChartDraw>& drawn);
// After the frame is drawn (before the swap): writes the CSVs and reads each ready chart back as a PNG. fbW×fbH is
// the framebuffer, winW×winH the window (they differ on HiDPI screens).
void writeChartExports(UiState& ui, const std::vector<ChartDraw>& drawn, int fbW, int fbH, int winW, int winH,
                       double now);

}  // namespace gui
