// [SECTION] The Dirac-GAN phase portrait (Mescheder et al. 2018; the maths is in core/rl/dirac_gan.hpp)
// The (θ, ψ) plane: θ, the generator's point, horizontal; ψ, the discriminator's slope, vertical. Drawn on it: the
// vector field v(θ, ψ) as arrows on a grid, the equilibrium (0, 0), and the trajectory of K gradient steps from a
// start point for the chosen loss (gan / wgan), update rule (simultaneous / alternating), step size h and R1 weight γ.
// Simultaneous steps spiral out, alternating ones orbit, R1 converges. A click on the plane moves the start there.
//
// Embedding, with a DiracViewState kept in the caller's UiState:
//   gui::drawDiracView(ui.dirac);                 // controls, portrait and read-out, top to bottom
// or the parts on their own:
//   gui::drawDiracControls(ui.dirac);
//   const gui::DiracPortraitRect r = gui::drawDiracPortrait(ui.dirac, ImVec2(0, 0));
//   gui::drawDiracReadout(ui.dirac);
#pragma once
#include <imgui.h>

#include "core/rl/dirac_gan.hpp"

namespace gui {

// The user's settings. Lives in the caller's UiState (views keep no static state).
struct DiracViewState {
  rl::dirac::Loss loss = rl::dirac::Loss::Gan;
  rl::dirac::Update update = rl::dirac::Update::Simultaneous;
  double h = 0.1;       // step size h ∈ [0.001, 1]
  double gamma = 0.0;   // R1 weight γ ∈ [0, 2]
  double theta0 = 1.0;  // start θ₀
  double psi0 = 1.0;    // start ψ₀
  int steps = 1000;     // K ∈ [1, 20000]
  double extent = 3.0;  // the plotted square is [−extent, extent]² ∈ [0.25, 50]

  rl::dirac::Config config() const { return {loss, update, h, gamma}; }
};

// The controls: loss combo, update-rule radio buttons, sliders for h, γ, θ₀, ψ₀, K and the zoom, and three presets
// (spiral out / orbit / converge). Returns true when a setting changed this frame.
bool drawDiracControls(DiracViewState& s);

// Where the portrait was drawn (one InvisibleButton item covering the whole region, for --ui-map) and whether the
// mouse is over it.
struct DiracPortraitRect {
  ImVec2 min, max;
  bool hovered = false;
};

// Draws the portrait at the cursor: axes with ticks and labels, the field, the equilibrium, the trajectory (fading
// in from the start, arrowheads along it, the start and the end marked) and a legend under the plot. size.x <= 0 →
// the available width; size.y <= 0 → as tall as the square plot needs. The plot area is always square (θ and ψ on
// the same scale, so circles look round). A left click on the plane sets (θ₀, ψ₀).
DiracPortraitRect drawDiracPortrait(DiracViewState& s, ImVec2 size = ImVec2(0, 0));

// One or two lines of text: (θ_K, ψ_K), r_K against r_0, and the linearised update's max|λ| at the equilibrium
// with what it means (spirals out / orbits / converges).
void drawDiracReadout(const DiracViewState& s);

// All three, top to bottom, under a section title.
void drawDiracView(DiracViewState& s);

}  // namespace gui
