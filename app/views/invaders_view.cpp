// [SECTION] Invaders viewport: a header strip (score, wave, alien speed) over the 10×10 board. Each object kind has
// its own shape and colour: the cannon, aliens with a marker on the side they are marching toward, your shots
// (yellow bars) and the aliens' (red diamonds).
#include <cmath>
#include <cstdio>

#include "app/views/env_views.hpp"

namespace gui {

namespace {

constexpr float kHeader = 0.1f;  // fraction of the height for the header strip

struct Layout {
  float cell, x0, y0;  // board origin and cell size in pixels
  ImVec2 at(int r, int c, float fx = 0.f, float fy = 0.f) const {
    return {x0 + (float(c) + fx) * cell, y0 + (float(r) + fy) * cell};
  }
};

Layout layout(float w, float h) {
  const float cell = std::floor(std::min(w, h * (1.f - kHeader)) / 10.f);
  return {cell, std::floor((w - 10.f * cell) * 0.5f), std::floor(h * kHeader + (h * (1.f - kHeader) - 10.f * cell) * 0.5f)};
}

void alien(Mesh& m, const Layout& L, int r, int c, int direction) {
  const Rgba body{196, 92, 255, 255}, dark{60, 20, 90, 255}, marker{255, 214, 102, 255};
  m.rect(L.at(r, c, 0.2f, 0.25f), L.at(r, c, 0.8f, 0.62f), body);  // head
  m.rect(L.at(r, c, 0.1f, 0.4f), L.at(r, c, 0.9f, 0.55f), body);   // arms
  m.rect(L.at(r, c, 0.22f, 0.62f), L.at(r, c, 0.34f, 0.78f), body);  // legs
  m.rect(L.at(r, c, 0.66f, 0.62f), L.at(r, c, 0.78f, 0.78f), body);
  m.rect(L.at(r, c, 0.33f, 0.34f), L.at(r, c, 0.43f, 0.44f), dark);  // eyes
  m.rect(L.at(r, c, 0.57f, 0.34f), L.at(r, c, 0.67f, 0.44f), dark);
  // The marching direction: a small arrowhead beside the body (channels alien_left / alien_right).
  const float s = direction < 0 ? -1.f : 1.f, cx = direction < 0 ? 0.06f : 0.94f;
  m.tri(L.at(r, c, cx, 0.47f), L.at(r, c, cx - s * 0.1f, 0.36f), L.at(r, c, cx - s * 0.1f, 0.58f), marker);
}

}  // namespace

void invadersGeometry(const rl::Snapshot& s, const UiState&, Mesh& m, float w, float h) {
  const auto& st = std::get<rl::InvadersRenderState>(s.render);
  const Layout L = layout(w, h);
  // Board: dark cells with faint grid lines.
  m.rect({L.x0 - 2, L.y0 - 2}, {L.x0 + 10 * L.cell + 2, L.y0 + 10 * L.cell + 2}, {40, 44, 60, 255});
  for (int r = 0; r < 10; ++r)
    for (int c = 0; c < 10; ++c) m.rect(L.at(r, c, 0.03f, 0.03f), L.at(r, c, 0.97f, 0.97f), r == 9 ? Rgba{20, 26, 30, 255} : Rgba{14, 16, 26, 255});
  for (int r = 0; r < 10; ++r)
    for (int c = 0; c < 10; ++c) {
      if (st.aliens[size_t(r)] >> c & 1) alien(m, L, r, c, st.direction);
      if (st.friendly[size_t(r)] >> c & 1) m.rect(L.at(r, c, 0.44f, 0.15f), L.at(r, c, 0.56f, 0.85f), {255, 230, 90, 255});
      if (st.enemy[size_t(r)] >> c & 1)
        m.quad(L.at(r, c, 0.5f, 0.2f), L.at(r, c, 0.68f, 0.5f), L.at(r, c, 0.5f, 0.8f), L.at(r, c, 0.32f, 0.5f), {255, 80, 70, 255});
    }
  // The cannon: a base and a barrel; the barrel dims while the gun cools down.
  const int c = st.cannon;
  const Rgba cannon = st.terminal ? Rgba{255, 80, 70, 255} : Rgba{80, 230, 140, 255};
  m.rect(L.at(9, c, 0.12f, 0.55f), L.at(9, c, 0.88f, 0.85f), cannon);
  m.rect(L.at(9, c, 0.4f, st.shotCooldown > 0 ? 0.38f : 0.18f), L.at(9, c, 0.6f, 0.56f),
         st.shotCooldown > 0 ? Rgba{50, 120, 80, 255} : cannon);
  // Header: score (left), the wave number as pips, and the alien speed as a bar (move interval 12 → 6).
  const float hh = h * kHeader, dh = std::floor(hh * 0.45f), y = std::floor((hh - dh) * 0.5f);
  m.text(std::to_string(st.score), {L.x0, y}, dh, {240, 240, 240, 255});
  const float right = L.x0 + 10 * L.cell;
  const float barW = L.cell * 2.5f, speed = float(12 - st.moveInterval) / 6.f;
  m.rect({right - barW, y}, {right, y + dh}, {40, 44, 60, 255});
  m.rect({right - barW, y}, {right - barW + barW * std::max(speed, 0.04f), y + dh}, {255, 140, 60, 255});
  for (int i = 0; i <= std::min(st.rampIndex, 12); ++i) {
    const float x = right - barW - L.cell * 0.6f - float(i) * dh * 0.8f;
    m.tri({x, y + dh}, {x - dh * 0.3f, y}, {x + dh * 0.3f, y}, {196, 92, 255, 255});
  }
}

void invadersOverlay(const rl::Snapshot& s, UiState& ui, ImVec2 origin, ImVec2 size) {
  const auto& st = std::get<rl::InvadersRenderState>(s.render);
  const Layout L = layout(size.x, size.y);
  ImDrawList* dl = overlayList(ui);
  const float font = std::clamp(size.y * 0.034f, px(11.f), px(16.f));
  const float y = origin.y + size.y * kHeader * 0.5f;
  const float right = origin.x + L.x0 + 10 * L.cell;
  char buf[64];
  std::snprintf(buf, sizeof buf, "score");
  dl->AddText(ImGui::GetFont(), font, ImVec2(origin.x + L.x0 + L.cell * 1.6f, y - font * 0.55f), IM_COL32(170, 175, 190, 255), buf);
  std::snprintf(buf, sizeof buf, "wave %d · speed", st.rampIndex + 1);
  const ImVec2 ts = ImGui::GetFont()->CalcTextSizeA(font, FLT_MAX, 0, buf);
  dl->AddText(ImGui::GetFont(), font,
              ImVec2(right - L.cell * 2.5f - L.cell * 0.8f - float(std::min(st.rampIndex, 12) + 1) * size.y * kHeader * 0.36f - ts.x,
                     y - font * 0.55f),
              IM_COL32(170, 175, 190, 255), buf);
  if (!ui.offscreenOverlay && ImGui::IsItemHovered()) {
    static const char* names[6] = {"no-op", "left", "up", "right", "down", "fire"};
    ImGui::SetTooltip("cannon column %d   last action: %s%s\naliens move every %d steps   gun %s", st.cannon,
                      names[std::clamp(st.lastAction, 0, 5)], st.terminal ? "   (hit!)" : "", st.moveInterval,
                      st.shotCooldown > 0 ? "cooling down" : "ready");
  }
  (void)ui;
}

}  // namespace gui
