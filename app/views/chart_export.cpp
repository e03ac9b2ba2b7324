#include "app/views/chart_export.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <ctime>
#include <filesystem>

#include <imgui_internal.h>  // BringWindowToDisplayFront: the export window is drawn over the panels

#include "runs/files.hpp"
#include "app/platform/gl_util.hpp"
#include "app/platform/platform.hpp"
#include "app/ui/plot_csv.hpp"
#include "app/views/views.hpp"

namespace gui {

void queuePlotSave(const std::string& name, const std::vector<ui::PlotSeries>& series, ui::PlotState& st, UiState& ui,
                   const std::string& title, const char* xLabel, const char* yLabel) {
  const ui::PlotState::Save asked = st.saveAsked;
  st.saveAsked = ui::PlotState::Save::None;
  // "losses/td_loss" → "td_loss": a file name, not a path.
  std::string stem = name.substr(name.find_last_of('/') == std::string::npos ? 0 : name.find_last_of('/') + 1);
  for (char& c : stem)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') c = '_';
  if (asked == ui::PlotState::Save::Csv) {
    std::vector<ui::CsvSeries> cs;
    for (const auto& s : series) cs.push_back({s.label, s.x, s.y, s.count, s.offset});
    UiState::ChartExport e;
    e.name = stem, e.csv = ui::seriesCsv(cs, st.smoothing);
    ui.chartExports.push_back(std::move(e));
  } else if (asked == ui::PlotState::Save::Png) {
    UiState::ChartExport e;
    e.name = stem, e.title = title.empty() ? name : title;
    e.xLabel = xLabel ? xLabel : "", e.yLabel = yLabel ? yLabel : "";
    e.state = st;
    e.state.saveAsked = ui::PlotState::Save::None;
    for (const auto& s : series) {  // in logical order (ring offset applied), owned: the snapshot may go
      UiState::ChartExport::Series c{s.label, {}, {}, s.color};
      for (int k = 0; k < s.count; ++k) {
        const int j = s.count > 0 ? (s.offset + k) % s.count : 0;
        c.x.push_back(s.x ? s.x[j] : double(k));
        c.y.push_back(s.y[j]);
      }
      e.series.push_back(std::move(c));
    }
    ui.chartExports.push_back(std::move(e));
  }
}

void drawChartExports(UiState& ui, std::vector<ChartDraw>& drawn) {
  drawn.clear();
  const ImVec2 W = ImGui::GetIO().DisplaySize;
  for (size_t i = 0; i < ui.chartExports.size(); ++i) {
    UiState::ChartExport& e = ui.chartExports[i];
    if (!e.csv.empty()) continue;
    // On top of the window for the two frames it takes (ImGui lays a new window out once before drawing it), read
    // back from the frame like a screenshot: the chart as it is drawn on screen, at 1 200 × 700 (or the display's
    // size when smaller), its title and legend whole.
    const ImVec2 pos(0, 0), size(std::min(kChartPngW, std::floor(W.x)), std::min(kChartPngH, std::floor(W.y)));
    ImGui::SetNextWindowPos(pos);
    ImGui::SetNextWindowSize(size);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(12, 12));
    ImGui::Begin(("##chart_png" + std::to_string(i)).c_str(), nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoInputs | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoFocusOnAppearing | ImGuiWindowFlags_NoNav);
    ImGui::PopStyleVar();
    ImGui::BringWindowToDisplayFront(ImGui::GetCurrentWindow());
    std::vector<ui::PlotSeries> series;
    for (const auto& s : e.series)
      series.push_back({s.label, s.x.data(), s.y.data(), int(s.y.size()), 0, s.color});
    ui::plotLines("##export", e.title.c_str(), series, e.state, ImGui::GetContentRegionAvail(),
                  e.xLabel.empty() ? nullptr : e.xLabel.c_str(), e.yLabel.empty() ? nullptr : e.yLabel.c_str());
    // The chart's own frame, not the window around it (whose translucent padding would show the panels below).
    const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    drawn.push_back({ImGui::GetWindowDrawList(), a, ImVec2(b.x - a.x, b.y - a.y), e.name, ++e.framesDrawn >= 2});
    ImGui::End();
  }
}

void writeChartExports(UiState& ui, const std::vector<ChartDraw>& drawn, int fbW, int fbH, int winW, int winH,
                       double now) {
  if (ui.chartExports.empty()) return;
  char stamp[32];
  const std::time_t t = std::time(nullptr);
  std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", std::localtime(&t));
  std::error_code ec;
  std::filesystem::create_directories(platform::screenshotDir(), ec);
  size_t png = 0;
  std::vector<UiState::ChartExport> left;  // PNGs not drawn (or not ready) yet: next frame
  for (auto& e : ui.chartExports) {
    if (e.csv.empty() && (png >= drawn.size() || !drawn[png].ready)) {
      ++png;
      left.push_back(std::move(e));
      continue;
    }
    const std::string base = platform::screenshotDir() + "/rllens-chart-" + e.name + "-" + stamp;
    std::string path = base + (e.csv.empty() ? ".png" : ".csv");
    for (int k = 2; std::filesystem::exists(path); ++k)  // never overwrite an earlier export
      path = base + "-" + std::to_string(k) + (e.csv.empty() ? ".png" : ".csv");
    try {
      if (!e.csv.empty()) {
        rl::runs::writeFileAtomic(path, e.csv);
      } else {
        const ChartDraw& c = drawn[png++];
        const float sx = float(fbW) / float(std::max(1, winW)), sy = float(fbH) / float(std::max(1, winH));
        const int x = std::clamp(int(std::lround(c.pos.x * sx)), 0, fbW - 1);
        const int y = std::clamp(int(std::lround(c.pos.y * sy)), 0, fbH - 1);
        const int w = std::clamp(int(std::lround(c.size.x * sx)), 1, fbW - x);
        const int h = std::clamp(int(std::lround(c.size.y * sy)), 1, fbH - y);
        saveFramebufferRegionPng(path, x, fbH - y - h, w, h);  // GL counts rows from the bottom
      }
      platform::offerFile(path);
      ui.say("Saved " + path, false, now);
    } catch (const std::exception& ex) {
      ui.say(ex.what(), true, now);
    }
  }
  ui.chartExports = std::move(left);
}


}  // namespace gui
