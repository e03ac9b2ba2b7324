#include "app/views/lesson_panel.hpp"

#include <imgui.h>

#include <algorithm>
#include <cctype>
#include <cstdio>

#include "app/gui/fonts.hpp"
#include "app/gui/theme.hpp"
#include "app/views/views.hpp"

namespace gui {

namespace {

const ImVec4 kAccent(0.55f, 0.78f, 1.f, 1.f);
const ImVec4 kWatch(1.f, 0.78f, 0.35f, 1.f);

std::string lower(std::string s) {
  for (char& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// "20 000": step counts as a class reads them.
std::string groupDigits(uint64_t v) {
  std::string d = std::to_string(v), out;
  for (size_t i = 0; i < d.size(); ++i) {
    if (i > 0 && (d.size() - i) % 3 == 0) out += ' ';
    out += d[i];
  }
  return out;
}

// A scripted command as a sentence: "double = 1", "reset (seed 3)", "edit the world".
std::string describe(const rl::Command& c) {
  char b[96];
  switch (c.type) {
    case rl::Command::Type::SetParam:
      std::snprintf(b, sizeof b, "%s = %g", c.name.c_str(), c.value);
      return b;
    case rl::Command::Type::Reset: return "reset (seed " + std::to_string(c.seed) + ")";
    case rl::Command::Type::EditEnv: return "edit the world (" + c.edit.op + ")";
    default: return rl::formatCommand({0, c});
  }
}

const char* lensTitle(const std::string& id, bool zh) {
  if (id == "q") return zh ? "Q 值" : "Q-learning";
  if (id == "policy") return zh ? "策略梯度" : "Policy gradient";
  if (id == "actor-critic") return zh ? "演员-评论家" : "Actor-critic";
  if (id == "gan") return "GAN";
  return "Other";
}

}  // namespace

const std::string& pick(const rl::cli::LessonText& t, bool zh) { return zh && !t.zh.empty() ? t.zh : t.en; }

std::string lessonGlyphText(const rl::cli::LessonSet& set) {
  // The app's own Chinese labels (every zh string in this file), then the lessons' text.
  std::string all = "中文 Q 值 策略梯度 演员-评论家 课程 第 / 页 请观察： 上一页 下一页 关闭 关闭课程；训练继续 步： "
                    "搜索课程、概念…… 没有匹配的课程。 概念：";
  auto add = [&](const rl::cli::LessonText& t) { all += t.zh; };
  for (const auto& l : set.lessons) {
    add(l.title), add(l.summary);
    for (const auto& p : l.steps) add(p.text), add(p.watch);
    for (const auto& a : l.check.asserts) add(a.claim);
  }
  std::string out;  // only the non-ASCII characters matter (ASCII is in the base font)
  for (unsigned char c : all)
    if (c >= 0x80) out += char(c);
  return out;
}

bool drawLessonCard(const rl::cli::Lesson& l, const rl::Snapshot& s, UiState& ui) {
  LessonUi& st = ui.lesson;
  const int pages = int(l.steps.size());
  // The run turns the page by itself when it passes a page's step; Back/Next still work in between.
  int reached = -1;
  for (int i = 0; i < pages; ++i)
    if (l.steps[size_t(i)].atStep > 0 && s.lifetimeSteps >= l.steps[size_t(i)].atStep) reached = i;
  if (reached > st.autoPage) st.page = reached;
  st.autoPage = reached;
  st.page = std::clamp(st.page, 0, std::max(0, pages - 1));
  const bool zh = st.zh;

  ImGui::PushStyleColor(ImGuiCol_Text, ink(kAccent));
  ImGui::TextUnformatted(zh ? "课程" : "LESSON");
  ImGui::PopStyleColor();
  ImGui::SameLine();
  char pageText[48];
  std::snprintf(pageText, sizeof pageText, zh ? "第 %d / %d 页" : "page %d of %d", st.page + 1, pages);
  ImGui::SetCursorPosX(ImGui::GetWindowContentRegionMax().x - ImGui::CalcTextSize(pageText).x);
  ImGui::TextDisabled("%s", pageText);

  ImGui::PushTextWrapPos(0.f);
  ImGui::TextUnformatted(pick(l.title, zh).c_str());
  ImGui::Spacing();
  if (pages > 0) {
    const rl::cli::LessonStep& page = l.steps[size_t(st.page)];
    ImGui::TextUnformatted(pick(page.text, zh).c_str());
    if (!pick(page.watch, zh).empty()) {
      ImGui::Spacing();
      ImGui::PushStyleColor(ImGuiCol_Text, ink(kWatch));
      ImGui::TextUnformatted((std::string(zh ? "请观察：" : "Watch: ") + pick(page.watch, zh)).c_str());
      ImGui::PopStyleColor();
    }
  }
  ImGui::PopTextWrapPos();
  recordItem(ui, "lesson_text");

  ImGui::Spacing();
  ImGui::BeginDisabled(st.page <= 0);
  if (ImGui::Button(zh ? "\xE2\x97\x80 上一页" : "\xE2\x97\x80 Back")) --st.page;
  ImGui::EndDisabled();
  recordItem(ui, "lesson_back");
  ImGui::SameLine();
  ImGui::BeginDisabled(st.page >= pages - 1);
  if (ImGui::Button(zh ? "下一页 \xE2\x96\xB6" : "Next \xE2\x96\xB6")) ++st.page;
  ImGui::EndDisabled();
  recordItem(ui, "lesson_next");
  ImGui::SameLine();
  if (ImGui::Button(zh ? "English" : "中文")) st.zh = !st.zh;
  recordItem(ui, "lesson_language");
  ImGui::SameLine();
  const bool close = ImGui::Button(zh ? "关闭" : "Close");
  recordItem(ui, "lesson_close");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip(zh ? "关闭课程；训练继续" : "Close the lesson; the run goes on");
  // The script: what happens at which step, ticked once it has.
  if (!l.commands.empty()) {
    ImGui::Spacing();
    for (const auto& c : l.commands) {
      const bool done = s.lifetimeSteps >= c.atStep;
      const std::string line = (done ? "\xE2\x9C\x93 " : "\xE2\x80\xA6 ") + std::string(zh ? "第 " : "at step ") +
                               groupDigits(c.atStep) + (zh ? " 步：" : ": ") + describe(c.command);
      if (done) ImGui::TextUnformatted(line.c_str());
      else ImGui::TextDisabled("%s", line.c_str());
    }
  }

  ImGui::Separator();
  return close;
}

void drawLessonBrowser(const rl::cli::LessonSet& set, UiState& ui) {
  LessonUi& st = ui.lesson;
  const ImVec2 W = ImGui::GetIO().DisplaySize;
  if (st.browserRequested) {
    ImGui::OpenPopup("Lessons");
    st.browserRequested = false;
  }
  ImGui::SetNextWindowSize(ImVec2(std::min(W.x * 0.8f, ImGui::GetFontSize() * 62.f), W.y * 0.8f), ImGuiCond_Always);
  ImGui::SetNextWindowPos(ImVec2(W.x * 0.5f, W.y * 0.5f), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
  if (!ImGui::BeginPopupModal("Lessons", nullptr, ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoMove)) return;
  const bool zh = st.zh;
  if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 20.f);
  ImGui::InputTextWithHint("##lesson_search", zh ? "搜索课程、概念……" : "search lessons, concepts…", st.search.data(),
                           st.search.size());
  recordItem(ui, "lesson_search");
  ImGui::SameLine();
  if (ImGui::Button(zh ? "English" : "中文")) st.zh = !st.zh;
  recordItem(ui, "lesson_browser_language");
  ImGui::SameLine();
  ImGui::SetCursorPosX(ImGui::GetWindowContentRegionMax().x - ImGui::CalcTextSize("Close").x -
                       2 * ImGui::GetStyle().FramePadding.x);
  if (ImGui::Button(zh ? "关闭" : "Close") || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape)))
    ImGui::CloseCurrentPopup();
  ImGui::Separator();

  const std::string query = lower(st.search.data());
  auto matches = [&](const rl::cli::Lesson& l) {
    if (query.empty()) return true;
    std::string hay = l.id + " " + l.title.en + " " + l.title.zh + " " + l.summary.en + " " + l.summary.zh;
    for (const auto& c : l.concepts) hay += " " + c;
    return lower(hay).find(query) != std::string::npos;
  };
  ImGui::BeginChild("##lesson_list", ImVec2(0, 0), false);
  int shown = 0;
  for (const char* lens : {"q", "policy", "actor-critic", "gan"}) {
    std::vector<const rl::cli::Lesson*> group;
    for (const auto& l : set.lessons)
      if (l.lens == lens && matches(l)) group.push_back(&l);
    if (group.empty()) continue;
    ImGui::Spacing();
    ImGui::PushStyleColor(ImGuiCol_Text, ink(kAccent));
    ImGui::Text("%s  (%zu)", lensTitle(lens, zh), group.size());
    ImGui::PopStyleColor();
    ImGui::Separator();
    for (const rl::cli::Lesson* l : group) {
      ImGui::PushID(l->id.c_str());
      const float top = ImGui::GetCursorPosY();
      const float lineH = ImGui::GetTextLineHeightWithSpacing();
      if (ImGui::Selectable("##pick", false, 0, ImVec2(0, lineH * 2.f + 2.f))) {
        st.openRequest = l->id;
        ImGui::CloseCurrentPopup();
      }
      recordItem(ui, "lesson_item_" + l->id);
      if (ImGui::IsItemHovered()) {
        std::string c;
        for (const auto& k : l->concepts) c += (c.empty() ? "" : " · ") + k;
        ImGui::BeginTooltip();
        ImGui::PushTextWrapPos(ImGui::GetFontSize() * 36.f);
        ImGui::TextUnformatted(pick(l->summary, zh).c_str());
        if (!c.empty()) ImGui::TextDisabled("%s%s", zh ? "概念：" : "Concepts: ", c.c_str());
        ImGui::PopTextWrapPos();
        ImGui::EndTooltip();
      }
      const float afterY = ImGui::GetCursorPosY();
      ImGui::SetCursorPosY(top);
      ImGui::Indent(px(6.f));
      ImGui::TextUnformatted(pick(l->title, zh).c_str());
      // One line per summary: cut at the list's edge with "…" (whole UTF-8 characters); the tooltip has it all.
      const std::string summary = ellipsize(pick(l->summary, zh), ImGui::GetContentRegionAvail().x);
      ImGui::TextDisabled("%s", summary.c_str());
      ImGui::Unindent(px(6.f));
      ImGui::SetCursorPosY(afterY);
      ImGui::PopID();
      ++shown;
    }
  }
  if (shown == 0) ImGui::TextDisabled(zh ? "没有匹配的课程。" : "No lesson matches.");
  ImGui::EndChild();
  ImGui::EndPopup();
}

}  // namespace gui
