#include "app/ui/text_fit.hpp"

#include <imgui.h>

namespace ui {

std::string ellipsize(std::string text, float room) {
  if (ImGui::CalcTextSize(text.c_str()).x <= room) return text;
  while (!text.empty() && ImGui::CalcTextSize((text + "…").c_str()).x > room) {
    text.pop_back();
    while (!text.empty() && (static_cast<unsigned char>(text.back()) & 0xC0) == 0x80) text.pop_back();
    if (!text.empty() && static_cast<unsigned char>(text.back()) >= 0xC0) text.pop_back();
  }
  return text + "…";
}

}  // namespace ui
