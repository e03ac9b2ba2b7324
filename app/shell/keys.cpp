// The keyboard, and human play on every env (shell.hpp).
#include "app/shell/shell.hpp"

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

#include <algorithm>
#include <cmath>

#include "app/views/lenses.hpp"
#include "app/views/lesson_panel.hpp"

namespace gui {

namespace {

// The app's human-mode key for a GLFW key, if it is one.
std::optional<rl::HumanKey> humanKey(int key) {
  switch (key) {
    case GLFW_KEY_LEFT: return rl::HumanKey::Left;
    case GLFW_KEY_RIGHT: return rl::HumanKey::Right;
    case GLFW_KEY_UP: return rl::HumanKey::Up;
    case GLFW_KEY_DOWN: return rl::HumanKey::Down;
    case GLFW_KEY_SPACE: return rl::HumanKey::Fire;
    default: return std::nullopt;
  }
}

}  // namespace

// Human play, one step a key press (the env's HumanPlay::PerKey table); nothing when the key has no meaning there.
std::optional<rl::Command> App::humanCommand(const rl::Snapshot& s, int key) const {
  const rl::HumanPlay& h = s.envInfo.human;
  const std::optional<rl::HumanKey> k = humanKey(key);
  if (h.style != rl::HumanPlay::Style::PerKey || !k || h.action(*k) < 0) return std::nullopt;
  return rl::Command::human(h.action(*k));
}

// Human play in real time (HumanPlay::RealTime, the pendulums): one step per dt of the env's own time whatever the
// keys; the one mapped key held down is the action (the torque), none or both the idle one, so the pendulum swings on
// its own between presses.
void App::realTimeHumanPlay(const rl::Snapshot& s) {
  const rl::HumanPlay& h = s.envInfo.human;
  if (!ui_.human || h.style != rl::HumanPlay::Style::RealTime || h.dt <= 0 || ImGui::GetIO().WantTextInput) {
    humanClock_ = -1;
    return;
  }
  const double t = now();
  if (humanClock_ < 0) humanClock_ = t;
  int held = -1, heldCount = 0;  // the HumanKey held down, when exactly one mapped key is
  for (int key : {GLFW_KEY_LEFT, GLFW_KEY_RIGHT, GLFW_KEY_UP, GLFW_KEY_DOWN, GLFW_KEY_SPACE})
    if (const auto k = humanKey(key); k && h.maps(*k) && glfwGetKey(window_, key) == GLFW_PRESS) held = int(*k), ++heldCount;
  if (heldCount != 1) held = -1;
  const bool continuous = s.envInfo.actionNames.size() == 1 && h.keyUsed != std::array<bool, rl::kHumanKeys>{};
  for (int k = 0; humanClock_ + h.dt <= t && k < 5; ++k) {  // at most 5 steps a frame: a stalled frame does not burst
    humanClock_ += h.dt;
    if (continuous) ui_.send(rl::Command::humanContinuous(held >= 0 ? h.keyValue[size_t(held)] : h.idleValue));
    else ui_.send(rl::Command::human(held >= 0 ? h.keyAction[size_t(held)] : h.idleAction));
  }
  if (humanClock_ + h.dt <= t) humanClock_ = t;
}

void App::handleKeys(const rl::Snapshot& s) {
  if (s.replayTo > 0) {  // a session file replaying: its card has the only control (Escape cancels too)
    for (int key : keys_.keys)
      if (key == GLFW_KEY_ESCAPE) session_->cancelReplay();
    keys_.keys.clear();
    return;
  }
  const bool typing = ImGui::GetIO().WantTextInput;
  for (int key : keys_.keys) {
    if (key == GLFW_KEY_F12) {
      requestScreenshot("");
      continue;
    }
    if (key == GLFW_KEY_F9) {  // classroom mode on/off: the look changes between this frame and the next
      ui_.classroom.enabled = !ui_.classroom.enabled;
      continue;
    }
    if (key == GLFW_KEY_F11) {
      toggleFullScreen();
      continue;
    }
    if (typing) continue;
    if (key == GLFW_KEY_COMMA || key == GLFW_KEY_PERIOD) {  // the timeline: one recorded frame back / forward
      replay_.stepFrames(key == GLFW_KEY_COMMA ? -1 : 1);
      continue;
    }
    if (ui_.human) {
      if (auto c = humanCommand(s, key)) {
        ui_.send(*c);
        continue;
      }
      // A key held in real-time play (the pendulums' torque) is read by realTimeHumanPlay, not as a press.
      const std::optional<rl::HumanKey> k = humanKey(key);
      if (k && s.envInfo.human.style == rl::HumanPlay::Style::RealTime && s.envInfo.human.maps(*k)) continue;
    }
    const bool ctrl = glfwGetKey(window_, GLFW_KEY_LEFT_CONTROL) == GLFW_PRESS ||
                      glfwGetKey(window_, GLFW_KEY_RIGHT_CONTROL) == GLFW_PRESS;
    if (ctrl && key == GLFW_KEY_S) {
      saveSession(sessionPath_);
      continue;
    }
    if (ctrl && key == GLFW_KEY_O) {
      openFileDialog(fileDialog_, FileDialog::Mode::Open, "Open a session file (.rllens)", int(FilePurpose::OpenSession), ".rllens",
                     sessionPath_.empty() ? platform::documentsDir()
                                          : std::filesystem::path(sessionPath_).parent_path().string(),
                     {}, ui_.recentFiles);
      continue;
    }
    if (key == GLFW_KEY_SPACE) ui_.send(s.running ? rl::Command::pause() : rl::Command::resume());
    else if (key == GLFW_KEY_RIGHT) ui_.send(rl::Command::stepOnce());
    else if (key == GLFW_KEY_R) ui_.send(rl::Command::reset(uint64_t(ui_.seed)));
  }
  keys_.keys.clear();
}

}  // namespace gui
