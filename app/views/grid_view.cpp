// [SECTION] The gridworld viewport
//   1. values(): what each cell/triangle shows (learned Q, solver Q*, or |Q − Q*|)
//   2. geometry: cells, rings, policy arrows and the agent as flat-coloured triangles (drawn into the viewport FBO)
//   3. overlay: numbers and reward labels (ImGui draw list over the image)
//   4. interaction: click selects, right-click toggles a wall, hover read-out
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <cstddef>

#include "app/views/env_views.hpp"

namespace gui {

namespace {

constexpr int kA = 4;

struct CellValues {
  std::vector<float> q;       // per state × 4 (NaN where not offered)
  std::vector<float> v;       // per state
  std::vector<uint8_t> best;  // per state: greedy action bits
  float scale = 1.f;
  bool perAction = true;  // q holds one value per action (Q); false: only v (a policy agent's V(s)) is known
};

CellValues values(const rl::GridRenderState& g, const rl::QInsight* qi, const GridOverlay& o) {
  const int n = g.width * g.height;
  const bool haveLearned = qi && qi->numStates == n && qi->numActions == kA;
  CellValues c;
  c.q.assign(size_t(n) * kA, NAN);
  c.v.assign(size_t(n), 0.f);
  c.best.assign(size_t(n), 0);
  float maxAbs = 0.f;
  for (int s = 0; s < n; ++s) {
    if (g.wall[size_t(s)]) continue;
    float pol[kA] = {}, bestPol = -INFINITY, bestShown = -INFINITY;
    for (int a = 0; a < kA; ++a) {
      if (!(g.actionMask[size_t(s)] >> a & 1)) continue;
      const size_t i = size_t(s) * kA + size_t(a);
      const float star = g.qStar.empty() ? 0.f : g.qStar[i];
      const float learned = haveLearned ? qi->table[i] : 0.f;
      pol[a] = o.solver ? star : learned;                   // what the arrows follow
      c.q[i] = o.error ? std::abs(learned - star) : pol[a];  // what the colours and numbers show
      bestPol = std::max(bestPol, pol[a]);
      bestShown = std::max(bestShown, c.q[i]);
      maxAbs = std::max(maxAbs, std::abs(c.q[i]));
    }
    for (int a = 0; a < kA; ++a)
      if ((g.actionMask[size_t(s)] >> a & 1) && pol[a] > bestPol - 1e-6f) c.best[size_t(s)] |= uint8_t(1u << a);
    c.v[size_t(s)] = bestShown;
  }
  c.scale = std::max(maxAbs, 1e-3f);
  return c;
}

// A policy agent's cells: V(s) from its critic colours the whole cell (there are no per-action values to split it).
CellValues policyValues(const rl::GridRenderState& g, const rl::PolicyInsight& pi) {
  const int n = g.width * g.height;
  CellValues c;
  c.q.assign(size_t(n) * kA, NAN);
  c.v.assign(size_t(n), 0.f);
  c.best.assign(size_t(n), 0);
  c.perAction = false;
  float maxAbs = 0.f;
  if (pi.values.size() == size_t(n))
    for (int s = 0; s < n; ++s)
      if (!g.wall[size_t(s)]) c.v[size_t(s)] = pi.values[size_t(s)], maxAbs = std::max(maxAbs, std::abs(c.v[size_t(s)]));
  c.scale = std::max(maxAbs, 1e-3f);
  return c;
}

// Diverging colour ramp: red (negative) ← dark slate (0) → green (positive); a mild gamma keeps small values
// visible while the order of larger ones stays readable.
Rgba ramp(float v, float scale) {
  const float t = std::clamp(v / std::max(scale, 1e-6f), -1.f, 1.f);
  const float m = std::pow(std::abs(t), 0.7f);
  const float zero[3] = {0.16f, 0.18f, 0.22f}, pos[3] = {0.15f, 0.72f, 0.38f}, neg[3] = {0.86f, 0.26f, 0.24f};
  const float* to = t >= 0 ? pos : neg;
  Rgba out{};
  for (int i = 0; i < 3; ++i) out[size_t(i)] = uint8_t(std::lround(255.f * (zero[i] + (to[i] - zero[i]) * m)));
  out[3] = 255;
  return out;
}

// One cell: four Q triangles (or one V colour) with dark diagonals, reward/goal rings, the start mark.
void cellGeometry(Mesh& m, const rl::GridRenderState& g, const CellValues& c, const UiState& ui, int s, float cell) {
  const int x = s / g.height, y = s % g.height;
  const ImVec2 mn(float(x) * cell + 1.f, float(y) * cell + 1.f), mx(float(x + 1) * cell - 1.f, float(y + 1) * cell - 1.f);
  const ImVec2 mid((mn.x + mx.x) * 0.5f, (mn.y + mx.y) * 0.5f);
  if (g.wall[size_t(s)]) {
    m.rect(mn, mx, {84, 92, 107, 255});
    for (int k = 1; k < 6; k += 2) {  // a few diagonal stripes: walls read as solid material
      const float t0 = float(k) / 6.f, t1 = float(k + 1) / 6.f, w = mx.x - mn.x;
      m.quad({mn.x + w * t0, mn.y}, {mn.x + w * t1, mn.y}, {mn.x, mn.y + w * t1}, {mn.x, mn.y + w * t0}, {72, 79, 92, 255});
      m.quad({mx.x, mn.y + w * t0}, {mx.x, mn.y + w * t1}, {mn.x + w * t1, mx.y}, {mn.x + w * t0, mx.y}, {72, 79, 92, 255});
    }
    return;
  }
  if (ui.grid.qTriangles && c.perAction) {
    const ImVec2 corners[4] = {mn, {mx.x, mn.y}, mx, {mn.x, mx.y}};  // tl, tr, br, bl
    const int sides[4][2] = {{3, 0}, {0, 1}, {2, 3}, {1, 2}};        // left, up, down, right (action order)
    for (int a = 0; a < kA; ++a) {
      const float q = c.q[size_t(s) * kA + size_t(a)];
      m.tri(mid, corners[sides[a][0]], corners[sides[a][1]], std::isnan(q) ? Rgba{28, 31, 36, 255} : ramp(q, c.scale));
    }
    const std::array<uint8_t, 4> dark{15, 16, 18, 255};
    const float h = 0.6f;  // half the diagonal line width, pixels
    m.quad({mn.x - h, mn.y + h}, {mn.x + h, mn.y - h}, {mx.x + h, mx.y - h}, {mx.x - h, mx.y + h}, dark);
    m.quad({mx.x - h, mn.y - h}, {mx.x + h, mn.y + h}, {mn.x + h, mx.y + h}, {mn.x - h, mx.y - h}, dark);
  } else {
    m.rect(mn, mx, ramp(c.v[size_t(s)], c.scale));
  }
  const float rw = g.reward[size_t(s)], k = cell / 100.f;
  if (rw != 0.f) m.ring(mn, mx, 3.f * k, 7.5f * k, rw > 0 ? Rgba{89, 242, 128, 255} : Rgba{255, 102, 89, 255});
  if (!g.pit.empty() && g.pit[size_t(s)]) m.disc(mid, cell * 0.17f, {6, 6, 8, 255});  // a pit: a hole to fall into
  if (s == g.goal) m.ring(mn, mx, 3.f * k, 10.f * k, {255, 209, 64, 255});
  if (s == g.start) m.rect(mn, {mn.x + cell * 0.18f, mn.y + cell * 0.18f}, {89, 153, 255, 255});
}

// π(a|s) of every cell when a policy-gradient agent runs (no Q table), else null.
const rl::PolicyInsight* policyTable(const rl::Snapshot& s, const rl::GridRenderState& g) {
  if (!s.insights.policy || s.insights.q) return nullptr;
  const rl::PolicyInsight& p = *s.insights.policy;
  return p.numStates == g.width * g.height && p.numActions == kA && p.table.size() == size_t(p.numStates) * kA ? &p : nullptr;
}

void geometry(const rl::GridRenderState& g, const CellValues& c, const UiState& ui, Mesh& m, float px,
              const rl::PolicyInsight* pi) {
  const float cell = px / float(std::max(g.width, g.height));
  m.v.reserve(size_t(g.width * g.height) * 60);
  for (int s = 0; s < g.width * g.height; ++s) cellGeometry(m, g, c, ui, s, cell);
  auto center = [&](int s) { return ImVec2((float(s / g.height) + 0.5f) * cell, (float(s % g.height) + 0.5f) * cell); };
  if (ui.selectedCell >= 0) {
    const ImVec2 p = center(ui.selectedCell), h(cell * 0.5f, cell * 0.5f);
    m.ring({p.x - h.x, p.y - h.y}, {p.x + h.x, p.y + h.y}, 0.f, std::max(2.f, cell * 0.04f), {255, 255, 255, 255});
  }
  if (pi && ui.grid.arrows) {  // a policy agent: its π, whatever the Q lens's overlay switches say
    // A stochastic policy: an arrow per action, its length ∝ π(a|s) (REINFORCEjs's picture), halo first.
    static const ImVec2 dirs[kA] = {{-1, 0}, {0, -1}, {0, 1}, {1, 0}};
    const float w = std::max(1.f, cell * 0.02f);
    for (int pass = 0; pass < 2; ++pass)
      for (int s = 0; s < g.width * g.height; ++s) {
        if (g.wall[size_t(s)] || s == g.goal) continue;
        for (int a = 0; a < kA; ++a) {
          const float p = pi->table[size_t(s) * kA + size_t(a)];
          if (!(g.actionMask[size_t(s)] >> a & 1) || p < 0.03f) continue;
          const float len = cell * 0.42f * p;
          if (pass == 0) m.arrow(center(s), dirs[a], len + 1.5f, w + 1.5f, {10, 12, 14, 255});
          else m.arrow(center(s), dirs[a], len, w, {245, 245, 245, 255});
        }
      }
  } else if (ui.grid.arrows && !ui.grid.error) {  // greedy-policy arrows, a dark halo under each so it reads on any colour
    static const ImVec2 dirs[kA] = {{-1, 0}, {0, -1}, {0, 1}, {1, 0}};
    const bool qNumbers = ui.grid.numbers && ui.grid.qTriangles && cell >= 64.f;
    const float len = cell * (qNumbers ? 0.13f : 0.24f), w = std::max(1.f, cell * 0.02f);
    for (int pass = 0; pass < 2; ++pass)
      for (int s = 0; s < g.width * g.height; ++s) {
        if (g.wall[size_t(s)] || s == g.goal) continue;
        for (int a = 0; a < kA; ++a) {
          if (!(c.best[size_t(s)] >> a & 1)) continue;
          if (pass == 0) m.arrow(center(s), dirs[a], len + 1.5f, w + 1.5f, {10, 12, 14, 255});
          else m.arrow(center(s), dirs[a], len, w, {245, 245, 245, 255});
        }
      }
  }
  m.disc(center(g.agent), cell * 0.235f, {13, 13, 13, 255});  // the agent: a yellow disc with a dark rim
  m.disc(center(g.agent), cell * 0.2f, {255, 217, 51, 255});
}

// "0.43" → ".43", "-0.43" → "-.43": four triangle values must fit in one cell.
void compact(char* buf, size_t n, float v) {
  std::snprintf(buf, n, "%.2f", double(v));
  if (std::abs(v) < 1.f) {
    char* zero = std::strchr(buf, '0');
    if (zero && zero[1] == '.') std::memmove(zero, zero + 1, std::strlen(zero));
  }
}

void overlay(const rl::GridRenderState& g, const CellValues& c, const UiState& ui, ImVec2 origin, float cellPx) {
  ImDrawList* dl = overlayList(ui);
  ImFont* font = ImGui::GetFont();
  // Text scales with the UI (classroom mode at 2× draws it twice as large); numbers appear only where they fit.
  auto width = [&](float size, const char* t) { return font->CalcTextSizeA(size, FLT_MAX, 0.f, t).x; };
  const float qSize = std::clamp(cellPx * 0.16f, px(9.f), px(14.f));
  const bool qNumbers = ui.grid.numbers && ui.grid.qTriangles && c.perAction && width(qSize, "-.00") <= 0.3f * cellPx;
  const float small = qNumbers ? qSize : std::clamp(cellPx * 0.2f, px(9.f), px(14.f));
  const bool vFits = width(small, "-0.00") <= 0.85f * cellPx;
  const ImU32 text = IM_COL32(235, 238, 242, 230);
  char buf[32];
  for (int s = 0; s < g.width * g.height; ++s) {
    if (g.wall[size_t(s)]) continue;
    const ImVec2 p0(origin.x + float(s / g.height) * cellPx, origin.y + float(s % g.height) * cellPx);
    const ImVec2 mid(p0.x + cellPx * 0.5f, p0.y + cellPx * 0.5f);
    if (qNumbers) {
      static const ImVec2 off[kA] = {{-0.31f, 0}, {0, -0.33f}, {0, 0.33f}, {0.31f, 0}};
      for (int a = 0; a < kA; ++a) {
        const float v = c.q[size_t(s) * kA + size_t(a)];
        if (std::isnan(v)) continue;
        compact(buf, sizeof buf, v);
        textCentered(dl, small, ImVec2(mid.x + off[a].x * cellPx, mid.y + off[a].y * cellPx), text, buf);
      }
    } else if (ui.grid.numbers && (!ui.grid.qTriangles || !c.perAction) && vFits &&
               (c.perAction || c.scale > 1e-3f)) {
      std::snprintf(buf, sizeof buf, "%.2f", double(c.v[size_t(s)]));
      textCentered(dl, small, ImVec2(mid.x, p0.y + cellPx * 0.24f), text, buf);
    }
    if (ui.grid.rewards && g.reward[size_t(s)] != 0.f && width(small, "R +0.0") <= 0.9f * cellPx) {
      const ImU32 col = g.reward[size_t(s)] > 0 ? IM_COL32(150, 255, 170, 255) : IM_COL32(255, 170, 160, 255);
      if (qNumbers) {
        // The four Q numbers own the middle of each side; the centre, where the triangles meet, is free: the reward
        // goes there on a dark pill (in a corner it ran into the upper number, e.g. the cliff's −10).
        std::snprintf(buf, sizeof buf, "%+g", double(g.reward[size_t(s)]));
        const float tw = width(small * 0.9f, buf), th = small * 0.9f;
        dl->AddRectFilled(ImVec2(mid.x - tw * 0.5f - 2, mid.y - th * 0.5f - 1),
                          ImVec2(mid.x + tw * 0.5f + 2, mid.y + th * 0.5f + 1), IM_COL32(20, 22, 28, 200), 3.f);
        textCentered(dl, small * 0.9f, mid, col, buf);
      } else {
        std::snprintf(buf, sizeof buf, "R %+.1f", double(g.reward[size_t(s)]));
        textCentered(dl, small, ImVec2(mid.x, p0.y + cellPx * 0.8f), col, buf);
      }
    }
  }
}

void hoverReadout(const rl::GridRenderState& g, const rl::QInsight* qi, const rl::PolicyInsight* pi, int s) {
  ImGui::BeginTooltip();
  ImGui::Text("cell (%d, %d)   s = %d", s / g.height, s % g.height, s);
  if (g.wall[size_t(s)]) {
    ImGui::TextDisabled("wall");
  } else {
    ImGui::Text("reward %+.2f%s%s", double(g.reward[size_t(s)]), s == g.goal ? "  (goal)" : "", s == g.start ? "  (start)" : "");
    if (!g.vStar.empty()) ImGui::Text("V*(s) = %.4f", double(g.vStar[size_t(s)]));
    if (ImGui::BeginTable("q", 3, ImGuiTableFlags_SizingFixedFit)) {
      ImGui::TableSetupColumn("a");
      ImGui::TableSetupColumn(pi ? "π(a|s)" : "Q(s,a)");
      ImGui::TableSetupColumn("Q*(s,a)");
      ImGui::TableHeadersRow();
      for (int a = 0; a < kA; ++a) {
        if (!(g.actionMask[size_t(s)] >> a & 1)) continue;
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(actionArrow(a));
        ImGui::TableNextColumn();
        if (pi) ImGui::Text("%.3f", double(pi->table[size_t(s) * kA + size_t(a)]));
        else if (qi && qi->numStates == g.width * g.height) ImGui::Text("%.4f", double(qi->table[size_t(s) * kA + size_t(a)]));
        else ImGui::TextDisabled("—");
        ImGui::TableNextColumn();
        ImGui::Text("%.4f", double(g.qStar[size_t(s) * kA + size_t(a)]));
      }
      ImGui::EndTable();
    }
  }
  ImGui::TextDisabled("click: select & edit   right-click: toggle wall");
  ImGui::EndTooltip();
}

}  // namespace

void textCentered(ImDrawList* dl, float size, ImVec2 c, ImU32 col, const char* text) {
  ImFont* font = ImGui::GetFont();
  const ImVec2 ts = font->CalcTextSizeA(size, FLT_MAX, 0.f, text);
  dl->AddText(font, size, ImVec2(c.x - ts.x * 0.5f, c.y - ts.y * 0.5f), col, text);
}

void gridGeometry(const rl::Snapshot& s, const UiState& ui, Mesh& m, float w, float h) {
  const auto& g = std::get<rl::GridRenderState>(s.render);
  const rl::QInsight* qi = s.insights.q ? &*s.insights.q : nullptr;
  const rl::PolicyInsight* pi = policyTable(s, g);
  geometry(g, pi ? policyValues(g, *pi) : values(g, qi, ui.grid), ui, m,
           std::min(w, h), pi);
}

void gridOverlay(const rl::Snapshot& s, UiState& ui, ImVec2 origin, ImVec2 size) {
  const auto& g = std::get<rl::GridRenderState>(s.render);
  const rl::QInsight* qi = s.insights.q ? &*s.insights.q : nullptr;
  const float cellPx = std::min(size.x, size.y) / float(std::max(g.width, g.height));
  const rl::PolicyInsight* pi = policyTable(s, g);
  overlay(g, pi ? policyValues(g, *pi) : values(g, qi, ui.grid), ui, origin,
          cellPx);
  if (ui.offscreenOverlay || !ImGui::IsItemHovered()) return;
  const ImVec2 m = ImGui::GetMousePos();
  const int cx = int((m.x - origin.x) / cellPx), cy = int((m.y - origin.y) / cellPx);
  if (cx < 0 || cy < 0 || cx >= g.width || cy >= g.height) return;
  const int cell = cx * g.height + cy;
  if (ImGui::IsMouseClicked(ImGuiMouseButton_Left)) {
    ui.selectedCell = cell;
    ui.rewardEdit = g.reward[size_t(cell)];
  } else if (ImGui::IsMouseClicked(ImGuiMouseButton_Right)) {
    ui.send(rl::Command::editEnv({"wall", cell, g.wall[size_t(cell)] ? 0.0 : 1.0}));
  } else {
    hoverReadout(g, qi, policyTable(s, g), cell);
  }
}

}  // namespace gui
