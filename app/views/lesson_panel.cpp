#include "app/views/lesson_panel.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cctype>
#include <cstdio>

#include "app/ui/fonts.hpp"
#include "app/ui/theme.hpp"
#include "app/views/status_text.hpp"
#include "app/views/views.hpp"

namespace gui {

namespace {

const ImVec4 kAccent(0.55f, 0.78f, 1.f, 1.f);
const ImVec4 kWatch(1.f, 0.78f, 0.35f, 1.f);

std::string lower(std::string s) {
  for (char& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
  return s;
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

// A row of buttons that wraps instead of running past the card's edge (the card is narrow at 1280×800, and wider
// still in 中文 at 2×).
bool wrapButton(const char* label, bool first) {
  const ImGuiStyle& st = ImGui::GetStyle();
  const float w = ImGui::CalcTextSize(label, nullptr, true).x + 2 * st.FramePadding.x;
  if (!first) {
    ImGui::SameLine();
    if (ImGui::GetCursorPosX() + w > ImGui::GetWindowContentRegionMax().x) ImGui::NewLine();
  }
  return ImGui::Button(label);
}

// The live run's value of a metric, as the question's reveal states it (NaN before there is a point).
double liveStat(const rl::Snapshot& s, const rl::runs::LessonQuestion& q) {
  const rl::SeriesData* d = s.findSeries(q.metric);
  return d ? rl::runs::statOf(d->y, q.stat, std::max(q.n, 1)) : NAN;  // the checker's own statistic
}

// Predict, then reveal (Distill's habit): the class picks an answer; once the run has answered it (reached the next
// page's step), Reveal marks the right one, explains, and puts the live run's number beside it.
void drawQuestion(const rl::runs::LessonQuestion& q, int page, bool answered, uint64_t at, const rl::Snapshot& s,
                  UiState& ui) {
  LessonUi& st = ui.lesson;
  const bool zh = st.zh, revealed = st.revealed.count(page) > 0;
  const auto it = st.chosen.find(page);
  const int chosen = it == st.chosen.end() ? -1 : it->second;
  const std::string id = "lesson_q" + std::to_string(page) + "_";
  ImGui::PushID(page);
  ImGui::Spacing();
  ImGui::PushStyleColor(ImGuiCol_Text, ink(kAccent));
  ImGui::TextUnformatted(zh ? "先预测：" : "PREDICT FIRST");
  ImGui::PopStyleColor();
  ImGui::PushTextWrapPos(0.f);
  ImGui::TextUnformatted(pick(q.ask, zh).c_str());
  ImGui::PopTextWrapPos();
  for (int k = 0; k < int(q.options.size()); ++k) {
    const std::string label = std::string(1, char('A' + k)) + ". " + pick(q.options[size_t(k)], zh);
    ImGui::PushID(k);
    ImGui::BeginDisabled(revealed);
    if (ImGui::RadioButton("##opt", chosen == k)) st.chosen[page] = k;
    ImGui::EndDisabled();
    recordItem(ui, id + "option_" + std::to_string(k));
    ImGui::SameLine();
    ImGui::PushTextWrapPos(0.f);
    if (revealed && k == q.answer) ImGui::TextColored(ink(ImVec4(0.35f, 0.85f, 0.45f, 1.f)), "%s  ✓", label.c_str());
    else if (revealed && k == chosen) ImGui::TextColored(ink(ImVec4(1.f, 0.45f, 0.4f, 1.f)), "%s  ✗", label.c_str());
    else ImGui::TextUnformatted(label.c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopID();
  }
  if (!revealed) {
    ImGui::BeginDisabled(chosen < 0 || !answered);
    if (ImGui::Button(zh ? "揭晓答案" : "Reveal")) st.revealed[page] = st.page;
    ImGui::EndDisabled();
    recordItem(ui, id + "reveal");
    if (!answered) {
      ImGui::SameLine();
      const std::string stepText = groupDigits(at);
      ImGui::TextDisabled(zh ? "训练到第 %s 步时揭晓" : "the run answers at step %s", stepText.c_str());
    }
    ImGui::PopID();
    return;
  }
  ImGui::PushTextWrapPos(0.f);
  ImGui::TextUnformatted(pick(q.explain, zh).c_str());
  if (!q.metric.empty()) {
    const double v = liveStat(s, q);
    char b[64];
    std::snprintf(b, sizeof b, std::isnan(v) ? "—" : "%.4g", v);
    ImGui::TextColored(ink(kWatch), "%s%s%s", pick(q.measureLabel, zh).c_str(), zh ? "：" : ": ", b);
  }
  ImGui::PopTextWrapPos();
  recordItem(ui, id + "answer");
  ImGui::PopID();
}

}  // namespace

uint64_t lessonPageBreak(const rl::runs::Lesson& l, int page) {
  for (size_t j = size_t(std::max(page, 0)) + 1; j < l.steps.size(); ++j)
    if (l.steps[j].atStep > 0) return l.steps[j].atStep;
  return 0;
}

const std::string& pick(const rl::runs::LessonText& t, bool zh) { return zh && !t.zh.empty() ? t.zh : t.en; }

std::string lessonGlyphText(const rl::runs::LessonSet& set) {
  // The app's own Chinese labels (every zh string in this file), then the lessons' text.
  std::string all = "中文 Q 值 策略梯度 演员-评论家 课程 第 / 页 请观察： 上一页 下一页 关闭 关闭课程；训练继续 步： "
                    "搜索课程、概念…… 没有匹配的课程。 概念： 训练到第 步时暂停，再翻到下一页（现在第 步） "
                    "已到第 步：训练在此等待。读完本页，再按“下一页”。 先预测： 揭晓答案 训练到第 步时揭晓 ✓ ✗";
  auto add = [&](const rl::runs::LessonText& t) { all += t.zh; };
  for (const auto& l : set.lessons) {
    add(l.title), add(l.summary);
    for (const auto& p : l.steps) {
      add(p.text), add(p.watch);
      for (const auto& a : p.actions) add(a.label);
      if (p.hasQuestion) {
        add(p.question.ask), add(p.question.explain), add(p.question.measureLabel);
        for (const auto& o : p.question.options) add(o);
      }
    }
    for (const auto& a : l.check.asserts) add(a.claim);
  }
  std::string out;  // only the non-ASCII characters matter (ASCII is in the base font)
  for (unsigned char c : all)
    if (c >= 0x80) out += char(c);
  return out;
}

bool drawLessonCard(const rl::runs::Lesson& l, const rl::Snapshot& s, UiState& ui) {
  LessonUi& st = ui.lesson;
  const int pages = int(l.steps.size());
  st.page = std::clamp(st.page, 0, std::max(0, pages - 1));
  // Pages never turn by themselves: the next page opens on Next, and only once the run has reached its step.
  const uint64_t nextAt = st.page + 1 < pages ? l.steps[size_t(st.page) + 1].atStep : 0;
  const bool canNext = st.page + 1 < pages && s.lifetimeSteps >= nextAt;
  st.hold = lessonPageBreak(l, st.page);
  const bool zh = st.zh;
  // A page that opens brings what it talks about on screen: its lens section (scrolled to, highlighted) and chart.
  const bool opened = st.openedPage != st.page;  // this frame shows the page for the first time
  if (pages > 0 && opened) {
    const rl::runs::LessonStep& p = l.steps[size_t(st.page)];
    st.focus = p.showLens;
    if (!p.showChart.empty()) ui.pgMetric = ui.extraMetric = p.showChart;
    st.openedPage = st.page;
  }

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
  ImGui::PopTextWrapPos();
  ImGui::Spacing();
  if (pages > 0) {
    // The page scrolls inside its own box when it is long, so Back/Next below it never leave the screen (at
    // 1280×800 the column is narrow; in classroom mode the type is twice as large).
    const rl::runs::LessonStep& page = l.steps[size_t(st.page)];
    const std::string text = pick(page.text, zh);
    // "Watch: …" — unless the prompt already starts with the word ("Watch the two curves", "观察…").
    const std::string& w = pick(page.watch, zh);
    const bool says = w.rfind(zh ? "观察" : "Watch", 0) == 0 || w.rfind("请观察", 0) == 0;
    const std::string watch = w.empty() ? "" : says ? w : std::string(zh ? "请观察：" : "Watch: ") + w;
    const ImGuiStyle& style = ImGui::GetStyle();
    const float wrapW = ImGui::GetContentRegionAvail().x - style.ScrollbarSize - style.ItemSpacing.x;
    const float need = ImGui::CalcTextSize(text.c_str(), nullptr, false, wrapW).y +
                       (watch.empty() ? 0.f : ImGui::CalcTextSize(watch.c_str(), nullptr, false, wrapW).y +
                                                  2 * style.ItemSpacing.y + style.ItemSpacing.y);
    const float room = std::max(ImGui::GetWindowHeight() * 0.55f, ImGui::GetTextLineHeightWithSpacing() * 4);
    // The questions to show here: this page's, and an earlier page's the run has not yet let the class reveal (asked
    // before a switch, answered after it). A question makes the page long: the box takes its full share and scrolls.
    std::vector<int> asked;
    for (int j = 0; j <= st.page; ++j)
      if (l.steps[size_t(j)].hasQuestion) {
        const auto r = st.revealed.find(j);  // kept on the page where it was revealed, with its answer
        if (j == st.page || r == st.revealed.end() || r->second == st.page) asked.push_back(j);
      }
    const float boxH = asked.empty() ? std::min(need + style.ItemSpacing.y, room) : room;
    ImGui::BeginChild("##lesson_page", ImVec2(0, boxH), false);
    if (opened) ImGui::SetScrollY(0.f);  // a new page starts at its top
    ImGui::PushTextWrapPos(0.f);
    ImGui::TextUnformatted(text.c_str());
    if (!watch.empty()) {
      ImGui::Spacing();
      ImGui::PushStyleColor(ImGuiCol_Text, ink(kWatch));
      ImGui::TextUnformatted(watch.c_str());
      ImGui::PopStyleColor();
    }
    ImGui::PopTextWrapPos();
    for (int j : asked) {
      const rl::runs::LessonQuestion& q = l.steps[size_t(j)].question;
      const uint64_t at = q.revealAt > 0 ? q.revealAt : lessonPageBreak(l, j);
      drawQuestion(q, j, s.lifetimeSteps >= at, at, s, ui);
    }
    ImGui::EndChild();
  }
  recordItem(ui, "lesson_text");
  // What the page asks the class to do, as one button that does it.
  for (size_t k = 0; pages > 0 && k < l.steps[size_t(st.page)].actions.size(); ++k) {
    if (k == 0) ImGui::Spacing();
    ImGui::PushID(int(k));
    ImGui::PushStyleColor(ImGuiCol_Button, ink(ImVec4(0.85f, 0.55f, 0.15f, 1.f)));
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 1, 1, 1));
    const std::string label = "▶ " + pick(l.steps[size_t(st.page)].actions[k].label, zh);
    if (ImGui::Button(ellipsize(label, ImGui::GetContentRegionAvail().x - 2 * ImGui::GetStyle().FramePadding.x).c_str()))
      st.actionRequest = st.page, st.actionIndex = int(k);
    ImGui::PopStyleColor(2);
    recordItem(ui, "lesson_action_" + std::to_string(k));
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", label.c_str());
    ImGui::PopID();
  }

  ImGui::Spacing();
  ImGui::BeginDisabled(st.page <= 0);
  if (wrapButton(zh ? "◀ 上一页" : "◀ Back", true)) --st.page;
  ImGui::EndDisabled();
  recordItem(ui, "lesson_back");
  ImGui::BeginDisabled(!canNext);
  const bool waiting = canNext && nextAt > 0 && s.heldAt > 0;  // the run holds at this page's break: turn it
  if (waiting) ImGui::PushStyleColor(ImGuiCol_Button, ink(ImVec4(0.20f, 0.45f, 0.85f, 1.f)));
  if (wrapButton(zh ? "下一页 ▶" : "Next ▶", false)) ++st.page;
  if (waiting) ImGui::PopStyleColor();
  ImGui::EndDisabled();
  recordItem(ui, "lesson_next");
  if (wrapButton(zh ? "English" : "中文", false)) st.zh = !st.zh;
  recordItem(ui, "lesson_language");
  const bool close = wrapButton(zh ? "关闭" : "Close", false);
  recordItem(ui, "lesson_close");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip(zh ? "关闭课程；训练继续" : "Close the lesson; the run goes on");
  // Where the run is in the story: going on to the next page's step, or holding there for the class.
  if (nextAt > 0) {
    ImGui::PushTextWrapPos(0.f);
    char b[200];
    if (s.lifetimeSteps < nextAt) {
      const std::string at = groupDigits(nextAt), now = groupDigits(s.lifetimeSteps);
      std::snprintf(b, sizeof b, zh ? "训练到第 %s 步时暂停，再翻到下一页（现在第 %s 步）"
                                    : "The run pauses at step %s for the next page (now %s).",
                    at.c_str(), now.c_str());
      ImGui::TextDisabled("%s", b);
    } else {
      const std::string at = groupDigits(std::max(nextAt, s.heldAt));
      std::snprintf(b, sizeof b, zh ? "已到第 %s 步：训练在此等待。读完本页，再按“下一页”。"
                                    : "Step %s reached: the run waits here. Read this page, then press Next.",
                    at.c_str());
      ImGui::PushStyleColor(ImGuiCol_Text, ink(kWatch));
      ImGui::TextUnformatted(b);
      ImGui::PopStyleColor();
    }
    ImGui::PopTextWrapPos();
    recordItem(ui, "lesson_progress");
  }
  // The script: what happens at which step, ticked once it has.
  if (!l.commands.empty()) {
    ImGui::Spacing();
    for (const auto& c : l.commands) {
      const bool done = s.lifetimeSteps >= c.atStep;
      const std::string line = (done ? "✓ " : "… ") + std::string(zh ? "第 " : "at step ") +
                               groupDigits(c.atStep) + (zh ? " 步：" : ": ") + describe(c.command);
      if (done) ImGui::TextUnformatted(line.c_str());
      else ImGui::TextDisabled("%s", line.c_str());
    }
  }

  ImGui::Separator();
  return close;
}

void drawWelcomeCard(UiState& ui) {
  ImGui::PushStyleColor(ImGuiCol_Text, ink(kAccent));
  ImGui::TextUnformatted("NEW HERE?");
  ImGui::PopStyleColor();
  ImGui::PushTextWrapPos(0.f);
  ImGui::TextUnformatted("An agent is learning live in the middle of the window. The lessons walk through each idea "
                         "with a live run, in English and 中文.");
  ImGui::PopTextWrapPos();
  recordItem(ui, "welcome_text");
  if (wrapButton("Open the lessons", true)) ui.lesson.browserRequested = true, ui.welcomed = true;
  recordItem(ui, "welcome_lessons");
  if (wrapButton("Explore on my own", false)) ui.welcomed = true;
  recordItem(ui, "welcome_dismiss");
  ImGui::Separator();
}

void drawLessonBrowser(const rl::runs::LessonSet& set, UiState& ui) {
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
  auto matches = [&](const rl::runs::Lesson& l) {
    if (query.empty()) return true;
    std::string hay = l.id + " " + l.title.en + " " + l.title.zh + " " + l.summary.en + " " + l.summary.zh;
    for (const auto& c : l.concepts) hay += " " + c;
    return lower(hay).find(query) != std::string::npos;
  };
  ImGui::BeginChild("##lesson_list", ImVec2(0, 0), false);
  int shown = 0;
  for (const char* lens : {"q", "policy", "actor-critic", "gan"}) {
    std::vector<const rl::runs::Lesson*> group;
    for (const auto& l : set.lessons)
      if (l.lens == lens && matches(l)) group.push_back(&l);
    if (group.empty()) continue;
    ImGui::Spacing();
    ImGui::PushStyleColor(ImGuiCol_Text, ink(kAccent));
    ImGui::Text("%s  (%zu)", lensTitle(lens, zh), group.size());
    ImGui::PopStyleColor();
    ImGui::Separator();
    for (const rl::runs::Lesson* l : group) {
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
