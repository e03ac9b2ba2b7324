// Charts' "Save PNG" and "Save CSV" (the plot widget's context menu). A view queues the request with the data as CSV
// or the chart's screen rectangle; the app writes the files after the frame is drawn (the PNG is read back from the
// window's framebuffer then), to screenshotDir() with timestamped names, and says where in the status line.
#pragma once
#include <string>
#include <vector>

#include "app/gui/ui_state.hpp"
#include "app/ui/plot.hpp"

namespace gui {

// queuePlotSave (declared in app/views/views.hpp for the views) queues them.
// Writes the queued exports. fbW×fbH is the framebuffer, winW×winH the window (they differ on HiDPI screens).
void writeChartExports(UiState& ui, int fbW, int fbH, int winW, int winH, double now);

}  // namespace gui
