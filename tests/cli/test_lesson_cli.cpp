// `rllens lesson list|check`, run as a real process: exit codes 0 (claims hold), 1 (a claim fails), 2 (unknown id,
// malformed file, bad --set), a malformed file named on one line, --set applied to every run of a check (the
// preset, measured variants, baselines of the same and of another algorithm, over the script), --ablate, and the
// per-seed rule (a claim that holds on the mean but not on one seed fails).
#include <gtest/gtest.h>

#include "cli_run.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>
#include <sys/wait.h>
#include <unistd.h>

namespace {

using Result = rl::testutil::CliResult;

Result run(const std::string& args) { return rl::testutil::runRllens(args); }

// A folder with a lesson whose one claim is `op value` on the count of finished episodes of 2000 Q-learning steps.
std::string lessonDir(const std::string& name, const std::string& op, double value) {
  const auto d = std::filesystem::temp_directory_path() / ("rllens_lesson_cli_" + std::to_string(::getpid()) + name);
  std::filesystem::create_directories(d);
  std::ofstream(d / "tiny.json") << R"({"rllens_lesson": 1, "title": {"en": "Tiny", "zh": "小课"},
    "summary": {"en": "A tiny lesson.", "zh": "一节小课。"}, "lens": "q", "concepts": ["TD"],
    "env": "gridworld", "algo": "q-learning", "seed": 1, "sets": ["planning=0"],
    "pages": [{"text": {"en": "Episodes end.", "zh": "回合会结束。"}, "watch": {"en": "Watch.", "zh": "观察。"}}],
    "check": {"steps": 2000, "seeds": [1, 2, 3], "assert": [{"claim": {"en": "Episodes end.", "zh": "回合会结束。"},
      "metric": "charts/episodic_return", "stat": "count", "op": ")" + op + R"(", "value": )" + std::to_string(value) + "}]}}";
  return d.string();
}

// A folder holding one lesson file, written as given.
std::string lessonDirWith(const std::string& name, const std::string& id, const std::string& json) {
  const auto d = std::filesystem::temp_directory_path() / ("rllens_lesson_cli_" + std::to_string(::getpid()) + name);
  std::filesystem::create_directories(d);
  std::ofstream(d / (id + ".json")) << json;
  return d.string();
}

// Q-learning with ε = 0.3 whose claims compare ε between runs, so that a --set of ε decides them exactly:
//   [0] ε with epsilon=0.9 > 2 × the preset's ε          (a measured variant against the preset)
//   [1] the preset's ε > 2 × SARSA's with epsilon=0.05   (a baseline of another algorithm)
//   [2] the random policy counts its episodes             (another algorithm without an ε: the --set skips it)
// Its ablation is epsilon=0.1: every run explores the same, and claims [0] and [1] must fail.
std::string epsilonLesson(const std::string& ablation = R"("ablation": ["epsilon=0.1"],)") {
  return R"({"rllens_lesson": 1, "title": {"en": "Eps", "zh": "探索"},
    "summary": {"en": "Exploration rates.", "zh": "探索率。"}, "lens": "q", "concepts": ["exploration"],
    "env": "gridworld", "algo": "q-learning", "seed": 1, "sets": ["planning=0", "epsilon=0.3"], )" + ablation + R"(
    "pages": [{"text": {"en": "More. Less. Random ends.", "zh": "更多。更少。随机也结束。"},
               "watch": {"en": "Watch.", "zh": "观察。"}}],
    "check": {"steps": 1000, "seeds": [1, 2, 3], "assert": [
      {"claim": {"en": "More.", "zh": "更多。"}, "metric": "charts/epsilon", "stat": "mean", "sets": ["epsilon=0.9"],
       "op": ">", "factor": 2, "against": {}},
      {"claim": {"en": "Less.", "zh": "更少。"}, "metric": "charts/epsilon", "stat": "mean", "op": ">", "factor": 2,
       "against": {"algo": "sarsa", "sets": ["planning=0", "epsilon=0.05"]}},
      {"claim": {"en": "Random ends.", "zh": "随机也结束。"}, "metric": "charts/episodic_return", "stat": "count",
       "algo": "random", "op": ">=", "value": 0}]}})";
}

// The lines of text that start with prefix (after leading spaces).
std::vector<std::string> linesStarting(const std::string& text, const std::string& prefix) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    line.erase(0, line.find_first_not_of(' '));
    if (line.rfind(prefix, 0) == 0) out.push_back(line);
    start = end + 1;
  }
  return out;
}

}  // namespace

TEST(LessonCli, ListShowsEveryShippedLesson) {
  const Result r = run("lesson list");
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("double-dqn  [q]  "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("concepts: "), std::string::npos);
}

TEST(LessonCli, CheckExitCodes) {
  const Result pass = run("lesson check tiny --dir " + lessonDir("pass", ">=", 1));
  EXPECT_EQ(pass.code, 0) << pass.out;
  EXPECT_NE(pass.out.find("PASS  Episodes end."), std::string::npos) << pass.out;

  const Result fail = run("lesson check tiny --short --dir " + lessonDir("fail", ">", 1e9));
  EXPECT_EQ(fail.code, 1) << fail.out;
  EXPECT_NE(fail.out.find("FAIL  Episodes end."), std::string::npos) << fail.out;

  const Result unknown = run("lesson check no-such-lesson");
  EXPECT_EQ(unknown.code, 2) << unknown.out;
  EXPECT_NE(unknown.out.find("unknown id 'no-such-lesson'"), std::string::npos) << unknown.out;
}

TEST(LessonCli, MalformedFileIsNamedAndRefused) {
  const std::string dir = lessonDir("bad", ">=", 1);
  std::ofstream(dir + "/broken.json") << R"({"rllens_lesson": 1})";
  const Result check = run("lesson check broken --dir " + dir);
  EXPECT_EQ(check.code, 2) << check.out;
  EXPECT_EQ(check.out, "rllens: broken.json: title: missing\n");
  const Result list = run("lesson list --dir " + dir);
  EXPECT_EQ(list.code, 2) << list.out;
  EXPECT_NE(list.out.find("tiny  [q]  Tiny"), std::string::npos) << list.out;
  EXPECT_NE(list.out.find("rllens: skipped broken.json: title: missing"), std::string::npos) << list.out;
}

TEST(LessonCli, SetAppliesToEveryRunOfTheCheck) {
  const std::string dir = lessonDirWith("eps", "eps", epsilonLesson());
  const Result plain = run("lesson check eps --dir " + dir);
  ASSERT_EQ(plain.code, 0) << plain.out;

  // ε = 0.1 appended last to every run: the variant's 0.9, the preset's 0.3 and SARSA's 0.05 all become 0.1, so
  // both comparisons fail; the random policy has no ε and runs without it.
  const Result set = run("lesson check eps --set epsilon=0.1 --dir " + dir);
  EXPECT_EQ(set.code, 1) << set.out;
  EXPECT_NE(set.out.find("--set [epsilon=0.1] on every run of the check"), std::string::npos) << set.out;
  const std::vector<std::string> runs = linesStarting(set.out, "running ");
  int learners = 0;
  for (const std::string& line : runs) {
    if (line.rfind("running random", 0) == 0) {
      EXPECT_EQ(line.find("epsilon"), std::string::npos) << line;
      continue;
    }
    ++learners;
    EXPECT_NE(line.find(" epsilon=0.1]"), std::string::npos) << "the override must come last: " << line;
  }
  EXPECT_EQ(learners, 9) << set.out;  // preset, variant, SARSA baseline × 3 seeds
  EXPECT_NE(set.out.find("random has no parameter for [epsilon=0.1]"), std::string::npos) << set.out;
  EXPECT_NE(set.out.find("FAIL  More."), std::string::npos) << set.out;
  EXPECT_NE(set.out.find("FAIL  Less."), std::string::npos) << set.out;
  EXPECT_NE(set.out.find("PASS  Random ends."), std::string::npos) << set.out;
  // Both sides measured ε = 0.1 on every seed.
  for (const char* side : {"measured", "baseline"})
    EXPECT_NE(set.out.find(std::string(side) + " (seeds 1, 2, 3): 0.1, 0.1, 0.1; mean 0.1, spread 0.1–0.1"),
              std::string::npos) << set.out;

  // --ablate goes through the same path with the lesson's own ablation and says so.
  const Result ablate = run("lesson check eps --ablate --dir " + dir);
  EXPECT_EQ(ablate.code, 1) << ablate.out;
  EXPECT_NE(ablate.out.find("ablation: the concept switched off with --set [epsilon=0.1] on every run"),
            std::string::npos) << ablate.out;
  EXPECT_EQ(linesStarting(ablate.out, "running "), runs);
  // A --set given as well comes after the ablation, and wins.
  const Result both = run("lesson check eps --ablate --set epsilon=0.3 --dir " + dir);
  EXPECT_NE(both.out.find("[planning=0 epsilon=0.3 epsilon=0.9 epsilon=0.1 epsilon=0.3]"), std::string::npos)
      << both.out;

  // Bad overrides: one line naming the flag, exit 2, before any run.
  const Result name = run("lesson check eps --set wisdom=1 --dir " + dir);
  EXPECT_EQ(name.code, 2) << name.out;
  EXPECT_EQ(name.out.rfind("rllens: --set: unknown parameter 'wisdom'", 0), 0u) << name.out;
  EXPECT_EQ(std::count(name.out.begin(), name.out.end(), '\n'), 1) << name.out;
  const Result value = run("lesson check eps --set epsilon=7 --dir " + dir);
  EXPECT_EQ(value.code, 2) << value.out;
  EXPECT_EQ(value.out.rfind("rllens: --set: ", 0), 0u) << value.out;
  EXPECT_EQ(std::count(value.out.begin(), value.out.end(), '\n'), 1) << value.out;
  const Result syntax = run("lesson check eps --set epsilon --dir " + dir);
  EXPECT_EQ(syntax.code, 2) << syntax.out;
  EXPECT_EQ(syntax.out.rfind("rllens: --set: expected name=value", 0), 0u) << syntax.out;
  const Result none = run("lesson check eps --ablate --dir " + lessonDirWith("eps-none", "eps", epsilonLesson("")));
  EXPECT_EQ(none.code, 2) << none.out;
  EXPECT_EQ(none.out, "rllens: --ablate: lesson 'eps' names no ablation (its \"ablation\" field)\n");
}

TEST(LessonCli, SetPinsItsParameterOverTheScript) {
  // The script sets ε to 0 halfway; --set epsilon=0.3 pins it, so the script's command is dropped and ε stays 0.3.
  const std::string dir = lessonDirWith("script", "pin", R"({"rllens_lesson": 1, "title": {"en": "Pin", "zh": "固定"},
    "summary": {"en": "A pinned switch.", "zh": "固定的开关。"}, "lens": "q", "concepts": ["exploration"],
    "env": "gridworld", "algo": "q-learning", "seed": 1, "sets": ["planning=0", "epsilon=0.3"],
    "commands": ["500 set epsilon 0"],
    "pages": [{"text": {"en": "Greedy later.", "zh": "后来贪心。"}, "watch": {"en": "Watch.", "zh": "观察。"}}],
    "check": {"steps": 1000, "seeds": [1, 2, 3], "assert": [{"claim": {"en": "Greedy later.", "zh": "后来贪心。"},
      "metric": "charts/epsilon", "stat": "max", "window": [0.6, 1], "op": "<=", "value": 0}]}})");
  const Result plain = run("lesson check pin --dir " + dir);
  EXPECT_EQ(plain.code, 0) << plain.out;
  const Result pinned = run("lesson check pin --set epsilon=0.3 --dir " + dir);
  EXPECT_EQ(pinned.code, 1) << pinned.out;
  EXPECT_NE(pinned.out.find("the script's '500 set epsilon 0' is dropped: --set pins epsilon"), std::string::npos)
      << pinned.out;
}

TEST(LessonCli, AClaimMustHoldOnEverySeedNotOnlyOnTheMean) {
  // The episodes finished in 2000 steps differ by seed. A threshold between the smallest seed's count and the mean
  // holds on the mean and fails on that seed: the claim must fail.
  const Result probe = run("lesson check tiny --dir " + lessonDir("probe", ">=", 0));
  ASSERT_EQ(probe.code, 0) << probe.out;
  const std::vector<std::string> measured = linesStarting(probe.out, "measured (seeds 1, 2, 3): ");
  ASSERT_EQ(measured.size(), 1u) << probe.out;
  double a = 0, b = 0, c = 0, mean = 0;
  ASSERT_EQ(std::sscanf(measured[0].c_str(), "measured (seeds 1, 2, 3): %lf, %lf, %lf; mean %lf", &a, &b, &c, &mean), 4)
      << measured[0];
  const double lo = std::min({a, b, c});
  ASSERT_LT(lo + 0.5, mean) << "the seeds must differ for this test: " << measured[0];
  const double threshold = lo + 0.5;  // counts are whole numbers: lo fails "> lo + 0.5", the mean passes it

  const Result r = run("lesson check tiny --dir " + lessonDir("perseed", ">", threshold));
  EXPECT_EQ(r.code, 1) << r.out;
  EXPECT_NE(r.out.find("FAIL  Episodes end."), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(" NO ("), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("; mean yes ("), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("spread " + std::to_string(int(lo)) + "–"), std::string::npos) << r.out;
}

TEST(LessonCli, FewerThanThreeSeedsAreRefused) {
  std::string json = epsilonLesson();
  json.replace(json.find("[1, 2, 3]"), 9, "[1, 2]");
  const Result r = run("lesson check eps --dir " + lessonDirWith("seeds", "eps", json));
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_EQ(r.out.rfind("rllens: eps.json: check.seeds: expected a list of at least 3 seeds", 0), 0u) << r.out;
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1) << r.out;
}
