#include "app/shell/classroom_ui.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "app/ui/fonts.hpp"
#include "app/ui/theme.hpp"

namespace gui {

namespace {

// 12400 → "12 400": a class reads grouped digits at a glance (a thin space, as in print).
std::string grouped(unsigned long long v) {
  std::string digits = std::to_string(v), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += " ";  // U+2009 thin space
    out += digits[i];
  }
  return out;
}

}  // namespace

bool classroomButton(UiState& ui) {
  ClassroomSettings& c = ui.classroom;
  bool fullScreen = false;
  if (ImGui::Button("Classroom")) ImGui::OpenPopup("##classroom");
  recordItem(ui, "classroom");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Classroom mode (F9): large type, projector theme, fewer controls");
  if (!ImGui::BeginPopup("##classroom")) return false;
  ImGui::Checkbox("Classroom mode (F9)", &c.enabled);
  recordItem(ui, "classroom_enabled");
  ImGui::SameLine(0, px(24));
  if (ImGui::Button("Full screen (F11)")) fullScreen = true;
  // A list, not a slider: a new scale re-rasterises the fonts, which must not happen on every pixel of a drag.
  char label[16];
  std::snprintf(label, sizeof label, "%.2g×", double(c.scale));
  ImGui::SetNextItemWidth(px(110));
  if (ImGui::BeginCombo("UI scale", label)) {
    using C = ClassroomSettings;
    for (float v = C::kMinScale; v <= C::kMaxScale + 1e-3f; v += C::kScaleStep) {
      std::snprintf(label, sizeof label, "%.2g×", double(v));
      if (ImGui::Selectable(label, v == c.scale)) c.scale = v;
    }
    ImGui::EndCombo();
  }
  recordItem(ui, "classroom_scale");
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("Theme");
  ImGui::SameLine();
  if (ImGui::RadioButton("Dark", c.theme == Theme::Dark)) c.theme = Theme::Dark;
  ImGui::SameLine();
  if (ImGui::RadioButton("Projector (light)", c.theme == Theme::Projector)) c.theme = Theme::Projector;
  recordItem(ui, "classroom_projector");
  ImGui::Checkbox("Caption: what is happening now", &c.caption);
  recordItem(ui, "classroom_caption");
  ImGui::Separator();
  ImGui::TextDisabled("Hide in classroom mode:");
  // Two columns: the popup stays within a 1080-pixel screen at 3×.
  if (ImGui::BeginTable("##hide", 2)) {
    for (const HideableControl& h : kHideableControls) {
      ImGui::TableNextColumn();
      bool hidden = c.hidden.count(h.id) > 0;
      if (ImGui::Checkbox(h.label, &hidden)) {
        if (hidden) c.hidden.insert(h.id);
        else c.hidden.erase(h.id);
      }
      recordItem(ui, std::string("classroom_hide_") + h.id);
    }
    ImGui::EndTable();
  }
  ImGui::EndPopup();
  return fullScreen;
}

std::string captionText(const rl::Snapshot& s) {
  std::string text = s.insights.phase;
  if (text.empty())
    text = "training: step " + grouped(s.envSteps) + ", episode " + grouped(s.episodes + 1);
  if (!s.error.empty()) return "stopped: " + s.error;
  return s.running ? text : "paused · " + text;
}

float captionHeight() {
  const float font = kBaseFontPx * kCaptionFontScale * uiScale();
  return std::floor(font * 1.25f + px(8));
}

void drawCaption(const rl::Snapshot& s, UiState& ui) {
  const std::string text = captionText(s);
  if (ImFont* f = captionFont()) ImGui::PushFont(f);
  // Shortened with "…" rather than cut by the window's edge.
  const float room = ImGui::GetContentRegionAvail().x;
  std::string shown = text;
  if (ImGui::CalcTextSize(shown.c_str()).x > room) {
    while (!shown.empty() && ImGui::CalcTextSize((shown + "…").c_str()).x > room) {
      shown.pop_back();
      while (!shown.empty() && (static_cast<unsigned char>(shown.back()) & 0xC0) == 0x80) shown.pop_back();  // UTF-8
      if (!shown.empty() && static_cast<unsigned char>(shown.back()) >= 0xC0) shown.pop_back();
    }
    shown += "…";
  }
  ImGui::TextUnformatted(shown.c_str());
  recordItem(ui, "caption");
  if (captionFont()) ImGui::PopFont();
}

void lensPanelPicker(UiState& ui) {
  std::string& pick = ui.classroom.lensSection;
  const auto& seen = ui.sections.seen;
  const bool known = std::find(seen.begin(), seen.end(), pick) != seen.end();
  ImGui::AlignTextToFramePadding();
  ImGui::TextDisabled("Show");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x);
  if (ImGui::BeginCombo("##lens_section", known ? pick.c_str() : "the whole lens")) {
    if (ImGui::Selectable("the whole lens", !known)) pick.clear();
    for (const std::string& t : seen)
      if (ImGui::Selectable(t.c_str(), known && t == pick)) pick = t;
    ImGui::EndCombo();
  }
  recordItem(ui, "lens_section_picker");
}

}  // namespace gui
