#include "app/ui/theme.hpp"

#include <algorithm>

namespace gui {

namespace {

Theme gTheme = Theme::Dark;

void darkColours(ImGuiStyle& st) {
  ImGui::StyleColorsDark(&st);
  ImVec4* c = st.Colors;
  c[ImGuiCol_ChildBg] = ImVec4(0.11f, 0.12f, 0.14f, 1.f);
  c[ImGuiCol_FrameBg] = ImVec4(0.17f, 0.19f, 0.23f, 1.f);
  c[ImGuiCol_Button] = ImVec4(0.20f, 0.25f, 0.33f, 1.f);
  c[ImGuiCol_ButtonHovered] = ImVec4(0.26f, 0.40f, 0.58f, 1.f);
  c[ImGuiCol_Header] = ImVec4(0.20f, 0.25f, 0.33f, 1.f);
  c[ImGuiCol_SliderGrab] = ImVec4(0.26f, 0.59f, 0.98f, 0.55f);
  c[ImGuiCol_SliderGrabActive] = ImVec4(0.26f, 0.59f, 0.98f, 0.85f);
}

// Projectors wash out dark greys and thin light strokes: near-black text on near-white, controls with a visible
// edge, a saturated blue for what is active.
void projectorColours(ImGuiStyle& st) {
  ImGui::StyleColorsLight(&st);
  ImVec4* c = st.Colors;
  c[ImGuiCol_Text] = ImVec4(0.02f, 0.02f, 0.03f, 1.f);
  c[ImGuiCol_TextDisabled] = ImVec4(0.38f, 0.38f, 0.40f, 1.f);
  c[ImGuiCol_ChildBg] = ImVec4(1.f, 1.f, 1.f, 1.f);
  c[ImGuiCol_PopupBg] = ImVec4(1.f, 1.f, 1.f, 1.f);
  c[ImGuiCol_Border] = ImVec4(0.35f, 0.35f, 0.40f, 0.6f);
  c[ImGuiCol_FrameBg] = ImVec4(0.88f, 0.89f, 0.92f, 1.f);
  c[ImGuiCol_FrameBgHovered] = ImVec4(0.80f, 0.86f, 0.96f, 1.f);
  c[ImGuiCol_Button] = ImVec4(0.80f, 0.86f, 0.95f, 1.f);
  c[ImGuiCol_ButtonHovered] = ImVec4(0.62f, 0.75f, 0.95f, 1.f);
  c[ImGuiCol_ButtonActive] = ImVec4(0.45f, 0.62f, 0.92f, 1.f);
  c[ImGuiCol_Header] = ImVec4(0.80f, 0.86f, 0.95f, 1.f);
  c[ImGuiCol_CheckMark] = ImVec4(0.05f, 0.30f, 0.75f, 1.f);
  c[ImGuiCol_Separator] = ImVec4(0.45f, 0.45f, 0.50f, 1.f);
  c[ImGuiCol_SliderGrab] = ImVec4(0.05f, 0.30f, 0.75f, 0.60f);
  c[ImGuiCol_SliderGrabActive] = ImVec4(0.05f, 0.30f, 0.75f, 0.90f);
  c[ImGuiCol_PlotLines] = ImVec4(0.05f, 0.30f, 0.75f, 1.f);
}

// Relative brightness as the eye weighs the channels (Rec. 709 weights on the sRGB values: cheap and close enough).
float brightness(float r, float g, float b) { return 0.2126f * r + 0.7152f * g + 0.0722f * b; }

}  // namespace

void applyStyle(Theme theme, float scale) {
  gTheme = theme;
  ImGuiStyle st;  // from scratch: ScaleAllSizes multiplies, so scaling an already scaled style would compound
  if (theme == Theme::Projector) projectorColours(st);
  else darkColours(st);
  st.WindowRounding = 0.f;
  st.FrameRounding = 4.f;
  st.GrabRounding = 4.f;
  st.WindowBorderSize = 0.f;
  st.FrameBorderSize = theme == Theme::Projector ? 1.f : 0.f;
  st.FramePadding = ImVec2(7, 4);
  st.ItemSpacing = ImVec2(8, 6);
  st.WindowPadding = ImVec2(10, 8);
  // A slim, translucent slider grab: the value written on the slider stays readable wherever the handle is.
  st.GrabMinSize = 6.f;
  // Panels are transparent over the cleared background: on software GL (llvmpipe, Xvfb) every blended full-window
  // layer costs milliseconds, and the dashboard's panels tile the window anyway.
  st.Colors[ImGuiCol_WindowBg] = ImVec4(0.f, 0.f, 0.f, 0.f);
  st.ScaleAllSizes(scale);
  ImGui::GetStyle() = st;
}

Theme currentTheme() { return gTheme; }

ImVec4 ink(ImVec4 c) {
  if (gTheme != Theme::Projector) return c;
  constexpr float kMax = 0.42f;  // at most this bright: ≥ 4.5:1 against white for the usual hues
  const float b = brightness(c.x, c.y, c.z);
  if (b <= kMax) return c;
  const float k = kMax / b;
  // Faint strokes (white at 40% alpha as a guide line) get more opaque: thin grey on white needs the weight.
  return ImVec4(c.x * k, c.y * k, c.z * k, std::min(1.f, c.w * 1.5f));
}

ImU32 ink(ImU32 c) {
  if (gTheme != Theme::Projector) return c;
  return ImGui::ColorConvertFloat4ToU32(ink(ImGui::ColorConvertU32ToFloat4(c)));
}

ImVec4 clearColour() {
  return gTheme == Theme::Projector ? ImVec4(0.95f, 0.95f, 0.94f, 1.f) : ImVec4(0.09f, 0.10f, 0.12f, 1.f);
}
ImU32 figureBg() { return gTheme == Theme::Projector ? IM_COL32(255, 255, 255, 255) : IM_COL32(19, 21, 26, 255); }
ImU32 figureBgAlt() { return gTheme == Theme::Projector ? IM_COL32(236, 237, 240, 255) : IM_COL32(26, 29, 35, 255); }
ImU32 statusBg() { return gTheme == Theme::Projector ? IM_COL32(225, 227, 232, 255) : IM_COL32(14, 16, 19, 255); }
ImU32 gridLine() { return gTheme == Theme::Projector ? IM_COL32(190, 192, 200, 255) : IM_COL32(60, 66, 78, 255); }

}  // namespace gui
