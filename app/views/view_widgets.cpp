// What the views share: the automation map's rectangles, the lens panel's sections (titles, focus, solo), action labels and number cleaning.
#include <cmath>
#include <string>

#include "app/views/views.hpp"

namespace gui {

void recordItem(UiState& ui, const std::string& name) {
  if (!ImGui::IsItemVisible()) return;  // scrolled out or clipped: not clickable, so not in the map
  const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectSize();
  ui.uiMap[name] = {a.x, a.y, b.x, b.y};
}

const char* actionArrow(int a) {
  static const char* kArrows[4] = {"←", "↑", "↓", "→"};  // ← ↑ ↓ →
  return a >= 0 && a < 4 ? kArrows[a] : "?";
}

namespace {
UiState* gLensUi = nullptr;  // set only while the lens panel draws (begin/endLensSections): one frame, no state
}  // namespace

void beginLensSections(UiState& ui) {
  gLensUi = &ui;
  LensSections& l = ui.sections;
  l.drawing.clear();
  l.inFocus = l.hidden = l.focusDrawn = false;
}

void endLensSections(UiState& ui) {
  LensSections& l = ui.sections;
  if (l.hidden) ImGui::PopClipRect();
  l.hidden = false;
  l.seen = l.drawing;
  gLensUi = nullptr;
}

void sectionTitle(const char* text) {
  LensSections* l = gLensUi ? &gLensUi->sections : nullptr;
  const bool focused = l && !l->focus.empty() && l->focus == text;
  if (l) {
    l->drawing.push_back(text);
    // Solo: everything but the focused section is laid out (the scroll stays true) but clipped away.
    const bool hide = l->solo && !l->focus.empty() && !focused;
    if (hide && !l->hidden) ImGui::PushClipRect(ImVec2(0, 0), ImVec2(0, 0), false), l->hidden = true;
    if (!hide && l->hidden) ImGui::PopClipRect(), l->hidden = false;
    l->inFocus = focused;
  }
  ImGui::Spacing();
  if (focused) {
    if (l->scrollPending) ImGui::SetScrollHereY(0.f), l->scrollPending = false;
    // Highlighted: a band behind the title in the accent colour, so the class's eyes land on it.
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float w = ImGui::GetContentRegionAvail().x, h = ImGui::GetTextLineHeightWithSpacing();
    ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(p.x - px(4), p.y - px(2)), ImVec2(p.x + w, p.y + h),
                                              ink(IM_COL32(255, 200, 60, 70)), px(3));
    l->focusDrawn = true;
  }
  ImGui::PushStyleColor(ImGuiCol_Text, ink(ImVec4(0.55f, 0.78f, 1.f, 1.f)));
  const std::string shown = ellipsize(text, ImGui::GetContentRegionAvail().x);  // a narrow column: "…", not a cut
  ImGui::TextUnformatted(shown.c_str());
  ImGui::PopStyleColor();
  if (shown != text && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", text);
  if (focused) recordItem(*gLensUi, "lens_focus");
  ImGui::Separator();
}

double noNegativeZero(double v, double below) { return std::abs(v) < below ? 0.0 : v; }

std::string actionLabel(const rl::Snapshot& s, int a) {
  if (std::holds_alternative<rl::GridRenderState>(s.render)) return actionArrow(a);
  if (a >= 0 && a < int(s.envInfo.actionNames.size())) return s.envInfo.actionNames[size_t(a)];
  return std::to_string(a);
}

}  // namespace gui
