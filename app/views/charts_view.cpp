// [SECTION] Learning curves (bottom strip): episodic return, episode length, TD loss — CleanRL's metric names.
#include "app/views/views.hpp"

namespace gui {

namespace {
void chart(const rl::Snapshot& s, const char* metric, const char* title, const char* yLabel, ui::PlotState& st,
           ImVec2 size, ImU32 color) {
  std::vector<ui::PlotSeries> series;
  if (const rl::SeriesData* d = s.findSeries(metric))
    series.push_back({metric, d->x.data(), d->y.data(), int(d->x.size()), 0, color});
  ui::plotLines(metric, title, series, st, size, "env steps", yLabel);
}
}  // namespace

void drawCharts(const rl::Snapshot& s, UiState& ui, ImVec2 size) {
  const float gap = ImGui::GetStyle().ItemSpacing.x;
  const ImVec2 each((size.x - 2 * gap) / 3.f, size.y);
  const bool laps = s.envId == "gridworld";  // a continuing task: its "episodes" are laps from start to goal
  chart(s, "charts/episodic_return", laps ? "Return per lap" : "Return per episode", "return", ui.returnPlot, each,
        IM_COL32(79, 195, 247, 255));
  ImGui::SameLine();
  chart(s, "charts/episodic_length", laps ? "Steps per lap" : "Episode length", "steps", ui.lengthPlot, each,
        IM_COL32(255, 167, 38, 255));
  ImGui::SameLine();
  chart(s, "losses/td_loss", "TD loss (mean \xCE\xB4\xC2\xB2)", "loss", ui.lossPlot, each, IM_COL32(129, 199, 132, 255));
}

}  // namespace gui
