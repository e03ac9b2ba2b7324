// Lessons in the app: opening one (its preset, script and card), a page's action button (shell.hpp).
#include "app/shell/shell.hpp"

#include <algorithm>

#include "app/views/lenses.hpp"
#include "app/views/lesson_panel.hpp"
#include "core/rl/registry.hpp"

namespace gui {

const rl::runs::Lesson* App::findLesson(const std::string& id) const {
  for (const auto& l : lessons_.lessons)
    if (l.id == id) return &l;
  return nullptr;
}

// A lesson's preset becomes the run (its seed, parameters, speed and lens), its script is handed to the session to
// play at its steps, and its card opens on page 1.
bool App::openLesson(const std::string& id) {
  const rl::runs::Lesson* l = findLesson(id);
  if (!l) {
    ui_.say("no lesson '" + id + "'", true, now());
    return false;
  }
  ui_.seed = int(l->run.seed);
  // The lesson's speed, unless `--lesson ID --speed S` asked for another (--speed 0: Max).
  const double speed = id == opt_.lesson && opt_.speed >= 0 ? opt_.speed : l->speed;
  ui_.unlimited = speed <= 0;
  if (speed > 0) ui_.speed = float(speed);
  const bool wasPaused = opt_.paused;
  opt_.paused = true;  // the script is scheduled before the first step
  const bool ok = startSession(l->run.env, l->run.algo, l->run.seed, l->run.sets);
  opt_.paused = wasPaused;
  if (!ok) return false;
  session_->schedule(l->commands);
  // Page 1's break is in place before the first step: at Max the run would otherwise be past it before the first
  // frame has drawn the card.
  sentHold_ = lessonPageBreak(*l, 0);
  session_->holdAt(sentHold_);
  if (!wasPaused) session_->send(rl::Command::resume());
  if (findLens(l->lens)) ui_.lens = l->lens;
  if (const auto g = l->view.find("grid"); g != l->view.end() && g->is_object()) {
    auto flag = [&](const char* k, bool& v) {
      if (g->contains(k) && (*g)[k].is_boolean()) v = (*g)[k].get<bool>();
    };
    flag("q_triangles", ui_.grid.qTriangles), flag("arrows", ui_.grid.arrows), flag("numbers", ui_.grid.numbers);
    flag("rewards", ui_.grid.rewards), flag("solver", ui_.grid.solver), flag("error", ui_.grid.error);
  }
  ui_.lesson.id = id;
  ui_.welcomed = true;  // they found the lessons
  ui_.lesson.page = 0;
  ui_.lesson.hold = 0;
  ui_.lesson.openedPage = -1;
  ui_.lesson.chosen.clear();
  ui_.lesson.revealed.clear();
  snap_ = session_->snapshot();
  return true;
}

void App::runLessonAction(const rl::runs::LessonAction& a, const rl::Snapshot& s) {
  if (a.pin) pinCurrentRun(s, ui_);
  if (!a.algo.empty()) {
    // "With the same settings": every setting the two algorithms share (α, γ, ε …) and the env's carry over.
    const rl::AlgoEntry* target = rl::findAlgorithm(a.algo);
    if (!target) return;
    const auto agent = target->make();
    std::vector<std::string> sets;
    for (const auto& p : s.params)
      if (p.env || agent->params().find(p.spec.name)) sets.push_back(p.spec.name + "=" + rl::formatValue(p.spec, p.value));
    sets.insert(sets.end(), a.sets.begin(), a.sets.end());
    pendingSwitch_ = SessionRequest{s.envId, a.algo, std::move(sets), false, true};
    return;
  }
  bool reset = false;
  for (const std::string& kv : a.sets) {  // the running run: parameters set as a user would, logged
    const size_t eq = kv.find('=');
    std::string name = kv.substr(0, eq);
    for (const char* prefix : {"env.", "algo."})
      if (name.rfind(prefix, 0) == 0) name = name.substr(std::string(prefix).size());
    for (const auto& p : s.params)
      if (p.spec.name == name) {
        try {
          ui_.send(rl::Command::setParam(name, rl::parseValue(p.spec, kv.substr(eq + 1))));
          reset |= p.spec.needsReset;
        } catch (const std::exception& e) {
          ui_.say(e.what(), true, now());
        }
      }
  }
  if (reset) ui_.send(rl::Command::reset(uint64_t(ui_.seed)));  // "applies on reset": the same seed, afresh
}

}  // namespace gui
