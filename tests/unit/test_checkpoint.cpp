// Checkpoints continue exactly: for every algorithm on every env it runs on, N steps, checkpoint, restore into a
// freshly built trainer, M more steps ⇒ the same metrics, bit for bit, as one uninterrupted run of N + M steps, and
// the same checkpoint bytes at the end (so nothing the checkpoint carries drifted either). N is chosen to cut through
// an update (PPO's rollout, A2C's segment, REINFORCE's batch of episodes), and replay-based learners start learning
// before N. A3C runs one worker (with more it is not reproducible by design).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "runs/run_spec.hpp"
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
      if (runs::unsupportedReason(e.id, a.id).empty()) out.push_back({a.id, e.id});
  }
  return out;
}

runs::RunSpec specFor(const Pair& p) {
  runs::RunSpec spec{p.env, p.algo, 7, {}};
  auto t = runs::makeTrainer(spec);
  for (const auto& v : t->paramViews()) {
    if (v.spec.name == "learning_starts") spec.sets.push_back("learning_starts=200");
    if (p.algo == "a3c" && v.spec.name == "num_envs") spec.sets.push_back("num_envs=1");
    if (v.spec.name == "buffer_size") spec.sets.push_back("buffer_size=1000");  // wraps around before N
    // DDPG's 400-300 preset: small networks keep the test quick (and the sanitizer run's); what persists is the same.
    if (v.spec.name == "hidden1") spec.sets.push_back("hidden1=64");
    if (v.spec.name == "hidden2") spec.sets.push_back("hidden2=64");
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

// N steps, checkpoint, restore into a fresh trainer, M more in both: the same metrics and the same checkpoint.
void expectContinuesBitForBit(const runs::RunSpec& spec, uint64_t N = 1337, uint64_t M = 1100) {
  const std::string what = spec.algo + " on " + spec.env;
  auto whole = runs::makeTrainer(spec);
  run(*whole, N);
  std::string cp;
  try {
    cp = whole->checkpoint();
  } catch (const CheckpointUnsupported& e) {
    FAIL() << what << ": " << e.what();
  }
  auto restored = runs::makeTrainer(spec);
  restored->restore(cp);
  EXPECT_EQ(restored->lifetimeSteps(), whole->lifetimeSteps());
  EXPECT_EQ(restored->checkpoint(), cp) << "restoring and checkpointing again changes the bytes";
  // `rllens train --session --replay`'s self-check: the run re-derived in other chunks (Trainer::replay's, as the
  // CLI does; the live one above went 256 steps at a time, as the app's worker does) reaches the same checkpoint.
  auto replayed = runs::makeTrainer(spec);
  replayed->replay({}, N);
  EXPECT_EQ(replayed->checkpoint(), cp) << what << ": replayed in other chunks, the run reaches another checkpoint";
  run(*whole, M);
  run(*restored, M);
  EXPECT_EQ(restored->lifetimeSteps(), N + M);
  EXPECT_EQ(restored->episodes(), whole->episodes());
  EXPECT_EQ(restored->updates(), whole->updates());
  const int compared = testutil::expectSameMetrics(*whole, *restored, what);
  EXPECT_GT(compared, 0);
  EXPECT_EQ(restored->checkpoint(), whole->checkpoint()) << "the checkpoints after M more steps differ";
}

class CheckpointContinues : public ::testing::TestWithParam<Pair> {};

TEST_P(CheckpointContinues, BitForBitAsTheUninterruptedRun) { expectContinuesBitForBit(specFor(GetParam())); }

// DQN's switches that keep runtime state of their own: the priority tree, the n-step window, NoisyNet's noise.
// Updating every 4th step, the last update before N (at 1336) leaves noise that steps 1338 and 1339 act with.
TEST(Checkpoint, DqnWithPrioritizedReplayNStepAndNoisyNetsContinuesBitForBit) {
  runs::RunSpec spec = specFor({"dqn", "gridworld"});
  for (const char* set : {"replay=prioritized", "n_step=3", "noisy=true", "train_freq=4"}) spec.sets.push_back(set);
  expectContinuesBitForBit(spec);
}

// Env copies beside the trainer's env: their states, their rollouts and whose turn it is. PPO's 256-step rollouts
// on 4 copies update at 1024 and 2048 steps, and N = 1337 stops between two copies of a vector step; A2C runs its
// gridworld preset's 4 workers.
TEST(Checkpoint, PpoAndA2cWithEnvCopiesContinueBitForBit) {
  runs::RunSpec ppo = specFor({"ppo", "pendulum"});
  for (const char* set : {"num_envs=4", "num_steps=256"}) ppo.sets.push_back(set);
  expectContinuesBitForBit(ppo);
  runs::RunSpec a2c = specFor({"a2c", "gridworld"});
  a2c.sets.push_back("estimator=gae");
  expectContinuesBitForBit(a2c);
}

// The GAN's tricks that keep state of their own (historical averages, the replay of old fakes) and the batch-coupled
// ones (minibatch discrimination, batch norm in D, virtual batch norm's reference batch in G; R1 off, which would
// bypass them); DDPG as TD3 with OU noise and historical averaging (small networks: the switches are the point).
TEST(Checkpoint, GanWithItsTricksAndDdpgAsTd3ContinueBitForBit) {
  runs::RunSpec gan = specFor({"gan", "gan1d"});
  for (const char* set :
       {"r1_gamma=0", "hist_avg=true", "replay=true", "minibatch_disc=true", "norm_d=batch", "norm_g=virtual"})
    gan.sets.push_back(set);
  expectContinuesBitForBit(gan, 401, 300);  // minibatch discrimination is quadratic in the batch: fewer steps
  runs::RunSpec td3 = specFor({"ddpg", "pendulum"});
  for (const char* set : {"td3=true", "noise=ou", "hist_avg=true", "hidden1=64", "hidden2=64"}) td3.sets.push_back(set);
  expectContinuesBitForBit(td3);
}

// A switch that a reset adjusts from another (DDPG's td3 sets twin_q, delayed and smoothing when it changes): the
// run turned td3 on live, then one of its switches off, and reset. A trainer built from the bare spec has not seen
// td3; restoring must still build the run's networks (one critic) with its switches, not the ones td3 would force.
TEST(Checkpoint, SwitchesAResetWouldAdjustAreRestoredAsTheRunHadThem) {
  const runs::RunSpec spec{"pendulum", "ddpg", 7, {"learning_starts=200", "buffer_size=1000", "hidden1=32", "hidden2=32"}};
  auto whole = runs::makeTrainer(spec);
  whole->apply(Command::setParam("td3", 1));
  whole->apply(Command::setParam("twin_q", 0));
  whole->apply(Command::setParam("smoothing", 0));
  whole->apply(Command::reset(7));
  run(*whole, 700);
  const std::string cp = whole->checkpoint();
  auto restored = runs::makeTrainer(spec);
  restored->restore(cp);
  EXPECT_EQ(restored->agent().params().get("twin_q"), 0);
  EXPECT_EQ(restored->agent().params().get("smoothing"), 0);
  EXPECT_EQ(restored->agent().params().get("delayed"), 1);
  run(*whole, 500);
  run(*restored, 500);
  EXPECT_GT(testutil::expectSameMetrics(*whole, *restored, "ddpg, td3 with its switches edited"), 0);
  EXPECT_EQ(restored->checkpoint(), whole->checkpoint());
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
  auto a = runs::makeTrainer({"gridworld", "q-learning", 3, {}});
  run(*a, 500);
  const std::string cp = a->checkpoint();
  int refused = 0;
  for (size_t cut = 0; cut < cp.size(); cut += 1 + cp.size() / 97) {
    auto b = runs::makeTrainer({"gridworld", "q-learning", 3, {}});
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
  auto sarsa = runs::makeTrainer({"gridworld", "sarsa", 3, {}});
  try {
    sarsa->restore(cp);
    ADD_FAILURE() << "a Q-learning checkpoint was accepted by SARSA";
  } catch (const CheckpointError& e) {
    EXPECT_NE(std::string(e.what()).find("'q-learning' on 'gridworld'"), std::string::npos) << e.what();
  }
  std::string other = cp;  // another format version: refused by number
  const size_t at = sizeof(uint64_t) + std::string("rllens checkpoint").size();  // after the name and its length
  other[at] = char(other[at] + 1);
  try {
    runs::makeTrainer({"gridworld", "q-learning", 3, {}})->restore(other);
    ADD_FAILURE() << "a checkpoint of another format version was accepted";
  } catch (const CheckpointError& e) {
    EXPECT_NE(std::string(e.what()).find("format version 2, this build reads version 1"), std::string::npos) << e.what();
  }
  std::string trailing = cp + "x";
  auto c = runs::makeTrainer({"gridworld", "q-learning", 3, {}});
  EXPECT_THROW(c->restore(trailing), CheckpointError);
}

// A parameter that applies on reset, changed and not yet applied, has no known effective value: no checkpoint then.
TEST(Checkpoint, APendingResetParameterIsNotCheckpointed) {
  auto a = runs::makeTrainer({"gridworld", "q-learning", 3, {}});
  run(*a, 100);
  a->apply(Command::setParam("q_init", 1.0));
  EXPECT_THROW(a->checkpoint(), CheckpointUnsupported);
  a->apply(Command::reset(3));
  EXPECT_NO_THROW(a->checkpoint());
}
