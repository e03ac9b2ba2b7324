// [SECTION] The Dirac-GAN phase portrait, read top to bottom:
//   controls (loss, update rule, h, γ, start, K, zoom, presets) → layout (gutters for the tick labels, a square plot,
//   the legend under it) → grid and axes → the field as arrows → the equilibrium → the trajectory (fading in from
//   the start, arrowheads along it) with its start and end marked → the legend → hover read-out and click-to-start
//   → the text read-out under the plot. Everything is recomputed every frame: K ≤ 20 000 steps cost well under 1 ms.
#include "app/views/dirac_view.hpp"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "app/ui/fast_fill.hpp"
#include "app/ui/plot_math.hpp"
#include "app/views/views.hpp"

namespace gui {

namespace {

namespace dg = rl::dirac;

// The generator's orange and the data's green as in the GAN viewport; the field a quiet blue-grey under them.
constexpr ImU32 kTrajectory = IM_COL32(255, 167, 38, 255);
constexpr ImU32 kField = IM_COL32(144, 164, 174, 255);
constexpr ImU32 kEquilibrium = IM_COL32(129, 199, 132, 255);
constexpr ImU32 kStart = IM_COL32(245, 245, 245, 255);
constexpr ImU32 kEnd = IM_COL32(240, 98, 146, 255);
constexpr ImU32 kOutline = IM_COL32(10, 10, 14, 255);
constexpr float kPad = 6.f;
constexpr float kMaxOffscreen = 1e6f;  // far-off points are clamped so stroke geometry stays finite in float
constexpr int kMaxSteps = 20000;
constexpr const char* kLossNames[] = {"gan:  f(t) = −log(1 + e^−t)", "wgan:  f(t) = t"};

ImU32 withAlpha(ImU32 c, int a) {
  return (c & ~IM_COL32_A_MASK) | (ImU32(std::clamp(a, 0, 255)) << IM_COL32_A_SHIFT);
}

bool sliderDouble(const char* label, double* v, double lo, double hi, const char* fmt, ImGuiSliderFlags flags = 0) {
  return ImGui::SliderScalar(label, ImGuiDataType_Double, v, &lo, &hi, fmt, flags);
}

// The square plot: [−E, E]² with θ to the right and ψ up.
struct Square {
  ImVec2 min;
  float side = 1;
  double extent = 1;
  float sx(double theta) const {
    const double px = min.x + (theta + extent) / (2 * extent) * side;
    return float(std::clamp(px, double(min.x - kMaxOffscreen), double(min.x + kMaxOffscreen)));
  }
  float sy(double psi) const {
    const double py = min.y + side - (psi + extent) / (2 * extent) * side;
    return float(std::clamp(py, double(min.y - kMaxOffscreen), double(min.y + kMaxOffscreen)));
  }
  ImVec2 at(dg::Point p) const { return ImVec2(sx(p.theta), sy(p.psi)); }
  dg::Point point(ImVec2 px) const {
    return {-extent + double(px.x - min.x) / side * 2 * extent, -extent + double(min.y + side - px.y) / side * 2 * extent};
  }
  ImVec2 max() const { return ImVec2(min.x + side, min.y + side); }
  bool contains(ImVec2 p) const { return p.x >= min.x && p.x <= min.x + side && p.y >= min.y && p.y <= min.y + side; }
};

// A line with a filled head at `to`; the head shrinks on short arrows.
void arrow(ImDrawList* dl, ImVec2 from, ImVec2 to, ImU32 col, float thickness, float head) {
  const float dx = to.x - from.x, dy = to.y - from.y, len = std::sqrt(dx * dx + dy * dy);
  if (!(len > 0.5f)) return;
  const float ux = dx / len, uy = dy / len;
  head = std::min(head, len * 0.6f);
  const ImVec2 base(to.x - ux * head, to.y - uy * head);
  dl->AddLine(from, base, col, thickness);
  dl->AddTriangleFilled(to, ImVec2(base.x - uy * head * 0.5f, base.y + ux * head * 0.5f),
                        ImVec2(base.x + uy * head * 0.5f, base.y - ux * head * 0.5f), col);
}

// The legend's entries: a swatch drawn by `icon` in a lineH square, then the text.
enum class Icon { FieldArrow, Line, Start, End, Equilibrium };
struct LegendEntry {
  Icon icon;
  std::string text;
};

void drawIcon(ImDrawList* dl, Icon icon, ImVec2 c, float s) {
  switch (icon) {
    case Icon::FieldArrow: arrow(dl, ImVec2(c.x - s * 0.45f, c.y), ImVec2(c.x + s * 0.45f, c.y), ink(kField), 1.5f, s * 0.35f); break;
    case Icon::Line: dl->AddLine(ImVec2(c.x - s * 0.5f, c.y), ImVec2(c.x + s * 0.5f, c.y), ink(kTrajectory), 2.5f); break;
    case Icon::Start:
      dl->AddCircleFilled(c, s * 0.3f, ink(kStart), 16);
      dl->AddCircle(c, s * 0.3f + 1.f, kOutline, 16, 1.5f);
      break;
    case Icon::End:
      dl->AddRectFilled(ImVec2(c.x - s * 0.28f, c.y - s * 0.28f), ImVec2(c.x + s * 0.28f, c.y + s * 0.28f), ink(kEnd));
      break;
    case Icon::Equilibrium: dl->AddCircle(c, s * 0.32f, ink(kEquilibrium), 16, 2.f); break;
  }
}

// Lays the entries out in rows of width `width` from `origin`; draws them when dl is set. Returns the height used.
float legend(ImDrawList* dl, const std::vector<LegendEntry>& entries, ImVec2 origin, float width) {
  const float lineH = ImGui::GetTextLineHeight(), icon = lineH, gap = gui::px(16.f);
  float x = origin.x, y = origin.y;
  for (const LegendEntry& e : entries) {
    const float w = icon + 4.f + ImGui::CalcTextSize(e.text.c_str()).x;
    if (x + w > origin.x + width && x > origin.x) x = origin.x, y += lineH + 3.f;
    if (dl != nullptr) {
      drawIcon(dl, e.icon, ImVec2(x + icon * 0.5f, y + lineH * 0.5f), icon);
      dl->AddText(ImVec2(x + icon + 4.f, y), ImGui::GetColorU32(ImGuiCol_Text), e.text.c_str());
    }
    x += w + gap;
  }
  return y + lineH - origin.y;
}

std::string fmt(const char* format, double a, double b = 0, double c = 0) {
  char buf[160];
  std::snprintf(buf, sizeof buf, format, a, b, c);
  return buf;
}

const char* ruleName(dg::Update u) { return u == dg::Update::Simultaneous ? "simultaneous" : "alternating"; }

// The trajectory up to its last finite point (a large h on wgan can overflow to ∞ within K steps).
std::vector<dg::Point> finiteTrajectory(const DiracViewState& s) {
  std::vector<dg::Point> path = dg::trajectory(s.config(), {s.theta0, s.psi0}, std::clamp(s.steps, 1, kMaxSteps));
  const auto bad = std::find_if(path.begin(), path.end(),
                                [](const dg::Point& p) { return !std::isfinite(p.theta) || !std::isfinite(p.psi); });
  path.erase(bad, path.end());
  return path;
}

}  // namespace

bool drawDiracControls(DiracViewState& s) {
  bool changed = false;
  const float w = ImGui::GetContentRegionAvail().x;
  ImGui::PushID("dirac");
  int loss = int(s.loss);
  ImGui::SetNextItemWidth(std::min(w * 0.5f, gui::px(260.f)));
  if (ImGui::Combo("loss", &loss, kLossNames, 2)) s.loss = dg::Loss(loss), changed = true;
  ImGui::SameLine();
  if (ImGui::RadioButton("simultaneous", s.update == dg::Update::Simultaneous))
    s.update = dg::Update::Simultaneous, changed = true;
  ImGui::SameLine();
  if (ImGui::RadioButton("alternating", s.update == dg::Update::Alternating))
    s.update = dg::Update::Alternating, changed = true;
  helpMarker("Simultaneous: both players step from the same (θ, ψ). Alternating: the generator steps first and the "
             "discriminator sees its new θ.");

  // Three sliders a row, each followed by its label (the widest is "zoom").
  const float label = ImGui::CalcTextSize("zoom").x + ImGui::GetStyle().ItemInnerSpacing.x;
  const float third = std::max(gui::px(60.f), (w - 3 * label - 2 * ImGui::GetStyle().ItemSpacing.x) / 3.f - 1.f);
  ImGui::SetNextItemWidth(third);
  changed |= sliderDouble("h", &s.h, 0.001, 1.0, "%.3f", ImGuiSliderFlags_Logarithmic);
  ImGui::SameLine();
  ImGui::SetNextItemWidth(third);
  changed |= sliderDouble("γ", &s.gamma, 0.0, 2.0, "%.2f");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(third);
  changed |= ImGui::SliderInt("K", &s.steps, 1, kMaxSteps, "%d steps", ImGuiSliderFlags_Logarithmic);
  s.steps = std::clamp(s.steps, 1, kMaxSteps);

  ImGui::SetNextItemWidth(third);
  changed |= sliderDouble("θ₀", &s.theta0, -s.extent, s.extent, "%.2f");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(third);
  changed |= sliderDouble("ψ₀", &s.psi0, -s.extent, s.extent, "%.2f");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(third);
  changed |= sliderDouble("zoom", &s.extent, 0.25, 50.0, "±%.2f", ImGuiSliderFlags_Logarithmic);
  s.extent = std::clamp(s.extent, 0.25, 50.0);

  // The paper's three cases, keeping the loss, h and the start.
  if (ImGui::Button("spiral out")) s.update = dg::Update::Simultaneous, s.gamma = 0, changed = true;
  ImGui::SameLine();
  if (ImGui::Button("orbit")) s.update = dg::Update::Alternating, s.gamma = 0, changed = true;
  ImGui::SameLine();
  if (ImGui::Button("converge (R1, γ = 1)")) s.update = dg::Update::Simultaneous, s.gamma = 1, changed = true;
  helpMarker("The generator puts all its mass at θ, the data sits at 0, the discriminator is D(x) = ψ·x. The generator "
             "descends L(θ, ψ) = f(ψθ) + f(0), the discriminator ascends it. Plain simultaneous gradient steps spiral "
             "away from the equilibrium (0, 0), alternating steps circle it for ever, and the R1 penalty (γ/2)ψ² on the "
             "discriminator makes them converge. Click on the plane to start from there.");
  ImGui::PopID();
  return changed;
}

DiracPortraitRect drawDiracPortrait(DiracViewState& s, ImVec2 size) {
  const dg::Config cfg = s.config();
  const double E = std::clamp(s.extent, 0.25, 50.0);
  const std::vector<dg::Point> path = finiteTrajectory(s);
  const int K = int(path.size()) - 1;
  const bool endInside = std::abs(path.back().theta) <= E && std::abs(path.back().psi) <= E;

  // ---- Layout: ψ label above the plot, tick labels left of and under it, θ label and legend below. ----
  ImFont* font = ImGui::GetFont();
  const float lineH = ImGui::GetTextLineHeight(), bigSize = ImGui::GetFontSize() * 1.3f;
  const float width = std::max(size.x > 0 ? size.x : ImGui::GetContentRegionAvail().x, 200.f);
  const std::vector<double> ticks = ui::niceTicks(-E, E, std::clamp(int(width / 70.f), 3, 9));
  float tickW = 0;
  for (double t : ticks) tickW = std::max(tickW, ImGui::CalcTextSize(ui::formatTick(t).c_str()).x);
  const float left = kPad + tickW + 6.f, right = kPad + tickW * 0.5f;
  const float top = kPad + bigSize + 4.f, below = 2.f + lineH + bigSize + kPad;

  const char* const rule = ruleName(s.update);
  const std::vector<LegendEntry> entries = {
      {Icon::FieldArrow, "gradient field v(θ, ψ)"},
      {Icon::Line, std::string(rule) + fmt(" steps, h = %.3g, γ = %.3g", s.h, s.gamma)},
      {Icon::Start, fmt("start (%.3g, %.3g)", s.theta0, s.psi0)},
      {Icon::End, fmt("after %.0f steps", double(K)) + (endInside ? "" : " (off the plot ▸ zoom out)")},
      {Icon::Equilibrium, "equilibrium (0, 0)"},
  };
  const float legendH = legend(nullptr, entries, ImVec2(0, 0), width - 2 * kPad) + kPad;
  float side = width - left - right;
  if (size.y > 0) side = std::min(side, size.y - top - below - legendH);
  side = std::max(side, 100.f);
  const float height = size.y > 0 ? std::max(size.y, top + side + below + legendH) : top + side + below + legendH;

  DiracPortraitRect out;
  out.min = ImGui::GetCursorScreenPos();
  out.max = ImVec2(out.min.x + width, out.min.y + height);
  ImGui::PushID("dirac_portrait");
  ImGui::InvisibleButton("##portrait", ImVec2(width, height));
  ImGui::PopID();
  out.hovered = ImGui::IsItemHovered();
  const bool clicked = ImGui::IsItemClicked(ImGuiMouseButton_Left);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  ui::fillRectOpaque(dl, out.min, out.max, figureBgAlt());
  dl->AddRect(out.min, out.max, ImGui::GetColorU32(ImGuiCol_Border), ImGui::GetStyle().FrameRounding);
  dl->PushClipRect(out.min, out.max, true);

  const float x0 = out.min.x + left + std::max(0.f, (width - left - right - side) * 0.5f);
  const Square sq{ImVec2(x0, out.min.y + top), side, E};
  const ImVec2 sqMax = sq.max();

  // ---- Grid, axes through the equilibrium, tick labels, axis labels. ----
  const ImU32 gridCol = ImGui::GetColorU32(ImGuiCol_Text, 0.08f), axisCol = ImGui::GetColorU32(ImGuiCol_Text, 0.3f);
  const ImU32 labelCol = ImGui::GetColorU32(ImGuiCol_TextDisabled), textCol = ImGui::GetColorU32(ImGuiCol_Text);
  ui::fillRectOpaque(dl, sq.min, sqMax, figureBg());
  for (double t : ticks) {
    const float px = std::round(sq.sx(t)), py = std::round(sq.sy(t));
    const std::string label = ui::formatTick(t);
    const ImVec2 ls = ImGui::CalcTextSize(label.c_str());
    dl->AddLine(ImVec2(px, sq.min.y), ImVec2(px, sqMax.y), t == 0 ? axisCol : gridCol, t == 0 ? 1.5f : 1.f);
    dl->AddLine(ImVec2(sq.min.x, py), ImVec2(sqMax.x, py), t == 0 ? axisCol : gridCol, t == 0 ? 1.5f : 1.f);
    dl->AddText(ImVec2(px - ls.x * 0.5f, sqMax.y + 2.f), labelCol, label.c_str());
    // ψ's lowest label sits above the corner, clear of θ's first label under it.
    const float ly = py > sqMax.y - ls.y ? py - ls.y : py - ls.y * 0.5f;
    dl->AddText(ImVec2(sq.min.x - 4.f - ls.x, ly), labelCol, label.c_str());
  }
  dl->AddRect(sq.min, sqMax, ImGui::GetColorU32(ImGuiCol_Border, 0.6f));
  {
    const char* xl = "θ   generator position";
    const float tw = font->CalcTextSizeA(bigSize, FLT_MAX, 0.f, xl).x;
    dl->AddText(font, bigSize, ImVec2(sq.min.x + (side - tw) * 0.5f, sqMax.y + 2.f + lineH), textCol, xl);
    dl->AddText(font, bigSize, ImVec2(sq.min.x, out.min.y + kPad), textCol, "ψ   discriminator slope");
    const std::string title = std::string(s.loss == dg::Loss::Gan ? "gan" : "wgan") + ", " + rule;
    const float ttw = font->CalcTextSizeA(bigSize, FLT_MAX, 0.f, title.c_str()).x;
    dl->AddText(font, bigSize, ImVec2(sqMax.x - ttw, out.min.y + kPad), labelCol, title.c_str());
  }

  dl->PushClipRect(sq.min, sqMax, true);
  // ---- The field: one arrow per cell, centred on the cell, length and opacity growing with √|v|. ----
  {
    const int n = std::clamp(int(side / 30.f), 9, 21);
    const std::vector<dg::FieldSample> field = dg::sampleField(cfg.loss, cfg.gamma, -E, E, -E, E, n, n);
    double vmax = 0;
    for (const dg::FieldSample& f : field) vmax = std::max(vmax, std::hypot(f.v.theta, f.v.psi));
    const float cell = side / float(n);
    for (const dg::FieldSample& f : field) {
      const double mag = std::hypot(f.v.theta, f.v.psi);
      if (!(vmax > 0) || !(mag > 0)) continue;
      const float rel = float(std::sqrt(mag / vmax));
      const float half = 0.42f * cell * std::clamp(rel, 0.3f, 1.f);
      const float ux = float(f.v.theta / mag), uy = float(-f.v.psi / mag);  // screen y points down
      const ImVec2 c = sq.at(f.at);
      arrow(dl, ImVec2(c.x - ux * half, c.y - uy * half), ImVec2(c.x + ux * half, c.y + uy * half),
            withAlpha(ink(kField), int(90 + 150 * rel)), 1.3f, std::max(4.f, cell * 0.22f));
    }
  }

  // ---- The equilibrium. ----
  const ImVec2 eq = sq.at({0, 0});
  dl->AddCircle(eq, 8.f, ink(kEquilibrium), 24, 2.5f);
  dl->AddCircleFilled(eq, 2.5f, ink(kEquilibrium), 8);

  // ---- The trajectory: points under a pixel apart are merged; chunks fade in from the start. ----
  {
    std::vector<ImVec2> pts;
    std::vector<int> idx;  // the step each kept point belongs to
    pts.reserve(path.size());
    for (int k = 0; k <= K; ++k) {
      const ImVec2 p = sq.at(path[size_t(k)]);
      if (!pts.empty() && k < K) {
        const float dx = p.x - pts.back().x, dy = p.y - pts.back().y;
        if (dx * dx + dy * dy < 1.f) continue;
      }
      pts.push_back(p), idx.push_back(k);
    }
    // Chunks of 256 points: each fades by how far along it ends, and no single primitive nears the 65 536
    // vertices a 16-bit index can reach (an anti-aliased thick polyline takes 4 a point).
    constexpr int kChunk = 256;
    for (int a = 0; a + 1 < int(pts.size()); a += kChunk) {
      const int b = std::min(a + kChunk, int(pts.size()) - 1);
      const float t = K > 0 ? float(idx[size_t(b)]) / float(K) : 1.f;
      dl->AddPolyline(&pts[size_t(a)], b - a + 1, withAlpha(ink(kTrajectory), int(130 + 125 * t)), ImDrawFlags_None, 2.2f);
    }
    // Arrowheads at a fifth, two fifths, … of the way show which way the iterates run.
    for (int i = 1; i <= 4 && K >= 5; ++i) {
      const int k = K * i / 5;
      const ImVec2 p = sq.at(path[size_t(k)]), q = sq.at(path[size_t(k) + 1]);
      const float dx = q.x - p.x, dy = q.y - p.y, len = std::sqrt(dx * dx + dy * dy);
      if (!(len > 0.3f) || !sq.contains(p)) continue;
      const float ux = dx / len, uy = dy / len, l = 9.f, w = 6.5f;  // a triangle centred on the point, outlined
      const ImVec2 tip(p.x + ux * l, p.y + uy * l), b1(p.x - ux * l - uy * w, p.y - uy * l + ux * w),
          b2(p.x - ux * l + uy * w, p.y - uy * l - ux * w);
      dl->AddTriangleFilled(tip, b1, b2, ink(kTrajectory));
      dl->AddTriangle(tip, b1, b2, kOutline, 1.5f);
    }
  }

  // ---- Start and end. An end off the plot is a triangle on the border pointing towards it. ----
  const ImVec2 st = sq.at(path.front());
  dl->AddCircleFilled(st, 6.f, ink(kStart), 20);
  dl->AddCircle(st, 7.f, kOutline, 20, 1.5f);
  const ImVec2 en = sq.at(path.back());
  if (sq.contains(en)) {
    dl->AddRectFilled(ImVec2(en.x - 6.f, en.y - 6.f), ImVec2(en.x + 6.f, en.y + 6.f), ink(kEnd));
    dl->AddRect(ImVec2(en.x - 7.f, en.y - 7.f), ImVec2(en.x + 7.f, en.y + 7.f), kOutline, 0.f, 0, 1.5f);
  } else {
    const ImVec2 c((sq.min.x + sqMax.x) * 0.5f, (sq.min.y + sqMax.y) * 0.5f);
    const float dx = en.x - c.x, dy = en.y - c.y, m = std::max(std::abs(dx), std::abs(dy));
    const float r = side * 0.5f - 10.f;
    const ImVec2 tip(c.x + dx / m * r, c.y + dy / m * r);
    const float len = std::sqrt(dx * dx + dy * dy);
    arrow(dl, ImVec2(tip.x - dx / len * 16.f, tip.y - dy / len * 16.f), tip, ink(kEnd), 3.f, 12.f);
  }
  dl->PopClipRect();

  // ---- Legend under the θ label. ----
  legend(dl, entries, ImVec2(out.min.x + kPad, sqMax.y + below), width - 2 * kPad);
  dl->PopClipRect();

  // ---- Hover: the point and v there; a click starts the trajectory from it. ----
  const ImVec2 mouse = ImGui::GetMousePos();
  if (out.hovered && sq.contains(mouse)) {
    const dg::Point p = sq.point(mouse);
    const dg::Point v = dg::vectorField(cfg.loss, cfg.gamma, p);
    ImGui::SetTooltip("θ = %+.3f   ψ = %+.3f\nv = (%+.3f, %+.3f)\nclick: start here", p.theta, p.psi,
                      noNegativeZero(v.theta), noNegativeZero(v.psi));
    if (clicked) {
      s.theta0 = std::round(p.theta * 100.0) / 100.0;
      s.psi0 = std::round(p.psi * 100.0) / 100.0;
    }
  }
  return out;
}

void drawDiracReadout(const DiracViewState& s) {
  const std::vector<dg::Point> path = finiteTrajectory(s);
  const int K = int(path.size()) - 1;
  const dg::Point e = path.back();
  ImGui::Text("after %d steps:   θ = %.4g   ψ = %.4g   r = %.4g   (start r₀ = %.4g)", K, noNegativeZero(e.theta, 1e-300),
              noNegativeZero(e.psi, 1e-300), dg::radius(e), dg::radius(path.front()));
  if (K < std::clamp(s.steps, 1, kMaxSteps))
    ImGui::TextColored(ink(ImVec4(0.94f, 0.33f, 0.31f, 1.f)), "overflowed to infinity after step %d", K);
  const double rho = dg::equilibriumSpectralRadius(s.config());
  const bool orbit = std::abs(rho - 1.0) < 1e-9;
  const ImVec4 col = orbit ? ImVec4(1.f, 0.86f, 0.45f, 1.f) : rho > 1 ? ImVec4(0.94f, 0.45f, 0.4f, 1.f) : ImVec4(0.51f, 0.78f, 0.52f, 1.f);
  ImGui::TextColored(col, "one step near (0, 0) scales the distance by max|λ| = %.6g:  %s", rho,
                     orbit ? "it orbits for ever" : rho > 1 ? "it spirals out" : "it converges");
  helpMarker("λ are the eigenvalues of the update's Jacobian at the equilibrium, with a = h·f′(0) (f′(0) = ½ for gan, "
             "1 for wgan): simultaneous [[1, −a], [a, 1 − hγ]], alternating [[1, −a], [a, 1 − a² − hγ]]. At γ = 0 "
             "simultaneous steps have |λ| = √(1 + a²) > 1 whatever h; alternating ones have |λ| = 1 while a ≤ 2.");
}

void drawDiracView(DiracViewState& s) {
  sectionTitle("Dirac-GAN: the two-parameter GAN's phase portrait (Mescheder et al. 2018)");
  drawDiracControls(s);
  drawDiracPortrait(s);
  drawDiracReadout(s);
}

}  // namespace gui
