// The dashboard's panels. Each draws from (const Snapshot&, UiState&) and sends commands through ui.outbox.
#pragma once
#include <memory>

#include <imgui.h>

#include "app/gui/gl_util.hpp"
#include "app/gui/ui_state.hpp"
#include "core/session/snapshot.hpp"

namespace gui {

// GL resources of the gridworld viewport (not UI state: a cache of what was last uploaded).
struct GridRenderer {
  GLuint program = 0, vao = 0, vbo = 0;
  uint64_t renderedKey = 0;  // what the FBO currently shows (snapshot version, overlay, selection, size)
  Framebuffer fbo;
  std::string error;  // shader problems are shown in the viewport instead of crashing
  ~GridRenderer();
};

// The environment viewport: the gridworld rendered into an FBO through shaders/flat.{vert,frag}, with values,
// arrows and labels drawn on top; clicking edits the layout; hover shows a read-out.
void drawEnvViewport(const rl::Snapshot& s, UiState& ui, GridRenderer& r, ImVec2 size);
// The Q-values lens: the last TD update written out with its numbers, Q(s,·) bars, the solver comparison.
void drawQLens(const rl::Snapshot& s, UiState& ui);
// The generated parameter panel, the cell editor and the env's rules.
void drawParamsPanel(const rl::Snapshot& s, UiState& ui);
// Learning curves: episodic return, episode length, TD loss.
void drawCharts(const rl::Snapshot& s, UiState& ui, ImVec2 size);

// Shared helpers.
void helpMarker(const char* text);
void sectionTitle(const char* text);  // a labelled separator (ImGui 1.86 has no SeparatorText)
const char* actionArrow(int a);  // "←", "↑", "↓", "→" for the gridworld's action order

}  // namespace gui
