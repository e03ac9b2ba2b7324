// Checkpoints continue exactly: for every algorithm on every env it runs on, N steps, checkpoint, restore into a
// freshly built trainer, M more steps ⇒ the same metrics, bit for bit, as one uninterrupted run of N + M steps, and
// the same checkpoint bytes at the end (so nothing the checkpoint carries drifted either). N is chosen to cut through
// an update (PPO's rollout, A2C's segment, REINFORCE's batch of episodes), and replay-based learners start learning
// before N. A3C runs one worker (with more it is not reproducible by design).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "app/cli/headless.hpp"
#include "core/agent_state.hpp"
#include "core/checkpoint.hpp"
#include "core/rl/registry.hpp"
#include "envs/registry.hpp"
#include "metrics_test_util.hpp"

using namespace rl;

namespace {

struct Pair {
  std::string algo, env;
};

std::vector<Pair> runnablePairs() {
  std::vector<Pair> out;
  for (const auto& a : algorithms()) {
    if (a.id.rfind("test-", 0) == 0) continue;
    for (const auto& e : environments())
      if (cli::unsupportedReason(e.id, a.id).empty()) out.push_back({a.id, e.id});
  }
  return out;
}

cli::RunSpec specFor(const Pair& p) {
  cli::RunSpec spec{p.env, p.algo, 7, {}};
  auto t = cli::makeTrainer(spec);
  for (const auto& v : t->paramViews()) {
    if (v.spec.name == "learning_starts") spec.sets.push_back("learning_starts=200");
    if (p.algo == "a3c" && v.spec.name == "num_envs") spec.sets.push_back("num_envs=1");
    if (v.spec.name == "buffer_size") spec.sets.push_back("buffer_size=1000");  // wraps around before N
  }
  return spec;
}

void run(Trainer& t, uint64_t steps) {
  const uint64_t to = t.lifetimeSteps() + steps;
  while (t.lifetimeSteps() < to) {
    const uint64_t left = to - t.lifetimeSteps();
    if (t.advance(int(left < 256 ? left : 256)) == 0) break;
  }
}

// Everything but the wall-clock rates, which no two runs share: the checkpoint of a run whose metrics hold none.
std::string withoutRates(Trainer& t) {
  for (const auto& s : t.metrics().series())
    if (s.data().name == "charts/SPS" || s.data().name == "charts/pushes_per_second") return "";
  return t.checkpoint();
}

class CheckpointContinues : public ::testing::TestWithParam<Pair> {};

TEST_P(CheckpointContinues, BitForBitAsTheUninterruptedRun) {
  const Pair p = GetParam();
  const cli::RunSpec spec = specFor(p);
  constexpr uint64_t N = 1337, M = 1100;
  auto whole = cli::makeTrainer(spec);
  run(*whole, N);
  std::string cp;
  try {
    cp = whole->checkpoint();
  } catch (const CheckpointUnsupported& e) {
    FAIL() << p.algo << " on " << p.env << ": " << e.what();
  }
  auto restored = cli::makeTrainer(spec);
  restored->restore(cp);
  EXPECT_EQ(restored->lifetimeSteps(), whole->lifetimeSteps());
  EXPECT_EQ(restored->checkpoint(), cp) << "restoring and checkpointing again changes the bytes";
  run(*whole, M);
  run(*restored, M);
  EXPECT_EQ(restored->lifetimeSteps(), N + M);
  EXPECT_EQ(restored->episodes(), whole->episodes());
  EXPECT_EQ(restored->updates(), whole->updates());
  const int compared = testutil::expectSameMetrics(*whole, *restored, p.algo + " on " + p.env);
  EXPECT_GT(compared, 0);
  EXPECT_EQ(withoutRates(*restored), withoutRates(*whole)) << "the checkpoints after M more steps differ";
}

std::string pairName(const ::testing::TestParamInfo<Pair>& info) {
  std::string s = info.param.algo + "_on_" + info.param.env;
  for (char& c : s)
    if (!isalnum(static_cast<unsigned char>(c))) c = '_';
  return s;
}

INSTANTIATE_TEST_SUITE_P(EveryRunnablePair, CheckpointContinues, ::testing::ValuesIn(runnablePairs()), pairName);

}  // namespace

// A checkpoint that does not fit is refused with one line, wherever it is cut or whatever run it came from.
TEST(Checkpoint, ADamagedOrForeignCheckpointIsRefusedInOneLine) {
  auto a = cli::makeTrainer({"gridworld", "q-learning", 3, {}});
  run(*a, 500);
  const std::string cp = a->checkpoint();
  int refused = 0;
  for (size_t cut = 0; cut < cp.size(); cut += 1 + cp.size() / 97) {
    auto b = cli::makeTrainer({"gridworld", "q-learning", 3, {}});
    try {
      b->restore(std::string_view(cp).substr(0, cut));
      ADD_FAILURE() << "a checkpoint cut at byte " << cut << " of " << cp.size() << " was accepted";
    } catch (const CheckpointError& e) {
      EXPECT_EQ(std::string(e.what()).find('\n'), std::string::npos);
      ++refused;
    } catch (const AgentStateError& e) {
      ++refused;
    }
  }
  EXPECT_GE(refused, 90);
  auto sarsa = cli::makeTrainer({"gridworld", "sarsa", 3, {}});
  try {
    sarsa->restore(cp);
    ADD_FAILURE() << "a Q-learning checkpoint was accepted by SARSA";
  } catch (const CheckpointError& e) {
    EXPECT_NE(std::string(e.what()).find("'q-learning' on 'gridworld'"), std::string::npos) << e.what();
  }
  std::string trailing = cp + "x";
  auto c = cli::makeTrainer({"gridworld", "q-learning", 3, {}});
  EXPECT_THROW(c->restore(trailing), CheckpointError);
}

// A parameter that applies on reset, changed and not yet applied, has no known effective value: no checkpoint then.
TEST(Checkpoint, APendingResetParameterIsNotCheckpointed) {
  auto a = cli::makeTrainer({"gridworld", "q-learning", 3, {}});
  run(*a, 100);
  a->apply(Command::setParam("q_init", 1.0));
  EXPECT_THROW(a->checkpoint(), CheckpointUnsupported);
  a->apply(Command::reset(3));
  EXPECT_NO_THROW(a->checkpoint());
}
