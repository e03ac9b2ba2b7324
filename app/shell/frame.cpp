// The dashboard: every panel placed from the window size, one frame at a time (shell.hpp).
#include "app/shell/shell.hpp"

#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "app/shell/classroom_ui.hpp"
#include "app/ui/fast_fill.hpp"
#include "app/ui/fonts.hpp"
#include "app/views/lenses.hpp"
#include "app/views/lesson_panel.hpp"
#include "app/views/status_text.hpp"
#include "core/rl/registry.hpp"

namespace gui {

void App::frame() {
  applyPendingSwitch();  // between frames: no view holds the old snapshot now
  // The frame owns its snapshot: `s` stays valid for the whole frame whatever replaces snap_ meanwhile.
  const std::shared_ptr<const rl::Snapshot> frameSnap = session_->snapshot();
  snap_ = frameSnap;
  const rl::Snapshot& s = *frameSnap;
  replay_.record(s, now());  // a few kilobytes when the step count moved (app/record/replay_ring.hpp)
  if (!s.notice.empty() && s.notice != lastNotice_) {
    ui_.say(s.notice, true, now());
    lastNotice_ = s.notice;
  }
  // Classroom mode switched, or its scale or theme changed: new atlas and style before this frame begins.
  if (ui_.classroom.effectiveScale() != lookScale_ || ui_.classroom.effectiveTheme() != lookTheme_) applyLook();
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  ImGui::NewFrame();
  ui::fastFillBeginFrame();
  ui_.uiMap.clear();
  handleKeys(s);
  realTimeHumanPlay(s);

  // ---- Layout from the window size (sizes at 1× through px(); a panel hidden in classroom mode gives its space to
  // its neighbours, it never leaves a hole) ----
  const ImVec2 W = ImGui::GetIO().DisplaySize;
  const ClassroomSettings& cls = ui_.classroom;
  const rl::runs::Lesson* lesson = findLesson(ui_.lesson.id);
  const bool showParams = !cls.hides("params"), showLeft = showParams || lesson;  // a lesson card stays visible
  const bool showLens = !cls.hides("lens_panel"), showCharts = !cls.hides("charts");
  const float tb = std::max(px(44.f), toolbarH_), sb = px(30.f);
  const float capH = cls.enabled && cls.caption ? captionHeight() : 0.f;
  // Classroom mode puts the world first: the environment view takes the whole height between the caption and the
  // status bar, and the lens and the charts share the column beside it (at 2× on a projector the world keeps about
  // three quarters of the window). Otherwise the charts run along the bottom, under view and lens.
  const float below = W.y - tb - sb - capH, midY = tb + capH;
  const float leftW = showLeft ? std::min(std::clamp(W.x * 0.22f, px(260.f), px(380.f)), W.x * 0.35f) : 0.f;
  Rect left, view, lens, charts;
  if (cls.enabled) {
    const bool right = showLens || showCharts;
    const float aspect = viewportAspect(s.render);  // the GAN toy's density plot is wide
    const float viewW = right ? std::max(std::min(below * aspect, W.x - leftW - px(300.f)), 0.f) : W.x - leftW;
    const float rightW = W.x - leftW - viewW;
    // Charts below a readable height (a laptop at 2×: title, legend, axes and too little plot) give their room to
    // the lens.
    float chartsH = !showCharts ? 0.f : showLens ? std::floor(below * 0.45f) : below;
    if (showLens && chartsH < px(130.f)) chartsH = 0.f;
    left = {0, midY, leftW, below};
    view = {leftW, midY, viewW, below};
    lens = {leftW + viewW, midY, rightW, below - chartsH};
    charts = {leftW + viewW, midY + below - chartsH, rightW, chartsH};
  } else {
    const float chartsH = showCharts ? std::max(px(180.f), std::floor(below * 0.3f)) : 0.f;
    const float midH = below - chartsH;
    const float viewW = showLens ? std::max(std::min(midH, W.x - leftW - px(300.f)), 0.f) : W.x - leftW;
    left = {0, midY, leftW, midH};
    view = {leftW, midY, viewW, midH};
    lens = {leftW + viewW, midY, W.x - leftW - viewW, midH};
    charts = {0, midY + midH, W.x, chartsH};
  }
  auto at = [](const Rect& r) { return ImVec2(r.x, r.y); };
  auto size = [](const Rect& r) { return ImVec2(r.w, r.h); };

  beginPanel("##toolbar", ImVec2(0, 0), ImVec2(W.x, tb), false);
  toolbar(s);
  ImGui::End();

  if (capH > 0) {
    beginPanel("##caption", ImVec2(0, tb), ImVec2(W.x, capH), false);
    drawCaption(s, ui_);
    ImGui::End();
  }

  if (showLeft) {
    beginPanel("##params", at(left), size(left));
    if (lesson && drawLessonCard(*lesson, s, ui_)) ui_.lesson.id.clear();
    if (lesson && ui_.lesson.actionRequest >= 0 && ui_.lesson.actionRequest < int(lesson->steps.size()))
      if (const auto& acts = lesson->steps[size_t(ui_.lesson.actionRequest)].actions;
          ui_.lesson.actionIndex >= 0 && ui_.lesson.actionIndex < int(acts.size()))
        runLessonAction(acts[size_t(ui_.lesson.actionIndex)], s);
    ui_.lesson.actionRequest = -1;
    if (!lesson && !ui_.welcomed) drawWelcomeCard(ui_);
    if (showParams) drawParamsPanel(s, ui_);
    ImGui::End();
  }

  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(px(4), px(4)));
  beginPanel("##viewport", at(view), size(view), false);
  ImGui::PopStyleVar();
  replay_.draw(s, ui_, *viewport_, ImGui::GetContentRegionAvail());  // the viewport (live or scrubbed) + timeline
  ImGui::End();

  if (showLens) {
    beginPanel("##lens", at(lens), size(lens));
    // Which of the lens's panels to show: the lesson page's, else the classroom's pick; solo in classroom mode.
    {
      LensSections& sec = ui_.sections;
      const std::string want = !ui_.lesson.focus.empty() && lesson ? ui_.lesson.focus
                               : cls.enabled                     ? cls.lensSection
                                                                 : std::string();
      if (want != sec.focus) sec.focus = want, sec.scrollPending = !want.empty();
      const bool known = std::find(sec.seen.begin(), sec.seen.end(), want) != sec.seen.end();
      sec.solo = cls.enabled && known;
      if (cls.enabled) lensPanelPicker(ui_);
    }
    // Another lens, algorithm or lesson opens at its top, not half-way down where the last one was left.
    if (std::string key = ui_.lens + "|" + s.algoId + "|" + ui_.lesson.id; key != lensScrollKey_) {
      ImGui::SetScrollY(0.f);
      lensScrollKey_ = std::move(key);
    }
    // Lines of arithmetic ("batch loss = mean Huber(δ) = 0.0534 (32 samples)") wrap at the panel's edge rather than
    // run past it: the column is narrow at 2× on a laptop.
    ImGui::PushTextWrapPos(0.f);
    drawLensPanel(s, ui_);
    ImGui::PopTextWrapPos();
    lensScrollY_ = ImGui::GetScrollY();
    ImGui::End();
  }

  if (showCharts && charts.h > 0) {  // (classroom mode on a small screen may give the charts none)
    beginPanel("##charts", at(charts), size(charts), false);
    drawCharts(s, ui_, ImGui::GetContentRegionAvail());
    ImGui::End();
  }

  beginPanel("##status", ImVec2(0, W.y - sb), ImVec2(W.x, sb), false);
  ui::fillRectOpaque(ImGui::GetWindowDrawList(), ImVec2(0, W.y - sb), W, statusBg());
  statusBar(s);
  ImGui::End();

  drawLessonBrowser(lessons_, ui_);
  if (const std::string picked = drawFileDialog(fileDialog_, ui_); !picked.empty())
    pendingFile_ = {FilePurpose(fileDialog_.purpose), picked};  // applied between frames, like a session switch
  replayCard();
  drawChartExports(ui_, chartDraws_);  // Save PNG: the chart again at a fixed size, offscreen
  flushOutbox();
  // The open lesson's page break (lesson_panel.cpp): the run holds there until Next; no lesson, no hold.
  if (const uint64_t hold = findLesson(ui_.lesson.id) ? ui_.lesson.hold : 0; hold != sentHold_) {
    session_->holdAt(hold);
    sentHold_ = hold;
  }
  ImGui::Render();
  if (!opt_.uiAudit.empty() && frameCount_ % 4 == 3) audit_.audit(ImGui::GetDrawData());
}

}  // namespace gui
