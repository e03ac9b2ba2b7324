// Session files (runs/session_file.hpp): a written file reads back to the same run; a replay of it gives the same
// metrics as the run that wrote it; every kind of bad file is refused with one message naming the field.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "runs/session_file.hpp"
#include "core/session/trainer.hpp"

using namespace rl;
using namespace rl::runs;

namespace {

std::string tempPath(const std::string& name) {
  return (std::filesystem::temp_directory_path() / ("rllens_session_test_" + name)).string();
}

void writeText(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

// The message readSessionFile throws for a file with this text.
std::string errorFor(const std::string& text) {
  const std::string path = tempPath("bad.rllens");
  writeText(path, text);
  try {
    readSessionFile(path);
  } catch (const UsageError& e) {
    return e.what();
  }
  return "";
}

const char* kGood = R"({"rllens_session": 1, "env": "pendulum", "algo": "ppo", "seed": 3,
  "sets": ["lr=0.001", "num_steps=256"], "commands": ["300 reset 4", "700 set algo.ent_coef 0.02"],
  "steps": 1200, "view": {"lens": "policy"}})";

}  // namespace

TEST(SessionFile, RoundTripsAndReplaysToTheSameMetrics) {
  const std::string path = tempPath("good.rllens");
  writeText(path, kGood);
  const SessionFile s = readSessionFile(path);
  EXPECT_EQ(s.run.env, "pendulum");
  EXPECT_EQ(s.run.algo, "ppo");
  EXPECT_EQ(s.run.seed, 3u);
  ASSERT_EQ(s.run.sets.size(), 2u);
  ASSERT_EQ(s.commands.size(), 2u);
  EXPECT_EQ(s.commands[0].atStep, 300u);
  EXPECT_EQ(s.steps, 1200u);
  EXPECT_EQ(s.view["lens"], "policy");
  // Written and read again: the same file, field for field.
  const std::string again = tempPath("again.rllens");
  writeSessionFile(again, s);
  const SessionFile t = readSessionFile(again);
  EXPECT_EQ(sessionJson(t), sessionJson(s));
  // The run it describes, live (chunks of 37 steps, the commands applied at their steps) and replayed
  // (Trainer::replay, as `rllens train --session` and opening the file in the app do): the same metrics.
  auto live = makeTrainer(s.run);
  size_t next = 0;
  while (live->lifetimeSteps() < s.steps) {
    uint64_t target = std::min<uint64_t>(s.steps, live->lifetimeSteps() + 37);
    if (next < s.commands.size()) target = std::min(target, s.commands[next].atStep);
    if (target > live->lifetimeSteps()) live->advance(int(target - live->lifetimeSteps()));
    while (next < s.commands.size() && s.commands[next].atStep <= live->lifetimeSteps()) live->apply(s.commands[next++].command);
  }
  auto replay = makeTrainer(s.run);
  replay->replay(s.commands, s.steps);
  ASSERT_EQ(live->metrics().series().size(), replay->metrics().series().size());
  int compared = 0;
  for (size_t i = 0; i < live->metrics().series().size(); ++i) {
    const SeriesData& a = live->metrics().series()[i].data();
    const SeriesData& b = replay->metrics().series()[i].data();
    ASSERT_EQ(a.name, b.name);
    ASSERT_EQ(a.y.size(), b.y.size()) << a.name;
    for (size_t k = 0; k < a.y.size(); ++k, ++compared) EXPECT_EQ(a.y[k], b.y[k]) << a.name;
  }
  EXPECT_GT(compared, 20);
  EXPECT_EQ(replay->agent().params().get("ent_coef"), 0.02) << "the logged parameter change was replayed";
}

TEST(SessionFile, EveryKindOfBadFileIsRefusedByField) {
  struct Case {
    std::string text, mustContain;
  };
  const std::vector<Case> cases = {
      {"not json", "not JSON"},
      {"[1, 2]", "expected a JSON object"},
      {R"({"env": "pendulum", "algo": "ppo", "seed": 1, "steps": 5})", "rllens_session: missing"},
      {R"({"rllens_session": 7, "env": "pendulum", "algo": "ppo", "seed": 1, "steps": 5})", "version 7"},
      {R"({"rllens_session": "1", "env": "pendulum", "algo": "ppo", "seed": 1, "steps": 5})", "rllens_session: expected"},
      {R"({"rllens_session": 1, "algo": "ppo", "seed": 1, "steps": 5})", "env: missing"},
      {R"({"rllens_session": 1, "env": "mars", "algo": "ppo", "seed": 1, "steps": 5})", "env: expected an environment id"},
      {R"({"rllens_session": 1, "env": "pendulum", "algo": "ppo2", "seed": 1, "steps": 5})", "algo: expected an algorithm id"},
      {R"({"rllens_session": 1, "env": "pendulum", "algo": "ppo", "seed": -4, "steps": 5})", "seed: expected"},
      {R"({"rllens_session": 1, "env": "pendulum", "algo": "ppo", "seed": 1})", "steps: missing"},
      {R"({"rllens_session": 1, "env": "pendulum", "algo": "ppo", "seed": 1, "steps": 1.5})", "steps: expected"},
      {R"({"rllens_session": 1, "env": "pendulum", "algo": "ppo", "seed": 1, "steps": 5, "sets": ["lr"]})", "sets[0]"},
      {R"({"rllens_session": 1, "env": "pendulum", "algo": "ppo", "seed": 1, "steps": 5, "sets": ["lr=fast"]})", "sets: "},
      {R"({"rllens_session": 1, "env": "pendulum", "algo": "ppo", "seed": 1, "steps": 5, "sets": ["nope=1"]})", "sets: "},
      {R"({"rllens_session": 1, "env": "pendulum", "algo": "ppo", "seed": 1, "steps": 5, "commands": ["x fly"]})", "commands[0]"},
      {R"({"rllens_session": 1, "env": "pendulum", "algo": "ppo", "seed": 1, "steps": 5,
           "commands": ["9 pause", "3 pause"]})", "commands[1]: its step goes back"},
      {R"({"rllens_session": 1, "env": "pendulum", "algo": "ppo", "seed": 1, "steps": 5, "view": 3})", "view: expected"},
      {R"({"rllens_session": 1, "env": "gridworld", "algo": "ddpg", "seed": 1, "steps": 5})", "algo"},
  };
  for (const Case& c : cases) {
    const std::string msg = errorFor(c.text);
    EXPECT_NE(msg.find(c.mustContain), std::string::npos) << "for " << c.text << "\ngot: " << msg;
    EXPECT_EQ(msg.find('\n'), std::string::npos) << "one line: " << msg;
    EXPECT_NE(msg.find("bad.rllens"), std::string::npos) << "names the file: " << msg;
  }
  // A directory and a missing file.
  try {
    readSessionFile(std::filesystem::temp_directory_path().string());
    ADD_FAILURE() << "a directory was read";
  } catch (const UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("directory"), std::string::npos);
  }
  EXPECT_THROW(readSessionFile(tempPath("does-not-exist.rllens")), UsageError);
}

// A session file's checkpoint is checked before it is used: a changed byte (the checksum), a cut or mangled payload,
// a stated length that is wrong, a checkpoint of another run, one at another step, and steps no run reaches are each
// refused in one line naming the file; the round trip opens at the saved step.
TEST(SessionFile, ItsCheckpointIsCheckedBeforeItIsUsed) {
  SessionFile sf;
  sf.run = {"gridworld", "q-learning", 3, {"alpha=0.2"}};
  auto t = makeTrainer(sf.run);
  t->replay({}, 600);
  sf.steps = t->lifetimeSteps();
  ASSERT_EQ(takeCheckpoint(*t, sf), "");
  const nlohmann::json good = nlohmann::json::parse(sessionJson(sf));
  const std::string path = tempPath("cp.rllens");
  writeText(path, good.dump());
  const SessionFile back = readSessionFile(path);
  EXPECT_EQ(back.checkpoint, sf.checkpoint);
  EXPECT_EQ(openSessionTrainer(back, path, false)->lifetimeSteps(), 600u);

  auto refused = [&](nlohmann::json j, const std::string& mustContain, bool opening = false) {
    writeText(path, j.dump());
    try {
      const SessionFile s = readSessionFile(path);
      if (!opening) ADD_FAILURE() << "read: " << j.dump().substr(0, 200);
      openSessionTrainer(s, path, false);
      ADD_FAILURE() << "opened a file that should be refused (" << mustContain << ")";
    } catch (const UsageError& e) {
      const std::string msg = e.what();
      EXPECT_NE(msg.find(mustContain), std::string::npos) << msg;
      EXPECT_EQ(msg.find('\n'), std::string::npos) << msg;
      EXPECT_NE(msg.find("cp.rllens"), std::string::npos) << msg;
    }
  };
  nlohmann::json j = good;
  std::string sum = j["checkpoint"]["fnv1a64"];
  sum[15] = sum[15] == '0' ? '1' : '0';
  j["checkpoint"]["fnv1a64"] = sum;
  refused(j, "checksum mismatch");
  j = good;
  std::string data = j["checkpoint"]["zlib_base64"];
  j["checkpoint"]["zlib_base64"] = data.substr(0, data.size() / 2 / 4 * 4);
  refused(j, "checkpoint: damaged");
  j = good;
  j["checkpoint"]["zlib_base64"] = "@@@@" + data.substr(4);
  refused(j, "checkpoint.zlib_base64: expected base64");
  j = good;
  j["checkpoint"]["bytes"] = sf.checkpoint.size() + 10;
  refused(j, "checkpoint: damaged");
  j = good;
  j["steps"] = 10'000'000'001ULL;
  refused(j, "steps: 10000000001 is beyond");
  j = good;
  j["algo"] = "sarsa";  // a Q-learning checkpoint in a SARSA session
  refused(j, "'q-learning' on 'gridworld'", true);
  j = good;
  j["steps"] = 500;
  refused(j, "it is at step 600", true);
}
