// [SECTION] The actor-critic lens's panels beyond the advantage curves (app/views/ac_lens.cpp arranges them)
//   workersView      one lane per worker (A2C's env copies, A3C's threads): the env in miniature, its returns, the
//                    gradients it gave; A2C's barrier where full segments wait, A3C's staleness per push
//   criticTruthView  the critic's V(s) beside the exact V^π(s) of the current policy on the gridworld, with the error
//   pathwiseView     DDPG/TD3 at the current state: Q(s, a) over the whole action range, μ(s) on it and the arrow
//                    ∂Q/∂a the actor follows; with twin critics both curves and their minimum
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <variant>
#include <vector>

#include "app/views/views.hpp"
#include "core/rl/ac_tricks.hpp"

namespace gui {

namespace {

const ImU32 kGrid = IM_COL32(60, 66, 78, 255);
const ImU32 kAccent = IM_COL32(255, 200, 60, 255);
const ImU32 kBlue = IM_COL32(90, 160, 230, 255);

ImU32 textColour() { return ImGui::GetColorU32(ImGuiCol_Text); }
ImU32 dimColour() { return ImGui::GetColorU32(ImGuiCol_TextDisabled); }

// ---- An env in miniature, straight from its render state ----
void miniature(ImDrawList* dl, const rl::RenderState& r, ImVec2 o, float side) {
  dl->AddRectFilled(o, ImVec2(o.x + side, o.y + side), figureBg());
  if (const auto* g = std::get_if<rl::GridRenderState>(&r)) {
    const float cell = side / float(std::max(g->width, g->height));
    for (int s = 0; s < g->width * g->height; ++s) {
      const int x = s / g->height, y = s % g->height;
      const ImVec2 a(o.x + x * cell, o.y + y * cell), b(a.x + cell, a.y + cell);
      ImU32 c = IM_COL32(46, 51, 61, 255);
      if (g->wall[size_t(s)]) c = ink(IM_COL32(110, 118, 132, 255));
      else if (s == g->goal) c = ink(IM_COL32(76, 175, 80, 255));
      else if (g->reward[size_t(s)] < 0) c = IM_COL32(150, 60, 60, 255);
      dl->AddRectFilled(ImVec2(a.x + 0.5f, a.y + 0.5f), ImVec2(b.x - 0.5f, b.y - 0.5f), c);
      if (s == g->agent) dl->AddCircleFilled(ImVec2(a.x + cell / 2, a.y + cell / 2), cell * 0.38f, ink(kAccent));
    }
  } else if (const auto* v = std::get_if<rl::InvadersRenderState>(&r)) {
    const float cell = side / 10.f;
    for (int row = 0; row < 10; ++row)
      for (int col = 0; col < 10; ++col) {
        const ImVec2 a(o.x + col * cell, o.y + row * cell), b(a.x + cell, a.y + cell);
        if (v->aliens[size_t(row)] >> col & 1) dl->AddRectFilled(ImVec2(a.x + 1, a.y + 1), ImVec2(b.x - 1, b.y - 1), ink(IM_COL32(120, 200, 120, 255)));
        if (v->friendly[size_t(row)] >> col & 1) dl->AddRectFilled(ImVec2(a.x + cell * 0.4f, a.y), ImVec2(b.x - cell * 0.4f, b.y), ink(kAccent));
        if (v->enemy[size_t(row)] >> col & 1) dl->AddRectFilled(ImVec2(a.x + cell * 0.4f, a.y), ImVec2(b.x - cell * 0.4f, b.y), ink(IM_COL32(239, 83, 80, 255)));
      }
    const ImVec2 c0(o.x + v->cannon * cell, o.y + 9 * cell);
    dl->AddRectFilled(ImVec2(c0.x + 1, c0.y + cell * 0.3f), ImVec2(c0.x + cell - 1, c0.y + cell), ink(kBlue));
  } else if (const auto* p = std::get_if<rl::PendulumRenderState>(&r)) {
    const ImVec2 pivot(o.x + side / 2, o.y + side / 2);
    const float len = side * 0.4f;
    const ImVec2 tip(pivot.x + len * float(std::sin(p->theta)), pivot.y - len * float(std::cos(p->theta)));
    dl->AddLine(pivot, tip, ink(IM_COL32(230, 120, 60, 255)), std::max(2.f, side * 0.06f));
    dl->AddCircleFilled(pivot, side * 0.04f, textColour());
    // The torque as an arc arrow's length along the bottom.
    const float t = float(std::clamp(p->torque / std::max(p->maxTorque, 1e-6), -1.0, 1.0));
    dl->AddLine(ImVec2(pivot.x, o.y + side - 5), ImVec2(pivot.x + t * side * 0.45f, o.y + side - 5), ink(kAccent), 3.f);
  }
  dl->AddRect(o, ImVec2(o.x + side, o.y + side), kGrid);
}

// A sparkline of values into [a, b].
void sparkline(ImDrawList* dl, const std::vector<float>& v, ImVec2 a, ImVec2 b, ImU32 col, float lo, float hi) {
  dl->AddRectFilled(a, b, figureBg());
  if (v.size() < 2) return;
  const float span = std::max(hi - lo, 1e-6f);
  std::vector<ImVec2> pts;
  for (size_t i = 0; i < v.size(); ++i)
    pts.emplace_back(a.x + (b.x - a.x) * float(i) / float(v.size() - 1),
                     b.y - 2 - (b.y - a.y - 4) * std::clamp((v[i] - lo) / span, 0.f, 1.f));
  dl->AddPolyline(pts.data(), int(pts.size()), col, 0, 1.5f);
}

}  // namespace

void workersView(const rl::WorkersInsight& w, UiState& ui) {
  sectionTitle(w.async ? "Workers (A3C, asynchronous)" : "Workers (A2C, synchronous)");
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float avail = ImGui::GetContentRegionAvail().x;
  const float lineH = ImGui::GetTextLineHeightWithSpacing();
  const float mini = std::clamp(3.f * lineH, gui::px(48.f), gui::px(96.f));
  // One scale for every lane's returns, so lanes compare at a glance.
  float lo = 1e30f, hi = -1e30f;
  for (const rl::WorkerLane& l : w.lanes)
    for (float r : l.returns) lo = std::min(lo, r), hi = std::max(hi, r);
  if (lo > hi) lo = 0, hi = 1;
  const size_t shown = std::min<size_t>(w.lanes.size(), 8);
  const ImVec2 top = ImGui::GetCursorScreenPos();
  for (size_t k = 0; k < shown; ++k) {
    const rl::WorkerLane& l = w.lanes[k];
    const ImVec2 o = ImGui::GetCursorScreenPos();
    miniature(dl, l.render, o, mini);
    const float x = o.x + mini + 10.f;
    char buf[160];
    std::snprintf(buf, sizeof buf, "worker %zu%s   %llu episodes   %llu %s", k, k == 0 ? " (viewport)" : "",
                  (unsigned long long)l.episodes, (unsigned long long)l.pushes, w.async ? "pushes" : "segments");
    dl->AddText(ImVec2(x, o.y), textColour(), buf);
    if (w.async && !l.staleness.empty()) {  // A3C: the staleness of its last push, after the counts
      char st[48];
      std::snprintf(st, sizeof st, "   staleness %d", int(l.staleness.back()));
      dl->AddText(ImVec2(x + ImGui::CalcTextSize(buf).x, o.y), l.staleness.back() > 0 ? ink(kAccent) : dimColour(), st);
    }
    // The segment in progress: filled cells of segmentLength; A2C's barrier at its end.
    const float segW = std::min(avail - mini - gui::px(20.f), gui::px(240.f)), cellW = segW / float(std::max(1, w.segmentLength));
    const float sy = o.y + lineH + 2.f;
    for (int i = 0; i < w.segmentLength && cellW >= 1.f; ++i) {
      const ImVec2 a(x + float(i) * cellW, sy), b(a.x + cellW - (cellW > 4 ? 1.f : 0.f), sy + lineH * 0.7f);
      dl->AddRectFilled(a, b, i < l.segmentFill ? ink(kBlue) : IM_COL32(46, 51, 61, 255));
    }
    if (!w.async) {
      const float bx = x + segW + 3.f;
      dl->AddLine(ImVec2(bx, sy - 3), ImVec2(bx, sy + lineH * 0.7f + 3), l.waiting ? ink(kAccent) : kGrid, 3.f);
      if (l.waiting) dl->AddText(ImVec2(bx + 6, sy - 2), ink(kAccent), "waiting");
    }
    // Its episode returns.
    const float ry = sy + lineH;
    const float rw = std::max(gui::px(60.f), avail - mini - gui::px(20.f));
    sparkline(dl, l.returns, ImVec2(x, ry), ImVec2(x + rw, o.y + mini), ink(IM_COL32(102, 187, 106, 255)), lo, hi);
    if (!l.returns.empty()) {
      std::snprintf(buf, sizeof buf, "last return %.2f", double(l.returns.back()));
      dl->AddText(ImVec2(x + rw - ImGui::CalcTextSize(buf).x - 4, ry + 1), dimColour(), buf);
    }
    ImGui::Dummy(ImVec2(avail, mini + 6.f));
  }
  ui.uiMap["workers_lanes"] = Rect{top.x, top.y, avail, ImGui::GetCursorScreenPos().y - top.y};
  if (w.lanes.size() > shown) ImGui::TextDisabled("… and %zu more workers", w.lanes.size() - shown);
  ImGui::Text("global updates %llu", (unsigned long long)w.globalUpdates);
  if (w.async) {
    ImGui::SameLine(0, gui::px(20));
    ImGui::Text("mean staleness %.2f", w.meanStaleness);
    if (w.pushesPerSecond > 0) {
      ImGui::SameLine(0, gui::px(20));
      ImGui::Text("%.0f pushes/s", w.pushesPerSecond);
    }
    // The staleness histogram: how many other pushes landed between a worker's pull and its push.
    int total = 0, peak = 1;
    for (int c : w.stalenessHist) total += c, peak = std::max(peak, c);
    if (total > 0) {
      const ImVec2 o = ImGui::GetCursorScreenPos();
      const float h = 3.f * lineH, bw = std::min(gui::px(40.f), (avail - gui::px(20.f)) / float(w.stalenessHist.size()));
      dl->AddRectFilled(o, ImVec2(o.x + bw * float(w.stalenessHist.size()) + 4, o.y + h + lineH), figureBg());
      for (size_t i = 0; i < w.stalenessHist.size(); ++i) {
        const float bh = h * float(w.stalenessHist[i]) / float(peak);
        const ImVec2 a(o.x + 2 + bw * float(i), o.y + h - bh), b(a.x + bw - 3, o.y + h);
        dl->AddRectFilled(a, b, i == 0 ? ink(kBlue) : ink(kAccent));
        char label[8];
        std::snprintf(label, sizeof label, i + 1 == w.stalenessHist.size() ? "%zu+" : "%zu", i);
        dl->AddText(ImVec2(a.x + 2, o.y + h), dimColour(), label);
      }
      ImGui::Dummy(ImVec2(avail, h + lineH + 4));
    }
  }
  helpMarker(w.async
                 ? "A3C: every worker copies the global network, collects its own segment, computes a gradient and "
                   "applies it to the global network as soon as it is ready, then copies it again. Meanwhile the "
                   "others may have pushed: its gradient was computed on parameters that are 'stale' by that many "
                   "updates. The bars count pushes by staleness."
                 : "A2C: every worker collects its segment with the same network; a worker whose segment is full "
                   "waits at the barrier (its lane marked) until all are full, then one gradient step learns from all the "
                   "segments together and everyone goes on with the new network.");
}

void criticTruthView(const rl::PolicyInsight& p, const rl::Snapshot& s, UiState& ui) {
  const auto* g = std::get_if<rl::GridRenderState>(&s.render);
  if (!g || p.values.empty() || p.valuesTrue.size() != p.values.size()) return;
  sectionTitle("Critic V(s) against the exact Vπ(s)");
  const int n = g->width * g->height;
  if (int(p.values.size()) < n) return;
  float lo = 1e30f, hi = -1e30f;
  double worst = 0, sum = 0;
  int cells = 0, worstCell = -1;
  for (int st = 0; st < n; ++st) {
    if (g->wall[size_t(st)]) continue;
    lo = std::min({lo, p.values[size_t(st)], p.valuesTrue[size_t(st)]});
    hi = std::max({hi, p.values[size_t(st)], p.valuesTrue[size_t(st)]});
    const double e = std::abs(double(p.values[size_t(st)]) - double(p.valuesTrue[size_t(st)]));
    sum += e, ++cells;
    if (e > worst) worst = e, worstCell = st;
  }
  const float amax = std::max({std::abs(lo), std::abs(hi), 1e-6f});
  const float avail = ImGui::GetContentRegionAvail().x, gap = gui::px(24.f);
  const float side = std::clamp((avail - gap) / 2.f, gui::px(80.f), gui::px(300.f));
  const float cell = side / float(std::max(g->width, g->height));
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 top = ImGui::GetCursorScreenPos();
  const float lineH = ImGui::GetTextLineHeightWithSpacing();
  int hovered = -1;
  for (int panel = 0; panel < 2; ++panel) {
    const std::vector<float>& v = panel == 0 ? p.values : p.valuesTrue;
    const ImVec2 o(top.x + float(panel) * (side + gap), top.y + lineH);
    dl->AddText(ImVec2(o.x, top.y), textColour(), panel == 0 ? "critic V(s)" : "exact Vπ(s) of this policy");
    for (int st = 0; st < n; ++st) {
      const int x = st / g->height, y = st % g->height;
      const ImVec2 a(o.x + x * cell, o.y + y * cell), b(a.x + cell - 1, a.y + cell - 1);
      if (g->wall[size_t(st)]) {  // walls: near-black with a cross, never mistaken for a value near 0
        dl->AddRectFilled(a, b, figureBg());
        dl->AddLine(a, b, IM_COL32(70, 74, 84, 255));
        dl->AddLine(ImVec2(b.x, a.y), ImVec2(a.x, b.y), IM_COL32(70, 74, 84, 255));
        continue;
      }
      dl->AddRectFilled(a, b, divergingColour(0.5f + 0.5f * v[size_t(st)] / amax));
      if (st == worstCell) dl->AddRect(a, b, ink(kAccent), 0, 0, 2.f);
      if (ImGui::IsMouseHoveringRect(a, b)) hovered = st;
    }
  }
  ui.uiMap["critic_truth"] = Rect{top.x, top.y, 2 * side + gap, side + lineH};
  ImGui::Dummy(ImVec2(avail, side + lineH + 4));
  ImGui::Text("|V − Vπ|: mean %.3f, max %.3f (yellow cell) over %d cells", sum / std::max(1, cells),
              worst, cells);
  if (hovered >= 0 && !g->wall[size_t(hovered)]) {
    ImGui::BeginTooltip();
    ImGui::Text("cell (%d, %d)\nV(s) = %+.3f\nVπ(s) = %+.3f", hovered / g->height, hovered % g->height,
                noNegativeZero(p.values[size_t(hovered)]), noNegativeZero(p.valuesTrue[size_t(hovered)]));
    ImGui::EndTooltip();
  }
  helpMarker("Vπ is computed exactly from the layout (policy evaluation: the Bellman expectation equation "
             "swept to a fixed point under the current π). The critic only learns it from samples, so it is "
             "close where the agent goes often and can be far off in cells it rarely visits. Same colour scale on "
             "both: blue negative, orange positive.");
}

void pathwiseView(const rl::PathwiseInsight& p, UiState& ui) {
  sectionTitle("Pathwise gradient: Q(s, a) at the agent's state");
  if (p.actions.size() < 2 || p.q1.size() != p.actions.size()) {
    ImGui::TextDisabled("No critic curve yet.");
    return;
  }
  const bool twin = p.twin && p.q2.size() == p.q1.size();
  std::vector<double> a(p.actions.begin(), p.actions.end()), q1(p.q1.begin(), p.q1.end()), q2, qmin;
  if (twin) {
    q2.assign(p.q2.begin(), p.q2.end());
    for (size_t i = 0; i < q1.size(); ++i) qmin.push_back(std::min(q1[i], q2[i]));
  }
  const float avail = ImGui::GetContentRegionAvail().x, h = gui::px(200.f);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 o = ImGui::GetCursorScreenPos();
  const float left = o.x + 56, right = o.x + avail - 10, top = o.y + 8, bottom = o.y + h - 28;
  double lo = 1e30, hi = -1e30;
  for (double v : q1) lo = std::min(lo, v), hi = std::max(hi, v);
  for (double v : q2) lo = std::min(lo, v), hi = std::max(hi, v);
  lo = std::min(lo, p.qMu), hi = std::max(hi, p.qMu);
  if (hi - lo < 1e-6) hi = lo + 1e-6;
  const double pad = 0.08 * (hi - lo);
  lo -= pad, hi += pad;
  auto px = [&](double x) { return left + float((x - p.low) / (p.high - p.low)) * (right - left); };
  auto py = [&](double y) { return bottom - float((y - lo) / (hi - lo)) * (bottom - top); };
  dl->AddRectFilled(o, ImVec2(o.x + avail, o.y + h), figureBg());
  auto curve = [&](const std::vector<double>& v, ImU32 col, float thick) {
    std::vector<ImVec2> pts;
    for (size_t i = 0; i < v.size(); ++i) pts.emplace_back(px(a[i]), py(v[i]));
    dl->AddPolyline(pts.data(), int(pts.size()), col, 0, thick);
  };
  if (twin) {
    curve(q2, IM_COL32(171, 71, 188, 200), 1.5f);
    curve(qmin, ink(IM_COL32(255, 255, 255, 120)), 1.f);
  }
  curve(q1, ink(IM_COL32(79, 195, 247, 255)), 2.5f);
  // μ(s) on the curve and the arrow ∂Q/∂a: the direction (and, scaled, the size) of the actor's step.
  const ImVec2 m(px(p.mu), py(p.qMu));
  dl->AddLine(ImVec2(m.x, top), ImVec2(m.x, bottom), ink(IM_COL32(255, 255, 255, 70)));
  dl->AddCircleFilled(m, 6.f, ink(kAccent));
  const float dir = p.dQda > 0 ? 1.f : p.dQda < 0 ? -1.f : 0.f;
  if (dir != 0.f) {
    const float len = std::clamp(float(std::abs(p.dQda)) * 40.f, 18.f, (right - left) * 0.3f);
    const ImVec2 e(m.x + dir * len, m.y);
    dl->AddLine(m, e, ink(kAccent), 3.f);
    dl->AddTriangleFilled(ImVec2(e.x + dir * 10.f, e.y), ImVec2(e.x, e.y - 6), ImVec2(e.x, e.y + 6), ink(kAccent));
  }
  // The exploration action taken.
  const float tx = px(std::clamp(p.taken, p.low, p.high));
  dl->AddTriangleFilled(ImVec2(tx, bottom + 1), ImVec2(tx - 6, bottom + 11), ImVec2(tx + 6, bottom + 11),
                        p.random ? dimColour() : ink(IM_COL32(239, 83, 80, 255)));
  // Axes.
  char buf[64];
  for (int k = 0; k <= 4; ++k) {
    const double x = p.low + (p.high - p.low) * k / 4.0;
    std::snprintf(buf, sizeof buf, "%+.2g", x);
    dl->AddText(ImVec2(px(x) - ImGui::CalcTextSize(buf).x / 2, bottom + 12), dimColour(), buf);
  }
  std::snprintf(buf, sizeof buf, "%.3g", hi);
  dl->AddText(ImVec2(o.x + 4, top - 2), dimColour(), buf);
  std::snprintf(buf, sizeof buf, "%.3g", lo);
  dl->AddText(ImVec2(o.x + 4, bottom - ImGui::GetTextLineHeight()), dimColour(), buf);
  dl->AddText(ImVec2(right - ImGui::CalcTextSize("action a").x, top), dimColour(), "action a");
  ui.uiMap["pathwise_plot"] = Rect{o.x, o.y, avail, h};
  ImGui::Dummy(ImVec2(avail, h));
  ImGui::TextColored(ink(ImVec4(0.31f, 0.76f, 0.97f, 1.f)), "Q₁(s, a)");
  if (twin) {
    ImGui::SameLine();
    ImGui::TextColored(ink(ImVec4(0.67f, 0.28f, 0.74f, 1.f)), "  Q₂(s, a)");
    ImGui::SameLine();
    ImGui::TextColored(ink(ImVec4(1, 1, 1, 0.6f)), "  min (TD3's target)");
  }
  ImGui::SameLine();
  ImGui::TextColored(ink(ImVec4(1.f, 0.78f, 0.24f, 1.f)), "  μ(s) and ∂Q/∂" "a");
  ImGui::SameLine();
  ImGui::TextColored(ink(ImVec4(0.94f, 0.33f, 0.31f, 1.f)), p.random ? "  ▲ random action (warm-up)"
                                                                : "  ▲ action taken (μ + noise)");
  ImGui::Text("μ(s) = %+.3f   Q(s, μ(s)) = %+.3f   ∂Q/∂" "a = %+.3f",
              noNegativeZero(p.mu), noNegativeZero(p.qMu), noNegativeZero(p.dQda));
  // σ in torque units, tied to the parameter it comes from (noise_std is given in units of k = (high − low)/2).
  char line[200];
  std::snprintf(line, sizeof line, "noise σ = %.3g (%s%.3g × k, k = %.3g)", p.noiseStd,
                p.ornsteinUhlenbeck ? "stationary, from σ = " : "exploration σ ", p.noiseParam, p.noiseK);
  textDisabledWrapped(line);
  std::snprintf(line, sizeof line, "critic updates %llu, actor updates %llu%s", (unsigned long long)p.criticUpdates,
                (unsigned long long)p.actorUpdates,
                p.delayed ? (" (one per " + std::to_string(p.policyDelay) + ")").c_str() : "");
  textDisabledWrapped(line);
  if (p.last.valid) {
    ImGui::PushStyleColor(ImGuiCol_Text, ink(ImVec4(1.f, 0.86f, 0.45f, 1.f)));
    ImGui::Text("last actor step: θ ← θ + α·(1/%d)Σ ∂Q/∂" "a·∂μ/∂θ", p.last.batch);
    ImGui::PopStyleColor();
    ImGui::Text("sample 0: Q = %+.3f, ∂Q/∂" "a = %+.3f", noNegativeZero(p.last.q),
                noNegativeZero(p.last.dQda));
    ImGui::Text("μ(s) %+.4f → %+.4f   (α = %.2g)", noNegativeZero(p.last.muBefore),
                noNegativeZero(p.last.muAfter), p.last.stepSize);
  }
  helpMarker("DDPG's actor is deterministic: it does not sample and weigh actions by their advantage, it climbs the "
             "critic. The arrow is ∂Q/∂" "a at μ(s): the actor's update moves μ(s) "
             "that way (through ∂μ/∂θ), the pathwise derivative. With TD3's twin "
             "critics the learning target uses the smaller of the two, which curbs over-estimation.");
}

void acTricksView(const rl::Snapshot& s, UiState& ui) {
  auto find = [&](const std::string& name) -> const rl::ParamView* {
    for (const rl::ParamView& p : s.params)
      if (!p.env && p.spec.name == name) return &p;
    return nullptr;
  };
  if (!find("freeze")) return;
  sectionTitle("GAN tricks on the actor-critic (Table 1)");
  for (const rl::AcTrickInfo& t : rl::acTrickTable()) {
    const rl::ParamView* p = find(t.param);
    if (!p) continue;
    bool on = p->value != 0;
    ImGui::PushID(t.param);
    if (ImGui::Checkbox(t.label, &on)) ui.send(rl::Command::setParam(std::string("algo.") + t.param, on ? 1.0 : 0.0));
    recordItem(ui, std::string("ac_trick_") + t.param);
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("%s\nfrom: %s\nacts on: %s%s", t.what, t.origin, t.side,
                        p->spec.needsReset ? "\ntakes effect at the next Reset" : "");
    ImGui::SameLine();
    ImGui::TextDisabled("%s · from the GAN side%s", t.side, p->pendingReset ? " · Reset to apply" : "");
    ImGui::PopID();
  }
  bool have = false, actorFrozen = false, criticFrozen = false;
  double err = 0;
  if (s.insights.acStep && s.insights.acStep->valid) {
    const rl::ActorCriticStep& u = *s.insights.acStep;
    have = true, actorFrozen = u.actorFrozen, criticFrozen = u.criticFrozen, err = u.criticError;
  } else if (s.insights.pathwise && s.insights.pathwise->criticUpdates > 0) {
    const rl::PathwiseInsight& p = *s.insights.pathwise;
    have = true, actorFrozen = p.actorFrozen, criticFrozen = p.criticFrozen, err = p.criticError;
  }
  if (have && (actorFrozen || criticFrozen))
    ImGui::TextColored(ink(ImVec4(1.f, 0.78f, 0.24f, 1.f)), "%s frozen at the last update (critic error %.3g)",
                       actorFrozen ? "the actor was" : "the critic was", err);
  else if (have && find("freeze")->value != 0)
    ImGui::TextDisabled("neither player frozen at the last update (critic error %.3g)", err);
  helpMarker("A GAN is an actor-critic whose actor cannot change the reward (Pfau & Vinyals 2016); the GAN community "
             "found these tricks to keep the two players from chasing each other. Here they act on the critic "
             "(the discriminator's role) and the actor (the generator's). Their strengths are in the parameter panel.");
}

}  // namespace gui
