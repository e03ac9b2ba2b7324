// Opaque rectangles and image copies that bypass ImGui's blended, textured triangles.
// On software GL (Mesa llvmpipe under Xvfb — classrooms without GPUs, CI) every blended textured pixel costs
// ~10–20 ns, so large backgrounds and the viewport image dominated the frame. A scissored glClear and a
// glBlitFramebuffer are memset/memcpy-speed instead. Both are recorded as ImDrawList callbacks, so they keep
// their place in the draw order. Main thread only.
#pragma once
#include <imgui.h>

namespace ui {

// Call once per frame before drawing (recycles the callbacks' storage).
void fastFillBeginFrame();
// An opaque axis-aligned rectangle (alpha is ignored), clipped to the current clip rect.
void fillRectOpaque(ImDrawList* dl, ImVec2 min, ImVec2 max, ImU32 color);
// Copies framebuffer object `fbo` (w×h pixels) 1:1 to the screen with its top-left corner at `pos`.
void blitFramebuffer(ImDrawList* dl, unsigned fbo, int w, int h, ImVec2 pos);

}  // namespace ui
