// [SECTION] The gridworld viewport
//   1. values(): what each cell/triangle shows (learned Q, solver Q*, or |Q − Q*|)
//   2. GPU pass: per-cell data textures → shaders/gridworld.frag into the viewport FBO
//   3. overlay: numbers, reward labels, policy arrows (ImGui draw list over the image)
//   4. interaction: click selects, right-click toggles a wall, hover read-out
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "app/ui/fast_fill.hpp"
#include "app/views/views.hpp"

namespace gui {

namespace {

constexpr int kA = 4;

struct CellValues {
  std::vector<float> q;       // per state × 4 (NaN where not offered)
  std::vector<float> v;       // per state
  std::vector<uint8_t> best;  // per state: greedy action bits
  float scale = 1.f;
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
    float pol[kA], bestPol = -INFINITY, bestShown = -INFINITY;
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

// Diverging colour ramp: red (negative) ← dark slate (0) → green (positive); a mild gamma keeps small values
// visible while the order of larger ones stays readable.
std::array<uint8_t, 4> ramp(float v, float scale) {
  const float t = std::clamp(v / std::max(scale, 1e-6f), -1.f, 1.f);
  const float m = std::pow(std::abs(t), 0.7f);
  const float zero[3] = {0.16f, 0.18f, 0.22f}, pos[3] = {0.15f, 0.72f, 0.38f}, neg[3] = {0.86f, 0.26f, 0.24f};
  const float* to = t >= 0 ? pos : neg;
  std::array<uint8_t, 4> out{};
  for (int i = 0; i < 3; ++i) out[size_t(i)] = uint8_t(std::lround(255.f * (zero[i] + (to[i] - zero[i]) * m)));
  out[3] = 255;
  return out;
}

void gpuPass(const rl::GridRenderState& g, const CellValues& c, const UiState& ui, GridRenderer& r, int px) {
  if (r.program == 0 && r.error.empty()) {
    try {
      r.program = buildProgram("fullscreen.vert", "gridworld.frag");
    } catch (const std::exception& e) {
      r.error = e.what();
    }
  }
  r.fbo.ensureSize(px, px);
  // Texel row y, column 5x+k: the four triangle colours of cell (x, y), then its flags.
  std::vector<uint8_t> tex(size_t(g.width) * 5 * size_t(g.height) * 4, 0);
  for (int s = 0; s < g.width * g.height; ++s) {
    const int x = s / g.height, y = s % g.height;
    uint8_t* t = &tex[(size_t(y) * size_t(g.width) * 5 + size_t(x) * 5) * 4];
    for (int a = 0; a < kA; ++a) {
      const float q = c.q[size_t(s) * kA + size_t(a)];
      const auto rgba = ui.grid.qTriangles ? (std::isnan(q) ? std::array<uint8_t, 4>{28, 31, 36, 255} : ramp(q, c.scale))
                                           : ramp(c.v[size_t(s)], c.scale);
      std::copy(rgba.begin(), rgba.end(), t + 4 * a);
    }
    const float rw = g.reward[size_t(s)];
    t[16] = g.wall[size_t(s)] ? 255 : 0;
    t[17] = rw > 0 ? 255 : rw < 0 ? 128 : 0;
    t[18] = s == g.goal ? 255 : 0;
    t[19] = s == g.start ? 255 : 0;
  }
  r.cells.upload(g.width * 5, g.height, tex.data());
  r.fbo.bind();
  if (r.program) {
    if (!r.vao) glGenVertexArrays(1, &r.vao);  // the core profile needs a bound VAO to draw
    glBindVertexArray(r.vao);
    glUseProgram(r.program);
    glActiveTexture(GL_TEXTURE0);
    glBindTexture(GL_TEXTURE_2D, r.cells.id());
    auto loc = [&](const char* name) { return glGetUniformLocation(r.program, name); };
    glUniform1i(loc("uCells"), 0);
    glUniform2f(loc("uResolution"), float(px), float(px));
    glUniform2f(loc("uGrid"), float(g.width), float(g.height));
    glUniform1i(loc("uMode"), ui.grid.qTriangles ? 1 : 0);
    auto cellXY = [&](int s) { return s < 0 ? ImVec2(-1, -1) : ImVec2(float(s / g.height), float(s % g.height)); };
    const ImVec2 agent = cellXY(g.agent), sel = cellXY(ui.selectedCell);
    glUniform2f(loc("uAgent"), agent.x, agent.y);
    glUniform2f(loc("uSelected"), sel.x, sel.y);
    glDrawArrays(GL_TRIANGLES, 0, 6);
    glBindVertexArray(0);
    glUseProgram(0);
  } else {
    glClearColor(0.05f, 0.06f, 0.07f, 1.f);
    glClear(GL_COLOR_BUFFER_BIT);
  }
  Framebuffer::unbind();
}

void textCentered(ImDrawList* dl, ImFont* font, float size, ImVec2 c, ImU32 col, const char* text) {
  const ImVec2 ts = font->CalcTextSizeA(size, FLT_MAX, 0.f, text);
  dl->AddText(font, size, ImVec2(c.x - ts.x * 0.5f, c.y - ts.y * 0.5f), col, text);
}

void arrow(ImDrawList* dl, ImVec2 c, int a, float len, ImU32 col, float thick) {
  static const ImVec2 dirs[kA] = {{-1, 0}, {0, -1}, {0, 1}, {1, 0}};
  const ImVec2 d = dirs[a];
  const ImVec2 tip(c.x + d.x * len, c.y + d.y * len);
  dl->AddLine(c, tip, col, thick);
  const ImVec2 n(-d.y, d.x);
  const float h = len * 0.38f;
  dl->AddTriangleFilled(ImVec2(tip.x + d.x * h * 0.6f, tip.y + d.y * h * 0.6f),
                        ImVec2(tip.x - d.x * h * 0.2f + n.x * h * 0.5f, tip.y - d.y * h * 0.2f + n.y * h * 0.5f),
                        ImVec2(tip.x - d.x * h * 0.2f - n.x * h * 0.5f, tip.y - d.y * h * 0.2f - n.y * h * 0.5f), col);
}

void overlay(const rl::GridRenderState& g, const CellValues& c, const UiState& ui, ImVec2 origin, float cellPx) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  ImFont* font = ImGui::GetFont();
  const float small = std::clamp(cellPx * 0.2f, 9.f, 14.f);
  char buf[32];
  for (int s = 0; s < g.width * g.height; ++s) {
    if (g.wall[size_t(s)]) continue;
    const ImVec2 p0(origin.x + float(s / g.height) * cellPx, origin.y + float(s % g.height) * cellPx);
    const ImVec2 mid(p0.x + cellPx * 0.5f, p0.y + cellPx * 0.5f);
    const ImU32 text = IM_COL32(235, 238, 242, 230);
    if (ui.grid.numbers && ui.grid.qTriangles && cellPx >= 66.f) {
      static const ImVec2 off[kA] = {{-0.33f, 0}, {0, -0.34f}, {0, 0.34f}, {0.33f, 0}};
      for (int a = 0; a < kA; ++a) {
        const float v = c.q[size_t(s) * kA + size_t(a)];
        if (std::isnan(v)) continue;
        std::snprintf(buf, sizeof buf, "%.2f", double(v));
        textCentered(dl, font, small, ImVec2(mid.x + off[a].x * cellPx, mid.y + off[a].y * cellPx), text, buf);
      }
    } else if (ui.grid.numbers && !ui.grid.qTriangles && cellPx >= 40.f) {
      std::snprintf(buf, sizeof buf, "%.2f", double(c.v[size_t(s)]));
      textCentered(dl, font, small, ImVec2(mid.x, p0.y + cellPx * 0.24f), text, buf);
    }
    if (ui.grid.rewards && g.reward[size_t(s)] != 0.f && cellPx >= 34.f) {
      std::snprintf(buf, sizeof buf, "R %+.1f", double(g.reward[size_t(s)]));
      const ImU32 col = g.reward[size_t(s)] > 0 ? IM_COL32(150, 255, 170, 255) : IM_COL32(255, 170, 160, 255);
      textCentered(dl, font, small, ImVec2(mid.x, p0.y + cellPx * 0.8f), col, buf);
    }
    if (ui.grid.arrows && s != g.goal && !ui.grid.error) {
      const float len = cellPx * 0.24f, thick = std::max(2.f, cellPx * 0.045f);
      for (int a = 0; a < kA; ++a)  // dark halo first so the arrow reads on any cell colour
        if (c.best[size_t(s)] >> a & 1) arrow(dl, mid, a, len, IM_COL32(10, 12, 14, 200), thick + 2.5f);
      for (int a = 0; a < kA; ++a)
        if (c.best[size_t(s)] >> a & 1) arrow(dl, mid, a, len, IM_COL32(245, 245, 245, 255), thick);
    }
  }
}

void hoverReadout(const rl::GridRenderState& g, const rl::QInsight* qi, int s) {
  ImGui::BeginTooltip();
  ImGui::Text("cell (%d, %d)   s = %d", s / g.height, s % g.height, s);
  if (g.wall[size_t(s)]) {
    ImGui::TextDisabled("wall");
  } else {
    ImGui::Text("reward %+.2f%s%s", double(g.reward[size_t(s)]), s == g.goal ? "  (goal)" : "", s == g.start ? "  (start)" : "");
    if (!g.vStar.empty()) ImGui::Text("V*(s) = %.4f", double(g.vStar[size_t(s)]));
    if (ImGui::BeginTable("q", 3, ImGuiTableFlags_SizingFixedFit)) {
      ImGui::TableSetupColumn("a");
      ImGui::TableSetupColumn("Q(s,a)");
      ImGui::TableSetupColumn("Q*(s,a)");
      ImGui::TableHeadersRow();
      for (int a = 0; a < kA; ++a) {
        if (!(g.actionMask[size_t(s)] >> a & 1)) continue;
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(actionArrow(a));
        ImGui::TableNextColumn();
        if (qi && qi->numStates == g.width * g.height) ImGui::Text("%.4f", double(qi->table[size_t(s) * kA + size_t(a)]));
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

GridRenderer::~GridRenderer() {
  if (program) glDeleteProgram(program);
  if (vao) glDeleteVertexArrays(1, &vao);
}

void drawEnvViewport(const rl::Snapshot& s, UiState& ui, GridRenderer& r, ImVec2 size) {
  const auto* g = std::get_if<rl::GridRenderState>(&s.render);
  if (!g || g->width == 0) {
    ImGui::TextDisabled("This environment has no viewport yet.");
    return;
  }
  const rl::QInsight* qi = s.insights.q ? &*s.insights.q : nullptr;
  const float side = std::floor(std::min(size.x, size.y));
  const float cellPx = side / float(std::max(g->width, g->height));
  const CellValues c = values(*g, qi, ui.grid);
  // Re-render the FBO only when what it shows changed: a new snapshot, an overlay switch, the selection, the size.
  const GridOverlay& o = ui.grid;
  const uint64_t key = s.version * 1000003ULL ^ uint64_t(ui.selectedCell + 1) * 7919ULL ^ uint64_t(side) * 104729ULL ^
                       uint64_t(o.qTriangles | o.solver << 1 | o.error << 2) << 56;
  if (key != r.renderedKey || !r.fbo.id()) {
    gpuPass(*g, c, ui, r, int(side));
    r.renderedKey = key;
  }
  // Centre the square image in the available region.
  const ImVec2 cur = ImGui::GetCursorScreenPos();
  const ImVec2 origin(cur.x + std::floor((size.x - side) * 0.5f), cur.y + std::floor((size.y - side) * 0.5f));
  ImGui::SetCursorScreenPos(origin);
  // The FBO is shown 1:1, so a framebuffer blit replaces a textured, blended quad (see app/ui/fast_fill.hpp).
  ImGui::InvisibleButton("##viewport", ImVec2(side, side), ImGuiButtonFlags_MouseButtonLeft | ImGuiButtonFlags_MouseButtonRight);
  ui::blitFramebuffer(ImGui::GetWindowDrawList(), r.fbo.id(), r.fbo.width(), r.fbo.height(), origin);
  recordItem(ui, "viewport");
  if (!r.error.empty()) {
    ImGui::GetWindowDrawList()->AddText(ImVec2(origin.x + 8, origin.y + 8), IM_COL32(255, 120, 120, 255), r.error.c_str());
    return;
  }
  overlay(*g, c, ui, origin, cellPx);

  // Interaction.
  if (ImGui::IsItemHovered()) {
    const ImVec2 m = ImGui::GetMousePos();
    const int cx = int((m.x - origin.x) / cellPx), cy = int((m.y - origin.y) / cellPx);
    if (cx >= 0 && cy >= 0 && cx < g->width && cy < g->height) {
      const int cell = cx * g->height + cy;
      if (ImGui::IsMouseClicked(ImGuiMouseButton_Left)) {
        ui.selectedCell = cell;
        ui.rewardEdit = g->reward[size_t(cell)];
      } else if (ImGui::IsMouseClicked(ImGuiMouseButton_Right)) {
        ui.send(rl::Command::editEnv({"wall", cell, g->wall[size_t(cell)] ? 0.0 : 1.0}));
      } else {
        hoverReadout(*g, qi, cell);
      }
    }
  }
}

}  // namespace gui
