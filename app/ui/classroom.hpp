// Classroom mode: what a teacher sets before projecting the app — controls to hide (TensorFlow Playground's habit of
// showing a class only what the lesson needs), a UI scale with fonts re-rasterised at that size, a light high-contrast
// projector theme, and a caption line saying what the algorithm is doing now.
//
// Plain data and its JSON form only (no ImGui): the settings file (persist.cpp), session files' "view" object
// (App::saveSession / App::init) and the unit tests all use the same two functions below.
#pragma once
#include <algorithm>
#include <array>
#include <cmath>
#include <set>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace gui {

// A control a teacher can hide, by the id stored in the files and the label shown in the Classroom popup.
struct HideableControl {
  const char* id;
  const char* label;
};

inline constexpr std::array<HideableControl, 12> kHideableControls{{
    {"params", "Parameter panel"},
    {"charts", "Charts"},
    {"lens_panel", "Lens panel"},
    {"env_picker", "Environment picker"},
    {"algo_picker", "Algorithm picker"},
    {"lens_picker", "Lens picker"},
    {"step_reset", "Step and Reset buttons"},
    {"speed", "Speed slider and Max"},
    {"seed", "Seed field"},
    {"human", "Human checkbox"},
    {"screenshot", "Screenshot button"},
    {"status_numbers", "Status-bar numbers"},
}};

inline bool isHideableControl(std::string_view id) {
  return std::any_of(kHideableControls.begin(), kHideableControls.end(), [&](const auto& c) { return id == c.id; });
}

enum class Theme { Dark, Projector };

struct ClassroomSettings {
  static constexpr float kMinScale = 1.f, kMaxScale = 3.f, kScaleStep = 0.25f;
  bool enabled = false;            // F9: hide the chosen controls, show the caption, use the scale and theme below
  float scale = 2.f;               // UI scale in classroom mode: fonts are re-rasterised at 16 px × scale
  Theme theme = Theme::Projector;  // light background, dark text
  bool caption = true;             // the large "what is happening now" line
  std::string lensSection;         // the one lens panel shown whole ("" = the whole lens, scrolled)
  std::set<std::string> hidden{"params", "seed", "human", "screenshot", "status_numbers"};

  bool hides(const std::string& id) const { return enabled && hidden.count(id) > 0; }
  // What the window shows now: classroom mode's scale and theme, else 1× and dark.
  float effectiveScale() const { return enabled ? scale : 1.f; }
  Theme effectiveTheme() const { return enabled ? theme : Theme::Dark; }

  // Snaps to the 0.25 steps the popup offers, within [1, 3].
  static float snapScale(float s) {
    if (!std::isfinite(s)) return 1.f;
    return std::clamp(std::round(s / kScaleStep) * kScaleStep, kMinScale, kMaxScale);
  }
};

inline const char* themeName(Theme t) { return t == Theme::Projector ? "projector" : "dark"; }

inline nlohmann::json classroomToJson(const ClassroomSettings& c) {
  nlohmann::json hidden = nlohmann::json::array();
  for (const auto& id : c.hidden) hidden.push_back(id);
  return {{"enabled", c.enabled}, {"scale", c.scale}, {"theme", themeName(c.theme)}, {"caption", c.caption},
          {"lens_section", c.lensSection}, {"hidden", hidden}};
}

// Reads what it can and leaves the rest as it was: a field of the wrong type, an unknown theme or control id is
// skipped, never fatal (settings are a convenience; a session file from a newer version still opens).
inline void classroomFromJson(const nlohmann::json& j, ClassroomSettings& c) {
  if (!j.is_object()) return;
  if (auto it = j.find("enabled"); it != j.end() && it->is_boolean()) c.enabled = it->get<bool>();
  if (auto it = j.find("scale"); it != j.end() && it->is_number())
    c.scale = ClassroomSettings::snapScale(it->get<float>());
  if (auto it = j.find("theme"); it != j.end() && it->is_string()) {
    const std::string t = it->get<std::string>();
    if (t == "dark") c.theme = Theme::Dark;
    else if (t == "projector") c.theme = Theme::Projector;
  }
  if (auto it = j.find("caption"); it != j.end() && it->is_boolean()) c.caption = it->get<bool>();
  if (auto it = j.find("lens_section"); it != j.end() && it->is_string()) c.lensSection = it->get<std::string>();
  if (auto it = j.find("hidden"); it != j.end() && it->is_array()) {
    c.hidden.clear();
    for (const auto& id : *it)
      if (id.is_string() && isHideableControl(id.get<std::string>())) c.hidden.insert(id.get<std::string>());
  }
}

}  // namespace gui
