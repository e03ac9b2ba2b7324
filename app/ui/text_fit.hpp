// Text that fits its room: cut at a whole UTF-8 character and ended with "…" rather than clipped mid-glyph at a
// panel's edge. A widget-level helper (app/ui knows nothing of the views or the shell): plots, views and the shell
// all use it.
#pragma once
#include <string>

namespace ui {

// text cut to fit `room` pixels in the current font, whole UTF-8 characters, ending in "…" (unchanged when it fits).
std::string ellipsize(std::string text, float room);

}  // namespace ui
