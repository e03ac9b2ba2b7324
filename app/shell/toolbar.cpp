// The toolbar (run controls, pickers, File, Lessons, classroom) and the status bar (shell.hpp).
#include "app/shell/shell.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "app/shell/classroom_ui.hpp"
#include "app/ui/fonts.hpp"
#include "app/views/lenses.hpp"
#include "app/views/lesson_panel.hpp"
#include "app/views/status_text.hpp"
#include "core/rl/registry.hpp"
#include "envs/registry.hpp"
#include "runs/run_spec.hpp"

namespace gui {

void App::beginPanel(const char* name, ImVec2 pos, ImVec2 size, bool scroll) {
  ImGui::SetNextWindowPos(pos);
  ImGui::SetNextWindowSize(size);
  ImGuiWindowFlags f = ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoMove |
                       ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoBringToFrontOnFocus |
                       ImGuiWindowFlags_NoSavedSettings;
  if (!scroll) f |= ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse;
  ImGui::Begin(name, nullptr, f);
}

void App::toolbar(const rl::Snapshot& s) {
  auto hide = [&](const char* id) { return ui_.classroom.hides(id); };
  // At a large UI scale the row may not hold every control: a group that does not fit starts a second row (the
  // layout reads the toolbar's height back, toolbarH_), rather than running off the window's edge.
  const ImGuiStyle& st = ImGui::GetStyle();
  auto buttonW = [&](const char* label) { return ImGui::CalcTextSize(label, nullptr, true).x + 2 * st.FramePadding.x; };
  auto checkW = [&](const char* label) {
    return ImGui::GetFrameHeight() + st.ItemInnerSpacing.x + ImGui::CalcTextSize(label, nullptr, true).x;
  };
  auto fit = [&](float w) {
    if (ImGui::GetContentRegionAvail().x < w) ImGui::NewLine();
  };
  // Env, algorithm and lens pickers, each as wide as its longest name (nothing clipped at 1280×800).
  const float arrowW = ImGui::GetFrameHeight() + 2 * ImGui::GetStyle().FramePadding.x;
  auto widest = [&](auto names) {
    float w = 0;
    for (const std::string& n : names) w = std::max(w, ImGui::CalcTextSize(n.c_str()).x);
    return w + arrowW;
  };
  std::vector<std::string> envNames, algoNames;
  for (const auto& e : rl::environments()) envNames.push_back(e.name);
  envNames.push_back(s.envInfo.name);  // the preview shows the env's own name
  for (const auto& a : rl::algorithms())
    if (a.id.rfind("test-", 0) != 0) algoNames.push_back(a.name);
  if (!hide("env_picker")) {
    ImGui::SetNextItemWidth(widest(envNames));
    if (ImGui::BeginCombo("##env", s.envInfo.name.c_str())) {
      for (const auto& e : rl::environments()) {
        if (ImGui::Selectable(e.name.c_str(), e.id == s.envId) && e.id != s.envId)
          // Keep the algorithm when it can run on the new env; otherwise fall back to the random policy and say why.
          pendingSwitch_ = SessionRequest{e.id, s.algoId, {}, /*fallbackToRandom=*/true};
        else if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", e.summary.c_str());
        recordItem(ui_, "env_item_" + e.id);
      }
      ImGui::EndCombo();
    }
    recordItem(ui_, "env_combo");
    ImGui::SameLine();
  }
  if (!hide("algo_picker")) {
    fit(widest(algoNames));
    ImGui::SetNextItemWidth(widest(algoNames));
    const rl::AlgoEntry* cur = rl::findAlgorithm(s.algoId);
    if (ImGui::BeginCombo("##algo", cur ? cur->name.c_str() : s.algoId.c_str(), ImGuiComboFlags_HeightLarge)) {
      if (ui_.reasonsEnv != s.envId) {  // which algorithms run here, asked once per env
        ui_.algoReasons.clear();
        for (const auto& a : rl::algorithms()) ui_.algoReasons[a.id] = rl::runs::unsupportedReason(s.envId, a.id);
        ui_.reasonsEnv = s.envId;
      }
      for (const auto& a : rl::algorithms()) {
        if (a.id.rfind("test-", 0) == 0) continue;
        const std::string& why = ui_.algoReasons[a.id];
        if (!why.empty()) {  // greyed, with the agent's own reason
          ImGui::BeginDisabled();
          ImGui::Selectable(a.name.c_str(), false);
          ImGui::EndDisabled();
          recordItem(ui_, "algo_item_" + a.id);
          if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
            ImGui::SetTooltip("Cannot run on %s: %s", s.envInfo.name.c_str(), why.c_str());
          continue;
        }
        if (ImGui::Selectable(a.name.c_str(), a.id == s.algoId) && a.id != s.algoId) {
          std::vector<std::string> keep;  // carry the env's settings over to the new algorithm
          for (const auto& p : s.params)
            if (p.env) keep.push_back(p.spec.name + "=" + rl::formatValue(p.spec, p.value));
          pendingSwitch_ = SessionRequest{s.envId, a.id, std::move(keep), false};
        }
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", a.summary.c_str());
        recordItem(ui_, "algo_item_" + a.id);
      }
      ImGui::EndCombo();
    }
    recordItem(ui_, "algo_combo");
    ImGui::SameLine();
  }
  if (!hide("lens_picker")) {
    fit(widest(std::vector<std::string>{"Policy gradient", "Actor-critic"}));
    ImGui::SetNextItemWidth(widest(std::vector<std::string>{"Policy gradient", "Actor-critic"}));
    const LensDef* curLens = findLens(ui_.lens);
    if (ImGui::BeginCombo("##lens", curLens ? curLens->name : lenses().front().name)) {
      for (const auto& l : lenses()) {
        const bool available = l.draw && l.available(s.insights);
        ImGui::BeginDisabled(!available);
        if (ImGui::Selectable(l.name, ui_.lens == l.id)) ui_.lens = l.id;
        ImGui::EndDisabled();
        recordItem(ui_, std::string("lens_item_") + l.id);
        if (!available && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) ImGui::SetTooltip("%s", l.needs);
      }
      ImGui::EndCombo();
    }
    recordItem(ui_, "lens_combo");
    ImGui::SameLine(0, px(12));
  }

  // Transport.
  fit(px(80));
  if (ImGui::Button(s.running ? "❚❚ Pause" : "▶ Play", ImVec2(px(80), 0)))
    ui_.send(s.running ? rl::Command::pause() : rl::Command::resume());
  recordItem(ui_, "play");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Space");
  if (!hide("step_reset")) {
    ImGui::SameLine();
    fit(buttonW("Step") + st.ItemSpacing.x + buttonW("Reset"));
    if (ImGui::Button("Step")) ui_.send(rl::Command::stepOnce());
    recordItem(ui_, "step");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Right arrow: one env step (and its update)");
    ImGui::SameLine();
    if (ImGui::Button("Reset")) ui_.send(rl::Command::reset(uint64_t(ui_.seed)));
    recordItem(ui_, "reset");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("R: forget everything learned and restart with the seed");
  }
  ImGui::SameLine(0, px(12));

  // Speed: steps per second on a log slider, or as fast as the CPU goes.
  if (!hide("speed")) {
    fit(px(110) + st.ItemSpacing.x + checkW("Max"));
    ImGui::BeginDisabled(ui_.unlimited);
    ImGui::SetNextItemWidth(px(110));
    if (ImGui::SliderFloat("##speed", &ui_.speed, 1.f, 5000.f, "%.0f steps/s", ImGuiSliderFlags_Logarithmic))
      ui_.send(rl::Command::setSpeed(ui_.speed));
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (ImGui::Checkbox("Max", &ui_.unlimited)) ui_.send(rl::Command::setSpeed(ui_.unlimited ? 0.0 : ui_.speed));
    recordItem(ui_, "max_speed");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Train as fast as one core allows");
    ImGui::SameLine(0, px(12));
  }
  if (!hide("seed")) {
    fit(px(56) + st.ItemInnerSpacing.x + ImGui::CalcTextSize("seed").x);
    ImGui::SetNextItemWidth(px(56));
    ImGui::InputInt("seed", &ui_.seed, 0);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Seed used by Reset: same seed + settings + edits = same run");
    ui_.seed = std::max(ui_.seed, 0);
    ImGui::SameLine(0, px(12));
  }
  if (!hide("human")) {
    fit(checkW("Human"));
    if (ImGui::Checkbox("Human", &ui_.human) && ui_.human) ui_.send(rl::Command::pause());
    recordItem(ui_, "human");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Drive the agent with the arrow keys; it still learns from your moves");
    ImGui::SameLine(0, px(12));
  }
  fileMenu();
  ImGui::SameLine();
  // The toolbar is English whatever language the lesson card reads in: it never renames itself or moves.
  fit(buttonW("Lessons"));
  if (ImGui::Button("Lessons")) ui_.lesson.browserRequested = true;
  recordItem(ui_, "lessons");
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("%zu guided demonstrations, in English and 中文", lessons_.lessons.size());
  ImGui::SameLine();
  if (!hide("screenshot")) {
    fit(buttonW("Screenshot"));
    if (ImGui::Button("Screenshot")) requestScreenshot("");
    recordItem(ui_, "screenshot");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("F12: save a PNG of the window to %s", platform::screenshotDir().c_str());
    ImGui::SameLine();
  }
  fit(buttonW("Classroom"));
  if (classroomButton(ui_)) toggleFullScreen();
  toolbarH_ = ImGui::GetCursorPosY() - st.ItemSpacing.y + st.WindowPadding.y + px(4);
}

void App::statusBar(const rl::Snapshot& s) {
  float fps = 0;
  for (float f : fpsWindow_) fps += f;
  fps = fpsWindow_.empty() ? 0 : 1000.f * float(fpsWindow_.size()) / fps;
  statusNumbers_ = statusNumbers(s, fps);
  if (!ui_.classroom.hides("status_numbers")) ImGui::TextUnformatted(statusNumbers_.c_str());
  std::string msg;
  bool isError = false;
  bool isWarning = false;
  statusText_.clear();
  if (!s.error.empty()) msg = s.error, isError = true;
  else if (now() < ui_.messageUntil) msg = ui_.message, isError = ui_.messageIsError;
  else if (!s.warning.empty()) msg = "Warning: " + s.warning, isWarning = true;
  else if (ui_.human)
    msg = s.envInfo.human.hint.empty() ? "Human mode: this world has no keyboard play"
                                       : "Human mode: " + s.envInfo.human.hint;
  if (!msg.empty()) {
    ImGui::SameLine(0, px(24));
    // Never cut off mid-word at the window's edge: shorten with "…" to the space left; hover for the whole text.
    const float room = ImGui::GetContentRegionAvail().x - px(8.f);
    std::string shown = ellipsize(msg, room);
    if (shown != msg) {  // end on a word
      shown.resize(shown.size() - 3);  // the "…"
      const size_t space = shown.find_last_of(' ');
      if (space != std::string::npos && space > shown.size() / 2) shown.resize(space);
      shown += "…";
    }
    ImGui::TextColored(ink(isError     ? ImVec4(1.f, 0.45f, 0.4f, 1.f)
                           : isWarning ? ImVec4(1.f, 0.72f, 0.3f, 1.f)
                                       : ImVec4(0.6f, 0.85f, 1.f, 1.f)),
                       "%s", shown.c_str());
    if (shown != msg && ImGui::IsItemHovered()) {
      ImGui::BeginTooltip();
      ImGui::PushTextWrapPos(ImGui::GetFontSize() * 36.f);
      ImGui::TextUnformatted(msg.c_str());
      ImGui::PopTextWrapPos();
      ImGui::EndTooltip();
    }
    recordItem(ui_, "status_message");
    statusText_ = msg;
  }
}

}  // namespace gui
