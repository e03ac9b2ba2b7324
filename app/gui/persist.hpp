// Files the app writes: settings under the user's config directory (XDG), screenshots, and JSON reports for tests.
// Every write goes to a temp file first and is renamed into place, so nothing is ever half-written.
#pragma once
#include <string>

#include "app/gui/ui_state.hpp"

namespace gui {

// $XDG_CONFIG_HOME/rllens, else ~/.config/rllens (created on demand).
std::string configDir();
// Default folder for screenshots: $XDG_PICTURES_DIR/RL Lens, else ~/Pictures/RL Lens.
std::string screenshotDir();

struct WindowSettings {
  int width = 1280, height = 800;
};
// Loads settings into ui and win; a missing file is fine, a malformed one is reported in the returned message.
std::string loadSettings(UiState& ui, WindowSettings& win);
void saveSettings(const UiState& ui, const WindowSettings& win);

// Reads framebuffer `fbo` (0 = the window's back buffer), w×h pixels, and writes it as an opaque PNG, atomically.
// Throws std::runtime_error naming the path.
void saveFramebufferPng(const std::string& path, int w, int h, unsigned fbo = 0);
// The w×h rectangle at (x, y) of it, in GL coordinates (from the bottom-left corner).
void saveFramebufferRegionPng(const std::string& path, int x, int y, int w, int h, unsigned fbo = 0);

}  // namespace gui
