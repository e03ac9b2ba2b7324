// [SECTION] The actor-critic lens (right panel)
//   1. advantage curves: per step of an episode, r, V(s), δ, the Monte-Carlo return G, the n-step return and the
//      GAE(λ) advantage on one axis; the lens's own γ, λ, n sliders recompute them from the stored r and V (training
//      is untouched), and the estimator training uses is marked
//   2. the last update written out for one step: δ = r + γV(s′) − V(s), the critic's and the actor's steps
//   3. DDPG's pathwise view, A2C/A3C's worker lanes, the critic against the exact V^π (app/views/ac_panels.cpp)
//   4. π(·|s) at the agent's state and the maps over the state plane (shared with the policy lens)
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "app/views/views.hpp"
#include "app/views/status_text.hpp"
#include "core/rl/advantage.hpp"

namespace gui {

namespace {

using Estimator = rl::AdvantageInsight::Estimator;


const char* estimatorName(Estimator e) {
  switch (e) {
    case Estimator::Td0: return "the TD error δ (one step)";
    case Estimator::NStep: return "the n-step return";
    case Estimator::Gae: return "GAE(λ)";
    case Estimator::MonteCarlo: return "the Monte-Carlo return G";
  }
  return "";
}

double variance(const std::vector<float>& v) {
  if (v.size() < 2) return 0;
  double m = 0, s = 0;
  for (float x : v) m += x;
  m /= double(v.size());
  for (float x : v) s += (x - m) * (x - m);
  return s / double(v.size() - 1);
}

// ---- 1. Advantage curves ----
void advantageCurves(const rl::AdvantageInsight& a, UiState& ui) {
  AdvantageView& v = ui.advantage;
  sectionTitle("Advantage curves: one episode, step by step");
  if (v.followAlgorithm) v.gamma = float(a.gamma), v.lambda = float(a.lambda), v.n = std::max(1, a.nStep);
  ImGui::TextWrapped("Training uses %s with γ = %.3g%s. The sliders below recompute the curves from the stored "
                     "rewards and values only: training is untouched.",
                     estimatorName(a.estimator), a.gamma,
                     a.estimator == Estimator::Gae ? (", λ = " + std::to_string(a.lambda).substr(0, 4)).c_str() : "");
  const float w = ImGui::GetContentRegionAvail().x;
  ImGui::SetNextItemWidth(w * 0.28f);
  bool moved = ImGui::SliderFloat("γ##adv", &v.gamma, 0.f, 0.999f, "%.3f");
  recordItem(ui, "adv_gamma");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(w * 0.28f);
  moved |= ImGui::SliderFloat("λ##adv", &v.lambda, 0.f, 1.f, "%.2f");
  recordItem(ui, "adv_lambda");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(w * 0.2f);
  moved |= ImGui::SliderInt("n##adv", &v.n, 1, 50);
  recordItem(ui, "adv_n");
  if (moved) v.followAlgorithm = false;
  if (!v.followAlgorithm) {
    ImGui::SameLine();
    if (ImGui::SmallButton("reset")) v.followAlgorithm = true;
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Back to the algorithm's own γ and λ");
  }
  const bool haveLast = !a.last.rewards.empty();
  const bool showCurrent = v.current || !haveLast;  // the running episode until one has finished
  ImGui::BeginDisabled(!haveLast);
  if (ImGui::RadioButton("last finished episode", !showCurrent)) v.current = false;
  ImGui::EndDisabled();
  ImGui::SameLine();
  if (ImGui::RadioButton("the running one", showCurrent)) v.current = true;
  const rl::AdvantageEpisode& e = showCurrent ? a.current : a.last;
  if (e.rewards.empty()) {
    ImGui::TextDisabled("No steps yet.");
    return;
  }
  const rl::AdvantageCurves c = rl::advantageCurves(e, v.gamma, v.lambda, v.n);
  // Â as each estimator gives it: δ (TD(0)), G^(n) − V (n-step), GAE(λ), G − V (Monte-Carlo).
  const size_t T = c.gae.size();
  std::vector<float> nAdv(T), mcAdv(T);
  for (size_t t = 0; t < T; ++t) nAdv[t] = c.nStep[t] - e.values[t], mcAdv[t] = c.ret[t] - e.values[t];
  const int n = int(T);
  auto d = [T](const std::vector<float>& f) { return std::vector<double>(f.begin(), f.begin() + long(T)); };
  const std::vector<double> r = d(e.rewards), V = d(e.values), dl = d(c.delta), mc = d(mcAdv), ns = d(nAdv), ga = d(c.gae);
  std::vector<ui::PlotSeries> series = {
      {"r", nullptr, r.data(), n, 0, ink(IM_COL32(160, 160, 170, 255))},
      {"V(s)", nullptr, V.data(), n, 0, ink(IM_COL32(79, 195, 247, 255))},
      {"δ = TD(0) Â", nullptr, dl.data(), n, 0, ink(IM_COL32(239, 83, 80, 255))},
      {"G − V (MC)", nullptr, mc.data(), n, 0, ink(IM_COL32(255, 241, 118, 255))},
      {"n-step Â", nullptr, ns.data(), n, 0, IM_COL32(171, 71, 188, 255)},
      {"GAE(λ) Â", nullptr, ga.data(), n, 0, ink(IM_COL32(102, 187, 106, 255))},
  };
  // The estimator training uses is drawn thicker by listing it last (on top) with its label marked.
  const int used = a.estimator == Estimator::Td0 ? 2 : a.estimator == Estimator::MonteCarlo ? 3 : a.estimator == Estimator::NStep ? 4 : 5;
  series[size_t(used)].label += "  ◀ training";
  std::rotate(series.begin() + used, series.begin() + used + 1, series.end());
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  ui::plotLines("advantage", nullptr, series, v.plot, ImVec2(0, gui::px(210)), "step of the episode", nullptr);
  queuePlotSave("advantage", series, v.plot, ui);
  ui.uiMap["advantage_plot"] = Rect{p0.x, p0.y, w, 210};
  ImGui::Text("variance over the episode:  δ %.3g   n-step %.3g   GAE %.3g   MC %.3g", variance(c.delta),
              variance(nAdv), variance(c.gae), variance(mcAdv));
  helpMarker("λ = 0 makes GAE the one-step TD error δ (low variance, biased by the critic); "
             "λ = 1 makes it the Monte-Carlo return minus V (unbiased, high variance). Drag λ and watch "
             "the green curve move from the red one to the yellow one, and its variance grow. n does the same for the "
             "n-step return.");
}

// ---- 2. The last update for one step ----
void lastStep(const rl::ActorCriticStep& u, const rl::Snapshot& s) {
  sectionTitle("Last update, written out");
  if (!u.valid) {
    textDisabledWrapped(noUpdateYet(s, "the first update comes when a segment is full"));
    return;
  }
  const std::string a = u.action >= 0 ? actionLabel(s, u.action) : std::to_string(u.actionValue).substr(0, 6);
  ImGui::Text("a = %s, r = %+.3f%s", a.c_str(), noNegativeZero(u.reward), u.terminal ? "  (terminal)" : "");
  if (u.batch > 0) {
    // A2C / A3C: one gradient step on a batch; sample 0 written out.
    ImGui::PushStyleColor(ImGuiCol_Text, ink(ImVec4(1.f, 0.86f, 0.45f, 1.f)));
    ImGui::TextWrapped("Â (%s) = %+.4f   R = Â + V(s) = %+.4f %+.4f = %+.4f", u.estimator.c_str(),
                noNegativeZero(u.delta), noNegativeZero(u.delta), noNegativeZero(u.value), noNegativeZero(u.target));
    ImGui::PopStyleColor();
    ImGui::TextWrapped("one step on L = −mean Â·log π + c_v·mean (V − R)² "
                "− c_H·mean H over %d samples", u.batch);
    ImGui::TextWrapped("critic: V(s) %.4f → %.4f   actor: log π(a|s) %.4f → %.4f",
                noNegativeZero(u.value), noNegativeZero(u.valueAfter), noNegativeZero(u.logProb),
                noNegativeZero(u.logProbAfter));
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextWrapped("learning rate %.3g (sample 0 of the batch; the other samples move θ too)", u.alphaActor);
    ImGui::PopStyleColor();
    return;
  }
  ImGui::PushStyleColor(ImGuiCol_Text, ink(ImVec4(1.f, 0.86f, 0.45f, 1.f)));
  if (u.terminal)
    ImGui::Text("δ = r − V(s) = %+.3f − %.3f = %+.4f", noNegativeZero(u.reward), noNegativeZero(u.value), noNegativeZero(u.delta));
  else
    ImGui::Text("δ = r + γV(s′) − V(s) = %+.3f + %.3g × %.3f − %.3f = %+.4f",
                noNegativeZero(u.reward), u.gamma, noNegativeZero(u.nextValue), noNegativeZero(u.value), noNegativeZero(u.delta));
  ImGui::PopStyleColor();
  ImGui::Text("critic: w ← w + α_w·δ·%s   V(s) %.4f → %.4f",
              u.lambda > 0 ? "z_w" : "∇V(s)", noNegativeZero(u.value), noNegativeZero(u.valueAfter));
  ImGui::Text("actor:  θ ← θ + α_θ·δ·%s   log π(a|s) %.4f → %.4f",
              u.lambda > 0 ? "z_θ" : "∇log π(a|s)", noNegativeZero(u.logProb), noNegativeZero(u.logProbAfter));
  ImGui::TextDisabled("α_w = %.3g   α_θ = %.3g%s", u.alphaCritic, u.alphaActor,
                      u.lambda > 0 ? ("   traces λ = " + std::to_string(u.lambda).substr(0, 4)).c_str() : "");
  helpMarker("The critic's TD error δ is the advantage estimate: positive means the step went better than V "
             "expected, so the actor makes a more likely (log π rises) and the critic raises V(s); negative, the "
             "reverse. With traces (λ > 0) every recently visited state and action shares the credit.");
}

}  // namespace

void drawActorCriticLens(const rl::Snapshot& s, UiState& ui) {
  const rl::Insights& in = s.insights;
  if (in.pathwise) pathwiseView(*in.pathwise, ui);
  if (in.acStep) lastStep(*in.acStep, s);
  if (in.advantage) advantageCurves(*in.advantage, ui);
  if (in.workers) workersView(*in.workers, ui);
  if (in.policy) criticTruthView(*in.policy, s, ui);
  acTricksView(s, ui);
  if (in.policy && !in.pathwise) policyView(*in.policy, s);
  if (in.policyMap) policyMapView(*in.policyMap, ui);
}

}  // namespace gui
