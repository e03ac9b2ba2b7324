// [SECTION] Pendulum viewport: the rod and bob, the upright target, a torque arc whose length and direction follow
// the applied torque u, and a fading trail of the bob's recent positions.
#include <cmath>
#include <numbers>
#include <cstdio>

#include "app/views/env_views.hpp"

namespace gui {

namespace {
ImVec2 bob(ImVec2 pivot, float len, double theta) {  // θ = 0 is upright; screen y points down
  return {pivot.x + len * float(std::sin(theta)), pivot.y - len * float(std::cos(theta))};
}
}  // namespace

void pendulumGeometry(const rl::Snapshot& s, const UiState& ui, Mesh& m, float w, float h) {
  const auto& st = std::get<rl::PendulumRenderState>(s.render);
  const float side = std::min(w, h), len = side * 0.34f;
  const ImVec2 pivot(w * 0.5f, h * 0.5f);
  // Reach circle and the upright target.
  m.arc(pivot, len, 0.f, 6.2831853f, std::max(1.f, side * 0.003f), {44, 48, 58, 255});
  const ImVec2 top = bob(pivot, len, 0.0);
  m.disc(top, side * 0.045f, {70, 160, 90, 110}, 32);
  m.arc(top, side * 0.045f, 0.f, 6.2831853f, std::max(1.5f, side * 0.005f), {100, 220, 130, 255});
  // Trail: older positions fainter.
  const auto& trail = ui.pendulumTrail;
  for (size_t i = 0; i < trail.size(); ++i) {
    const float a = float(i + 1) / float(trail.size() + 1);
    m.disc(bob(pivot, len, trail[i]), side * (0.012f + 0.018f * a), {110, 170, 255, uint8_t(30 + 120 * a)}, 16);
  }
  // Torque arc around the pivot: length ∝ |u|, an arrowhead shows the direction (positive u accelerates θ).
  const float frac = float(std::clamp(st.torque / st.maxTorque, -1.0, 1.0));
  if (std::abs(frac) > 0.01f) {
    const float r = side * 0.12f, start = -1.5707963f + float(st.theta), sweep = frac * 2.6f;
    m.arc(pivot, r, start, start + sweep, side * 0.018f, {255, 160, 60, 230});
    const float end = start + sweep, dir = frac > 0 ? 1.f : -1.f;
    const ImVec2 tip(pivot.x + r * std::cos(end + dir * 0.25f), pivot.y + r * std::sin(end + dir * 0.25f));
    const ImVec2 e1(pivot.x + (r - side * 0.03f) * std::cos(end), pivot.y + (r - side * 0.03f) * std::sin(end));
    const ImVec2 e2(pivot.x + (r + side * 0.03f) * std::cos(end), pivot.y + (r + side * 0.03f) * std::sin(end));
    m.tri(tip, e1, e2, {255, 160, 60, 230});
  }
  // Rod, bob, pivot.
  const ImVec2 b = bob(pivot, len, st.theta);
  m.line(pivot, b, side * 0.035f, {200, 90, 80, 255});
  m.disc(b, side * 0.05f, {230, 110, 95, 255}, 32);
  m.disc(pivot, side * 0.022f, {20, 20, 24, 255});
  m.disc(pivot, side * 0.014f, {200, 200, 210, 255});
}

void pendulumOverlay(const rl::Snapshot& s, UiState& ui, ImVec2 origin, ImVec2 size) {
  const auto& st = std::get<rl::PendulumRenderState>(s.render);
  // The trail is view state: one position per new snapshot, cleared at an episode start.
  if (s.version != ui.trailVersion) {
    if (st.stepInEpisode < ui.trailStep) ui.pendulumTrail.clear();
    ui.pendulumTrail.push_back(float(st.theta));
    while (ui.pendulumTrail.size() > 24) ui.pendulumTrail.pop_front();
    ui.trailVersion = s.version;
    ui.trailStep = st.stepInEpisode;
  }
  ImDrawList* dl = overlayList(ui);
  char buf[96];
  const double wrapped = std::remainder(st.theta, 2.0 * std::numbers::pi);  // θ in [−π, π], 0 upright (the lens's axis)
  std::snprintf(buf, sizeof buf, "step %d / 200    θ %+.2f rad    ω %+.2f rad/s", st.stepInEpisode, wrapped, st.thetaDot);
  // The read-out grows with the UI scale but never runs past the view's edge: a small view (classroom mode on a
  // laptop) gets a smaller type.
  float font = std::clamp(size.y * 0.03f, px(11.f), px(16.f));
  const float lineW = ImGui::GetFont()->CalcTextSizeA(font, FLT_MAX, 0.f, buf).x;
  if (lineW > size.x - 20.f) font *= (size.x - 20.f) / lineW;
  dl->AddText(ImGui::GetFont(), font, ImVec2(origin.x + 10, origin.y + 8), IM_COL32(200, 205, 215, 255), buf);
  std::snprintf(buf, sizeof buf, "torque %+.2f    reward %+.2f", st.torque, st.lastReward);
  dl->AddText(ImGui::GetFont(), font, ImVec2(origin.x + 10, origin.y + 10 + font * 1.3f), IM_COL32(255, 180, 110, 255), buf);
  // "upright" above the target, unless the read-out's two lines already reach down there (then the green ring alone).
  const float labelY = origin.y + size.y * 0.5f - std::min(size.x, size.y) * 0.42f;
  if (labelY - font * 0.6f > origin.y + 12 + font * 2.4f)
    textCentered(dl, font, ImVec2(origin.x + size.x * 0.5f, labelY), IM_COL32(120, 220, 140, 255), "upright");
}

}  // namespace gui
