// The dashboard's panels. Each draws from (const Snapshot&, UiState&) and sends commands through ui.outbox.
#pragma once
#include <functional>
#include <memory>
#include <string>

#include <imgui.h>

#include "app/ui/fonts.hpp"  // px(): sizes at 1× → at the UI scale
#include "app/platform/gl_util.hpp"
#include "app/ui/theme.hpp"  // ink(), figureBg(): colours that depend on the theme
#include "app/views/ui_state.hpp"
#include "app/ui/text_fit.hpp"
#include "app/ui/widgets.hpp"
#include "core/session/snapshot.hpp"

namespace gui {

// GL resources of the environment viewport (not UI state: a cache of what was last drawn).
struct ViewportRenderer;
struct ViewportRendererDeleter {
  void operator()(ViewportRenderer* r) const;
};
using ViewportRendererPtr = std::unique_ptr<ViewportRenderer, ViewportRendererDeleter>;
ViewportRendererPtr makeViewportRenderer();

// The environment viewport: the env drawn as flat geometry into an FBO (shaders/flat.{vert,frag}), blitted 1:1,
// with text on top; the mouse edits the world where the env allows it (gridworld cells, the GAN's drawn density).
// The env view's width / height (1 for the grids and the pendulum, wider for the GAN toy's density plot).
float viewportAspect(const rl::RenderState& r);
void drawEnvViewport(const rl::Snapshot& s, UiState& ui, ViewportRenderer& r, ImVec2 size);
// Renders the viewport alone at a fixed w×h (whatever the window size) and writes a PNG. Throws naming the path.
void saveViewportPng(const rl::Snapshot& s, const UiState& ui, ViewportRenderer& r, int w, int h, const std::string& path);
// The same picture into the renderer's off-screen framebuffer, whose id it returns (valid until the next call). `ui`
// is the caller's scratch copy: overlays may update view state in it (the pendulum's trail). Throws when the env has
// no viewport.
unsigned renderViewportOffscreen(const rl::Snapshot& s, UiState& ui, ViewportRenderer& r, int w, int h);
// The Q-values lens: the last TD update written out with its numbers, Q(s,·) bars, the solver comparison.
void drawQLens(const rl::Snapshot& s, UiState& ui);
// The Q lens's DQN panels (app/views/q_lens_deep.cpp): heatmaps over the state plane, C51 distributions, replay.
void valueMapView(const rl::PlaneMap& m, const rl::Snapshot& s, UiState& ui);
void distributionView(const rl::QInsight& q, const rl::Snapshot& s);
void replayView(const rl::ReplayInsight& r, UiState& ui);
// The policy-gradient lens (app/views/policy_lens.cpp): π(·|s), the last update for one sample, the importance ratios
// against the clip band, per-epoch clipfrac and KL, REINFORCE's gradient variance, μ/σ over the state plane.
void drawPolicyLens(const rl::Snapshot& s, UiState& ui);
// Its parts the actor-critic lens reuses: π(·|s) at the agent's state, and the maps over the state plane.
void policyView(const rl::PolicyInsight& p, const rl::Snapshot& s);
void policyMapView(const rl::PlaneMap& m, UiState& ui);
// The actor-critic lens (app/views/ac_lens.cpp): advantage curves with the lens's own γ, λ, n, the last update
// written out, π(·|s) and the maps.
void drawActorCriticLens(const rl::Snapshot& s, UiState& ui);
// Its panels (app/views/ac_panels.cpp): worker lanes (A2C, A3C), the critic against the exact V^π (gridworld), and
// DDPG's pathwise view Q(s, a) with μ(s) and ∂Q/∂a.
void workersView(const rl::WorkersInsight& w, UiState& ui);
void criticTruthView(const rl::PolicyInsight& p, const rl::Snapshot& s, UiState& ui);
void pathwiseView(const rl::PathwiseInsight& p, UiState& ui);
// Pfau & Vinyals's GAN-side tricks on the actor-critic algorithms (core/rl/ac_tricks.hpp): switches with side/origin.
void acTricksView(const rl::Snapshot& s, UiState& ui);
// Heatmaps over the env's state plane (shared by the Q and policy lenses). Only the map's axes, ranges and trail are
// read from `m`; `colour(c)` gives cell c's colour. planeHeatmap returns the hovered cell or −1.
struct PlaneGeometry {
  ImVec2 origin;  // top-left of the map
  float size;     // square side in pixels
};
int planeHeatmap(const rl::PlaneMap& m, const char* id, PlaneGeometry g, const std::function<ImU32(size_t)>& colour);
void planeAxisLabels(const rl::PlaneMap& m, PlaneGeometry g);
ImU32 sequentialColour(float t);  // viridis-like, t ∈ [0, 1]
ImU32 divergingColour(float t);   // blue (0) – grey (0.5) – orange-red (1)
// The GAN lens (app/views/gan_lens.cpp): target, generated density, D(x) and the generator's push on one axis, the
// z → x map, JS/W1/mode read-outs, Pfau & Vinyals's Table 1 as live switches, and the Dirac-GAN phase portrait.
void drawGanLens(const rl::Snapshot& s, UiState& ui);
// The generated parameter panel, the cell editor and the env's rules.
void drawParamsPanel(const rl::Snapshot& s, UiState& ui);
// Learning curves: episodic return, episode length, TD loss.
void drawCharts(const rl::Snapshot& s, UiState& ui, ImVec2 size);
// Keeps this run's curves and settings: the charts draw the next run beside them, labelled by what differs.
void pinCurrentRun(const rl::Snapshot& s, UiState& ui);

// Shared helpers.
// Call after ui::plotLines with the same series: queues the context menu's "Save PNG" / "Save CSV", if asked for
// (written by the app after the frame: app/views/chart_export.hpp).
void queuePlotSave(const std::string& name, const std::vector<ui::PlotSeries>& series, ui::PlotState& st, UiState& ui,
                   const std::string& title = {}, const char* xLabel = nullptr, const char* yLabel = nullptr);
// A labelled separator (ImGui 1.86 has no SeparatorText). Inside the lens panel (between beginLensSections and
// endLensSections) it also starts a section: the focused one is highlighted and scrolled to, the others hidden in solo.
void sectionTitle(const char* text);
void beginLensSections(UiState& ui);
void endLensSections(UiState& ui);
const char* actionArrow(int a);  // "←", "↑", "↓", "→" for the gridworld's action order
// An action as the user sees it: the gridworld's arrows, else the env's action names, else its index.
std::string actionLabel(const rl::Snapshot& s, int a);
// v, or 0 when |v| < below: printed values never read "-0.000".
double noNegativeZero(double v, double below = 5e-7);
// text cut to fit `room` pixels in the current font, whole UTF-8 characters, ending in "…" (unchanged when it fits).
using ui::ellipsize;  // app/ui/text_fit.hpp
using ui::helpMarker;  // app/ui/widgets.hpp
using ui::sameLineOrWrap;
using ui::textDisabledWrapped;

}  // namespace gui
