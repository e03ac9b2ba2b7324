// Classroom mode's look (font atlas at its scale, style for its theme) and full screen (shell.hpp).
#include "app/shell/shell.hpp"

#include "app/ui/fonts.hpp"

namespace gui {

// Classroom flags win over the settings file and over a session file's view.
void App::classroomOptions() {
  if (opt_.classroom) ui_.classroom.enabled = true;
  if (opt_.uiScale > 0) ui_.classroom.scale = ClassroomSettings::snapScale(opt_.uiScale);
  if (!opt_.theme.empty()) ui_.classroom.theme = opt_.theme == "projector" ? Theme::Projector : Theme::Dark;
}

void App::applyLook() {
  lookScale_ = ui_.classroom.effectiveScale();
  lookTheme_ = ui_.classroom.effectiveTheme();
  buildFonts(lookScale_);
  applyStyle(lookTheme_, lookScale_);
}

// Full screen on the primary monitor at its current mode; back to the window's rectangle from before.
void App::toggleFullScreen() {
  if (!platform::toggleFullScreen(window_)) ui_.say("Full screen: no monitor found", true, now());
}

}  // namespace gui
