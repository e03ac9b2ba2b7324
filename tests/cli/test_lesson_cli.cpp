// `rllens lesson list|check`, run as a real process: exit codes 0 (claims hold), 1 (a claim fails), 2 (unknown id,
// malformed file), and a malformed file named on one line.
#include <gtest/gtest.h>

#include "cli_run.hpp"

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
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
    "check": {"steps": 2000, "assert": [{"claim": {"en": "Episodes end.", "zh": "回合会结束。"},
      "metric": "charts/episodic_return", "stat": "count", "op": ")" + op + R"(", "value": )" + std::to_string(value) + "}]}}";
  return d.string();
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
