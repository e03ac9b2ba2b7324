// The per-environment parts of the viewport. Each env has
//   geometry: flat-coloured triangles for a w×h framebuffer (pure function of snapshot + UI state), and
//   overlay:  text drawn over the displayed image with ImGui, plus mouse interaction on the image item.
// app/views/viewport.cpp picks the pair from the snapshot's RenderState.
#pragma once
#include "app/views/mesh.hpp"
#include "app/views/views.hpp"

namespace gui {

void gridGeometry(const rl::Snapshot& s, const UiState& ui, Mesh& m, float w, float h);
void gridOverlay(const rl::Snapshot& s, UiState& ui, ImVec2 origin, ImVec2 size);
void invadersGeometry(const rl::Snapshot& s, const UiState& ui, Mesh& m, float w, float h);
void invadersOverlay(const rl::Snapshot& s, UiState& ui, ImVec2 origin, ImVec2 size);
void pendulumGeometry(const rl::Snapshot& s, const UiState& ui, Mesh& m, float w, float h);
void pendulumOverlay(const rl::Snapshot& s, UiState& ui, ImVec2 origin, ImVec2 size);
void ganGeometry(const rl::Snapshot& s, const UiState& ui, Mesh& m, float w, float h);
void ganOverlay(const rl::Snapshot& s, UiState& ui, ImVec2 origin, ImVec2 size);

// Where an overlay draws: the viewport screenshot's off-screen list when one is being recorded, else the window's.
inline ImDrawList* overlayList(const UiState& ui) {
  return ui.offscreenOverlay ? ui.offscreenOverlay : ImGui::GetWindowDrawList();
}

// Shared text helper for overlays.
void textCentered(ImDrawList* dl, float size, ImVec2 c, ImU32 col, const char* text);

}  // namespace gui
