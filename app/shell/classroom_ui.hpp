// Classroom mode's own widgets: the toolbar's Classroom button with its settings popup, and the caption line.
#pragma once
#include <string>

#include "app/views/ui_state.hpp"
#include "core/session/snapshot.hpp"

namespace gui {

// The "Classroom" button and its popup (mode, scale, theme, caption, the controls to hide). Returns true when the
// popup's Full screen button was pressed (the app owns the window).
bool classroomButton(UiState& ui);
// The caption line: what is happening now, from the algorithm's phase, else the trainer's step and episode.
std::string captionText(const rl::Snapshot& s);
float captionHeight();
// Classroom mode, at the top of the lens panel: which of the lens's panels the class sees whole (or all of it).
void lensPanelPicker(UiState& ui);
void drawCaption(const rl::Snapshot& s, UiState& ui);

}  // namespace gui
