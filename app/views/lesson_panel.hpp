// The lessons in the app: the browser (searchable, grouped by lens) and the open lesson's narrative card with
// Back/Next through its pages, its "what to watch" prompt and the script's coming events (assets/lessons/*.json,
// runs/lesson.hpp).
#pragma once
#include <string>

#include "runs/lesson.hpp"
#include "app/views/ui_state.hpp"
#include "core/session/snapshot.hpp"

namespace gui {

// The open lesson's card, drawn at the top of the left column. Pages turn only on Next, and a page that names a step
// opens only once the run has reached it (the run holds there: ui.lesson.hold). Returns true when the user closed it.
bool drawLessonCard(const rl::runs::Lesson& lesson, const rl::Snapshot& s, UiState& ui);
// First launch: a short card at the top of the left column that points a newcomer to the lessons, until answered
// (ui.welcomed, persisted) or a lesson is opened.
void drawWelcomeCard(UiState& ui);
// The page's break: the first later page that names a step. The run holds there until Next turns to that page, so
// the class reads each page while the run shows that page's phenomenon, at any speed (0 = no break ahead).
uint64_t lessonPageBreak(const rl::runs::Lesson& lesson, int page);
// The browser popup: call every frame; it opens when ui.lesson.browserRequested is set and puts the picked lesson's
// id in ui.lesson.openRequest.
void drawLessonBrowser(const rl::runs::LessonSet& set, UiState& ui);
// Every non-ASCII character the lessons show (their Chinese text), for the font atlas's glyph ranges.
std::string lessonGlyphText(const rl::runs::LessonSet& set);
// A lesson's text in the chosen language (English when the Chinese is missing).
const std::string& pick(const rl::runs::LessonText& t, bool zh);

}  // namespace gui
