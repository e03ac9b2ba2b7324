// [SECTION] The parameter panel (left): generated from the parameter descriptions, then the cell editor and the
// environment's rules.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "app/views/views.hpp"

namespace gui {

namespace {

// One widget per parameter, chosen by its type; a change sends SetParam. Values come from the snapshot, so the
// panel always shows what the worker actually uses.
void paramWidget(const rl::ParamView& p, UiState& ui, bool active) {
  const rl::ParamSpec& spec = p.spec;
  ImGui::PushID(spec.name.c_str());
  ImGui::BeginDisabled(!active);  // does not apply in the current mode (ParamSpec::activeWhen)
  bool changed = false;
  double value = p.value;
  // The widget takes 55 % of the row, less when the label needs the room (never below 40 %): no clipped labels.
  const float avail = ImGui::GetContentRegionAvail().x;
  const float labelW = ImGui::CalcTextSize(spec.label.c_str()).x + ImGui::GetStyle().ItemSpacing.x + 2.f;
  ImGui::SetNextItemWidth(std::clamp(avail - labelW, avail * 0.40f, avail * 0.55f));
  switch (spec.type) {
    case rl::ParamType::Float: {
      float v = float(value);
      const float range = float(spec.max - spec.min);
      // Ranges over decades (learning rates): a log slider with significant digits, so 2.5e-4 is not "0.000".
      const bool decades = spec.min > 0 && spec.max / spec.min >= 100;
      const char* fmt = decades ? "%.3g" : range <= 2.f ? "%.3f" : "%.2f";
      changed = ImGui::SliderFloat("##v", &v, float(spec.min), float(spec.max), fmt,
                                   spec.logScale || decades ? ImGuiSliderFlags_Logarithmic : ImGuiSliderFlags_None);
      if (changed) value = std::clamp(double(v), spec.min, spec.max);
      break;
    }
    case rl::ParamType::Int: {
      int v = int(std::lround(value));
      changed = ImGui::SliderInt("##v", &v, int(spec.min), int(spec.max));
      if (changed) value = std::clamp(double(v), spec.min, spec.max);
      break;
    }
    case rl::ParamType::Bool: {
      bool v = value != 0.0;
      changed = ImGui::Checkbox("##v", &v);
      value = v ? 1.0 : 0.0;
      break;
    }
    case rl::ParamType::Choice: {
      int v = int(std::lround(value));
      const char* cur = v >= 0 && v < int(spec.choices.size()) ? spec.choices[size_t(v)].c_str() : "?";
      // The field is narrow: a long choice ("rmsprop-centred") shows as "rmsprop-c…", whole in the list and tooltip.
      const ImGuiStyle& st = ImGui::GetStyle();
      const std::string shown =
          ellipsize(cur, ImGui::CalcItemWidth() - ImGui::GetFrameHeight() - 2 * st.FramePadding.x);
      if (ImGui::BeginCombo("##v", shown.c_str())) {
        for (int i = 0; i < int(spec.choices.size()); ++i)
        {
          if (ImGui::Selectable(spec.choices[size_t(i)].c_str(), i == v)) value = i, changed = true;
          recordItem(ui, "param_" + spec.name + "_" + spec.choices[size_t(i)]);
        }
        ImGui::EndCombo();
      }
      break;
    }
  }
  // Typed values (Ctrl+click or a double-click on a slider) apply on Enter or when the field loses focus, not at
  // every keystroke: the command log holds what the user meant ("0.3", not "0" then "0.3").
  const std::string key = (p.env ? "env." : "algo.") + spec.name;
  if (changed && ImGui::GetIO().WantTextInput && ImGui::IsItemActive()) {
    ui.typedEdits[key] = value;
    changed = false;
  }
  if (ImGui::IsItemDeactivated())
    if (auto it = ui.typedEdits.find(key); it != ui.typedEdits.end()) {
      if (!changed) value = it->second, changed = value != p.value;  // this frame's own value wins (Enter)
      ui.typedEdits.erase(it);
    }
  recordItem(ui, "param_" + spec.name);
  ImGui::SameLine();
  ImGui::TextUnformatted(spec.label.c_str());
  ImGui::EndDisabled();
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) {
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 26.f);
    ImGui::Text("%s  (%s, %s, default %s)", spec.name.c_str(), std::string(rl::typeName(spec.type)).c_str(),
                rl::describeRange(spec).c_str(), rl::formatValue(spec, spec.def).c_str());
    ImGui::TextUnformatted(spec.help.c_str());
    if (spec.needsReset) ImGui::TextDisabled("Takes effect on the next reset.");
    if (!active) ImGui::TextDisabled("Applies only when %s.", spec.activeWhen.c_str());
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
  }
  if (p.pendingReset) {
    ImGui::SameLine();
    ImGui::TextColored(ink(ImVec4(1.f, 0.75f, 0.3f, 1.f)), "(on reset)");
  }
  if (changed) ui.send(rl::Command::setParam((p.env ? "env." : "algo.") + spec.name, value));
  ImGui::PopID();
}

void cellEditor(const rl::Snapshot& s, UiState& ui) {
  const auto* g = std::get_if<rl::GridRenderState>(&s.render);
  if (!g) return;
  const int c = ui.selectedCell;
  if (c < 0 || c >= g->width * g->height) {
    ImGui::PushTextWrapPos(0.f);
    ImGui::TextDisabled("Click a cell to edit it; right-click toggles a wall.");
    ImGui::PopTextWrapPos();
    return;
  }
  sectionTitle("Cell editor");
  ImGui::Text("Cell (%d, %d)  s = %d%s%s", c / g->height, c % g->height, c, c == g->goal ? "  goal" : "",
              c == g->start ? "  start" : "");
  bool wall = g->wall[size_t(c)] != 0;
  if (ImGui::Checkbox("Wall", &wall)) ui.send(rl::Command::editEnv({"wall", c, wall ? 1.0 : 0.0}));
  recordItem(ui, "cell_wall");
  if (wall) return;
  ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x * 0.55f);
  ImGui::DragFloat("reward", &ui.rewardEdit, 0.05f, -10.f, 10.f, "%+.2f");
  if (ImGui::IsItemDeactivatedAfterEdit()) ui.send(rl::Command::editEnv({"reward", c, ui.rewardEdit}));
  const float presets[] = {-1.f, 0.f, 1.f};
  const char* names[] = {"−1", "0", "+1"};
  for (int i = 0; i < 3; ++i) {
    if (i) ImGui::SameLine();
    if (ImGui::Button(names[i], ImVec2(gui::px(44), 0))) {
      ui.rewardEdit = presets[i];
      ui.send(rl::Command::editEnv({"reward", c, presets[i]}));
    }
    recordItem(ui, std::string("cell_reward_") + (i == 0 ? "minus1" : i == 1 ? "zero" : "plus1"));
  }
  ImGui::SameLine();
  if (ImGui::Button("Goal")) ui.send(rl::Command::editEnv({"goal", c, 0}));
  ImGui::SameLine();
  if (ImGui::Button("Start")) ui.send(rl::Command::editEnv({"start", c, 0}));
}

}  // namespace

void drawParamsPanel(const rl::Snapshot& s, UiState& ui) {
  cellEditor(s, ui);  // first: it is what the user just clicked
  // activeWhen looks up the other parameters of the same owner (algorithm or env).
  auto active = [&](const rl::ParamView& p) {
    return rl::isActive(
        p.spec,
        [&](std::string_view n) -> const rl::ParamSpec* {
          for (const auto& q : s.params)
            if (q.env == p.env && q.spec.name == n) return &q.spec;
          return nullptr;
        },
        [&](std::string_view n) {
          for (const auto& q : s.params)
            if (q.env == p.env && q.spec.name == n) return q.value;
          return 0.0;
        });
  };
  sectionTitle("Algorithm");
  for (const auto& p : s.params)
    if (!p.env) paramWidget(p, ui, active(p));
  sectionTitle("Environment");
  for (const auto& p : s.params)
    if (p.env) paramWidget(p, ui, active(p));
  sectionTitle("Rules");
  ImGui::PushTextWrapPos(0.f);
  ImGui::TextDisabled("%s", s.envInfo.rules.c_str());
  ImGui::PopTextWrapPos();
}

}  // namespace gui
