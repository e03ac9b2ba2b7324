#include "app/ui/fonts.hpp"
#include "app/platform/platform.hpp"

#include <imgui.h>
#include <backends/imgui_impl_opengl3.h>

#include <filesystem>

namespace gui {

namespace {

float gScale = 1.f;
std::string gExtraText;
ImFont* gCaption = nullptr;
ImVector<ImWchar> gExtraRanges;  // the atlas reads glyph ranges at build time: they must outlive the call


// Latin-1, Greek (the paper's symbols), punctuation, sub/superscripts, arrows, maths, shapes and dingbats.
const ImWchar kRanges[] = {0x0020, 0x00FF, 0x0100, 0x017F, 0x0370, 0x03FF, 0x2000, 0x206F, 0x2070, 0x209F, 0x2100, 0x214F, 0x2190, 0x21FF,
                           0x2200, 0x22FF, 0x25A0, 0x25FF, 0x2700, 0x27BF, 0xFFFD, 0xFFFD, 0};

// One font at `size` px: DejaVu, with the extra text's glyphs merged from WenQuanYi.
ImFont* addFont(float size) {
  ImGuiIO& io = ImGui::GetIO();
  if (!std::filesystem::exists(platform::uiFontPath())) return nullptr;
  ImFont* f = io.Fonts->AddFontFromFileTTF(platform::uiFontPath(), size, nullptr, kRanges);
  if (f && !gExtraRanges.empty() && std::filesystem::exists(platform::cjkFontPath())) {
    ImFontConfig merge;
    merge.MergeMode = true;
    merge.PixelSnapH = true;
    io.Fonts->AddFontFromFileTTF(platform::cjkFontPath(), size, &merge, gExtraRanges.Data);
  }
  return f;
}

}  // namespace

float uiScale() { return gScale; }
float px(float v) { return v * gScale; }

void setExtraGlyphText(std::string text) {
  gExtraText = std::move(text);
  gExtraRanges.clear();
  if (gExtraText.empty()) return;
  ImFontGlyphRangesBuilder b;
  b.AddText(gExtraText.c_str());
  b.BuildRanges(&gExtraRanges);
}

void buildFonts(float scale) {
  ImGuiIO& io = ImGui::GetIO();
  // The backend holds a texture of the old atlas; it is dropped first and made again from the new one.
  const bool backendUp = io.BackendRendererUserData != nullptr;
  if (backendUp) ImGui_ImplOpenGL3_DestroyFontsTexture();
  io.Fonts->Clear();
  gScale = scale;
  gCaption = nullptr;
  if (ImFont* body = addFont(kBaseFontPx * scale)) {
    gCaption = addFont(kBaseFontPx * scale * kCaptionFontScale);
    io.FontDefault = body;
  } else {
    ImFontConfig cfg;
    cfg.SizePixels = 13.f * scale;  // ImGui's built-in font (ASCII only), at least at the right size
    io.FontDefault = io.Fonts->AddFontDefault(&cfg);
  }
  io.Fonts->Build();
  if (backendUp) ImGui_ImplOpenGL3_CreateFontsTexture();
}

ImFont* captionFont() { return gCaption; }

}  // namespace gui
