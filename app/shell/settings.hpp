// The app's settings (window size, last run, view switches, classroom look, recent files) in settings.json under the
// platform's config folder, written atomically.
#pragma once
#include <string>

#include "app/views/ui_state.hpp"

namespace gui {

struct WindowSettings {
  int width = 1280, height = 800;
};
// Loads settings into ui and win; a missing file is fine, a malformed one is reported in the returned message.
std::string loadSettings(UiState& ui, WindowSettings& win);
void saveSettings(const UiState& ui, const WindowSettings& win);

}  // namespace gui
