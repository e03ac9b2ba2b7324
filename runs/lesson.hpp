// Lessons: guided demonstrations stored as data files in assets/lessons/<id>.json. Each one is a preset (env,
// algorithm, parameters, seed, lens, view switches, speed), a scripted command log, narrative pages in English and
// Chinese, and a check: declarative assertions that `rllens lesson check ID` verifies headlessly, so that what a
// lesson's text promises is what the app really shows.
//
//   {
//     "rllens_lesson": 1,                                 the format version
//     "title": {"en": "…", "zh": "…"}, "summary": {…},    every text in both languages, neither empty
//     "lens": "q", "concepts": ["double DQN overestimation"],
//     "env": "gridworld", "algo": "dqn", "seed": 1, "sets": ["double=false"],   the preset, as `rllens train` takes it
//     "speed": 0, "view": {…},                            steps/s in the app; free-form view switches for the app
//     "commands": ["10000 set double 1"],                 the scripted command log (core/session/command.hpp lines)
//     "pages": [{"text": {…}, "watch": {…}, "at_step": 10000,
//                "show": {"lens": "Overestimation: …", "chart": "losses/explained_variance"},   optional
//                "action": {"label": {…}, "pin": true, "algo": "q-learning", "sets": ["epsilon=0.1"]},  optional
//                "question": {"ask": {…}, "options": [{…}, {…}], "answer": 1, "explain": {…},         optional
//                             "reveal_at": 20000,
//                             "measure": {"metric": "charts/episodic_return", "stat": "mean_last", "n": 20,
//                                         "label": {…}}}}],
//     "ablation": ["double=false"],                       --set values that switch the lesson's concept off
//     "check": {"steps": 20000, "short_steps": 12000, "seeds": [1, 2, 3], "assert": [
//       {"claim": {…}, "metric": "charts/episodic_return", "stat": "mean_last", "n": 50, "op": ">", "value": 0.5},
//       {"claim": {…}, "metric": "overestimation/q_estimate", "minus": "overestimation/return", "stat": "mean",
//        "sets": ["double=true"], "op": "<", "factor": 0.6, "against": {}}]}
//   }
//
// Every claim must appear word for word in a page (text or watch prompt) in both languages: the narrative promises
// exactly what the check asserts. Every claim is a contrast the check can lose: it is measured on each of ≥ 3 seeds
// and passes only when it holds on every seed and on the mean, and `rllens lesson check ID --ablate` appends the
// lesson's ablation to every run of the check, where the claims must fail. Reading is strict like session files:
// unknown fields, ids, --set names and values and command lines are reported as "<file>: <field>: <what was
// expected>".
#pragma once
#include <cstdint>
#include <iosfwd>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "runs/run_spec.hpp"
#include "core/session/command.hpp"

namespace rl::runs {

struct LessonText {
  std::string en, zh;
};

// What a page asks the class to do, as a button on the card: pin this run's curves, switch to another algorithm
// keeping the settings both share, and/or set parameters (a parameter that applies on reset resets the run, same
// seed).
struct LessonAction {
  LessonText label;                 // the button: "Pin this run, then switch to Q-learning"
  bool pin = false;                 // pin the current run's curves first (the charts draw both)
  std::string algo;                 // switch to this algorithm (empty: stay), shared settings kept
  std::vector<std::string> sets;    // --set values applied after the switch (or to the running run)
};

// A narrative page. atStep: the run holds at this step until Next turns to the page (0 = no step: Next any time).
// show: what the page talks about, brought on screen when it opens — a section of the lens (by its title,
// scrolled to and highlighted) and the metric a chart shows.
// Predict, then reveal: a question the class answers before the run does (2–4 options). The answer is revealed once
// the run has reached the next page's step (or at once on a page with none ahead), with the explanation and, when
// `metric` is given, the live run's measured value beside it.
struct LessonQuestion {
  LessonText ask;
  std::vector<LessonText> options;
  int answer = 0;                   // index into options
  uint64_t revealAt = 0;            // the step the run answers it by (0 = the next page's step, if any)
  LessonText explain;
  std::string metric;               // optional: a metric of the live run shown at the reveal
  std::string stat = "mean_last";   // mean_last | last | mean | max | min (over the run so far)
  int n = 20;
  LessonText measureLabel;          // "mean return of the last 20 episodes"
};

struct LessonStep {
  LessonText text;
  LessonText watch;  // "what to watch" prompt
  uint64_t atStep = 0;
  std::string showLens, showChart;
  std::vector<LessonAction> actions;  // "action": one object, or a list of them (a button each)
  bool hasQuestion = false;
  LessonQuestion question;
};

// One assertion of a lesson's check. It measures `stat` of `metric` over a run (the preset, or the preset with
// `sets` appended) on each of the check's seeds, and compares it, per seed and on the mean over seeds:
//   op with value:           measured OP value                    (a threshold claim)
//   op with factor:          measured OP factor × baseline        (a comparative claim; baseline = the same stat
//                            of `against` — the preset when it has no sets, else the preset + those sets — on
//                            the same seed, or the mean of the baseline's seeds for the mean)
struct LessonAssertion {
  std::string metric;
  std::string stat = "mean_last";   // mean_last | mean_first | mean | max | min | last | count
  int n = 20;                       // points for mean_last / mean_first
  std::pair<double, double> window{0, 1};  // the points measured: global steps in [from, to] × the budget
  std::string op = ">";             // > >= < <=
  std::string algo;                 // the measured run's algorithm (empty = the preset's); its sets then replace the preset's
  std::vector<std::string> sets;    // --set values appended to the preset for the measured run ([] = the preset)
  bool script = true;               // the measured run replays the lesson's command log (only with the preset's algorithm)
  std::string minus;                // when given, the measured quantity is stat(metric) − stat(minus) of the same run
  bool hasValue = false;
  double value = 0;                 // threshold
  bool hasFactor = false;
  double factor = 1;                // comparative: measured OP factor × the baseline's stat
  std::string againstAlgo;          // the baseline run's algorithm (empty = the preset's), as algo above
  std::vector<std::string> against; // the baseline run's extra sets (for comparative claims)
  bool againstScript = true;        // the baseline run replays the command log
  std::string baselineMetric;       // empty = the same metric; else compare against another metric of the baseline
  std::pair<double, double> baselineWindow{0, 1};  // the baseline's window (default: the same as window)
  LessonText claim;                 // the sentence this assertion checks, as it appears in the narrative
};

struct LessonCheck {
  uint64_t steps = 0;               // the full budget
  uint64_t shortSteps = 0;          // --short budget (CI); the scripted commands beyond it are dropped
  std::vector<uint64_t> seeds;      // ≥ 3: each run is repeated per seed; a claim must hold on each and on the mean
  std::vector<LessonAssertion> asserts;
};

struct Lesson {
  std::string id;                   // file name without .json
  std::string path;
  LessonText title, summary;        // summary: one line for the browser and the README
  std::string lens;                 // "q", "policy", "actor-critic", "gan"
  std::vector<std::string> concepts;
  RunSpec run;                      // env, algo, seed, sets (as --set takes them)
  double speed = 0;                 // steps/s in the app (0 = as fast as possible)
  nlohmann::json view = nlohmann::json::object();  // free-form view switches for the app
  std::vector<LoggedCommand> commands;  // the scripted command log
  std::vector<LessonStep> steps;        // ≥ 1 pages
  // --set values that switch the lesson's concept off (empty = none named): appended to every run of the check by
  // `rllens lesson check ID --ablate`, which must then fail.
  std::vector<std::string> ablation;
  LessonCheck check;
};

struct LessonSet {
  std::vector<Lesson> lessons;      // sorted by id
  std::vector<std::string> errors;  // "<file>: <field>: …"
};

// The source tree's assets/lessons (compile definition RLLENS_LESSON_DIR) if it exists, else the installed
// share/rllens/lessons next to the executable's prefix.
std::string lessonDir();

// Loads every *.json in dir. Never throws for a bad file: reports it in errors (by file name and field) and skips it.
// A missing dir is one error.
LessonSet loadLessons(const std::string& dir);

// Parses one lesson from its text; id is the lesson's id, path is used in messages. Throws UsageError
// "<file>: <field>: <what was expected>" for the first problem found.
Lesson parseLesson(const std::string& text, const std::string& id, const std::string& path);

// The outcome of one assertion: per seed (a comparison pairs the measured run and the baseline of the same seed)
// and on the mean over seeds. It passes only when it holds on the mean and on every seed.
struct AssertionResult {
  std::string description;  // "mean_last(50) of charts/episodic_return [double=1] > 0.8"
  std::string detail;       // lines of per-seed values, means and spreads of both sides, and where it holds
  double measured = 0, target = 0;  // on the mean over seeds (target = factor × the baseline's mean)
  std::vector<double> measuredPerSeed, targetPerSeed;  // in the order of check.seeds; NaN = nothing measured
  std::vector<double> baselinePerSeed;                 // comparative claims only
  std::vector<bool> seedPass;
  bool meanPass = false;
  bool pass = false;
};
struct CheckResult {
  std::vector<AssertionResult> results;
  bool pass() const {
    for (const auto& r : results)
      if (!r.pass) return false;
    return !results.empty();
  }
};
// Throws UsageError "--set: …" unless every override ("name=value") is valid for the lesson's preset and, where
// another algorithm's run of the check has that parameter, for that run too. Builds each run of the check once.
void checkOverrides(const Lesson& lesson, const std::vector<std::string>& overrides);

// A statistic of a series' values, as a claim (and a question's live reveal) measures it: mean_last / mean_first over
// the n newest / oldest points, mean, max, min, last, count. NaN when there is nothing to measure.
double statOf(const std::vector<double>& y, const std::string& stat, int n);

// Runs the lesson's check (with the short budget when shortBudget). Progress lines go to log when given. overrides
// ("name=value") are appended, last, to every run of the check — the preset, each measured variant, each baseline —
// so they win over the lesson's own sets, and the scripted commands that set one of those parameters are dropped.
// A run of another algorithm takes the overrides its algorithm or the env has and skips the others (a random
// policy has no learning rate). Throws UsageError for an override that cannot be applied.
CheckResult runLessonCheck(const Lesson& lesson, bool shortBudget, std::ostream* log = nullptr,
                           const std::vector<std::string>& overrides = {});

// The run of an assertion: the preset plus extra sets, or — when the assertion names another algorithm — that
// algorithm on the preset's env and seed with only the extra sets (the preset's sets belong to its algorithm).
RunSpec variantRun(RunSpec run, const std::string& algo, const std::vector<std::string>& extra);

// " [a=1 b=2]" (or "" for none): how the check's lines name a run's sets.
std::string setsLabel(const std::vector<std::string>& sets);

}  // namespace rl::runs
