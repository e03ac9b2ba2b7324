// The headless CLI, run as a real process: exit codes, the metrics CSV, --set validation, list output.
#include <gtest/gtest.h>

#include "cli_run.hpp"

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <sys/wait.h>

namespace {

using Result = rl::testutil::CliResult;

Result run(const std::string& args, const std::string& env = "") { return rl::testutil::runRllens(args, env); }

std::string tempDir() {
  auto d = std::filesystem::temp_directory_path() / ("rllens_cli_" + std::to_string(::getpid()));
  std::filesystem::create_directories(d);
  return d.string();
}

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

TEST(Cli, ListShowsEnvsAlgorithmsAndParameterRanges) {
  const Result r = run("list");
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("gridworld"), std::string::npos);
  EXPECT_NE(r.out.find("q-learning"), std::string::npos);
  EXPECT_NE(r.out.find("sarsa"), std::string::npos);
  EXPECT_NE(r.out.find("alpha"), std::string::npos);
  EXPECT_NE(r.out.find("[0, 1]"), std::string::npos);
  EXPECT_NE(r.out.find("slip"), std::string::npos);
}

TEST(Cli, TrainWritesCleanRlMetricsCsv) {
  const std::string csv = tempDir() + "/m.csv";
  const Result r = run("train --env gridworld --algo q-learning --steps 20000 --seed 3 --set step_cost=-0.01 --metrics " + csv);
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("trained q-learning on gridworld: 20000 steps"), std::string::npos) << r.out;
  const std::string text = slurp(csv);
  EXPECT_EQ(text.substr(0, text.find('\n')), "global_step,metric,value");
  EXPECT_NE(text.find(",charts/episodic_return,"), std::string::npos);
  EXPECT_NE(text.find(",charts/episodic_length,"), std::string::npos);
  EXPECT_NE(text.find(",losses/td_loss,"), std::string::npos);
  EXPECT_NE(text.find(",losses/q_values,"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(csv + ".tmp"));
}

TEST(Cli, SameSeedSameMetricsAndCommandLogReplay) {
  const std::string d = tempDir();
  {
    std::ofstream log(d + "/cmds.txt");
    log << "# a command log, as the app writes it\n1000 set alpha 0.3\n2500 edit reward 36 1\n4000 reset 9\n";
  }
  auto strip = [](std::string s) {  // charts/SPS is wall-clock, the only non-deterministic series
    std::stringstream in(s), out;
    for (std::string line; std::getline(in, line);)
      if (line.find("charts/SPS") == std::string::npos) out << line << "\n";
    return out.str();
  };
  const std::string args = "train --steps 8000 --seed 5 --no-progress --commands " + d + "/cmds.txt --metrics ";
  ASSERT_EQ(run(args + d + "/a.csv").code, 0);
  ASSERT_EQ(run(args + d + "/b.csv").code, 0);
  ASSERT_EQ(run("train --steps 8000 --seed 5 --no-progress --metrics " + d + "/c.csv").code, 0);
  EXPECT_EQ(strip(slurp(d + "/a.csv")), strip(slurp(d + "/b.csv")));
  EXPECT_NE(strip(slurp(d + "/a.csv")), strip(slurp(d + "/c.csv")));  // the commands did change the run
}

TEST(Cli, UnknownEnvAlgoOrParamExitsTwoListingValidChoices) {
  Result r = run("train --env nowhere --steps 10");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.out.find("unknown env 'nowhere'; valid: gridworld"), std::string::npos) << r.out;
  r = run("train --algo dqnn --steps 10");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.out.find("valid: q-learning, sarsa"), std::string::npos) << r.out;
  r = run("train --set beta=1 --steps 10");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.out.find("unknown parameter 'beta'"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("alpha"), std::string::npos) << r.out;  // lists the valid names
}

TEST(Cli, OutOfRangeOrMalformedSetExitsTwoNamingTheParameter) {
  Result r = run("train --set alpha=1.5 --steps 10");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.out.find("parameter 'alpha'"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("[0, 1]"), std::string::npos) << r.out;
  r = run("train --set planning=2.5 --steps 10");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.out.find("integer"), std::string::npos) << r.out;
  r = run("train --set alpha --steps 10");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.out.find("expected name=value"), std::string::npos) << r.out;
  r = run("train --set epsilon=abc --steps 10");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.out.find("'abc' is not valid"), std::string::npos) << r.out;
}

TEST(Cli, BadFlagsAndUnwritablePaths) {
  Result r = run("train --steps -5");
  EXPECT_EQ(r.code, 2) << r.out;
  r = run("frobnicate");
  EXPECT_EQ(r.code, 2) << r.out;
  r = run("train --steps 100 --metrics /nonexistent-dir/m.csv");  // checked before training: a usage error
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_NE(r.out.find("/nonexistent-dir/m.csv"), std::string::npos) << r.out;
  r = run("train --steps 100 --commands /nonexistent-dir/c.txt");
  EXPECT_EQ(r.code, 2) << r.out;
}

TEST(Cli, GuiWithoutDisplaySaysSoInOneLine) {
  const Result r = run("--frames 1", "env -u DISPLAY -u WAYLAND_DISPLAY");
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.out.find("no display"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("xvfb-run"), std::string::npos) << r.out;
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1) << r.out;
}

TEST(Cli, BenchReportsThroughput) {
  const Result r = run("bench --seconds 0.2");
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("M env steps/s"), std::string::npos) << r.out;
}

namespace {
// RFC 3629: well-formed UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF).
bool validUtf8(const std::string& s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const size_t n = s.size();
  for (size_t i = 0; i < n;) {
    const unsigned c = p[i];
    int len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (len == 0 || i + size_t(len) > n || (len == 2 && c < 0xC2)) return false;
    for (int k = 1; k < len; ++k)
      if ((p[i + size_t(k)] & 0xC0) != 0x80) return false;
    if (len == 3 && ((c == 0xE0 && p[i + 1] < 0xA0) || (c == 0xED && p[i + 1] >= 0xA0))) return false;
    if (len == 4 && ((c == 0xF0 && p[i + 1] < 0x90) || c > 0xF4 || (c == 0xF4 && p[i + 1] >= 0x90))) return false;
    i += size_t(len);
  }
  return true;
}
}  // namespace

// Every string the program prints is valid UTF-8 (mc-control's help once held "\xA75", one escape, not "§5").
TEST(Cli, ListHelpAndErrorsAreValidUtf8) {
  for (const char* args : {"list", "--help", "train --help", "bench --help", "env rollout --help",
                           "train --env nowhere", "train --algo nothing", "train --set alpha=7",
                           "train --env invaders --algo q-learning", "train --env pendulum --algo dqn"}) {
    const Result r = run(args);
    EXPECT_TRUE(validUtf8(r.out)) << args;
    if (r.code == 2) {  // a user error: exactly one line
      EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1) << args << ": " << r.out;
    }
  }
}

// GUI flags are checked before any window opens: one line naming the flag, exit status 2.
TEST(Cli, BadGuiFlagsExitTwoNamingTheFlag) {
  for (const char* args : {"--size 99999999999x800", "--size 1280x800junk", "--size 100000x100000", "--size x800",
                           "--frames -1 --screenshot /tmp/never.png", "--speed nan", "--speed -5", "--speed inf",
                           "--ui-scale 5", "--ui-scale 1.3", "--ui-scale 2x", "--ui-scale 0", "--theme neon"}) {
    const Result r = run(args, "DISPLAY=");
    EXPECT_EQ(r.code, 2) << args << ": " << r.out;
    const std::string flag = std::string(args).substr(0, std::string(args).find(' '));
    EXPECT_NE(r.out.find(flag), std::string::npos) << args << ": " << r.out;
    EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1) << args << ": " << r.out;
    EXPECT_TRUE(validUtf8(r.out)) << args;
  }
}

// A directory or a malformed line as a command log: one line naming the flag and what was expected, exit 2, no
// metrics file written.
TEST(Cli, CommandLogErrorsExitTwoAndWriteNothing) {
  const std::string dir = tempDir();
  const std::string csv = dir + "/never.csv";
  const std::string log = dir + "/bad.log";
  std::ofstream(log) << "10 pause\n20 reset -1\n";
  for (const std::string& path : {dir, log, dir + "/missing.log"}) {
    const Result r = run("train --steps 100 --commands " + path + " --metrics " + csv);
    EXPECT_EQ(r.code, 2) << r.out;
    EXPECT_NE(r.out.find("--commands"), std::string::npos) << r.out;
    EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1) << r.out;
    EXPECT_FALSE(std::filesystem::exists(csv));
  }
  const Result r = run("train --steps 100 --commands " + log);
  EXPECT_NE(r.out.find("bad.log:2: expected a seed"), std::string::npos) << r.out;
}

// Seeds, parameter values, action lists and names are checked whole: nothing wraps, nothing is half-read, every
// message is one valid-UTF-8 line that quotes the input escaped and shortened.
TEST(Cli, NumbersAndListsAreCheckedWhole) {
  const struct {
    std::string args, expect;
  } bad[] = {
      {"train --steps 10 --seed -1", "--seed"},
      {"train --steps 10 --seed 18446744073709551616", "--seed"},
      {"train --steps 10 --seed 12345678901234567890123", "--seed"},
      {"train --steps 10 --set alpha=1.0000001", "1.0000001 is out of range"},
      {"train --steps 10 --set alpha=0x1p-2", "is not valid"},
      {"train --steps 10 --set ' alpha=0.5'", "unknown parameter"},
      {"train --steps 10 --set alpha=' 0.5'", "is not valid"},
      {"env rollout --env gridworld --actions 5,,1", "an empty item"},
      {"env rollout --env gridworld --actions 1,2,", "a trailing comma"},
      {"env rollout --env gridworld --actions /nonexistent/actions.txt", "cannot open"},
      {"env rollout --env gridworld --actions /tmp", "directory"},
      {"train --steps 10 --env \"$(printf 'grid\\377\\001world')\"", "unknown env 'grid\\xFF\\x01world'"},
  };
  for (const auto& b : bad) {
    const Result r = run(b.args);
    EXPECT_EQ(r.code, 2) << b.args << ": " << r.out;
    EXPECT_NE(r.out.find(b.expect), std::string::npos) << b.args << ": " << r.out;
    EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1) << b.args << ": " << r.out;
    EXPECT_TRUE(validUtf8(r.out)) << b.args;
  }
}

// Output paths are checked before any work: a folder that does not exist, a directory as the file, an unknown
// metrics extension — one line naming the flag, the path and the reason, exit 2, nothing created. Known extensions
// match case-insensitively.
TEST(Cli, OutputPathsAreCheckedFirst) {
  const std::string dir = tempDir();
  const struct {
    std::string args, expect;
  } bad[] = {
      {"train --steps 10 --metrics " + dir, "it is a directory"},
      {"train --steps 10 --metrics " + dir + "/out.json", "ending in .csv or .jsonl"},
      {"train --steps 10 --metrics " + dir + "/out.txt", "ending in .csv or .jsonl"},
      {"train --steps 10 --metrics " + dir + "/nope/out.csv", "does not exist"},
      {"--state-out " + dir + "/nope/s.json --frames 1", "--state-out"},
      {"--perf-report " + dir + " --frames 1", "--perf-report"},
      {"--ui-map " + dir + "/nope/m.json --frames 1", "--ui-map"},
      {"--screenshot " + dir + "/nope/s.png", "--screenshot"},
      // The file's type is its name's: a GIF is never written into a .png (it once was, with exit status 0).
      {"--export-gif " + dir + "/x.png --frames 5", "ending in .gif"},
      {"--export-mp4 " + dir + "/x.gif --frames 5", "ending in .mp4"},
      {"--screenshot " + dir + "/s.jpg", "ending in .png"},
      {"--viewport-screenshot " + dir + "/v.gif", "ending in .png"},
  };
  for (const auto& b : bad) {
    const Result r = run(b.args, "DISPLAY=:99");
    EXPECT_EQ(r.code, 2) << b.args << ": " << r.out;
    EXPECT_NE(r.out.find(b.expect), std::string::npos) << b.args << ": " << r.out;
    EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1) << b.args << ": " << r.out;
  }
  EXPECT_FALSE(std::filesystem::exists(dir + "/out.json"));
  EXPECT_FALSE(std::filesystem::exists(dir + "/out.txt"));
  EXPECT_FALSE(std::filesystem::exists(dir + "/x.png"));
  const Result ok = run("train --steps 1000 --metrics " + dir + "/OUT.JSONL");
  EXPECT_EQ(ok.code, 0) << ok.out;
  EXPECT_EQ(slurp(dir + "/OUT.JSONL").rfind("{\"global_step\"", 0), 0u);
  // A temp file left by a killed writer (its pid no longer runs) is cleaned up by the next write.
  std::ofstream(dir + "/m.csv.tmp999999") << "half";
  EXPECT_EQ(run("train --steps 1000 --metrics " + dir + "/m.csv").code, 0);
  EXPECT_FALSE(std::filesystem::exists(dir + "/m.csv.tmp999999"));
}
