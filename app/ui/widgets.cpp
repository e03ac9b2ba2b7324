#include "app/ui/widgets.hpp"

#include <imgui.h>

namespace ui {

void sameLineOrWrap(float nextWidth, float spacing) {
  ImGui::SameLine(0, spacing);
  if (ImGui::GetCursorPosX() + nextWidth > ImGui::GetWindowContentRegionMax().x) ImGui::NewLine();
}

void helpMarker(const char* text) {
  sameLineOrWrap(ImGui::CalcTextSize("(?)").x);
  ImGui::TextDisabled("(?)");
  if (ImGui::IsItemHovered()) {
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 30.0f);
    ImGui::TextUnformatted(text);
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
  }
}

void textDisabledWrapped(const std::string& text) {
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
  ImGui::PushTextWrapPos(0.f);
  ImGui::TextUnformatted(text.c_str());
  ImGui::PopTextWrapPos();
  ImGui::PopStyleColor();
}

}  // namespace ui
