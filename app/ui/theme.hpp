// The two looks: the dark desk theme and the classroom's light, high-contrast projector theme. Views that draw with
// their own colours ask here for the colours that depend on the background.
#pragma once
#include <imgui.h>

#include "app/ui/classroom.hpp"

namespace gui {

// Rebuilds ImGui's style from scratch for `theme` and scales every size in it by `scale` (ScaleAllSizes). Call
// between frames, with buildFonts at the same scale.
void applyStyle(Theme theme, float scale);
Theme currentTheme();
inline bool lightTheme() { return currentTheme() == Theme::Projector; }

// A colour for text or lines over a panel or plot background: unchanged on the dark theme; on the light theme a
// light colour is darkened (same hue) until it reads on white — the yellow of a highlight turns ochre, white grey.
ImU32 ink(ImU32 c);
ImVec4 ink(ImVec4 c);
// Backgrounds: of the window, of a figure (plot, lens drawing), of the status bar; grid lines in a figure.
ImVec4 clearColour();
ImU32 figureBg();
ImU32 figureBgAlt();  // a second, slightly different figure shade (plot frames around the data area)
ImU32 statusBg();
ImU32 gridLine();

}  // namespace gui
