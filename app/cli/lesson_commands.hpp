// `rllens lesson list` and `rllens lesson check`: the lessons (runs/lesson.hpp) from the command line.
#pragma once
#include <string>
#include <vector>

#include "runs/lesson.hpp"

namespace rl::cli {

// `rllens lesson list` text (the lessons only; the caller reports set.errors).
std::string lessonListText(const runs::LessonSet& set);
// `rllens lesson check ID [--short] [--set k=v …] [--ablate]`: returns the exit code: 0 every claim holds, 1 a claim
// failed; throws UsageError (exit 2) for a bad id, a malformed file, a bad --set, or --ablate on a lesson that names
// no ablation. With ablate, the lesson's ablation goes first, then sets.
int lessonCheckCommand(const std::string& dir, const std::string& id, bool shortBudget,
                       const std::vector<std::string>& sets = {}, bool ablate = false);

}  // namespace rl::cli
