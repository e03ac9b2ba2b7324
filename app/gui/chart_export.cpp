#include "app/gui/chart_export.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <ctime>
#include <filesystem>

#include "app/cli/headless.hpp"
#include "app/gui/persist.hpp"
#include "app/ui/plot_csv.hpp"
#include "app/views/views.hpp"

namespace gui {

void queuePlotSave(const std::string& name, const std::vector<ui::PlotSeries>& series, ui::PlotState& st, UiState& ui) {
  const ui::PlotState::Save asked = st.saveAsked;
  st.saveAsked = ui::PlotState::Save::None;
  // "losses/td_loss" → "td_loss": a file name, not a path.
  std::string stem = name.substr(name.find_last_of('/') == std::string::npos ? 0 : name.find_last_of('/') + 1);
  for (char& c : stem)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') c = '_';
  if (asked == ui::PlotState::Save::Csv) {
    std::vector<ui::CsvSeries> cs;
    for (const auto& s : series) cs.push_back({s.label, s.x, s.y, s.count, s.offset});
    ui.chartExports.push_back({stem, ui::seriesCsv(cs, st.smoothing), {}});
  } else if (asked == ui::PlotState::Save::Png) {
    st.saveAsked = ui::PlotState::Save::PngPending;  // the menu still covers the chart in this frame's picture
  } else if (asked == ui::PlotState::Save::PngPending) {
    ui.chartExports.push_back({stem, "", {st.lastMin.x, st.lastMin.y, st.lastMax.x - st.lastMin.x, st.lastMax.y - st.lastMin.y}});
  }
}

void writeChartExports(UiState& ui, int fbW, int fbH, int winW, int winH, double now) {
  if (ui.chartExports.empty()) return;
  char stamp[32];
  const std::time_t t = std::time(nullptr);
  std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", std::localtime(&t));
  std::error_code ec;
  std::filesystem::create_directories(screenshotDir(), ec);
  for (const auto& e : ui.chartExports) {
    const std::string base = screenshotDir() + "/rllens-chart-" + e.name + "-" + stamp;
    std::string path = base + (e.csv.empty() ? ".png" : ".csv");
    for (int k = 2; std::filesystem::exists(path); ++k)  // never overwrite an earlier export
      path = base + "-" + std::to_string(k) + (e.csv.empty() ? ".png" : ".csv");
    try {
      if (!e.csv.empty()) {
        rl::cli::writeFileAtomic(path, e.csv);
      } else {
        const float sx = float(fbW) / float(std::max(1, winW)), sy = float(fbH) / float(std::max(1, winH));
        const int x = std::clamp(int(std::lround(e.rect.x * sx)), 0, fbW - 1);
        const int y = std::clamp(int(std::lround(e.rect.y * sy)), 0, fbH - 1);
        const int w = std::clamp(int(std::lround(e.rect.w * sx)), 1, fbW - x);
        const int h = std::clamp(int(std::lround(e.rect.h * sy)), 1, fbH - y);
        saveFramebufferRegionPng(path, x, fbH - y - h, w, h);  // GL counts rows from the bottom
      }
      ui.say("Saved " + path, false, now);
    } catch (const std::exception& ex) {
      ui.say(ex.what(), true, now);
    }
  }
  ui.chartExports.clear();
}

}  // namespace gui
