// [SECTION] GAN 1-D viewport: the x axis, the target density as a filled curve, recent real samples (blue ticks
// above the axis) and generated ones (orange ticks below). Dragging over the plot paints the drawn density.
#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdio>

#include "app/views/env_views.hpp"

namespace gui {

namespace {
struct Plot {
  float x0, x1, base, top;  // pixels
  double lo, hi;
  float sx(double x) const { return x0 + float((x - lo) / (hi - lo)) * (x1 - x0); }
  double xAt(float px) const { return lo + double((px - x0) / (x1 - x0)) * (hi - lo); }
};
Plot plotBox(const rl::Gan1dRenderState& st, float w, float h) {
  return {w * 0.14f, w * 0.96f, h * 0.72f, h * 0.12f, st.lo, st.hi};  // left gutter: the rows' labels
}
}  // namespace

void ganGeometry(const rl::Snapshot& s, const UiState&, Mesh& m, float w, float h) {
  const auto& st = std::get<rl::Gan1dRenderState>(s.render);
  const Plot P = plotBox(st, w, h);
  float peak = 1e-6f;
  for (float d : st.density) peak = std::max(peak, d);
  const float scale = (P.base - P.top) / peak;
  // Density: a filled area with a brighter edge.
  const size_t n = st.density.size();
  for (size_t i = 0; i + 1 < n; ++i) {
    const float xa = P.sx(st.lo + (st.hi - st.lo) * (double(i) + 0.5) / double(n));
    const float xb = P.sx(st.lo + (st.hi - st.lo) * (double(i) + 1.5) / double(n));
    const float ya = P.base - st.density[i] * scale, yb = P.base - st.density[i + 1] * scale;
    m.quad({xa, ya}, {xb, yb}, {xb, P.base}, {xa, P.base}, {79, 195, 247, 70});
    m.line({xa, ya}, {xb, yb}, std::max(1.5f, h * 0.005f), {79, 195, 247, 255});
  }
  // Axis with ticks at every integer.
  m.rect({P.x0, P.base}, {P.x1, P.base + std::max(1.5f, h * 0.004f)}, {150, 155, 165, 255});
  for (int x = int(std::ceil(st.lo)); x <= int(std::floor(st.hi)); ++x)
    m.rect({P.sx(x) - 0.75f, P.base}, {P.sx(x) + 0.75f, P.base + h * (x % 2 == 0 ? 0.025f : 0.014f)}, {150, 155, 165, 255});
  // Samples: real above the axis band, generated below; newer ticks brighter.
  const float tick = h * 0.05f, y0 = P.base + h * 0.08f;
  for (size_t i = 0; i < st.real.size(); ++i) {
    const uint8_t a = uint8_t(60 + 195 * (i + 1) / st.real.size());
    m.rect({P.sx(st.real[i]) - 1.f, y0}, {P.sx(st.real[i]) + 1.f, y0 + tick}, {79, 195, 247, a});
  }
  for (size_t i = 0; i < st.fake.size(); ++i) {
    const uint8_t a = uint8_t(60 + 195 * (i + 1) / st.fake.size());
    m.rect({P.sx(st.fake[i]) - 1.f, y0 + tick * 1.4f}, {P.sx(st.fake[i]) + 1.f, y0 + tick * 2.4f}, {255, 167, 38, a});
  }
}

void ganOverlay(const rl::Snapshot& s, UiState& ui, ImVec2 origin, ImVec2 size) {
  const auto& st = std::get<rl::Gan1dRenderState>(s.render);
  const Plot P = plotBox(st, size.x, size.y);
  ImDrawList* dl = overlayList(ui);
  const float font = std::clamp(size.y * 0.045f, px(11.f), px(16.f));
  char buf[64];
  for (int x = int(std::ceil(st.lo)); x <= int(std::floor(st.hi)); x += 2) {
    std::snprintf(buf, sizeof buf, "%d", x);
    textCentered(dl, font, ImVec2(origin.x + P.sx(x), origin.y + P.base + size.y * 0.045f), IM_COL32(160, 165, 175, 255), buf);
  }
  const float y0 = origin.y + P.base + size.y * 0.08f, tick = size.y * 0.05f;
  // The rows' labels end just left of the plot, where no tick can be drawn.
  auto label = [&](float y, ImU32 col, const char* text) {
    const float tw = ImGui::GetFont()->CalcTextSizeA(font, FLT_MAX, 0.f, text).x;
    dl->AddText(ImGui::GetFont(), font, ImVec2(origin.x + std::max(4.f, P.x0 - tw - 6.f), y), col, text);
  };
  label(y0, IM_COL32(79, 195, 247, 255), "real");
  label(y0 + tick * 1.4f, IM_COL32(255, 167, 38, 255), "generated");
  std::snprintf(buf, sizeof buf, "target: %s   (drag on the plot to draw your own density)", st.target.c_str());
  dl->AddText(ImGui::GetFont(), font, ImVec2(origin.x + 8, origin.y + 6), IM_COL32(200, 205, 215, 255), buf);
  if (ui.offscreenOverlay || !ImGui::IsItemHovered()) return;
  // Painting: the bin under the mouse gets the height of the mouse above the axis (relative to the plot's top).
  const ImVec2 mp = ImGui::GetMousePos();
  const float mx = mp.x - origin.x, my = mp.y - origin.y;
  if (mx < P.x0 || mx >= P.x1 || my > P.base) return;
  const double x = P.xAt(mx);
  if (ImGui::IsMouseDown(ImGuiMouseButton_Left)) {
    const int bin = std::clamp(int((x - st.lo) / (st.hi - st.lo) * 64.0), 0, 63);
    const double weight = std::clamp(double((P.base - my) / (P.base - P.top)), 0.0, 1.0);
    if (bin != ui.lastPaintedBin || std::abs(weight - ui.lastPaintedWeight) > 0.02) {
      ui.send(rl::Command::editEnv({"bin", bin, weight}));
      ui.lastPaintedBin = bin;
      ui.lastPaintedWeight = weight;
    }
  } else {
    ui.lastPaintedBin = -1;
    if (ui.human && ImGui::IsMouseClicked(ImGuiMouseButton_Right)) ui.send(rl::Command::humanContinuous(x));
    ImGui::SetTooltip("x = %+.2f%s", x, ui.human ? "\nright-click: propose this sample" : "");
  }
}

}  // namespace gui
