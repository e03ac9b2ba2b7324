// [SECTION] The policy-gradient lens (right panel): REINFORCE and PPO
//   1. π(·|s) at the agent's state: bars (discrete) or the Gaussian density over the action range (continuous)
//   2. the last update written out for one sample: logπ, logπ_old, r, Â, r·Â, clip(r)·Â, the min, zero gradient?
//   3. the ratio picture: histogram of r split by the sign of Â with the band [1−ε, 1+ε]; L^CLIP(r) for Â > 0 and
//      Â < 0 with the samples on it; clipfrac and KL per epoch of the last update
//   4. REINFORCE: the gradient estimate's variance with and without the baseline, on the same batch
//   5. μ(s) and σ(s) (or V(s)) over the state plane (pendulum: θ × ω)
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "app/views/views.hpp"
#include "app/views/status_text.hpp"

namespace gui {

namespace {

using Objective = rl::RatioInsight::Objective;

const ImU32 kPosCol = IM_COL32(102, 187, 106, 255);   // Â > 0
const ImU32 kNegCol = IM_COL32(239, 83, 80, 255);     // Â < 0
const ImU32 kBandCol = IM_COL32(255, 213, 79, 40);    // the trust band [1−ε, 1+ε]
const ImU32 kBandEdge = IM_COL32(255, 213, 79, 150);



const char* objectiveName(Objective o) {
  switch (o) {
    case Objective::Clip: return "PPO-clip: L = min(r·Â, clip(r, 1−ε, 1+ε)·Â)";
    case Objective::KlPenalty: return "PPO-KL: L = r·Â − β·KL(π_old, π)";
    case Objective::None: return "no constraint: L = r·Â over several epochs";
    case Objective::Vanilla: return "vanilla PG: one epoch, one minibatch (r = 1)";
    case Objective::Reinforce: return "REINFORCE: L = Ψ·log π(a|s), Ψ = return (− baseline)";
  }
  return "";
}

// ---- 1. π(·|s) ----
void policyAtState(const rl::PolicyInsight& p, const rl::Snapshot& s) {
  sectionTitle("The policy π(·|s) at the agent's state");
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float w = ImGui::GetContentRegionAvail().x;
  if (!p.continuous) {
    const int A = int(p.probs.size());
    const float labelW = gui::px(90.f), barH = ImGui::GetTextLineHeight() + 4.f, barW = std::max(gui::px(40.f), w - labelW - gui::px(130.f));
    for (int a = 0; a < A; ++a) {
      const ImVec2 o = ImGui::GetCursorScreenPos();
      const float pr = p.probs[size_t(a)];
      const bool chosen = a == p.chosen;
      dl->AddText(o, chosen ? ink(IM_COL32(255, 200, 60, 255)) : ImGui::GetColorU32(ImGuiCol_Text), actionLabel(s, a).c_str());
      const ImVec2 b0(o.x + labelW, o.y + 1), b1(o.x + labelW + barW, o.y + barH - 1);
      dl->AddRectFilled(b0, b1, figureBg());
      dl->AddRectFilled(b0, ImVec2(b0.x + barW * std::clamp(pr, 0.f, 1.f), b1.y),
                        chosen ? ink(IM_COL32(255, 200, 60, 255)) : ink(IM_COL32(90, 160, 230, 255)));
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.3f%s", double(pr), chosen ? "  sampled" : "");
      dl->AddText(ImVec2(b1.x + 6, o.y), ImGui::GetColorU32(ImGuiCol_Text), buf);
      ImGui::Dummy(ImVec2(w, barH));
    }
  } else {
    // The Gaussian N(μ, σ²) over the action range, the mean as a line, the sampled action as a dot.
    const float h = gui::px(90.f);
    const ImVec2 o = ImGui::GetCursorScreenPos();
    const float left = o.x + 4, right = o.x + w - 8;
    dl->AddRectFilled(o, ImVec2(o.x + w, o.y + h), figureBg());
    const double lo = p.low, hi = p.high, sd = std::max(p.std, 1e-6);
    const auto px = [&](double a) { return left + float((a - lo) / (hi - lo)) * (right - left); };
    const double peak = 1.0 / (sd * std::sqrt(2 * M_PI));
    const double yMax = std::max(peak, 0.5);
    std::vector<ImVec2> pts;
    for (int k = 0; k <= 120; ++k) {
      const double a = lo + (hi - lo) * k / 120.0, u = (a - p.mean) / sd;
      const double d = std::exp(-0.5 * u * u) / (sd * std::sqrt(2 * M_PI));
      pts.emplace_back(px(a), o.y + h - 4 - float(d / yMax) * (h - 12));
    }
    for (size_t k = 1; k < pts.size(); ++k) {
      dl->AddQuadFilled(ImVec2(pts[k - 1].x, o.y + h - 4), pts[k - 1], pts[k], ImVec2(pts[k].x, o.y + h - 4),
                        ink(IM_COL32(90, 160, 230, 70)));
    }
    dl->AddPolyline(pts.data(), int(pts.size()), ink(IM_COL32(90, 160, 230, 255)), 0, 2.f);
    if (p.mean >= lo && p.mean <= hi)
      dl->AddLine(ImVec2(px(p.mean), o.y + 4), ImVec2(px(p.mean), o.y + h - 4), ink(IM_COL32(255, 255, 255, 160)), 1.5f);
    const double a = std::clamp(p.sampled, lo, hi);
    dl->AddCircleFilled(ImVec2(px(a), o.y + h - 8), 5.f, ink(IM_COL32(255, 200, 60, 255)));
    char buf[48];
    std::snprintf(buf, sizeof buf, "%+.3g", lo);
    dl->AddText(ImVec2(left, o.y + 2), ImGui::GetColorU32(ImGuiCol_TextDisabled), buf);
    std::snprintf(buf, sizeof buf, "%+.3g", hi);
    dl->AddText(ImVec2(right - ImGui::CalcTextSize(buf).x, o.y + 2), ImGui::GetColorU32(ImGuiCol_TextDisabled), buf);
    ImGui::Dummy(ImVec2(w, h));
    ImGui::Text("μ(s) = %+.3f   %s = %.3f   sampled a = %+.3f%s", noNegativeZero(p.mean),
                p.deterministic ? "noise σ" : "σ(s)", p.std, noNegativeZero(p.sampled),
                p.sampled < lo || p.sampled > hi ? " (clipped)" : "");
  }
  if (p.deterministic)  // DDPG/TD3: π(s) = μ(s); the σ drawn is the exploration noise added to it, not π's
    ImGui::TextDisabled("deterministic policy a = μ(s): no entropy; exploration is the added noise");
  else
    ImGui::Text("entropy H = %.3f", noNegativeZero(p.entropy));
  if (p.hasValue) {
    ImGui::SameLine(0, gui::px(20));
    ImGui::Text("V(s) = %+.3f", noNegativeZero(p.value));
  }
  helpMarker("What the agent will do here: the policy is a distribution, and the action is sampled from it. Early on it "
             "is wide (high entropy, exploration); as the policy gradient raises the probability of actions that were "
             "followed by more reward than expected, it narrows.");
}

// ---- 2. The last update for one sample ----
void lastUpdate(const rl::RatioInsight& r, const rl::Snapshot& s) {
  sectionTitle("Last update, one sample of the last minibatch");
  if (r.updates == 0) {
    textDisabledWrapped(noUpdateYet(s, "the first one comes when the rollout (or the batch of episodes) is full"));
    return;
  }
  ImGui::TextUnformatted(objectiveName(r.objective));
  const rl::RatioSample& x = r.sample;
  if (x.action >= 0) ImGui::Text("a = %s", actionLabel(s, x.action).c_str());
  else ImGui::Text("a = %+.3f", noNegativeZero(x.actionValue));
  ImGui::SameLine(0, gui::px(16));
  ImGui::Text("Â = %+.4f", noNegativeZero(x.advantage));
  if (r.objective == Objective::Reinforce) {
    ImGui::Text("log π(a|s) = %+.4f;  its gradient is scaled by Â", noNegativeZero(x.logProb));
    return;
  }
  ImGui::Text("log π = %+.4f   log π_old = %+.4f", noNegativeZero(x.logProb), noNegativeZero(x.logProbOld));
  ImGui::Text("r = exp(log π − log π_old) = %.4f", x.ratio);
  if (r.objective == Objective::Clip) {
    ImGui::Text("r·Â = %+.4f   clip(r, %.2f, %.2f)·Â = %+.4f", noNegativeZero(x.surr1), 1 - r.clipCoef,
                1 + r.clipCoef, noNegativeZero(x.surr2));
    ImGui::Text("min = %+.4f", noNegativeZero(x.objective));
    ImGui::SameLine(0, gui::px(16));
    if (x.clipped) ImGui::TextColored(ink(ImVec4(1.f, 0.6f, 0.3f, 1.f)), "clipped: this sample's gradient is zero");
    else ImGui::TextColored(ink(ImVec4(0.5f, 0.85f, 0.5f, 1.f)), "inside: the gradient flows");
  } else if (r.objective == Objective::KlPenalty) {
    ImGui::Text("r·Â − β·KL = %+.4f   (β = %.4g)", noNegativeZero(x.objective), r.beta);
  } else {
    ImGui::Text("r·Â = %+.4f   (nothing stops r from leaving [%.2f, %.2f])", noNegativeZero(x.surr1), 1 - r.clipCoef,
                1 + r.clipCoef);
  }
}

// ---- 3a. Histogram of the ratios, stacked by the sign of Â, the band shaded ----
void ratioHistogram(const rl::RatioInsight& r, UiState& ui) {
  const int n = int(std::min(r.ratios.size(), r.advantages.size()));
  if (n == 0) return;
  const float w = ImGui::GetContentRegionAvail().x, h = gui::px(120.f);
  const double eps = r.clipCoef;
  // A fixed range around the band, so a widening histogram reads as wider; the end bins collect what lies beyond.
  const double lo = std::max(0.0, 1 - 4 * eps), hi = 1 + 4 * eps;
  constexpr int kBins = 48;
  std::vector<int> pos(kBins, 0), neg(kBins, 0);
  int outside = 0;
  for (int i = 0; i < n; ++i) {
    const double v = r.ratios[size_t(i)];
    const int b = std::clamp(int((v - lo) / (hi - lo) * kBins), 0, kBins - 1);
    (r.advantages[size_t(i)] >= 0 ? pos : neg)[size_t(b)]++;
    if (std::abs(v - 1) > eps) ++outside;
  }
  int peak = 1;
  for (int b = 0; b < kBins; ++b) peak = std::max(peak, pos[size_t(b)] + neg[size_t(b)]);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 o = ImGui::GetCursorScreenPos();
  const float left = o.x, right = o.x + w, bottom = o.y + h - 16;
  dl->AddRectFilled(o, ImVec2(right, o.y + h), figureBg());
  const auto px = [&](double v) { return left + float((v - lo) / (hi - lo)) * (right - left); };
  dl->AddRectFilled(ImVec2(px(1 - eps), o.y), ImVec2(px(1 + eps), bottom), ink(kBandCol));
  dl->AddLine(ImVec2(px(1 - eps), o.y), ImVec2(px(1 - eps), bottom), ink(kBandEdge));
  dl->AddLine(ImVec2(px(1 + eps), o.y), ImVec2(px(1 + eps), bottom), ink(kBandEdge));
  dl->AddLine(ImVec2(px(1), o.y), ImVec2(px(1), bottom), ink(IM_COL32(255, 255, 255, 90)));
  const float bw = (right - left) / kBins;
  for (int b = 0; b < kBins; ++b) {
    const float x0 = left + float(b) * bw + 0.5f, x1 = x0 + bw - 1.f;
    const float hp = (bottom - o.y - 4) * float(pos[size_t(b)]) / float(peak);
    const float hn = (bottom - o.y - 4) * float(neg[size_t(b)]) / float(peak);
    if (hp > 0) dl->AddRectFilled(ImVec2(x0, bottom - hp), ImVec2(x1, bottom), ink(kPosCol));
    if (hn > 0) dl->AddRectFilled(ImVec2(x0, bottom - hp - hn), ImVec2(x1, bottom - hp), ink(kNegCol));
  }
  char buf[48];
  const ImU32 tc = ImGui::GetColorU32(ImGuiCol_TextDisabled);
  std::snprintf(buf, sizeof buf, "≤%.2f", lo);
  dl->AddText(ImVec2(left + 2, bottom + 1), tc, buf);
  std::snprintf(buf, sizeof buf, "≥%.2f", hi);
  dl->AddText(ImVec2(right - ImGui::CalcTextSize(buf).x - 2, bottom + 1), tc, buf);
  dl->AddText(ImVec2(px(1) - ImGui::CalcTextSize("r = 1").x * 0.5f, bottom + 1), tc, "r = 1");
  ImGui::InvisibleButton("##ratiohist", ImVec2(w, h));
  ui.uiMap["ratio_histogram"] = Rect{o.x, o.y, w, h};
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("%d samples, %d outside [%.2f, %.2f] (%.1f %%)\ngreen: Â > 0   red: Â < 0", n, outside,
                      1 - eps, 1 + eps, 100.0 * outside / n);
  ImGui::TextColored(ImColor(ink(kPosCol)), "■ Â > 0");
  ImGui::SameLine();
  ImGui::TextColored(ImColor(ink(kNegCol)), "■ Â < 0");
  ImGui::SameLine();
  ImGui::TextDisabled("band [1−ε, 1+ε]   %.1f %% outside", 100.0 * outside / n);
}

// ---- 3b. L^CLIP(r) for Â = +1 and Â = −1, with the minibatch's samples placed on the curves ----
void clipCurves(const rl::RatioInsight& r) {
  const float avail = ImGui::GetContentRegionAvail().x, gap = gui::px(12.f);
  const float w = (avail - gap) * 0.5f, h = gui::px(100.f);
  const double eps = r.clipCoef, lo = std::max(0.0, 1 - 3 * eps), hi = 1 + 3 * eps;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 start = ImGui::GetCursorScreenPos();
  for (int side = 0; side < 2; ++side) {
    const double A = side == 0 ? 1.0 : -1.0;
    const ImVec2 o(start.x + float(side) * (w + gap), start.y);
    dl->AddRectFilled(o, ImVec2(o.x + w, o.y + h), figureBg());
    const auto L = [&](double x) { return std::min(x * A, std::clamp(x, 1 - eps, 1 + eps) * A); };
    const double yLo = L(A > 0 ? lo : hi) - 0.1, yHi = L(A > 0 ? hi : lo) + 0.1;
    const auto px = [&](double x) { return o.x + 4 + float((x - lo) / (hi - lo)) * (w - 8); };
    const auto py = [&](double y) { return o.y + h - 18 - float((y - yLo) / (yHi - yLo)) * (h - 26); };
    dl->AddRectFilled(ImVec2(px(1 - eps), o.y), ImVec2(px(1 + eps), o.y + h - 16), ink(kBandCol));
    std::vector<ImVec2> pts;
    for (int k = 0; k <= 60; ++k) {
      const double x = lo + (hi - lo) * k / 60.0;
      pts.emplace_back(px(x), py(L(x)));
    }
    dl->AddPolyline(pts.data(), int(pts.size()), side == 0 ? ink(kPosCol) : ink(kNegCol), 0, 2.f);
    // Samples of this sign: where they sit on the curve (on the flat part their gradient is zero).
    const int n = int(std::min(r.ratios.size(), r.advantages.size()));
    const int stride = std::max(1, n / 400);
    for (int i = 0; i < n; i += stride) {
      if ((r.advantages[size_t(i)] >= 0) != (A > 0)) continue;
      const double x = std::clamp(double(r.ratios[size_t(i)]), lo, hi);
      dl->AddCircleFilled(ImVec2(px(x), py(L(x))), 2.5f, ink(IM_COL32(255, 255, 255, 150)));
    }
    char title[64];
    std::snprintf(title, sizeof title, "L^CLIP(r), Â %s 0", A > 0 ? ">" : "<");
    dl->AddText(ImVec2(o.x + 6, o.y + h - 16), ImGui::GetColorU32(ImGuiCol_TextDisabled), title);
  }
  ImGui::Dummy(ImVec2(avail, h));
  helpMarker("PPO-clip's objective per sample, as a function of the ratio r. Where the curve is flat (r above 1+ε "
             "with Â > 0, below 1−ε with Â < 0) the gradient is zero: the update stops "
             "pushing that action further. Dots are the last epoch's samples.");
}

// ---- 3c. Per epoch of the last update: clipfrac and KL ----
void epochBars(const rl::RatioInsight& r) {
  const int E = int(r.epochKl.size());
  if (E == 0) return;
  ImGui::Text("Within the last update, epoch by epoch (%d of %d%s):", E, r.epochsPlanned,
              r.earlyStopped ? ", stopped early: KL passed the target" : "");
  const float avail = ImGui::GetContentRegionAvail().x, gap = gui::px(12.f);
  const float w = (avail - gap) * 0.5f, h = gui::px(70.f);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 start = ImGui::GetCursorScreenPos();
  for (int k = 0; k < 2; ++k) {
    const std::vector<float>& v = k == 0 ? r.epochClipfrac : r.epochKl;
    const ImVec2 o(start.x + float(k) * (w + gap), start.y);
    dl->AddRectFilled(o, ImVec2(o.x + w, o.y + h), figureBg());
    float vmax = k == 0 ? 0.3f : 0.02f;
    for (float x : v) vmax = std::max(vmax, x);
    if (k == 1 && r.targetKl > 0) vmax = std::max(vmax, float(r.targetKl) * 1.6f);
    const int n = std::max(int(v.size()), r.epochsPlanned);
    const float bw = (w - 8) / float(std::max(n, 1));
    for (int e = 0; e < int(v.size()); ++e) {
      const float bh = (h - 20) * std::clamp(v[size_t(e)] / vmax, 0.f, 1.f);
      dl->AddRectFilled(ImVec2(o.x + 4 + bw * float(e) + 1, o.y + h - 16 - bh), ImVec2(o.x + 4 + bw * float(e + 1) - 1, o.y + h - 16),
                        k == 0 ? ink(IM_COL32(255, 167, 38, 255)) : IM_COL32(171, 71, 188, 255));
    }
    if (k == 1 && r.targetKl > 0) {
      const float y = o.y + h - 16 - (h - 20) * float(r.targetKl) / vmax;
      dl->AddLine(ImVec2(o.x, y), ImVec2(o.x + w, y), ink(IM_COL32(255, 255, 255, 140)));
    }
    char buf[64];
    std::snprintf(buf, sizeof buf, k == 0 ? "clipfrac, last %.3f" : "KL (k3), last %.4f", v.empty() ? 0.0 : double(v.back()));
    dl->AddText(ImVec2(o.x + 6, o.y + h - 16), ImGui::GetColorU32(ImGuiCol_TextDisabled), buf);
  }
  ImGui::Dummy(ImVec2(avail, h));
  helpMarker("Each epoch re-uses the same rollout, so the policy drifts away from π_old: the ratios spread, the KL "
             "grows. With clip, clipfrac rises and the flat parts of the objective stop the drift; with the KL penalty "
             "β pulls back; with target_kl the update stops early (the white line); with 'none' nothing holds it.");
}

// ---- 4. REINFORCE: the variance of the gradient estimate with and without the baseline ----
void gradVariance(const rl::GradVarianceInsight& g) {
  sectionTitle("Add a baseline: the gradient estimate's variance");
  if (g.episodes < 2) {
    ImGui::TextDisabled("Measured on each batch of episodes once one is complete.");
    return;
  }
  const double a = g.withoutBaseline, b = g.withBaseline;
  ImGui::Text("on the last batch of %d episodes (same gradients):", g.episodes);
  const float w = ImGui::GetContentRegionAvail().x, labelW = gui::px(150.f), h = ImGui::GetTextLineHeight() + 4;
  const double m = std::max({a, b, 1e-12});
  ImDrawList* dl = ImGui::GetWindowDrawList();
  for (int k = 0; k < 2; ++k) {
    const double v = k == 0 ? a : b;
    const ImVec2 o = ImGui::GetCursorScreenPos();
    dl->AddText(o, ImGui::GetColorU32(ImGuiCol_Text), k == 0 ? "without baseline" : "with baseline");
    const float bw = std::max(gui::px(30.f), w - labelW - 90);
    dl->AddRectFilled(ImVec2(o.x + labelW, o.y + 1), ImVec2(o.x + labelW + bw, o.y + h - 1), figureBg());
    dl->AddRectFilled(ImVec2(o.x + labelW, o.y + 1), ImVec2(o.x + labelW + bw * float(v / m), o.y + h - 1),
                      k == 0 ? ink(IM_COL32(239, 83, 80, 255)) : ink(IM_COL32(102, 187, 106, 255)));
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3g", v);
    dl->AddText(ImVec2(o.x + labelW + bw + 6, o.y), ImGui::GetColorU32(ImGuiCol_Text), buf);
    ImGui::Dummy(ImVec2(w, h));
  }
  if (a > 0) ImGui::Text("the baseline %s the variance %.2f×%s", b <= a ? "cuts" : "raises", b > 0 ? a / b : 0.0,
                         g.baselineOn ? "" : "  (baseline is off in training)");
  helpMarker("Each episode gives its own estimate of the policy gradient, Σₜ Ψₜ "
             "∇log π(aₜ|sₜ). Subtracting a baseline b from Ψ leaves the "
             "expectation unchanged but shrinks how much the estimates disagree: this is the trace of their covariance "
             "across the batch, with Ψ = return and Ψ = return − b, on the same episodes.");
}

// ---- 5. Policy maps over the state plane ----
void policyMaps(const rl::PlaneMap& m, UiState& ui) {
  if (m.nx <= 0 || m.layers.empty()) return;
  sectionTitle("Over the state plane");
  const int L = std::min<int>(2, int(m.layers.size()));
  const float avail = ImGui::GetContentRegionAvail().x, gap = gui::px(36.f), left = gui::px(34.f);
  const float side = std::clamp((avail - left - gap * float(L - 1) - left * float(L - 1)) / float(L), gui::px(80.f), gui::px(320.f));
  const ImVec2 top = ImGui::GetCursorScreenPos();
  const float y0 = top.y + ImGui::GetTextLineHeightWithSpacing();
  int hovered = -1, hoveredLayer = -1;
  for (int l = 0; l < L; ++l) {
    const rl::PlaneLayer& layer = m.layers[size_t(l)];
    if (layer.values.size() != size_t(m.nx) * size_t(m.ny)) continue;
    const auto [lo, hi] = std::minmax_element(layer.values.begin(), layer.values.end());
    const float vLo = *lo, vSpan = std::max(*hi - *lo, 1e-6f);
    const float x = top.x + left + float(l) * (side + gap + left);
    char title[96];
    std::snprintf(title, sizeof title, "%s  %.2f … %.2f", layer.name.c_str(), double(*lo), double(*hi));
    // Each title keeps to its own map's width (side by side, a long one ran into its neighbour's).
    const std::string shown = ellipsize(title, side + left + gap * 0.7f);
    ImGui::GetWindowDrawList()->AddText(ImVec2(x - left, top.y), ImGui::GetColorU32(ImGuiCol_Text), shown.c_str());
    const PlaneGeometry g{ImVec2(x, y0), side};
    const bool signedLayer = *lo < 0 && *hi > 0;
    const float amax = std::max(std::abs(*lo), std::abs(*hi));
    const int h = planeHeatmap(m, ("##pmap" + std::to_string(l)).c_str(), g, [&](size_t c) {
      const float v = layer.values[c];
      return signedLayer ? divergingColour(0.5f + 0.5f * v / std::max(amax, 1e-6f)) : sequentialColour((v - vLo) / vSpan);
    });
    planeAxisLabels(m, g);
    ui.uiMap["policy_map_" + std::to_string(l)] = Rect{g.origin.x, g.origin.y, side, side};
    if (h >= 0) hovered = h, hoveredLayer = l;
  }
  ImGui::SetCursorScreenPos(ImVec2(top.x, y0 + side + ImGui::GetTextLineHeightWithSpacing() + 2.f));
  ImGui::TextDisabled("white: this episode's path, dot: now.");
  if (hovered >= 0) {
    const int i = hovered % m.nx, j = hovered / m.nx;
    const double x = m.xMin + (m.xMax - m.xMin) * (i + 0.5) / m.nx, y = m.yMin + (m.yMax - m.yMin) * (j + 0.5) / m.ny;
    ImGui::BeginTooltip();
    ImGui::Text("%s = %+.2f\n%s = %+.2f", m.xLabel.c_str(), x, m.yLabel.c_str(), y);
    for (const auto& layer : m.layers) ImGui::Text("%s = %+.3f", layer.name.c_str(), noNegativeZero(layer.values[size_t(hovered)]));
    ImGui::EndTooltip();
  }
  (void)hoveredLayer;
}

}  // namespace

void policyView(const rl::PolicyInsight& p, const rl::Snapshot& s) { policyAtState(p, s); }
void policyMapView(const rl::PlaneMap& m, UiState& ui) { policyMaps(m, ui); }

void drawPolicyLens(const rl::Snapshot& s, UiState& ui) {
  const rl::Insights& in = s.insights;
  if (!in.policy && !in.ratio) {
    ImGui::TextDisabled("This lens needs a policy-gradient algorithm: pick reinforce or ppo.");
    return;
  }
  if (in.policy) policyAtState(*in.policy, s);
  if (in.ratio) {
    lastUpdate(*in.ratio, s);
    if (in.ratio->objective != Objective::Reinforce && in.ratio->updates > 0) {
      sectionTitle("Importance ratios r = π_θ(a|s) / π_θold(a|s) of the last update");
      ratioHistogram(*in.ratio, ui);
      clipCurves(*in.ratio);
      epochBars(*in.ratio);
    }
  }
  if (in.gradVariance) gradVariance(*in.gradVariance);
  if (in.policyMap) policyMaps(*in.policyMap, ui);
}

}  // namespace gui
