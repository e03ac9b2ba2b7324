#include "app/cli/lesson_commands.hpp"

#include <iostream>
#include <sstream>

#include "core/text.hpp"

namespace rl::cli {

using namespace runs;

std::string lessonListText(const LessonSet& set) {
  std::ostringstream out;
  for (const Lesson& l : set.lessons) {
    out << l.id << "  [" << l.lens << "]  " << l.title.en << "\n    " << l.summary.en << "\n    concepts: ";
    for (size_t i = 0; i < l.concepts.size(); ++i) out << (i ? ", " : "") << l.concepts[i];
    out << "\n";
  }
  return out.str();
}

int lessonCheckCommand(const std::string& dir, const std::string& id, bool shortBudget,
                       const std::vector<std::string>& sets, bool ablate) {
  LessonSet set = loadLessons(dir);
  const Lesson* lesson = nullptr;
  for (const Lesson& l : set.lessons)
    if (l.id == id) lesson = &l;
  if (!lesson) {
    // The file may be there but malformed: its error says why, which "unknown" would hide.
    const std::string prefix = id + ".json:";
    for (const std::string& e : set.errors)
      if (e.rfind(prefix, 0) == 0) throw UsageError(e);
    std::string ids;
    for (const Lesson& l : set.lessons) ids += (ids.empty() ? "" : ", ") + l.id;
    throw UsageError("lesson: unknown id '" + quoteInput(id) + "' (lessons: " + (ids.empty() ? "none" : ids) + ")");
  }
  if (ablate && lesson->ablation.empty())
    throw UsageError("--ablate: lesson '" + lesson->id + "' names no ablation (its \"ablation\" field)");
  // The ablation goes through the same path as --set, first, so that a --set given as well still wins.
  std::vector<std::string> overrides = ablate ? lesson->ablation : std::vector<std::string>{};
  overrides.insert(overrides.end(), sets.begin(), sets.end());
  checkOverrides(*lesson, overrides);  // a bad --set is one line and exit 2, before any run

  const uint64_t budget = shortBudget ? lesson->check.shortSteps : lesson->check.steps;
  std::cout << "lesson " << lesson->id << ": " << lesson->title.en << " (" << budget << " steps"
            << (shortBudget ? ", short budget" : "") << ", " << lesson->check.seeds.size() << " seeds)\n";
  if (ablate)
    std::cout << "ablation: the concept switched off with --set" << setsLabel(lesson->ablation)
              << " on every run of the check; its claims should now fail\n";
  if (!sets.empty()) std::cout << "--set" << setsLabel(sets) << " on every run of the check\n";
  std::cout << std::flush;
  const CheckResult r = runLessonCheck(*lesson, shortBudget, &std::cout, overrides);
  for (size_t i = 0; i < r.results.size(); ++i) {
    std::string detail = r.results[i].detail;
    for (size_t p = detail.find('\n'); p != std::string::npos; p = detail.find('\n', p + 1))
      detail.insert(p + 1, "      ");  // the detail lines line up under the description
    std::cout << (r.results[i].pass ? "PASS  " : "FAIL  ") << lesson->check.asserts[i].claim.en << "\n      "
              << r.results[i].description << "\n      " << detail << "\n";
  }
  if (ablate)
    std::cout << (r.pass() ? "all claims hold even with the concept switched off: the check does not test it\n"
                           : "a claim does not hold with the concept switched off, as it should\n");
  else
    std::cout << (r.pass() ? "all claims hold\n" : "a claim does not hold\n");
  return r.pass() ? 0 : 1;
}

}  // namespace rl::cli
