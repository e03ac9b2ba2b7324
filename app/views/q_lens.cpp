// [SECTION] The Q-values lens (right panel)
//   1. the last TD update, written out with its numbers
//   2. Q(s,·) of the agent's current state as bars, greedy action highlighted
//   3. the learned table against the exact solver: V(start), max |Q − Q*|, greedy agreement
//   4. overlay switches for the viewport
//   (DQN's value map, C51 distributions and replay panel: q_lens_deep.cpp)
#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdio>
#include <string>

#include "app/views/views.hpp"
#include "app/views/status_text.hpp"

namespace gui {

namespace {

// The TD line prints 4 decimals: −0.00004 would read "-0.0000".
double nz(double v) { return noNegativeZero(v, 5e-5); }

void tdBreakdown(const rl::QInsight& q, const rl::Snapshot& s) {
  const rl::TdBreakdown& t = q.last;
  sectionTitle("Last TD update");
  if (t.action < 0) {
    textDisabledWrapped(noUpdateYet(s, "DQN waits for learning_starts steps of random play"));
    return;
  }
  if (t.rule == rl::TdRule::MonteCarlo) ImGui::Text("s = %d, a = %s: move Q(s,a) toward the return that followed", t.state, actionArrow(t.action));
  else if (t.state >= 0) ImGui::Text("s = %d, a = %s, r = %+.3f, s′ = %d", t.state, actionArrow(t.action), t.reward, t.nextState);
  else ImGui::Text("a sampled transition: a = %s, r = %+.3f", actionLabel(s, t.action).c_str(), t.reward);
  ImGui::PushStyleColor(ImGuiCol_Text, ink(ImVec4(1.f, 0.86f, 0.45f, 1.f)));
  if (t.rule == rl::TdRule::MonteCarlo) {
    ImGui::Text("G = r + γr′ + γ²r″ + … = %.3f   (the return of a %d-step episode)",
                t.target, t.horizon);
  } else if (t.terminal) {
    ImGui::Text("y = r = %+.3f   (terminal: no bootstrap)", t.target);
  } else if (t.rule == rl::TdRule::Expected) {
    ImGui::Text("y = r + γ·Σ π(a′|s′) Q(s′,a′) = %+.3f + %.3g × %.3f = %.3f",
                t.reward, t.gamma, t.nextValue, t.target);
  } else if (t.rule == rl::TdRule::Double) {
    ImGui::Text("y = r + γ·Q′(s′, argmax Q(s′,·)) = %+.3f + %.3g × %.3f = %.3f",
                t.reward, t.gamma, t.nextValue, t.target);
    ImGui::TextDisabled("the online net chose a′ = %s, the target net Q′ evaluated it",
                        actionLabel(s, t.nextAction).c_str());
  } else if (t.rule == rl::TdRule::Sarsa) {
    ImGui::Text("y = r + γ·Q(s′,a′) = %+.3f + %.3g × %.3f = %.3f", t.reward,
                t.gamma, t.nextValue, t.target);
  } else {
    ImGui::Text("y = r + γ·max Q(s′,·) = %+.3f + %.3g × %.3f = %.3f", t.reward,
                t.gamma, t.nextValue, t.target);
  }
  ImGui::PopStyleColor();
  const double delta = t.target - t.before;
  ImGui::Text("δ = %s − Q(s,a) = %.3f − %.3f = %+.4f", t.rule == rl::TdRule::MonteCarlo ? "G" : "y", nz(t.target),
              nz(t.before), nz(delta));
  if (t.gradientStep) {  // DQN: the network takes one optimiser step on the whole batch's loss
    ImGui::Text("batch loss = mean %s = %.3g   (%d samples)", t.lossName.c_str(), t.loss, t.batch);
    ImGui::Text("one gradient step, learning rate %.3g:", t.alpha);
    ImGui::Text("Q(s,a) = %.4f before → %.4f after", nz(t.before), nz(t.after));
    helpMarker("DQN does not write Q(s,a) ← Q + αδ: Q is a network. It takes one gradient "
               "step on the batch's mean loss, which moves Q(s,a) toward y for this sample and, through the shared "
               "weights, changes Q everywhere else too. The target y comes from the target network, held still "
               "between copies, so the regression has a fixed target for a while.");
    return;
  }
  ImGui::Text("Q(s,a) ← Q + αδ = %.4f %+.4f = %.4f", nz(t.before), nz(t.alpha * delta), nz(t.after));
  helpMarker(t.rule == rl::TdRule::Sarsa
                 ? "SARSA bootstraps from the action a′ it will actually take next (on-policy), so "
                   "exploration's cost is in its values."
             : t.rule == rl::TdRule::Expected
                 ? "Expected SARSA averages Q(s′,·) over what its policy would do: SARSA's values "
                   "without the noise of sampling a′."
             : t.rule == rl::TdRule::MonteCarlo
                 ? "Monte-Carlo waits for the episode to end and uses the real discounted return: no bootstrap, no "
                   "bias from wrong estimates, but high variance and slow credit assignment."
                 : "Q-learning bootstraps from the best next action whatever it does next (off-policy), so it learns "
                   "the greedy policy's values while exploring.");
}

void qBars(const rl::QInsight& q, const rl::Snapshot& s) {
  sectionTitle("Q(s,·) at the agent's state");
  if (q.current.empty()) return;
  uint64_t mask = ~0ULL;  // every action, unless the env says otherwise
  if (const auto* g = std::get_if<rl::GridRenderState>(&s.render); g && q.state >= 0 && size_t(q.state) < g->actionMask.size())
    mask = g->actionMask[size_t(q.state)];
  float lowest = INFINITY, highest = -INFINITY;  // over the allowed actions
  int best = -1;
  for (int a = 0; a < int(q.current.size()); ++a) {
    if (!(mask >> a & 1)) continue;
    lowest = std::min(lowest, q.current[size_t(a)]);
    highest = std::max(highest, q.current[size_t(a)]);
    if (best < 0 || q.current[size_t(a)] > q.current[size_t(best)]) best = a;
  }
  // Bars grow from zero; when every value sits far on one side of zero (the pendulum's −90s), they grow from just
  // below the smallest value instead, so the differences between actions stay visible.
  float base = 0.f;
  if (best >= 0 && (lowest > 0.f || highest < 0.f)) {
    const float spread = highest - lowest, near0 = std::min(std::abs(lowest), std::abs(highest));
    if (near0 > 2.f * spread) base = lowest - std::max(0.25f * spread, 1e-3f * near0);
  }
  const float lo = best < 0 ? 0.f : std::min(base, lowest), hi = best < 0 ? 0.f : std::max(base, highest);
  const float span = std::max(hi - lo, 1e-6f);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const bool grid = std::holds_alternative<rl::GridRenderState>(s.render);
  const float labelW = gui::px(grid ? 28.f : 78.f), h = ImGui::GetTextLineHeight();
  // The bars leave room for the longest read-out after them, whatever the font size.
  const float tail = ImGui::CalcTextSize("-000.0000  greedy  ◀ next, random").x + ImGui::GetStyle().ItemSpacing.x;
  const float w = std::max(gui::px(40.f), ImGui::GetContentRegionAvail().x - labelW - tail);
  for (int a = 0; a < int(q.current.size()); ++a) {
    if (grid || a >= int(s.envInfo.actionNames.size())) ImGui::TextUnformatted(actionArrow(a));
    else ImGui::TextUnformatted(s.envInfo.actionNames[size_t(a)].c_str());
    ImGui::SameLine(labelW);
    const ImVec2 p = ImGui::GetCursorScreenPos();
    if (!(mask >> a & 1)) {
      ImGui::TextDisabled("not offered here");
      continue;
    }
    const float zero = p.x + w * (base - lo) / span;
    const float end = p.x + w * (q.current[size_t(a)] - lo) / span;
    const ImU32 col = a == best ? ink(IM_COL32(255, 200, 60, 255)) : ink(IM_COL32(90, 160, 230, 255));
    dl->AddRectFilled(ImVec2(std::min(zero, end), p.y + 2), ImVec2(std::max(zero, end) + 1, p.y + h - 1), col, 2.f);
    dl->AddLine(ImVec2(zero, p.y), ImVec2(zero, p.y + h), ink(IM_COL32(200, 200, 200, 120)));
    ImGui::Dummy(ImVec2(w, h));
    ImGui::SameLine();
    const bool next = a == q.chosen;
    if (next) dl->AddRect(ImVec2(p.x - 2, p.y), ImVec2(p.x + w + 2, p.y + h + 1), ink(IM_COL32(255, 255, 255, 220)), 2.f, 0, 1.5f);
    ImGui::Text("%+.4f%s%s", nz(double(q.current[size_t(a)])), a == best ? "  greedy" : "",
                next ? (q.explores ? "  ◀ next, random" : "  ◀ next") : "");
  }
  if (base != 0.f) ImGui::TextDisabled("bars start at %.3g, not 0, to show the differences", double(base));
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
  ImGui::TextWrapped("ε = %.2f: random action with probability ε, else the greedy one%s", q.epsilon,
                     q.chosen >= 0 ? ". White frame: the action about to be taken." : "");
  ImGui::PopStyleColor();
}

// What the marks and colours on the grid mean: the start corner, the reward and goal rings, and the colour scale
// (values: red below 0, green above; error mode: |Q − Q*| from dark, none, to bright green, the largest).
void gridLegend(const UiState& ui) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float h = ImGui::GetTextLineHeight();
  auto swatch = [&](ImU32 fill, ImU32 ring) {
    const ImVec2 p = ImGui::GetCursorScreenPos();
    if (fill) dl->AddRectFilled(ImVec2(p.x, p.y + 2), ImVec2(p.x + h - 4, p.y + h - 2), fill);
    if (ring) dl->AddRect(ImVec2(p.x, p.y + 2), ImVec2(p.x + h - 4, p.y + h - 2), ring, 0.f, 0, 2.5f);
    ImGui::Dummy(ImVec2(h - 2, h));
    ImGui::SameLine(0, gui::px(4));
  };
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
  // Each entry (swatch and word) wraps to the next row as a whole when the column is narrow.
  auto entry = [&](bool first, ImU32 fill, ImU32 ring, const char* label) {
    if (!first) sameLineOrWrap(h + gui::px(4) + ImGui::CalcTextSize(label).x, gui::px(12));
    swatch(fill, ring);
    ImGui::TextUnformatted(label);
  };
  entry(true, ink(IM_COL32(89, 153, 255, 255)), 0, "start");
  entry(false, 0, ink(IM_COL32(89, 242, 128, 255)), "+ reward");
  entry(false, 0, ink(IM_COL32(255, 102, 89, 255)), "− reward");
  entry(false, 0, ink(IM_COL32(255, 209, 64, 255)), "goal");
  // The colour scale as a strip.
  const ImVec2 p = ImGui::GetCursorScreenPos();
  const float w = std::min(gui::px(220.f), ImGui::GetContentRegionAvail().x * 0.5f);
  const int steps = 32;
  for (int k = 0; k < steps; ++k) {
    const float t = ui.grid.error ? float(k) / float(steps - 1) : -1.f + 2.f * float(k) / float(steps - 1);
    const float m = std::pow(std::abs(t), 0.7f);
    const float zero[3] = {0.16f, 0.18f, 0.22f}, pos[3] = {0.15f, 0.72f, 0.38f}, neg[3] = {0.86f, 0.26f, 0.24f};
    const float* to = t >= 0 ? pos : neg;
    const ImU32 c = IM_COL32(int(255 * (zero[0] + (to[0] - zero[0]) * m)), int(255 * (zero[1] + (to[1] - zero[1]) * m)),
                             int(255 * (zero[2] + (to[2] - zero[2]) * m)), 255);
    dl->AddRectFilled(ImVec2(p.x + w * float(k) / steps, p.y + 3), ImVec2(p.x + w * float(k + 1) / steps + 0.5f, p.y + h - 3), c);
  }
  ImGui::Dummy(ImVec2(w, h));
  const char* scale = ui.grid.error ? "|Q − Q*|: none → largest" : "red < 0 < green";
  sameLineOrWrap(ImGui::CalcTextSize(scale).x, gui::px(8));
  ImGui::TextUnformatted(scale);
  ImGui::PopStyleColor();
  helpMarker(ui.grid.error ? "Each triangle's colour is the error |Q(s,a) − Q*(s,a)| against the exact "
                             "solver: dark is none, the brightest green the largest error on the grid now."
                           : "Each triangle's colour is its value: red below zero, dark at zero, green above; the "
                             "brightest colour is the largest |value| on the grid now (the scale follows the values).");
}

void solverComparison(const rl::QInsight& q, const rl::GridRenderState& g) {
  sectionTitle("Against the exact solver (value iteration)");
  if (g.qStar.empty() || q.numStates != g.width * g.height) return;
  double maxErr = 0;
  int agree = 0, unique = 0;
  for (int s = 0; s < q.numStates; ++s) {
    if (g.wall[size_t(s)]) continue;
    double best = -INFINITY, bestStar = -INFINITY;
    int arg = -1;
    for (int a = 0; a < 4; ++a) {
      if (!(g.actionMask[size_t(s)] >> a & 1)) continue;
      const size_t i = size_t(s) * 4 + size_t(a);
      maxErr = std::max(maxErr, std::abs(double(q.table[i]) - double(g.qStar[i])));
      if (q.table[i] > best) best = q.table[i], arg = a;
      bestStar = std::max(bestStar, double(g.qStar[i]));
    }
    uint8_t optimal = 0;
    for (int a = 0; a < 4; ++a)
      if ((g.actionMask[size_t(s)] >> a & 1) && g.qStar[size_t(s) * 4 + size_t(a)] >= bestStar - 1e-9) optimal |= uint8_t(1u << a);
    if (std::popcount(optimal) == 1) {
      ++unique;
      agree += (optimal >> arg & 1);
    }
  }
  double vStart = -INFINITY;
  for (int a = 0; a < 4; ++a)
    if (g.actionMask[size_t(g.start)] >> a & 1) vStart = std::max(vStart, double(q.table[size_t(g.start) * 4 + size_t(a)]));
  ImGui::Text("V(start): learned %.4f   exact %.4f", vStart, double(g.vStar[size_t(g.start)]));
  ImGui::Text("max |Q − Q*| = %.4f", maxErr);
  ImGui::Text("greedy action = optimal on %d / %d cells", agree, unique);
  helpMarker("Counted over cells whose optimal action is unique. Cells the agent rarely visits converge last.");
}

void overlaySwitches(UiState& ui) {
  sectionTitle("Show in the viewport");
  ImGui::Checkbox("Q triangles", &ui.grid.qTriangles);
  helpMarker("Split each cell into four triangles coloured by Q(s,a) of the move toward that side; off: colour by "
             "V(s) = max_a Q(s,a).");
  ImGui::SameLine(gui::px(150));
  ImGui::Checkbox("Policy arrows", &ui.grid.arrows);
  ImGui::Checkbox("Numbers", &ui.grid.numbers);
  helpMarker("Values are written in the cells when the cells are large enough; hover a cell for all of them.");
  ImGui::SameLine(gui::px(150));
  ImGui::Checkbox("Rewards", &ui.grid.rewards);
  if (ImGui::Checkbox("Solver V*/π*", &ui.grid.solver) && ui.grid.solver) ui.grid.error = false;
  recordItem(ui, "overlay_solver");
  helpMarker("Show the exact optimal values and policy of the current layout, computed by value iteration with the "
             "agent's γ. Edit the grid and watch both update.");
  ImGui::SameLine(gui::px(150));
  if (ImGui::Checkbox("Error |Q−Q*|", &ui.grid.error) && ui.grid.error) ui.grid.solver = false;
  gridLegend(ui);
}

}  // namespace

// The estimate Q(s, a) made when a state was visited against the discounted return that actually followed, per
// episode: max-based targets overestimate, and switching double DQN on closes the gap.
void overestimation(const rl::Snapshot& s, UiState& ui) {
  const rl::SeriesData* est = s.findSeries("overestimation/q_estimate");
  const rl::SeriesData* ret = s.findSeries("overestimation/return");
  if (!est || !ret || est->x.empty()) return;
  sectionTitle("Overestimation: Q at the visit vs the return that followed");
  std::vector<ui::PlotSeries> series = {
      {"Q estimate", est->x.data(), est->y.data(), int(est->x.size()), 0, ink(IM_COL32(255, 167, 38, 255))},
      {"realised return", ret->x.data(), ret->y.data(), int(ret->x.size()), 0, ink(IM_COL32(79, 195, 247, 255))}};
  ui::plotLines("overestimation", nullptr, series, ui.overPlot, ImVec2(0, gui::px(150)), "env steps", nullptr);
  queuePlotSave("overestimation", series, ui.overPlot, ui);
  const size_t n = std::min<size_t>(est->y.size(), 20);
  double gap = 0;
  for (size_t i = est->y.size() - n; i < est->y.size(); ++i) gap += (est->y[i] - ret->y[i]) / double(n);
  ImGui::Text("gap over the last %zu episodes: %+.3f", n, gap);
  helpMarker("Targets built with max over noisy estimates are biased upward. Double DQN lets the online net choose the "
             "action and the target net evaluate it, which removes most of that bias.");
}

void drawQLens(const rl::Snapshot& s, UiState& ui) {
  if (!s.insights.q) {
    ImGui::TextDisabled("The Q-values lens needs an algorithm that learns Q(s,a).");
    return;
  }
  const rl::QInsight& q = *s.insights.q;
  if (std::holds_alternative<rl::GridRenderState>(s.render)) overlaySwitches(ui);
  tdBreakdown(q, s);
  qBars(q, s);
  distributionView(q, s);
  if (s.insights.valueMap) valueMapView(*s.insights.valueMap, s, ui);
  if (const auto* g = std::get_if<rl::GridRenderState>(&s.render)) solverComparison(q, *g);
  overestimation(s, ui);
  if (s.insights.replay) replayView(*s.insights.replay, ui);
}

}  // namespace gui
