// [SECTION] The GAN lens (right panel)
//   1. the density view: on one x axis the target p_data (blue, filled), the generated density p_G (orange), the
//      discriminator D(x) (white, its own 0–1 scale on the right) and generated samples with arrows along −∂ℓ_G/∂x̃,
//      the way the generator's gradient pushes each one; beneath, the generator's map z → x
//   2. read-outs: mean D(real), D(fake), JS, W1, the mass near each mode (collapse as a number), who was frozen
//   3. Pfau & Vinyals's Table 1: every trick a switch, in its column (GAN side, actor-critic side), with its origin,
//      the side it acts on here and what it does; the cross-overs marked
//   4. the Dirac-GAN phase portrait (app/views/dirac_view.*)
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "app/views/dirac_view.hpp"
#include "app/views/views.hpp"

namespace gui {

namespace {

const ImU32 kTarget = IM_COL32(79, 195, 247, 255);
const ImU32 kGen = IM_COL32(255, 167, 38, 255);
const ImU32 kD = IM_COL32(235, 235, 240, 255);

ImU32 dim() { return ImGui::GetColorU32(ImGuiCol_TextDisabled); }

// ---- 1. Density view ----
void densityView(const rl::GanInsight& g, UiState& ui) {
  sectionTitle("Target, generator and discriminator on one axis");
  const size_t n = std::min({g.x.size(), g.target.size(), g.generated.size()});
  if (n < 2) {
    ImGui::TextDisabled("No samples yet: press Play or Step.");
    return;
  }
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float avail = ImGui::GetContentRegionAvail().x, h = gui::px(240.f);
  const ImVec2 o = ImGui::GetCursorScreenPos();
  const float left = o.x + 40, right = o.x + avail - 44, top = o.y + 10, base = o.y + h - 26;
  dl->AddRectFilled(o, ImVec2(o.x + avail, o.y + h), figureBg());
  const double lo = g.lo, hi = g.hi;
  auto sx = [&](double x) { return left + float((x - lo) / (hi - lo)) * (right - left); };
  float peak = 1e-6f;
  for (size_t i = 0; i < n; ++i) peak = std::max({peak, g.target[i], g.generated[i]});
  auto sy = [&](float d) { return base - d / peak * (base - top); };
  // Target: filled; generated: a thick line.
  for (size_t i = 0; i + 1 < n; ++i) {
    const float xa = sx(g.x[i]), xb = sx(g.x[i + 1]);
    dl->AddQuadFilled(ImVec2(xa, sy(g.target[i])), ImVec2(xb, sy(g.target[i + 1])), ImVec2(xb, base), ImVec2(xa, base),
                      ink(IM_COL32(79, 195, 247, 60)));
  }
  std::vector<ImVec2> tgt, gen, dcurve;
  for (size_t i = 0; i < n; ++i) {
    tgt.emplace_back(sx(g.x[i]), sy(g.target[i]));
    gen.emplace_back(sx(g.x[i]), sy(g.generated[i]));
  }
  dl->AddPolyline(tgt.data(), int(tgt.size()), ink(kTarget), 0, 2.f);
  dl->AddPolyline(gen.data(), int(gen.size()), ink(kGen), 0, 3.f);
  // D(x): probabilities on a fixed 0–1 scale; raw critic scores (WGAN, least squares) scaled to their range.
  if (g.d.size() >= n) {
    float dLo = 0, dHi = 1;
    if (!g.dIsProbability) {
      dLo = *std::min_element(g.d.begin(), g.d.begin() + long(n)), dHi = *std::max_element(g.d.begin(), g.d.begin() + long(n));
      if (dHi - dLo < 1e-6f) dHi = dLo + 1e-6f;
    }
    for (size_t i = 0; i < n; ++i)
      dcurve.emplace_back(sx(g.x[i]), base - (g.d[i] - dLo) / (dHi - dLo) * (base - top));
    dl->AddPolyline(dcurve.data(), int(dcurve.size()), ink(kD), 0, 1.5f);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2g", double(dHi));
    dl->AddText(ImVec2(right + 4, top - 6), ink(kD), buf);
    std::snprintf(buf, sizeof buf, "%.2g", double(dLo));
    dl->AddText(ImVec2(right + 4, base - ImGui::GetTextLineHeight()), ink(kD), buf);
    if (g.dIsProbability) dl->AddLine(ImVec2(left, base - 0.5f * (base - top)), ImVec2(right, base - 0.5f * (base - top)),
                                      ink(IM_COL32(235, 235, 240, 40)));
  }
  // Generated samples on the axis, each with the generator's push −∂ℓ_G/∂x̃ (length ∝ its size, capped).
  float gmax = 1e-9f;
  for (float v : g.fakeGrad) gmax = std::max(gmax, std::abs(v));
  const size_t shown = std::min(g.fakeX.size(), g.fakeGrad.size());
  for (size_t i = 0; i < shown; ++i) {
    const float x = sx(g.fakeX[i]);
    if (x < left || x > right) continue;
    const float y = base - 10.f - float(i % 4) * 7.f;
    dl->AddCircleFilled(ImVec2(x, y), 2.5f, ink(kGen));
    const float len = -g.fakeGrad[i] / gmax * 28.f;
    if (std::abs(len) > 2.f) {
      dl->AddLine(ImVec2(x, y), ImVec2(x + len, y), ink(IM_COL32(255, 220, 120, 220)), 1.5f);
      const float d = len > 0 ? 1.f : -1.f;
      dl->AddTriangleFilled(ImVec2(x + len + 5 * d, y), ImVec2(x + len, y - 3), ImVec2(x + len, y + 3),
                            ink(IM_COL32(255, 220, 120, 220)));
    }
  }
  // x axis.
  dl->AddLine(ImVec2(left, base), ImVec2(right, base), ink(IM_COL32(150, 155, 165, 255)));
  for (int x = int(std::ceil(lo)); x <= int(std::floor(hi)); x += 2) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%d", x);
    dl->AddLine(ImVec2(sx(x), base), ImVec2(sx(x), base + 4), ink(IM_COL32(150, 155, 165, 255)));
    dl->AddText(ImVec2(sx(x) - ImGui::CalcTextSize(buf).x / 2, base + 5), dim(), buf);
  }
  // Modes: where the mass is counted.
  for (float m : g.modes) {
    const float a = sx(m - g.modeRadius), b = sx(m + g.modeRadius);
    dl->AddRectFilled(ImVec2(a, top), ImVec2(b, top + 4), ink(IM_COL32(79, 195, 247, 120)));
  }
  ui.uiMap["gan_density"] = Rect{o.x, o.y, avail, h};
  ImGui::Dummy(ImVec2(avail, h));
  ImGui::TextColored(ink(ImVec4(0.31f, 0.76f, 0.97f, 1.f)), "p_data(x)");
  ImGui::SameLine();
  ImGui::TextColored(ink(ImVec4(1.f, 0.65f, 0.15f, 1.f)), "  p_G(x)");
  ImGui::SameLine();
  ImGui::TextColored(ink(ImVec4(0.92f, 0.92f, 0.94f, 1.f)), g.dIsProbability ? "  D(x), right axis" : "  critic f(x), right axis");
  ImGui::SameLine();
  ImGui::TextColored(ink(ImVec4(1.f, 0.86f, 0.47f, 1.f)), "  ●→ G's push");
  // The generator's map z → x.
  if (g.z.size() >= 2 && g.xOfZ.size() == g.z.size()) {
    const float mh = gui::px(90.f);
    const ImVec2 m0 = ImGui::GetCursorScreenPos();
    const float ml = m0.x + 40, mr = m0.x + avail - 44, mt = m0.y + 6, mb = m0.y + mh - 18;
    dl->AddRectFilled(m0, ImVec2(m0.x + avail, m0.y + mh), figureBg());
    const float zlo = g.z.front(), zhi = g.z.back();
    std::vector<ImVec2> pts;
    for (size_t i = 0; i < g.z.size(); ++i) {
      const float px = ml + (g.z[i] - zlo) / std::max(zhi - zlo, 1e-6f) * (mr - ml);
      const float py = mb - float((std::clamp(double(g.xOfZ[i]), lo, hi) - lo) / (hi - lo)) * (mb - mt);
      pts.emplace_back(px, py);
    }
    dl->AddPolyline(pts.data(), int(pts.size()), ink(kGen), 0, 2.f);
    char buf[64];
    std::snprintf(buf, sizeof buf, "generator x = G(z), z ~ %s", g.noise.c_str());
    dl->AddText(ImVec2(ml + 4, mt - 2), dim(), buf);
    std::snprintf(buf, sizeof buf, "%.3g", zlo);
    dl->AddText(ImVec2(ml, mb + 2), dim(), buf);
    std::snprintf(buf, sizeof buf, "%.3g", zhi);
    dl->AddText(ImVec2(mr - ImGui::CalcTextSize(buf).x, mb + 2), dim(), buf);
    dl->AddText(ImVec2(m0.x + 4, mt), dim(), "x");
    ImGui::Dummy(ImVec2(avail, mh));
  }
  helpMarker("The generator moves each of its samples along −∂ℓ_G/∂x: "
             "uphill on D, towards where D believes real data is. When D is flat (it cannot tell real from fake, "
             "D = 0.5) the arrows vanish. Mode collapse shows as an orange curve with one bump where the blue has two.");
}

// ---- 2. Read-outs ----
void readouts(const rl::GanInsight& g) {
  sectionTitle("How close, in numbers");
  ImGui::Text("mean D(real) %.3f   mean D(fake) %.3f", g.dReal, g.dFake);
  ImGui::Text("Jensen–Shannon %.4f nats (≤ ln 2)   Wasserstein-1 %.4f", g.js, g.w1);
  if (!g.modes.empty() && g.modeMass.size() == g.modes.size()) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float avail = ImGui::GetContentRegionAvail().x, barW = std::min(gui::px(220.f), avail - gui::px(200.f));
    for (size_t i = 0; i < g.modes.size(); ++i) {
      const ImVec2 o = ImGui::GetCursorScreenPos();
      char buf[64];
      std::snprintf(buf, sizeof buf, "mode at %+.1f", double(g.modes[i]));
      dl->AddText(o, ImGui::GetColorU32(ImGuiCol_Text), buf);
      const float m = std::clamp(g.modeMass[i], 0.f, 1.f);
      const ImVec2 b0(o.x + 120, o.y + 2), b1(o.x + 120 + barW, o.y + ImGui::GetTextLineHeight());
      dl->AddRectFilled(b0, b1, figureBg());
      dl->AddRectFilled(b0, ImVec2(b0.x + barW * m, b1.y), m < 0.05f ? ink(IM_COL32(239, 83, 80, 255)) : ink(kGen));
      std::snprintf(buf, sizeof buf, "%.0f %% of the mass%s", 100.0 * m, m < 0.05f ? " (dropped)" : "");
      dl->AddText(ImVec2(b1.x + 8, o.y), ImGui::GetColorU32(ImGuiCol_Text), buf);
      ImGui::Dummy(ImVec2(avail, ImGui::GetTextLineHeightWithSpacing()));
    }
  }
  if (g.dFrozen || g.gFrozen)
    ImGui::TextColored(ink(ImVec4(1.f, 0.78f, 0.24f, 1.f)), "%s frozen in the last iteration (freezing trick)",
                       g.dFrozen ? "D was" : "G was");
  ImGui::TextDisabled("loss %s   iteration %llu%s", g.loss.c_str(), (unsigned long long)g.iterations,
                      g.actorCritic ? "   (run as an actor-critic: D is the critic, G the blind actor)" : "");
}


// ---- 3. Pfau & Vinyals's Table 1 ----
struct Trick {
  const char* param;   // the GAN algorithm's switch (a Bool, or a Choice whose 0 is "off")
  const char* label;
  const char* column;  // the community the trick comes from: "GAN" or "actor-critic"
  const char* origin;  // where the texts introduce it
  const char* side;    // which player it acts on here
  const char* what;    // one line: what it does on this toy
  int onValue;         // the value a click sets when switching on (Choice: its first non-off entry)
};
const Trick kTricks[] = {
    {"freeze", "freezing learning", "GAN", "Salimans et al. 2016 (and GAN folklore)", "D or G",
     "skips the step of the player that is too far ahead (its loss below the threshold)", 1},
    {"label_smoothing", "label smoothing (one-sided)", "GAN", "Salimans et al. 2016", "D",
     "D's target for real samples is 0.9, not 1: it stops growing over-confident", 1},
    {"hist_avg", "historical averaging", "GAN", "Salimans et al. 2016", "D and G",
     "penalises ‖θ − mean of past θ‖²: damps the oscillation", 1},
    {"minibatch_disc", "minibatch discrimination", "GAN", "Salimans et al. 2016", "D",
     "D sees how alike the batch's samples are: a collapsed batch is easy to spot", 1},
    {"norm_d", "batch norm in D", "GAN", "Radford et al. 2016 (virtual BN: Salimans 2016)", "D",
     "normalises D's hidden units over the batch (or a fixed reference batch)", 1},
    {"norm_g", "batch norm in G", "GAN", "Radford et al. 2016", "G",
     "normalises G's hidden units over the batch", 1},
    {"replay", "replay buffer", "actor-critic", "Lin 1992; DQN (Mnih et al. 2015)", "D",
     "D also trains on old generated samples: it remembers modes G has left", 1},
    {"target_d", "target network", "actor-critic", "DQN (Mnih et al. 2015); DDPG", "G",
     "G follows a slowly moving (Polyak-averaged) copy of D", 1},
    {"entropy", "entropy regularisation", "actor-critic", "Williams & Peng 1991; A3C", "G",
     "rewards G for spread-out samples (batch kernel density estimate of −" "E log p_G)", 1},
};

const rl::ParamView* findParam(const rl::Snapshot& s, const char* name) {
  for (const rl::ParamView& p : s.params)
    if (!p.env && p.spec.name == name) return &p;
  return nullptr;
}

void trickColumn(const char* column, const rl::Snapshot& s, UiState& ui) {
  for (const Trick& t : kTricks) {
    if (std::string(t.column) != column) continue;
    const rl::ParamView* p = findParam(s, t.param);
    if (!p) continue;
    bool on = p->value != 0;
    ImGui::PushID(t.param);
    if (ImGui::Checkbox(t.label, &on)) ui.send(rl::Command::setParam(std::string("algo.") + t.param, on ? t.onValue : 0));
    recordItem(ui, std::string("trick_") + t.param);
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("%s\nfrom: %s\nacts on: %s%s", t.what, t.origin, t.side,
                        std::string(column) == "actor-critic" ? "\ncarried over from actor-critic methods to the GAN" : "");
    ImGui::SameLine();
    ImGui::TextDisabled("%s%s", t.side, std::string(column) == "actor-critic" ? " · cross-over" : "");
    ImGui::PopID();
  }
}

void ganTricksView(const rl::GanInsight& g, const rl::Snapshot& s, UiState& ui) {
  sectionTitle("Table 1 (Pfau & Vinyals 2016): the stabilising tricks, live");
  // An algorithm without the switches (gan-as-ac: the plain minimax GAN run as an actor-critic) says so in one line
  // instead of drawing the table's two headers over nothing.
  bool any = false;
  for (const Trick& t : kTricks) any |= findParam(s, t.param) != nullptr;
  if (!any) {
    textDisabledWrapped(s.algoId + " has none of these switches: it is the plain minimax GAN written as an "
                        "actor-critic. Pick the algorithm gan to switch the tricks on and off while it trains.");
    recordItem(ui, "tricks_none");
    return;
  }
  if (ImGui::BeginTable("##tricks", 2, ImGuiTableFlags_SizingStretchSame | ImGuiTableFlags_BordersInnerV)) {
    ImGui::TableNextColumn();
    ImGui::TextColored(ink(ImVec4(1.f, 0.65f, 0.15f, 1.f)), "GAN side");
    trickColumn("GAN", s, ui);
    ImGui::TableNextColumn();
    ImGui::TextColored(ink(ImVec4(0.31f, 0.76f, 0.97f, 1.f)), "actor-critic side, carried over");
    trickColumn("actor-critic", s, ui);
    ImGui::EndTable();
  }
  (void)g;
  helpMarker("A GAN is an actor-critic in an MDP with one state where the actor cannot change the reward: the "
             "discriminator is the critic, the generator the actor. Each community found its own tricks to keep the "
             "two players from chasing each other in circles; the paper asks which ones carry over. Switch them on "
             "and off while it trains (hover for what each does and where it comes from). Tune their strengths in "
             "the parameter panel.");
}

}  // namespace

void drawGanLens(const rl::Snapshot& s, UiState& ui) {
  const rl::Insights& in = s.insights;
  if (in.gan) {
    densityView(*in.gan, ui);
    readouts(*in.gan);
    ganTricksView(*in.gan, s, ui);
  }
  sectionTitle("Dirac-GAN: the two-parameter GAN's phase portrait (Mescheder et al. 2018)");
  drawDiracControls(ui.dirac);
  const DiracPortraitRect r = drawDiracPortrait(ui.dirac);
  ui.uiMap["dirac_portrait"] = Rect{r.min.x, r.min.y, r.max.x - r.min.x, r.max.y - r.min.y};
  drawDiracReadout(ui.dirac);
}

}  // namespace gui
