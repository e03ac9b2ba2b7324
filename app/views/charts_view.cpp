// [SECTION] Learning curves (bottom strip), as the agent names them (core/charts.hpp, Agent::charts): value-based
// agents' return, episode length, TD loss and a fourth chart of the mean Q of taken actions or the exploration knob
// (ε, NoisyNet's σ); policy-gradient agents' return, KL or gradient variance and a diagnostic picked from a dropdown;
// the GAN's losses, D, distance to the target and mode coverage. CleanRL's metric names.
// "Pin run" keeps the current curves; after a change and a reset both runs are overlaid, labelled by what differs.
#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "app/views/views.hpp"

namespace gui {

namespace {

std::map<std::string, std::string> settingsOf(const rl::Snapshot& s) {
  std::map<std::string, std::string> out;
  for (const auto& p : s.params) out[p.spec.name] = rl::formatValue(p.spec, p.value);
  return out;
}

// "alpha 0.1, lambda 0" for the pinned run and "alpha 0.5, lambda 0.8" for the current one: only what differs.
std::pair<std::string, std::string> diffLabels(const PinnedRun& pin, const rl::Snapshot& s) {
  std::string a, b;
  auto add = [](std::string& to, const std::string& k, const std::string& v) { to += (to.empty() ? "" : ", ") + k + " " + v; };
  if (pin.algo != s.algoId) add(a, "algo", pin.algo), add(b, "algo", s.algoId);
  if (pin.seed != s.seed) add(a, "seed", std::to_string(pin.seed)), add(b, "seed", std::to_string(s.seed));
  const auto now = settingsOf(s);
  for (const auto& [k, v] : pin.settings) {
    const auto it = now.find(k);
    if (it != now.end() && it->second != v) add(a, k, v), add(b, k, it->second);
  }
  if (a.empty()) a = b = "same settings";
  return {"pinned: " + a, "now: " + b};
}

void chart(const rl::Snapshot& s, UiState& ui, const rl::Chart& c, ui::PlotState& st, ImVec2 size, ImU32 color) {
  const char* metric = c.metric.c_str();
  std::vector<ui::PlotSeries> series;
  const bool pinned = ui.pinned && ui.pinned->env == s.envId;
  const auto labels = pinned ? diffLabels(*ui.pinned, s) : std::pair<std::string, std::string>{metric, ""};
  if (pinned)
    if (auto it = ui.pinned->curves.find(metric); it != ui.pinned->curves.end())
      series.push_back({labels.first, it->second.x.data(), it->second.y.data(), int(it->second.x.size()), 0,
                        IM_COL32(170, 170, 180, 255)});
  if (const rl::SeriesData* d = s.findSeries(metric))
    series.push_back({pinned ? labels.second : metric, d->x.data(), d->y.data(), int(d->x.size()), 0, color});
  if (!c.metric2.empty())  // a companion series on the same axes (old_approx_kl beside approx_kl)
    if (const rl::SeriesData* d = s.findSeries(c.metric2))
      series.push_back({c.metric2, d->x.data(), d->y.data(), int(d->x.size()), 0, IM_COL32(255, 241, 118, 255)});
  ui::plotLines(metric, c.title.c_str(), series, st, size, c.xLabel.c_str(), c.yLabel.c_str());
  recordItem(ui, std::string("plot_") + metric);  // which charts are on screen (a lesson page names one)
  queuePlotSave(metric, series, st, ui, c.title, c.xLabel.c_str(), c.yLabel.c_str());  // Save PNG / Save CSV
}

// Charts narrower than about 230 px at 1× cut their titles and legends: where the row is narrow (classroom mode at 2×
// puts the charts in the column beside the world) fewer, wider charts are drawn, the most telling first.
int chartsThatFit(int count, float width) {
  const float gap = ImGui::GetStyle().ItemSpacing.x;
  return std::clamp(int((width + gap) / (px(230.f) + gap)), 1, count);
}

// Where a chart keeps its settings (smoothing, log y) and the colour of its curve.
struct Look {
  ui::PlotState* state;
  ImU32 color;
};
constexpr ImU32 kBlue = IM_COL32(79, 195, 247, 255), kOrange = IM_COL32(255, 167, 38, 255),
                kGreen = IM_COL32(129, 199, 132, 255), kPurple = IM_COL32(206, 147, 216, 255);

// A layout's fixed charts' looks, left to right, its picked chart's, and where the pick is kept (null: the layout has
// no picked chart).
struct Looks {
  std::vector<Look> fixed;
  Look pick;
  std::string* picked;
};
Looks looksOf(rl::ChartLayout layout, UiState& ui) {
  if (layout == rl::ChartLayout::ValueBased)
    return {{{&ui.returnPlot, kBlue}, {&ui.lengthPlot, kOrange}, {&ui.lossPlot, kGreen}},
            {&ui.extraPlot, kPurple},
            &ui.extraMetric};
  if (layout == rl::ChartLayout::Gan)
    return {{{&ui.returnPlot, kGreen}, {&ui.lengthPlot, kBlue}, {&ui.lossPlot, kOrange}, {&ui.extraPlot, kPurple}},
            {nullptr, 0},
            nullptr};
  return {{{&ui.returnPlot, kBlue}, {&ui.pgPlot, kGreen}}, {&ui.pgPickPlot, kPurple}, &ui.pgMetric};
}

void helpTooltip(const rl::Chart& c) {
  ImGui::BeginTooltip();
  ImGui::PushTextWrapPos(ImGui::GetFontSize() * 32.0f);
  ImGui::TextUnformatted(c.help.c_str());
  ImGui::PopTextWrapPos();
  ImGui::EndTooltip();
}

// Value-based agents: radio buttons for the fourth chart (mean Q, ε, NoisyNet's σ), shown only when it is drawn.
void radioPicker(const rl::ChartPlan& p, UiState& ui, std::string& picked, const rl::Chart*& pick) {
  if (p.choices.size() < 2 || chartsThatFit(p.count(), ImGui::GetContentRegionAvail().x) < p.pickRank) return;
  ImGui::SameLine();
  ImGui::TextDisabled("  fourth chart:");
  for (const rl::Chart& c : p.choices) {
    ImGui::SameLine();
    if (ImGui::RadioButton(c.label.c_str(), pick == &c)) picked = c.metric, pick = &c;
    recordItem(ui, "chart_" + c.metric);
  }
}

// Policy-gradient agents: a dropdown for the third chart, each entry with its tooltip (radio buttons for seven
// diagnostics do not fit a 1280-px window).
void comboPicker(const rl::ChartPlan& p, UiState& ui, std::string& picked, const rl::Chart*& pick) {
  if (p.choices.size() < 2) return;
  ImGui::SameLine();
  ImGui::TextDisabled("  third chart:");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(px(150));
  if (ImGui::BeginCombo("##pgchart", pick->label.c_str(), ImGuiComboFlags_HeightLarge)) {
    for (const rl::Chart& c : p.choices) {
      if (ImGui::Selectable(c.label.c_str(), pick == &c)) picked = c.metric, pick = &c;
      recordItem(ui, "chart_" + c.metric);
      if (ImGui::IsItemHovered()) helpTooltip(c);
    }
    ImGui::EndCombo();
  }
  recordItem(ui, "pg_chart_combo");
  if (ImGui::IsItemHovered()) helpTooltip(*pick);
}

// The row: the plan's charts left to right, then the picked one; where fewer fit, those of the lowest rank. A fixed
// chart with a help text (the policy-gradient family's KL or gradient variance) explains itself on hover.
void drawRow(const rl::Snapshot& s, UiState& ui, const rl::ChartPlan& p, const Looks& looks, const rl::Chart* pick) {
  const float gap = ImGui::GetStyle().ItemSpacing.x;
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const int count = chartsThatFit(p.count(), avail.x);
  const ImVec2 each((avail.x - float(count - 1) * gap) / float(count), avail.y);
  bool first = true;
  auto next = [&](int rank) {
    if (rank > count) return false;
    if (!first) ImGui::SameLine();
    first = false;
    return true;
  };
  for (size_t i = 0; i < p.charts.size(); ++i) {
    const rl::Chart& c = p.charts[i];
    if (!next(c.rank)) continue;
    const Look& look = looks.fixed[std::min(i, looks.fixed.size() - 1)];
    chart(s, ui, c, *look.state, each, look.color);
    if (ImGui::IsItemHovered() && !c.help.empty()) ImGui::SetTooltip("%s", c.help.c_str());
  }
  if (pick && next(p.pickRank)) chart(s, ui, *pick, *looks.pick.state, each, looks.pick.color);
}

}  // namespace

void pinCurrentRun(const rl::Snapshot& s, UiState& ui) {
  PinnedRun p{s.envId, s.algoId, s.seed, settingsOf(s), {}};
  for (const auto& d : s.series)
    if (d) p.curves[d->name] = *d;
  ui.pinned = std::move(p);
}

void drawCharts(const rl::Snapshot& s, UiState& ui, ImVec2 size) {
  // Pin / unpin: keep this run's curves to compare with the next one (same seed after Reset).
  if (ImGui::SmallButton(ui.pinned ? "Unpin" : "Pin run")) {
    if (ui.pinned) ui.pinned.reset();
    else pinCurrentRun(s, ui);
  }
  recordItem(ui, "pin_run");
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("Keep these curves. Change a setting, press Reset, and both runs are drawn together, labelled by "
                      "what differs.");
  // The explanation only where the row has room for it and the chart pickers after it (not in a narrow column).
  if (ImGui::GetContentRegionAvail().x > px(900.f)) {
    ImGui::SameLine();
    ImGui::TextDisabled(ui.pinned ? "comparing with the pinned run" : "pin a run to compare the next one with it");
  }
  if (!s.charts) return;
  // What this agent logs, as it names it (Agent::charts): the layout, the charts and the picked one's choices.
  const rl::ChartPlan& plan = *s.charts;
  const Looks looks = looksOf(plan.layout, ui);
  const rl::Chart* pick = nullptr;
  if (looks.picked) {
    for (const rl::Chart& c : plan.choices)
      if (*looks.picked == c.metric) pick = &c;
    if (!pick && !plan.choices.empty()) pick = &plan.choices.front();
  }
  if (plan.layout == rl::ChartLayout::ValueBased) radioPicker(plan, ui, *looks.picked, pick);
  if (plan.layout == rl::ChartLayout::PolicyGradient) comboPicker(plan, ui, *looks.picked, pick);
  drawRow(s, ui, plan, looks, pick);
  (void)size;
}

}  // namespace gui
