// `rllens train --save-agent F` / `--load-agent F`, run as a real process: the round trip, a loaded agent playing at
// its trained strength, the saved parameters applying before --set, and the one-line exit-2 refusals.
#include <gtest/gtest.h>

#include "cli_run.hpp"

#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>

namespace {

using Result = rl::testutil::CliResult;

Result run(const std::string& args) { return rl::testutil::runRllens(args + " --no-progress"); }

std::string tempDir() {
  auto d = std::filesystem::temp_directory_path() / ("rllens_agent_cli_" + std::to_string(::getpid()));
  std::filesystem::create_directories(d);
  return d.string();
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void spit(const std::string& path, const std::string& bytes) { std::ofstream(path, std::ios::binary) << bytes; }

// "mean return (last 100) X" from the summary line.
double meanReturn(const std::string& out) {
  const size_t at = out.find("mean return (last ");
  if (at == std::string::npos) return NAN;
  return std::atof(out.c_str() + out.find(") ", at) + 2);
}

bool oneLine(const std::string& out) { return !out.empty() && out.find('\n') == out.size() - 1; }

}  // namespace

TEST(CliSavedAgent, SaveThenLoadPlaysAtTrainedStrength) {
  const std::string dir = tempDir(), a = dir + "/q.agent";
  Result r = run("train --env gridworld --algo q-learning --steps 30000 --seed 2 --save-agent " + a);
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("saved the agent to"), std::string::npos) << r.out;
  ASSERT_TRUE(std::filesystem::exists(a));
  EXPECT_EQ(slurp(a).substr(0, 8), "RLLENSAG");

  // Greedy and frozen (ε = 0, α = 0): the loaded table plays well, a fresh one does not.
  const std::string frozen = " --steps 3000 --seed 5 --set epsilon=0 --set alpha=0";
  const Result loaded = run("train --env gridworld --algo q-learning --load-agent " + a + frozen);
  ASSERT_EQ(loaded.code, 0) << loaded.out;
  const Result fresh = run("train --env gridworld --algo q-learning" + frozen);
  ASSERT_EQ(fresh.code, 0) << fresh.out;
  EXPECT_GT(meanReturn(loaded.out), meanReturn(fresh.out) + 0.5) << loaded.out << fresh.out;

  // Training goes on from the loaded agent and saves again.
  const std::string b = dir + "/q2.agent";
  r = run("train --env gridworld --algo q-learning --steps 2000 --load-agent " + a + " --save-agent " + b);
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(slurp(b), slurp(a));
}

// The file's parameters apply before --set: a DQN saved with hidden=32 loads without repeating it.
TEST(CliSavedAgent, SavedParametersApplyBeforeSet) {
  const std::string a = tempDir() + "/dqn.agent";
  Result r =
      run("train --env gridworld --algo dqn --steps 400 --set hidden=32 --set learning_starts=100 --save-agent " + a);
  ASSERT_EQ(r.code, 0) << r.out;
  r = run("train --env gridworld --algo dqn --steps 200 --load-agent " + a);
  EXPECT_EQ(r.code, 0) << r.out;
  // A --set that changes the architecture wins over the file, and the file is then refused, naming the difference.
  r = run("train --env gridworld --algo dqn --steps 200 --set hidden=64 --load-agent " + a);
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_TRUE(oneLine(r.out)) << r.out;
  EXPECT_NE(r.out.find("is 32×100, expected 64×100 (saved with hidden=32; this run has hidden=64)"),
            std::string::npos)
      << r.out;
}

TEST(CliSavedAgent, WrongOrDamagedFilesExitTwoInOneLine) {
  const std::string dir = tempDir(), a = dir + "/sarsa.agent";
  ASSERT_EQ(run("train --env gridworld --algo sarsa --steps 500 --save-agent " + a).code, 0);

  Result r = run("train --env gridworld --algo q-learning --steps 100 --load-agent " + a);
  EXPECT_EQ(r.code, 2);
  EXPECT_TRUE(oneLine(r.out)) << r.out;
  EXPECT_NE(r.out.find("--load-agent: " + a + ": saved by sarsa on gridworld; this run is q-learning on gridworld"),
            std::string::npos)
      << r.out;

  const std::string bytes = slurp(a);
  const std::string cut = dir + "/cut.agent", flipped = dir + "/flipped.agent", junk = dir + "/junk.agent";
  spit(cut, bytes.substr(0, bytes.size() / 2));
  std::string f = bytes;
  f[f.size() - 20] ^= 1;
  spit(flipped, f);
  spit(junk, "hello\n");
  for (const auto& [path, what] : {std::pair{cut, "damaged (truncated"}, std::pair{flipped, "checksum mismatch"},
                                   std::pair{junk, "not an RL Lens saved agent"},
                                   std::pair{dir + "/missing.agent", "cannot open"}}) {
    r = run("train --env gridworld --algo sarsa --steps 100 --load-agent " + path);
    EXPECT_EQ(r.code, 2) << path;
    EXPECT_TRUE(oneLine(r.out)) << r.out;
    EXPECT_NE(r.out.find(what), std::string::npos) << r.out;
  }

  // An unwritable --save-agent is found before training starts.
  r = run("train --env gridworld --algo sarsa --steps 100000000 --save-agent " + dir + "/no/such/dir/x.agent");
  EXPECT_EQ(r.code, 2);
  EXPECT_TRUE(oneLine(r.out)) << r.out;
  EXPECT_NE(r.out.find("--save-agent: cannot write"), std::string::npos) << r.out;
}
