// [SECTION] The gridworld viewport
//   1. values(): what each cell/triangle shows (learned Q, solver Q*, or |Q − Q*|)
//   2. GPU pass: cells as flat-coloured triangles → shaders/flat.{vert,frag} into the viewport FBO
//   3. overlay: numbers and reward labels (ImGui draw list over the image); arrows are geometry in the FBO
//   4. interaction: click selects, right-click toggles a wall, hover read-out
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <cstddef>

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

// Flat-coloured triangles in pixel coordinates, drawn with shaders/flat.{vert,frag}.
struct Mesh {
  struct V {
    float x, y;
    uint8_t r, g, b, a;
  };
  std::vector<V> v;
  void tri(ImVec2 a, ImVec2 b, ImVec2 c, std::array<uint8_t, 4> col) {
    for (ImVec2 p : {a, b, c}) v.push_back({p.x, p.y, col[0], col[1], col[2], col[3]});
  }
  void quad(ImVec2 a, ImVec2 b, ImVec2 c, ImVec2 d, std::array<uint8_t, 4> col) { tri(a, b, c, col), tri(a, c, d, col); }
  void rect(ImVec2 mn, ImVec2 mx, std::array<uint8_t, 4> col) { quad(mn, {mx.x, mn.y}, mx, {mn.x, mx.y}, col); }
  // A square ring between insets `from` and `to` (pixels from the outer edge of the box mn–mx).
  void ring(ImVec2 mn, ImVec2 mx, float from, float to, std::array<uint8_t, 4> col) {
    const ImVec2 o0(mn.x + from, mn.y + from), o1(mx.x - from, mx.y - from);
    const ImVec2 i0(mn.x + to, mn.y + to), i1(mx.x - to, mx.y - to);
    rect(o0, {o1.x, i0.y}, col), rect({o0.x, i1.y}, o1, col);
    rect({o0.x, i0.y}, {i0.x, i1.y}, col), rect({i1.x, i0.y}, {o1.x, i1.y}, col);
  }
  // An arrow from c in direction d (unit, axis-aligned), shaft half-width w, total length len.
  void arrow(ImVec2 c, ImVec2 d, float len, float w, std::array<uint8_t, 4> col) {
    const ImVec2 n(-d.y, d.x);
    const float head = std::max(len * 0.42f, w * 3.2f), shaft = len - head * 0.9f;
    auto at = [&](float along, float across) { return ImVec2(c.x + d.x * along + n.x * across, c.y + d.y * along + n.y * across); };
    quad(at(0, -w), at(shaft, -w), at(shaft, w), at(0, w), col);
    tri(at(len, 0), at(shaft - 0.1f * head, head * 0.55f), at(shaft - 0.1f * head, -head * 0.55f), col);
  }
  void disc(ImVec2 c, float r, std::array<uint8_t, 4> col) {
    const int n = 28;
    for (int i = 0; i < n; ++i) {
      const float a0 = 6.2831853f * float(i) / n, a1 = 6.2831853f * float(i + 1) / n;
      tri(c, {c.x + r * std::cos(a0), c.y + r * std::sin(a0)}, {c.x + r * std::cos(a1), c.y + r * std::sin(a1)}, col);
    }
  }
};

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
  if (ui.grid.qTriangles) {
    const ImVec2 corners[4] = {mn, {mx.x, mn.y}, mx, {mn.x, mx.y}};  // tl, tr, br, bl
    const int sides[4][2] = {{3, 0}, {0, 1}, {2, 3}, {1, 2}};        // left, up, down, right (action order)
    for (int a = 0; a < kA; ++a) {
      const float q = c.q[size_t(s) * kA + size_t(a)];
      m.tri(mid, corners[sides[a][0]], corners[sides[a][1]], std::isnan(q) ? std::array<uint8_t, 4>{28, 31, 36, 255} : ramp(q, c.scale));
    }
    const std::array<uint8_t, 4> dark{15, 16, 18, 255};
    const float h = 0.6f;  // half the diagonal line width, pixels
    m.quad({mn.x - h, mn.y + h}, {mn.x + h, mn.y - h}, {mx.x + h, mx.y - h}, {mx.x - h, mx.y + h}, dark);
    m.quad({mx.x - h, mn.y - h}, {mx.x + h, mn.y + h}, {mn.x + h, mx.y + h}, {mn.x - h, mx.y - h}, dark);
  } else {
    m.rect(mn, mx, ramp(c.v[size_t(s)], c.scale));
  }
  const float rw = g.reward[size_t(s)], k = cell / 100.f;
  if (rw != 0.f) m.ring(mn, mx, 3.f * k, 7.5f * k, rw > 0 ? std::array<uint8_t, 4>{89, 242, 128, 255} : std::array<uint8_t, 4>{255, 102, 89, 255});
  if (s == g.goal) m.ring(mn, mx, 3.f * k, 10.f * k, {255, 209, 64, 255});
  if (s == g.start) m.rect(mn, {mn.x + cell * 0.18f, mn.y + cell * 0.18f}, {89, 153, 255, 255});
}

void gpuPass(const rl::GridRenderState& g, const CellValues& c, const UiState& ui, GridRenderer& r, int px) {
  if (r.program == 0 && r.error.empty()) {
    try {
      r.program = buildProgram("flat.vert", "flat.frag");
    } catch (const std::exception& e) {
      r.error = e.what();
    }
  }
  r.fbo.ensureSize(px, px);
  const float cell = float(px) / float(std::max(g.width, g.height));
  Mesh m;
  m.v.reserve(size_t(g.width * g.height) * 60);
  for (int s = 0; s < g.width * g.height; ++s) cellGeometry(m, g, c, ui, s, cell);
  auto center = [&](int s) { return ImVec2((float(s / g.height) + 0.5f) * cell, (float(s % g.height) + 0.5f) * cell); };
  if (ui.selectedCell >= 0) {
    const ImVec2 p = center(ui.selectedCell), h(cell * 0.5f, cell * 0.5f);
    m.ring({p.x - h.x, p.y - h.y}, {p.x + h.x, p.y + h.y}, 0.f, std::max(2.f, cell * 0.04f), {255, 255, 255, 255});
  }
  if (ui.grid.arrows && !ui.grid.error) {  // greedy-policy arrows, a dark halo under each so it reads on any colour
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

  r.fbo.bind();
  glClearColor(0.05f, 0.06f, 0.07f, 1.f);  // shows between the cells as grid lines
  glClear(GL_COLOR_BUFFER_BIT);
  if (r.program) {
    if (!r.vao) {
      glGenVertexArrays(1, &r.vao);
      glGenBuffers(1, &r.vbo);
    }
    glBindVertexArray(r.vao);
    glBindBuffer(GL_ARRAY_BUFFER, r.vbo);
    glBufferData(GL_ARRAY_BUFFER, GLsizeiptr(m.v.size() * sizeof(Mesh::V)), m.v.data(), GL_STREAM_DRAW);
    glEnableVertexAttribArray(0);
    glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, sizeof(Mesh::V), nullptr);
    glEnableVertexAttribArray(1);
    glVertexAttribPointer(1, 4, GL_UNSIGNED_BYTE, GL_TRUE, sizeof(Mesh::V), reinterpret_cast<void*>(offsetof(Mesh::V, r)));
    glUseProgram(r.program);
    glUniform2f(glGetUniformLocation(r.program, "uResolution"), float(px), float(px));
    glDisable(GL_BLEND);
    glDisable(GL_SCISSOR_TEST);
    glDrawArrays(GL_TRIANGLES, 0, GLsizei(m.v.size()));
    glBindVertexArray(0);
    glUseProgram(0);
  }
  Framebuffer::unbind();
}

void textCentered(ImDrawList* dl, ImFont* font, float size, ImVec2 c, ImU32 col, const char* text) {
  const ImVec2 ts = font->CalcTextSizeA(size, FLT_MAX, 0.f, text);
  dl->AddText(font, size, ImVec2(c.x - ts.x * 0.5f, c.y - ts.y * 0.5f), col, text);
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
  ImDrawList* dl = ImGui::GetWindowDrawList();
  ImFont* font = ImGui::GetFont();
  const bool qNumbers = ui.grid.numbers && ui.grid.qTriangles && cellPx >= 64.f;
  const float small = std::clamp(cellPx * (qNumbers ? 0.16f : 0.2f), 9.f, 14.f);
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
        textCentered(dl, font, small, ImVec2(mid.x + off[a].x * cellPx, mid.y + off[a].y * cellPx), text, buf);
      }
    } else if (ui.grid.numbers && !ui.grid.qTriangles && cellPx >= 40.f) {
      std::snprintf(buf, sizeof buf, "%.2f", double(c.v[size_t(s)]));
      textCentered(dl, font, small, ImVec2(mid.x, p0.y + cellPx * 0.24f), text, buf);
    }
    if (ui.grid.rewards && g.reward[size_t(s)] != 0.f && cellPx >= 34.f) {
      const ImU32 col = g.reward[size_t(s)] > 0 ? IM_COL32(150, 255, 170, 255) : IM_COL32(255, 170, 160, 255);
      if (qNumbers) {  // the triangles' numbers own the middle of each side: the reward goes in the corner
        std::snprintf(buf, sizeof buf, "%+g", double(g.reward[size_t(s)]));
        dl->AddText(font, small, ImVec2(p0.x + cellPx * 0.09f, p0.y + cellPx * 0.08f), col, buf);
      } else {
        std::snprintf(buf, sizeof buf, "R %+.1f", double(g.reward[size_t(s)]));
        textCentered(dl, font, small, ImVec2(mid.x, p0.y + cellPx * 0.8f), col, buf);
      }
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
  if (vbo) glDeleteBuffers(1, &vbo);
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
