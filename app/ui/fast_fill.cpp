#include "app/ui/fast_fill.hpp"

#include "app/platform/gl.hpp"

#include <algorithm>
#include <deque>

namespace ui {

namespace {

struct Op {
  bool blit = false;
  ImVec2 min, max;  // screen rectangle (after clipping)
  float r = 0, g = 0, b = 0;
  unsigned fbo = 0;
  int w = 0, h = 0;        // blit: source size
  int srcX = 0, srcY = 0;  // blit: top-left of the visible part within the source (pixels clipped away)
};

// Callback payloads must live until the frame is rendered; a deque keeps their addresses stable.
std::deque<Op>& ops() {
  static std::deque<Op> storage;  // render-side scratch, not UI state
  return storage;
}

void run(const ImDrawList*, const ImDrawCmd* cmd) {
  const Op& op = *static_cast<const Op*>(cmd->UserCallbackData);
  const ImDrawData* dd = ImGui::GetDrawData();
  const float sx = dd->FramebufferScale.x, sy = dd->FramebufferScale.y;
  const float fbH = dd->DisplaySize.y * sy;
  const ImVec2 o = dd->DisplayPos;
  const int x0 = int((op.min.x - o.x) * sx), x1 = int((op.max.x - o.x) * sx);
  const int y0 = int(fbH - (op.max.y - o.y) * sy), y1 = int(fbH - (op.min.y - o.y) * sy);
  if (x1 <= x0 || y1 <= y0) return;
  if (!op.blit) {
    glEnable(GL_SCISSOR_TEST);
    glScissor(x0, y0, x1 - x0, y1 - y0);
    glClearColor(op.r, op.g, op.b, 1.f);
    glClear(GL_COLOR_BUFFER_BIT);
    return;
  }
  glDisable(GL_SCISSOR_TEST);
  glBindFramebuffer(GL_READ_FRAMEBUFFER, op.fbo);
  glBindFramebuffer(GL_DRAW_FRAMEBUFFER, 0);
  // FBO rows start at the bottom: the visible part's source rows are counted from there.
  const int sw = x1 - x0, sh = y1 - y0;
  const int sx0 = op.srcX, sy0 = op.h - op.srcY - sh;
  glBlitFramebuffer(sx0, sy0, sx0 + sw, sy0 + sh, x0, y0, x1, y1, GL_COLOR_BUFFER_BIT, GL_NEAREST);
  glBindFramebuffer(GL_READ_FRAMEBUFFER, 0);
  glEnable(GL_SCISSOR_TEST);
}

void push(ImDrawList* dl, Op op) {
  // Clip to the draw list's current clip rectangle so panels never paint outside themselves.
  const ImVec2 cmin = dl->GetClipRectMin(), cmax = dl->GetClipRectMax();
  const ImVec2 fullMin = op.min;
  op.min = ImVec2(std::max(op.min.x, cmin.x), std::max(op.min.y, cmin.y));
  op.max = ImVec2(std::min(op.max.x, cmax.x), std::min(op.max.y, cmax.y));
  if (op.max.x <= op.min.x || op.max.y <= op.min.y) return;
  if (op.blit) op.srcX = int(op.min.x - fullMin.x), op.srcY = int(op.min.y - fullMin.y);
  ops().push_back(op);
  dl->AddCallback(run, &ops().back());
  dl->AddCallback(ImDrawCallback_ResetRenderState, nullptr);
}

}  // namespace

void fastFillBeginFrame() { ops().clear(); }

void fillRectOpaque(ImDrawList* dl, ImVec2 min, ImVec2 max, ImU32 color) {
  const ImVec4 c = ImGui::ColorConvertU32ToFloat4(color);
  Op op;
  op.min = min;
  op.max = max;
  op.r = c.x, op.g = c.y, op.b = c.z;
  push(dl, op);
}

void blitFramebuffer(ImDrawList* dl, unsigned fbo, int w, int h, ImVec2 pos) {
  Op op;
  op.blit = true;
  op.min = pos;
  op.max = ImVec2(pos.x + float(w), pos.y + float(h));
  op.fbo = fbo;
  op.w = w;
  op.h = h;
  push(dl, op);
}

}  // namespace ui
