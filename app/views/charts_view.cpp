// [SECTION] Learning curves (bottom strip): episodic return, episode length, TD loss and, for value-based agents, a
// fourth chart of the mean Q of taken actions or the exploration knob (ε, NoisyNet's σ) — CleanRL's metric names.
// "Pin run" keeps the current curves; after a change and a reset both runs are overlaid, labelled by what differs.
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

void chart(const rl::Snapshot& s, UiState& ui, const char* metric, const char* title, const char* yLabel,
           ui::PlotState& st, ImVec2 size, ImU32 color, const char* metric2 = nullptr,
           const char* xLabel = "env steps") {
  std::vector<ui::PlotSeries> series;
  const bool pinned = ui.pinned && ui.pinned->env == s.envId;
  const auto labels = pinned ? diffLabels(*ui.pinned, s) : std::pair<std::string, std::string>{metric, ""};
  if (pinned)
    if (auto it = ui.pinned->curves.find(metric); it != ui.pinned->curves.end())
      series.push_back({labels.first, it->second.x.data(), it->second.y.data(), int(it->second.x.size()), 0,
                        IM_COL32(170, 170, 180, 255)});
  if (const rl::SeriesData* d = s.findSeries(metric))
    series.push_back({pinned ? labels.second : metric, d->x.data(), d->y.data(), int(d->x.size()), 0, color});
  if (metric2)  // a companion series on the same axes (old_approx_kl beside approx_kl)
    if (const rl::SeriesData* d = s.findSeries(metric2))
      series.push_back({metric2, d->x.data(), d->y.data(), int(d->x.size()), 0, IM_COL32(255, 241, 118, 255)});
  ui::plotLines(metric, title, series, st, size, xLabel, yLabel);
  recordItem(ui, std::string("plot_") + metric);  // which charts are on screen (a lesson page names one)
  queuePlotSave(metric, series, st, ui, title, xLabel, yLabel);  // the context menu's Save PNG / Save CSV
}

// Charts narrower than about 230 px at 1× cut their titles and legends: where the row is narrow (classroom mode at 2×
// puts the charts in the column beside the world) fewer, wider charts are drawn, the most telling first.
int chartsThatFit(int count, float width) {
  const float gap = ImGui::GetStyle().ItemSpacing.x;
  return std::clamp(int((width + gap) / (px(230.f) + gap)), 1, count);
}

// Policy-gradient diagnostics (CleanRL's names), each with what it measures and what a healthy value looks like.
struct Diagnostic {
  const char* metric;
  const char* metric2;
  const char* label;  // radio button
  const char* title;  // chart title
  const char* help;
};
const Diagnostic kDiagnostics[] = {
    {"losses/approx_kl", "losses/old_approx_kl", "KL", "KL(π_old, π) per update",
     "approx_kl: the k3 estimate mean((r − 1) − log r), unbiased and never negative; "
     "old_approx_kl: mean(−log r), the naive estimate, which can go negative. How far one update moved "
     "the policy. Healthy PPO: about 0.001–0.02. It can rise while clipfrac falls: clipping only stops "
     "the gradient of clipped samples, not the drift of the others."},
    {"losses/clipfrac", nullptr, "clipfrac", "Clip fraction", "The fraction of samples whose ratio left "
     "[1−ε, 1+ε] (their gradient is zero). Healthy: 0.05–0.3. Near 0: "
     "the step is too timid; near 1: the learning rate or the epochs are too much."},
    {"losses/policy_loss", nullptr, "policy loss", "Policy loss", "The surrogate objective's negative. Its level "
     "says little (advantages are normalised, the data changes every rollout); watch it for spikes, not trends."},
    {"losses/value_loss", nullptr, "value loss", "Value loss", "Squared error of V(s) against the returns. It "
     "grows when the returns grow; it should fall relative to the return's scale."},
    {"losses/entropy", nullptr, "entropy", "Policy entropy", "How random the policy is. It should fall slowly as "
     "the policy commits; a sudden collapse early means premature convergence (raise ent_coef)."},
    {"losses/explained_variance", nullptr, "expl. var", "Explained variance", "1 − Var(returns "
     "− V)/Var(returns): how much of the returns the critic predicts. 1 is perfect, 0 no better than "
     "a constant, negative worse than a constant (common early, or when the returns' scale jumps)."},
    {"charts/learning_rate", nullptr, "lr", "Learning rate", "The optimiser's step size now (annealed linearly "
     "to 0 when anneal_lr is on)."},
    {"charts/kl_beta", nullptr, "β", "KL penalty β", "PPO1's adaptive coefficient: doubled when "
     "the KL of an update exceeds 1.5·d, halved when it falls below d/1.5."},
    {"losses/grad_var_no_baseline", "losses/grad_var_baseline", "grad var", "Gradient variance",
     "REINFORCE: the variance across a batch's episodes of the gradient estimate, without the baseline "
     "(grad_var_no_baseline) and with it (grad_var_baseline), on the same episodes. The baseline leaves the expectation alone and cuts the variance."},
};

// Return, then two diagnostics: the first of KL / gradient variance the agent logs, and one picked with radio
// buttons (each with its tooltip) from the rest.
void drawPgCharts(const rl::Snapshot& s, UiState& ui) {
  std::vector<const Diagnostic*> have;
  for (const Diagnostic& d : kDiagnostics)
    if (s.findSeries(d.metric)) have.push_back(&d);
  const Diagnostic* fixed = nullptr;
  for (const Diagnostic* d : have)
    if (!fixed && (std::string(d->metric) == "losses/approx_kl" || std::string(d->metric) == "losses/grad_var_no_baseline"))
      fixed = d;
  const Diagnostic* pick = nullptr;
  for (const Diagnostic* d : have)
    if (d != fixed && ui.pgMetric == d->metric) pick = d;
  if (!pick)
    for (const Diagnostic* d : have)
      if (d != fixed && !pick) pick = d;
  auto helpTooltip = [](const Diagnostic* d) {
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 32.0f);
    ImGui::TextUnformatted(d->help);
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
  };
  if (pick && have.size() > 2) {  // a dropdown: seven radio buttons do not fit a 1280-px window
    ImGui::SameLine();
    ImGui::TextDisabled("  third chart:");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(px(150));
    if (ImGui::BeginCombo("##pgchart", pick->label, ImGuiComboFlags_HeightLarge)) {
      for (const Diagnostic* d : have) {
        if (d == fixed) continue;
        if (ImGui::Selectable(d->label, pick == d)) ui.pgMetric = d->metric, pick = d;
        recordItem(ui, std::string("chart_") + d->metric);
        if (ImGui::IsItemHovered()) helpTooltip(d);
      }
      ImGui::EndCombo();
    }
    recordItem(ui, "pg_chart_combo");
    if (ImGui::IsItemHovered()) helpTooltip(pick);
  }
  const float gap = ImGui::GetStyle().ItemSpacing.x;
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const int count = chartsThatFit(1 + (fixed ? 1 : 0) + (pick ? 1 : 0), avail.x);
  if (count < 2) fixed = pick = nullptr;
  else if (count < 3) pick = fixed ? nullptr : pick;
  const ImVec2 each((avail.x - float(count - 1) * gap) / float(count), avail.y);
  chart(s, ui, "charts/episodic_return", ("Return per " + s.envInfo.episodeNoun).c_str(), "return", ui.returnPlot, each,
        IM_COL32(79, 195, 247, 255));
  for (const Diagnostic* d : {fixed, pick}) {
    if (!d) continue;
    ImGui::SameLine();
    const bool first = d == fixed;
    chart(s, ui, d->metric, d->title, d->label, first ? ui.pgPlot : ui.pgPickPlot, each,
          first ? IM_COL32(129, 199, 132, 255) : IM_COL32(206, 147, 216, 255), d->metric2);
    if (ImGui::IsItemHovered() && first) ImGui::SetTooltip("%s", d->help);
  }
}

// GAN charts: both players' losses, D on real and fake samples, the distance to the target, and (multi-modal
// targets) the mass on the least-covered mode — collapse as a curve.
void drawGanCharts(const rl::Snapshot& s, UiState& ui) {
  const float gap = ImGui::GetStyle().ItemSpacing.x;
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const bool modes = s.findSeries("charts/mode_mass_min") != nullptr;
  // Narrow: the distance to the target and (multi-modal) the least-covered mode first, then the losses.
  const int count = chartsThatFit(modes ? 4 : 3, avail.x);
  const int all = modes ? 4 : 3;
  const ImVec2 each((avail.x - float(count - 1) * gap) / float(count), avail.y);
  const char* it = "iterations";  // one GAN step is one training iteration
  // In display order; a chart is drawn when its priority (1 = most telling) is within the count that fits.
  const int rankLoss = all == 4 ? 3 : 2, rankD = all, rankW1 = 1, rankMode = 2;
  bool first = true;
  auto next = [&](int rank) {
    if (rank > count) return false;
    if (!first) ImGui::SameLine();
    first = false;
    return true;
  };
  if (next(rankLoss))
    chart(s, ui, "losses/d_loss", "Losses of D and G", "loss", ui.returnPlot, each, IM_COL32(129, 199, 132, 255),
          "losses/g_loss", it);
  if (next(rankD))
    chart(s, ui, "charts/d_real", "Mean D(real) and D(fake)", "D", ui.lengthPlot, each, IM_COL32(79, 195, 247, 255),
          "charts/d_fake", it);
  if (next(rankW1))
    chart(s, ui, "charts/w1", "Wasserstein-1 to the target", "W1", ui.lossPlot, each, IM_COL32(255, 167, 38, 255),
          nullptr, it);
  if (modes && next(rankMode))
    chart(s, ui, "charts/mode_mass_min", "Mass on the least-covered mode", "mass", ui.extraPlot, each,
          IM_COL32(206, 147, 216, 255), nullptr, it);
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
  // The fourth chart's choices: the metrics this agent logs among mean Q, ε and NoisyNet's noise scale.
  struct Extra {
    const char* metric;
    const char* label;
    const char* title;
  };
  static const Extra kExtras[] = {{"losses/q_values", "mean Q", "Mean Q of taken actions"},
                                  {"charts/epsilon", "ε", "Exploration ε"},
                                  {"charts/noise_scale", "noise σ", "NoisyNet noise scale (mean |σ|)"}};
  std::vector<const Extra*> extras;
  for (const Extra& e : kExtras)
    if (s.findSeries(e.metric)) extras.push_back(&e);
  const Extra* extra = nullptr;
  for (const Extra* e : extras)
    if (ui.extraMetric == e->metric) extra = e;
  if (!extra && !extras.empty()) extra = extras.front();
  if (extras.size() > 1 && chartsThatFit(4, ImGui::GetContentRegionAvail().x) >= 3) {  // only when it is drawn
    ImGui::SameLine();
    ImGui::TextDisabled("  fourth chart:");
    for (const Extra* e : extras) {
      ImGui::SameLine();
      if (ImGui::RadioButton(e->label, extra == e)) ui.extraMetric = e->metric, extra = e;
      recordItem(ui, std::string("chart_") + e->metric);
    }
  }
  if (s.findSeries("losses/d_loss")) {
    drawGanCharts(s, ui);
    return;
  }
  if (!s.findSeries("losses/td_loss")) {  // not value-based: the policy-gradient diagnostics instead of a TD loss
    drawPgCharts(s, ui);
    return;
  }
  const float gap = ImGui::GetStyle().ItemSpacing.x;
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  // Narrow: return, then the TD loss, then the fourth chart, then the episode length.
  const int count = chartsThatFit(extra ? 4 : 3, avail.x);
  const ImVec2 each((avail.x - float(count - 1) * gap) / float(count), avail.y);
  const std::string& noun = s.envInfo.episodeNoun;  // a continuing task's episodes are laps from start to goal
  const std::string lengthTitle = noun == "episode" ? "Episode length" : "Steps per " + noun;
  chart(s, ui, "charts/episodic_return", ("Return per " + s.envInfo.episodeNoun).c_str(), "return", ui.returnPlot, each,
        IM_COL32(79, 195, 247, 255));
  if (count >= (extra ? 4 : 3)) {
    ImGui::SameLine();
    chart(s, ui, "charts/episodic_length", lengthTitle.c_str(), "steps", ui.lengthPlot, each,
          IM_COL32(255, 167, 38, 255));
  }
  if (count >= 2) {
    ImGui::SameLine();
    chart(s, ui, "losses/td_loss", "TD loss", "loss", ui.lossPlot, each, IM_COL32(129, 199, 132, 255));
  }
  if (extra && count >= 3) {
    ImGui::SameLine();
    chart(s, ui, extra->metric, extra->title, extra->label, ui.extraPlot, each, IM_COL32(206, 147, 216, 255));
  }
  (void)size;
}

}  // namespace gui
