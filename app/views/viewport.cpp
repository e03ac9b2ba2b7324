// [SECTION] The environment viewport: picks the env's geometry and overlay (app/views/env_views.hpp), renders the
// geometry into a framebuffer only when what it shows changed, blits it 1:1, and draws the overlay on top.
#include <algorithm>
#include <cmath>

#include "app/platform/gl.hpp"
#include <backends/imgui_impl_opengl3.h>

#include "app/platform/gl_util.hpp"
#include "app/platform/platform.hpp"
#include "app/ui/fast_fill.hpp"
#include "app/views/env_views.hpp"

namespace gui {

struct ViewportRenderer {
  MeshRenderer mesh;
  Framebuffer fbo, shot;
  uint64_t renderedKey = 0;
};

void ViewportRendererDeleter::operator()(ViewportRenderer* r) const { delete r; }
ViewportRendererPtr makeViewportRenderer() { return ViewportRendererPtr(new ViewportRenderer); }

namespace {

using Geometry = void (*)(const rl::Snapshot&, const UiState&, Mesh&, float, float);
using Overlay = void (*)(const rl::Snapshot&, UiState&, ImVec2, ImVec2);

struct Kind {
  Geometry geometry = nullptr;
  Overlay overlay = nullptr;
  float aspect = 1.f;  // width / height
  Rgba clear{13, 15, 18, 255};
  bool blend = false;
};

Kind kindOf(const rl::RenderState& r) {
  if (std::holds_alternative<rl::GridRenderState>(r)) return {gridGeometry, gridOverlay, 1.f, {13, 15, 18, 255}, false};
  if (std::holds_alternative<rl::InvadersRenderState>(r)) return {invadersGeometry, invadersOverlay, 1.f, {8, 9, 16, 255}, false};
  if (std::holds_alternative<rl::PendulumRenderState>(r)) return {pendulumGeometry, pendulumOverlay, 1.f, {16, 18, 23, 255}, true};
  if (std::holds_alternative<rl::Gan1dRenderState>(r)) return {ganGeometry, ganOverlay, 1.6f, {16, 18, 23, 255}, true};
  return {};
}

}  // namespace

float viewportAspect(const rl::RenderState& r) { return kindOf(r).aspect; }

void drawEnvViewport(const rl::Snapshot& s, UiState& ui, ViewportRenderer& r, ImVec2 size) {
  const Kind k = kindOf(s.render);
  if (!k.geometry) {
    ImGui::TextDisabled("This environment has no viewport.");
    return;
  }
  // The largest box of the env's aspect that fits, centred.
  float w = std::floor(size.x), h = std::floor(size.x / k.aspect);
  if (h > size.y) h = std::floor(size.y), w = std::floor(size.y * k.aspect);
  const ImVec2 cur = ImGui::GetCursorScreenPos();
  const ImVec2 origin(cur.x + std::floor((size.x - w) * 0.5f), cur.y + std::floor((size.y - h) * 0.5f));
  // Re-render only when what the image shows changed: a new snapshot, an overlay switch, the selection, the size.
  const GridOverlay& o = ui.grid;
  const uint64_t key = s.version * 1000003ULL ^ uint64_t(ui.selectedCell + 1) * 7919ULL ^ uint64_t(w) * 104729ULL ^
                       uint64_t(h) * 65537ULL ^ uint64_t(o.qTriangles | o.solver << 1 | o.error << 2 | o.arrows << 3 | o.numbers << 4) << 56;
  if (key != r.renderedKey || !r.fbo.id() || r.fbo.width() != int(w) || r.fbo.height() != int(h)) {
    r.fbo.ensureSize(int(w), int(h));
    Mesh m;
    k.geometry(s, ui, m, w, h);
    r.mesh.draw(m, r.fbo, k.clear, k.blend);
    r.renderedKey = key;
  }
  ImGui::SetCursorScreenPos(origin);
  ImGui::InvisibleButton("##viewport", ImVec2(w, h), ImGuiButtonFlags_MouseButtonLeft | ImGuiButtonFlags_MouseButtonRight);
  // The FBO is shown 1:1, so a framebuffer blit replaces a textured, blended quad (see app/ui/fast_fill.hpp).
  ui::blitFramebuffer(ImGui::GetWindowDrawList(), r.fbo.id(), r.fbo.width(), r.fbo.height(), origin);
  recordItem(ui, "viewport");
  if (!r.mesh.error().empty()) {
    ImGui::GetWindowDrawList()->AddText(ImVec2(origin.x + 8, origin.y + 8), IM_COL32(255, 120, 120, 255),
                                        r.mesh.error().c_str());
    return;
  }
  k.overlay(s, ui, origin, ImVec2(w, h));
}

unsigned renderViewportOffscreen(const rl::Snapshot& s, UiState& ui, ViewportRenderer& r, int w, int h) {
  const Kind k = kindOf(s.render);
  if (!k.geometry) throw std::runtime_error("this env has no viewport");
  r.shot.ensureSize(w, h);
  Mesh m;
  k.geometry(s, ui, m, float(w), float(h));
  r.mesh.draw(m, r.shot, k.clear, k.blend);
  if (k.overlay) {
    // The overlay's text and marks (axes, labels, values) too: recorded into an off-screen draw list in viewport
    // coordinates and drawn by ImGui's own renderer into the same framebuffer.
    ImDrawList list(ImGui::GetDrawListSharedData());
    list._ResetForNewFrame();
    list.PushTextureID(ImGui::GetIO().Fonts->TexID);
    list.PushClipRect(ImVec2(0, 0), ImVec2(float(w), float(h)));
    ui.offscreenOverlay = &list;
    k.overlay(s, ui, ImVec2(0, 0), ImVec2(float(w), float(h)));
    ui.offscreenOverlay = nullptr;
    list.PopClipRect();
    list.PopTextureID();
    ImDrawList* lists[] = {&list};
    ImDrawData dd;
    dd.Valid = true;
    dd.CmdLists = lists;
    dd.CmdListsCount = 1;
    dd.TotalVtxCount = list.VtxBuffer.Size;
    dd.TotalIdxCount = list.IdxBuffer.Size;
    dd.DisplayPos = ImVec2(0, 0);
    dd.DisplaySize = ImVec2(float(w), float(h));
    dd.FramebufferScale = ImVec2(1.f, 1.f);
    glBindFramebuffer(GL_FRAMEBUFFER, r.shot.id());
    ImGui_ImplOpenGL3_RenderDrawData(&dd);
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
  }
  return r.shot.id();
}

void saveViewportPng(const rl::Snapshot& s, const UiState& ui, ViewportRenderer& r, int w, int h, const std::string& path) {
  if (!kindOf(s.render).geometry)
    throw std::runtime_error("cannot write viewport screenshot '" + path + "': this env has no viewport");
  UiState offscreen = ui;  // overlays may update view state (the pendulum's trail): not the live UI's
  saveFramebufferPng(path, w, h, renderViewportOffscreen(s, offscreen, r, w, h));
}

}  // namespace gui
