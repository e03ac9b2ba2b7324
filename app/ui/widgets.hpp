// Small widgets every panel uses: a "(?)" help marker, wrapping to a new line when the next item would not fit,
// and disabled (grey) text that wraps.
#pragma once
#include <string>

namespace ui {

// SameLine, or a new line when an item nextWidth wide would cross the window's right edge.
void sameLineOrWrap(float nextWidth, float spacing = -1.f);
// A grey "(?)" on the same line whose tooltip is text.
void helpMarker(const char* text);
// Grey text wrapped to the window's width.
void textDisabledWrapped(const std::string& text);

}  // namespace ui
