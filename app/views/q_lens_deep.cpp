// [SECTION] The Q lens's deep-RL panels (DQN)
//   1. value map: V(s) = max_a Q(s,a) and the greedy action over the env's state plane (pendulum: θ × ω), with the
//      episode's trail and the current state on top — computed by the worker at snapshot time
//   2. C51: the return distribution of each action in the current state
//   3. replay buffer: fill level, where the last batch came from, the priority histogram
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "app/views/views.hpp"

namespace gui {

namespace {

ImU32 lerpRgb(const float (*stops)[3], int n, float t) {
  t = std::clamp(t, 0.f, 1.f) * float(n - 1);
  const int i = std::min(int(t), n - 2);
  const float f = t - float(i);
  float c[3];
  for (int k = 0; k < 3; ++k) c[k] = stops[i][k] + (stops[i + 1][k] - stops[i][k]) * f;
  return IM_COL32(int(c[0]), int(c[1]), int(c[2]), 255);
}

}  // namespace

// A perceptually ordered sequential map (viridis' endpoints and midpoints): low values dark purple, high yellow.
ImU32 sequentialColour(float t) {
  static const float kStops[5][3] = {{68, 1, 84}, {59, 82, 139}, {33, 145, 140}, {94, 201, 98}, {253, 231, 37}};
  return lerpRgb(kStops, 5, t);
}

// Diverging over the action index: the first action blue, the middle one grey, the last one orange-red (the
// pendulum's −2 … +2 torques read as push one way / nothing / push the other way).
ImU32 divergingColour(float t) {
  static const float kStops[3][3] = {{66, 133, 244}, {72, 76, 86}, {239, 108, 60}};
  return lerpRgb(kStops, 3, t);
}

int planeHeatmap(const rl::PlaneMap& m, const char* id, PlaneGeometry g, const std::function<ImU32(size_t)>& colour) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float cw = g.size / float(m.nx), ch = g.size / float(m.ny);
  for (int j = 0; j < m.ny; ++j)
    for (int i = 0; i < m.nx; ++i) {
      const float x0 = g.origin.x + float(i) * cw, y0 = g.origin.y + g.size - float(j + 1) * ch;  // row 0 at the bottom
      dl->AddRectFilled(ImVec2(x0, y0), ImVec2(x0 + cw + 0.5f, y0 + ch + 0.5f), colour(size_t(j * m.nx + i)));
    }
  // Axes through the upright, motionless state, and the map's frame.
  const auto px = [&](double x) { return g.origin.x + float((x - m.xMin) / (m.xMax - m.xMin)) * g.size; };
  const auto py = [&](double y) { return g.origin.y + g.size - float((y - m.yMin) / (m.yMax - m.yMin)) * g.size; };
  if (m.xMin < 0 && m.xMax > 0) dl->AddLine(ImVec2(px(0), g.origin.y), ImVec2(px(0), g.origin.y + g.size), IM_COL32(255, 255, 255, 50));
  if (m.yMin < 0 && m.yMax > 0) dl->AddLine(ImVec2(g.origin.x, py(0)), ImVec2(g.origin.x + g.size, py(0)), IM_COL32(255, 255, 255, 50));
  dl->AddRect(g.origin, ImVec2(g.origin.x + g.size, g.origin.y + g.size), IM_COL32(140, 140, 150, 255));
  // The episode's trail (broken where θ wraps around ±π), then the current state.
  const size_t pts = m.trail.size() / 2;
  const double wrap = 0.5 * (m.xMax - m.xMin);
  for (size_t k = 1; k < pts; ++k) {
    const double x0 = m.trail[2 * k - 2], y0 = m.trail[2 * k - 1], x1 = m.trail[2 * k], y1 = m.trail[2 * k + 1];
    if (std::abs(x1 - x0) > wrap) continue;
    const int alpha = 60 + int(170.f * float(k) / float(pts));  // older segments fade
    dl->AddLine(ImVec2(px(x0), py(y0)), ImVec2(px(x1), py(y1)), IM_COL32(255, 255, 255, alpha), 1.5f);
  }
  if (pts > 0) {
    const ImVec2 c(px(m.trail[2 * pts - 2]), py(m.trail[2 * pts - 1]));
    dl->AddCircleFilled(c, 5.f, IM_COL32(255, 255, 255, 255));
    dl->AddCircle(c, 6.5f, IM_COL32(0, 0, 0, 255), 0, 1.5f);
  }
  ImGui::SetCursorScreenPos(g.origin);
  ImGui::InvisibleButton(id, ImVec2(g.size, g.size));
  if (!ImGui::IsItemHovered()) return -1;
  const ImVec2 mp = ImGui::GetIO().MousePos;
  const int i = std::clamp(int((mp.x - g.origin.x) / cw), 0, m.nx - 1);
  const int j = std::clamp(int((g.origin.y + g.size - mp.y) / ch), 0, m.ny - 1);
  return j * m.nx + i;
}

void planeAxisLabels(const rl::PlaneMap& m, PlaneGeometry g) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImU32 col = ImGui::GetColorU32(ImGuiCol_TextDisabled);
  char buf[32];
  const float y = g.origin.y + g.size + 2.f;
  std::snprintf(buf, sizeof buf, "%.3g", m.xMin);
  dl->AddText(ImVec2(g.origin.x, y), col, buf);
  std::snprintf(buf, sizeof buf, "%.3g", m.xMax);
  dl->AddText(ImVec2(g.origin.x + g.size - ImGui::CalcTextSize(buf).x, y), col, buf);
  // The full axis label when it fits between the two end values, else its first word ("θ").
  std::string xl = m.xLabel;
  const float ends = ImGui::CalcTextSize(buf).x * 2.f + 16.f;
  if (ImGui::CalcTextSize(xl.c_str()).x > g.size - ends) xl = xl.substr(0, xl.find(' '));
  dl->AddText(ImVec2(g.origin.x + 0.5f * (g.size - ImGui::CalcTextSize(xl.c_str()).x), y), col, xl.c_str());
  std::snprintf(buf, sizeof buf, "%+.3g", m.yMax);
  dl->AddText(ImVec2(g.origin.x - ImGui::CalcTextSize(buf).x - 3.f, g.origin.y), col, buf);
  const char* yl = m.yLabel.c_str();  // only its first word fits the gutter: "ω"
  const std::string yShort(yl, std::find(yl, yl + m.yLabel.size(), ' '));
  dl->AddText(ImVec2(g.origin.x - ImGui::CalcTextSize(yShort.c_str()).x - 6.f, g.origin.y + 0.5f * (g.size - ImGui::GetTextLineHeight())),
              col, yShort.c_str());
  std::snprintf(buf, sizeof buf, "%+.3g", m.yMin);
  dl->AddText(ImVec2(g.origin.x - ImGui::CalcTextSize(buf).x - 3.f, g.origin.y + g.size - ImGui::GetTextLineHeight()), col, buf);
}

void valueMapView(const rl::PlaneMap& m, const rl::Snapshot& s, UiState& ui) {
  if (m.nx <= 0 || m.layers.empty() || m.greedy.size() != m.layers[0].values.size()) return;
  const std::vector<float>& value = m.layers[0].values;  // V(s) = max_a Q(s, a)
  sectionTitle("Over the state plane: V(s) = max Q and the greedy action");
  const auto [lo, hi] = std::minmax_element(value.begin(), value.end());
  const float vLo = *lo, vSpan = std::max(*hi - *lo, 1e-6f);
  int numActions = 1;
  for (int a : m.greedy) numActions = std::max(numActions, a + 1);
  numActions = std::max(numActions, int(s.envInfo.actionNames.size()));
  const float avail = ImGui::GetContentRegionAvail().x;
  const float gap = gui::px(36.f), left = gui::px(34.f);
  const float side = std::clamp((avail - left - gap) * 0.5f, gui::px(80.f), gui::px(320.f));
  const ImVec2 top = ImGui::GetCursorScreenPos();
  ImGui::Text("V(s)   %.1f … %.1f", double(vLo), double(*hi));
  ImGui::SameLine(left + side + gap);
  ImGui::TextUnformatted("greedy action");
  const float y0 = top.y + ImGui::GetTextLineHeightWithSpacing();
  const PlaneGeometry gv{ImVec2(top.x + left, y0), side}, ga{ImVec2(top.x + left + side + gap, y0), side};
  const int hv = planeHeatmap(m, "##vmap", gv, [&](size_t c) { return sequentialColour((value[c] - vLo) / vSpan); });
  const int ha = planeHeatmap(m, "##amap", ga, [&](size_t c) {
    return divergingColour(numActions > 1 ? float(m.greedy[c]) / float(numActions - 1) : 0.5f);
  });
  planeAxisLabels(m, gv);
  planeAxisLabels(m, ga);
  ui.uiMap["value_map"] = Rect{gv.origin.x, gv.origin.y, side, side};  // for the end-to-end test
  ui.uiMap["greedy_map"] = Rect{ga.origin.x, ga.origin.y, side, side};
  ImGui::SetCursorScreenPos(ImVec2(top.x, y0 + side + ImGui::GetTextLineHeightWithSpacing() + 2.f));
  // Legend of the action colours.
  ImDrawList* dl = ImGui::GetWindowDrawList();
  ImGui::TextDisabled("actions:");
  for (int a = 0; a < numActions; ++a) {
    ImGui::SameLine();
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float h = ImGui::GetTextLineHeight();
    dl->AddRectFilled(ImVec2(p.x, p.y + 2), ImVec2(p.x + h - 2, p.y + h - 2),
                      divergingColour(numActions > 1 ? float(a) / float(numActions - 1) : 0.5f));
    ImGui::Dummy(ImVec2(h, h));
    ImGui::SameLine(0, gui::px(2));
    ImGui::TextUnformatted(a < int(s.envInfo.actionNames.size()) ? s.envInfo.actionNames[size_t(a)].c_str() : "?");
  }
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
  ImGui::TextWrapped("white: this episode's path, dot: now.%s",
                     m.xLabel.find("upright") != std::string::npos ? " Centre: upright and still." : "");
  ImGui::PopStyleColor();
  helpMarker("The worker evaluates the network on a grid of states whenever it publishes a snapshot. Early on V is "
             "flat and the greedy map is noise; as DQN learns, a high-value band forms around the upright state and "
             "the torque map splits into regions that pump energy one way or the other.");
  const int hovered = hv >= 0 ? hv : ha;
  if (hovered >= 0) {
    const int i = hovered % m.nx, j = hovered / m.nx;
    const double x = m.xMin + (m.xMax - m.xMin) * (i + 0.5) / m.nx, y = m.yMin + (m.yMax - m.yMin) * (j + 0.5) / m.ny;
    const int a = m.greedy[size_t(hovered)];
    ImGui::BeginTooltip();
    ImGui::Text("%s = %+.2f\n%s = %+.2f\nV = %.3f\ngreedy: %s", m.xLabel.c_str(), x, m.yLabel.c_str(), y,
                double(value[size_t(hovered)]),
                a < int(s.envInfo.actionNames.size()) ? s.envInfo.actionNames[size_t(a)].c_str() : "?");
    ImGui::EndTooltip();
  }
}

void distributionView(const rl::QInsight& q, const rl::Snapshot& s) {
  const int A = q.numActions, J = int(q.atoms.size());
  if (J < 2 || int(q.distribution.size()) != A * J) return;
  sectionTitle("C51: the return distribution of each action");
  int best = 0;
  for (int a = 1; a < A && a < int(q.current.size()); ++a)
    if (q.current[size_t(a)] > q.current[size_t(best)]) best = a;
  float pMax = 1e-6f;
  for (float p : q.distribution) pMax = std::max(pMax, p);
  const float avail = ImGui::GetContentRegionAvail().x, gap = gui::px(10.f);
  const int cols = std::clamp(int((avail + gap) / gui::px(170.f)), 1, A <= 4 ? 2 : 3);  // a label needs ~170 px
  const float w = (avail - gap * float(cols - 1)) / float(cols), h = gui::px(54.f);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 start = ImGui::GetCursorScreenPos();
  const float rowH = h + 2.f * ImGui::GetTextLineHeightWithSpacing();
  for (int a = 0; a < A; ++a) {
    const ImVec2 o(start.x + float(a % cols) * (w + gap), start.y + float(a / cols) * rowH);
    const std::string name = a < int(s.envInfo.actionNames.size()) ? s.envInfo.actionNames[size_t(a)] : std::to_string(a);
    char label[96];
    std::snprintf(label, sizeof label, "%s  E = %+.3f%s", name.c_str(), a < int(q.current.size()) ? double(q.current[size_t(a)]) : 0.0,
                  a == best ? "  greedy" : "");
    dl->PushClipRect(o, ImVec2(o.x + w, o.y + rowH), true);
    dl->AddText(o, a == best ? ink(IM_COL32(255, 200, 60, 255)) : ImGui::GetColorU32(ImGuiCol_Text), label);
    dl->PopClipRect();
    const float top = o.y + ImGui::GetTextLineHeightWithSpacing();
    dl->AddRectFilled(ImVec2(o.x, top), ImVec2(o.x + w, top + h), figureBg());
    const float bw = w / float(J);
    const ImU32 col = a == best ? ink(IM_COL32(255, 200, 60, 255)) : ink(IM_COL32(90, 160, 230, 255));
    for (int j = 0; j < J; ++j) {
      const float p = q.distribution[size_t(a * J + j)];
      dl->AddRectFilled(ImVec2(o.x + float(j) * bw, top + h * (1.f - p / pMax)), ImVec2(o.x + float(j + 1) * bw - 0.5f, top + h), col);
    }
    // The mean (Q) as a tick on the return axis.
    const float zLo = q.atoms.front(), zHi = q.atoms.back();
    if (a < int(q.current.size()) && zHi > zLo) {
      const float mx = o.x + w * std::clamp((q.current[size_t(a)] - zLo) / (zHi - zLo), 0.f, 1.f);
      dl->AddLine(ImVec2(mx, top), ImVec2(mx, top + h), ink(IM_COL32(255, 255, 255, 200)), 1.5f);
    }
    char axis[48];
    std::snprintf(axis, sizeof axis, "%.3g", double(zLo));
    dl->AddText(ImVec2(o.x, top + h + 1), ImGui::GetColorU32(ImGuiCol_TextDisabled), axis);
    std::snprintf(axis, sizeof axis, "%.3g", double(zHi));
    dl->AddText(ImVec2(o.x + w - ImGui::CalcTextSize(axis).x, top + h + 1), ImGui::GetColorU32(ImGuiCol_TextDisabled), axis);
  }
  ImGui::Dummy(ImVec2(avail, float((A + cols - 1) / cols) * rowH));
  ImGui::TextDisabled("bars: p(return = z), %d atoms from %.3g to %.3g; white tick: the mean, Q(s,a)", J,
                      double(q.atoms.front()), double(q.atoms.back()));
  helpMarker("C51 learns the whole distribution of the return on fixed atoms and acts on its mean. Two actions can "
             "have the same Q and very different risk: a spread-out distribution is an uncertain outcome.");
}

void replayView(const rl::ReplayInsight& r, UiState& ui) {
  if (r.capacity <= 1) {
    sectionTitle("Replay buffer");
    ImGui::TextDisabled("off: each update learns from the newest transition only (correlated, forgotten at once)");
    return;
  }
  sectionTitle("Replay buffer");
  const float frac = float(r.size) / float(r.capacity);
  char over[64];
  std::snprintf(over, sizeof over, "%d / %d transitions (%.0f %%)", r.size, r.capacity, 100.0 * frac);
  ImGui::ProgressBar(frac, ImVec2(-1, 0), over);
  // The buffer as a strip of slots: filled part shaded, newest slot white, the last batch's slots as ticks.
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float w = ImGui::GetContentRegionAvail().x, h = gui::px(22.f);
  const ImVec2 o = ImGui::GetCursorScreenPos();
  dl->AddRectFilled(o, ImVec2(o.x + w, o.y + h), figureBg());
  dl->AddRectFilled(o, ImVec2(o.x + w * frac, o.y + h), IM_COL32(45, 62, 86, 255));
  dl->AddRect(o, ImVec2(o.x + w, o.y + h), IM_COL32(90, 96, 110, 255));
  const auto slotX = [&](int i) { return o.x + w * (float(i) + 0.5f) / float(r.capacity); };
  double meanAge = 0;
  for (int i : r.lastBatch) {
    dl->AddLine(ImVec2(slotX(i), o.y + 3), ImVec2(slotX(i), o.y + h - 3), ink(IM_COL32(255, 200, 60, 230)), 1.5f);
    meanAge += double((r.newest - i + r.capacity) % r.capacity);
  }
  if (r.newest >= 0) dl->AddLine(ImVec2(slotX(r.newest), o.y), ImVec2(slotX(r.newest), o.y + h), ink(IM_COL32(255, 255, 255, 255)), 2.f);
  ImGui::Dummy(ImVec2(w, h));
  recordItem(ui, "replay_strip");
  if (ImGui::IsItemHovered() && !r.lastBatch.empty()) {  // the indices themselves
    std::vector<int> sorted = r.lastBatch;
    std::sort(sorted.begin(), sorted.end());
    std::string text = "last batch, slots:";
    for (size_t k = 0; k < sorted.size(); ++k) text += (k % 8 == 0 ? "\n" : "  ") + std::to_string(sorted[k]);
    text += "\nnewest slot: " + std::to_string(r.newest);
    ImGui::SetTooltip("%s", text.c_str());
  }
  if (!r.lastBatch.empty()) {
    meanAge /= double(r.lastBatch.size());
    ImGui::TextWrapped("slots of the last batch of %zu in yellow (mean age %.0f steps); white: the newest", r.lastBatch.size(), meanAge);
  } else {
    ImGui::TextDisabled("no batch sampled yet (learning starts after the buffer holds enough transitions)");
  }
  helpMarker("Replay breaks the correlation between consecutive updates: each batch mixes old and new experience from "
             "anywhere in the buffer. Once full, the oldest slot is overwritten (the write position wraps around).");
  if (!r.prioritized || r.priorityHist.empty()) return;
  ImGui::Text("priorities p^α (log₁₀) of the stored transitions, β = %.2f", r.beta);
  const float ph = gui::px(60.f);
  const ImVec2 p = ImGui::GetCursorScreenPos();
  float top = 1.f;
  for (float c : r.priorityHist) top = std::max(top, c);
  dl->AddRectFilled(p, ImVec2(p.x + w, p.y + ph), figureBg());
  const float bw = w / float(r.priorityHist.size());
  for (size_t b = 0; b < r.priorityHist.size(); ++b) {
    if (r.priorityHist[b] <= 0) continue;
    const float bh = std::max(1.f, ph * std::sqrt(r.priorityHist[b] / top));  // √ so the rare high priorities show
    dl->AddRectFilled(ImVec2(p.x + float(b) * bw, p.y + ph - bh), ImVec2(p.x + float(b + 1) * bw - 1.f, p.y + ph),
                      ink(IM_COL32(171, 130, 255, 255)));
  }
  ImGui::Dummy(ImVec2(w, ph));
  ImGui::TextDisabled("%.2g", std::pow(10.0, r.logPMin));
  ImGui::SameLine(std::max(0.f, w - gui::px(60.f)));
  ImGui::TextDisabled("%.2g", std::pow(10.0, r.logPMax));
  helpMarker("Prioritized replay samples transition i with probability p_i^α / Σ p^α, p = |TD error|: "
             "surprising transitions are replayed more. The importance weights (1/(N·P(i)))^β undo the bias; "
             "β anneals to 1. Bar heights are square-rooted so the rare high priorities stay visible.");
}

}  // namespace gui
