// Fonts and the UI scale. The atlas is rasterised at 16 px × scale (crisp text at any scale, never a blurry
// bitmap stretch), and every hard-coded pixel size in app/gui, app/views and app/ui goes through px(), so the
// layout grows with the text.
#pragma once
#include <string>

struct ImFont;

namespace gui {

inline constexpr float kBaseFontPx = 16.f;  // DejaVu Sans at 1×
inline constexpr float kCaptionFontScale = 1.6f;  // the classroom caption, relative to the body font

// The scale the atlas was last built at (1 until buildFonts says otherwise).
float uiScale();
// A size in pixels at 1× → at the current scale.
float px(float v);

// Text in other scripts the app will show (a lesson in 中文): its characters are merged into the font from
// WenQuanYi Micro Hei, only those glyphs (never the whole CJK range). Call before the first frame; it takes effect at
// the next atlas build.
void setExtraGlyphText(std::string text);

// Builds (or rebuilds) the atlas at 16 px × scale: DejaVu Sans (else ImGui's built-in font), WenQuanYi merged in for
// the extra text, and a caption font at 1.6×. When the OpenGL backend is already running its font texture is
// recreated. Call only between frames (never between NewFrame and Render).
void buildFonts(float scale);
// The caption font (nullptr when only the built-in font could be loaded).
ImFont* captionFont();

}  // namespace gui
