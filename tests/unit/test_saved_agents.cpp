// Saved agents (core/agent_state.hpp): every algorithm round-trips, a loaded agent decides as the saved one did and
// trains on, and every refused file leaves the agent byte-identical. SavedAgentLearning: a loaded DQN on invaders
// plays at its trained strength.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>

#include "runs/files.hpp"
#include "core/agent_state.hpp"
#include "core/rl/dqn.hpp"
#include "core/rl/registry.hpp"
#include "envs/registry.hpp"

using namespace rl;

namespace {

std::unique_ptr<Trainer> trainer(const std::string& env, const std::string& algo, uint64_t seed = 1,
                                 std::vector<std::string> sets = {}) {
  return runs::makeTrainer({env, algo, seed, std::move(sets)});
}

// Smaller than the presets where a preset would take seconds to reach its first update (DDPG: 400×300 networks after
// 10 000 random steps), so the whole round trip of every algorithm stays well under a second each.
std::vector<std::string> quickSets(const std::string& algo) {
  if (algo == "ddpg") return {"learning_starts=200", "hidden1=32", "hidden2=32", "batch_size=32"};
  return {};
}

std::string save(Trainer& t) { return saveAgentState(t.agent(), t.env()); }

// The env each algorithm is round-tripped on: the first of these it supports.
std::string envFor(const std::string& algo) {
  for (const char* env : {"gridworld", "pendulum", "gan1d", "pendulum-discrete", "invaders"}) {
    const EnvEntry* e = findEnvironment(env);
    std::unique_ptr<Agent> agent = findAlgorithm(algo)->make();
    agent->setEnvFactory(e->make);  // as makeTrainer does: A2C's copies need it
    if (agent->unsupportedReason(*e->make()).empty()) return env;
  }
  return {};
}

// What an agent has learned as its lenses show it, independent of where its env is now: Q tables, π and V over every
// gridworld state, maps over the pendulum's state plane, the GAN's D(x), generated density and generator map.
std::vector<float> learnedView(Trainer& t) {
  Insights in;
  t.agent().fillInsights(in);
  t.agent().fillEnvInsights(t.env(), in);
  std::vector<float> v;
  auto add = [&v](const std::vector<float>& x) { v.insert(v.end(), x.begin(), x.end()); };
  if (in.q) add(in.q->table);
  if (in.valueMap) add(in.valueMap->layers.at(0).values);
  if (in.policy) add(in.policy->table), add(in.policy->values);
  if (in.policyMap)
    for (const PlaneLayer& l : in.policyMap->layers) add(l.values);
  if (in.gan) add(in.gan->d), add(in.gan->generated), add(in.gan->xOfZ);
  return v;
}

// Trains until the agent has made updates (DDPG and DQN collect first), then a little more so optimisers have moments.
void trainSome(Trainer& t) {
  for (int i = 0; i < 400 && t.updates() == 0; ++i) t.advance(100);
  t.advance(100);
}

std::string errorOf(const std::function<void()>& f) {
  try {
    f();
  } catch (const AgentStateError& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace

// ---- Every algorithm round-trips ----

TEST(SavedAgents, EveryAlgorithmRoundTripsDecidesAlikeAndTrainsOn) {
  int tested = 0;
  for (const AlgoEntry& a : algorithms()) {
    if (a.id.rfind("test-", 0) == 0) continue;
    SCOPED_TRACE(a.id);
    const std::string env = envFor(a.id);
    ASSERT_FALSE(env.empty()) << a.id << " runs on none of the envs tried";
    const auto t0 = std::chrono::steady_clock::now();

    auto original = trainer(env, a.id, 1, quickSets(a.id));
    trainSome(*original);
    if (a.id != "random") ASSERT_GT(original->updates(), 0u);
    const std::string bytes = save(*original);
    const std::vector<float> view = learnedView(*original);

    // A fresh agent of the same kind (same seed: the GAN lenses evaluate on seed-derived noise) learned nothing yet.
    auto loaded = trainer(env, a.id, 1, quickSets(a.id));
    if (a.id != "random") {
      EXPECT_NE(save(*loaded), bytes);
      if (!view.empty()) EXPECT_NE(learnedView(*loaded), view);
    }
    loadAgentState(loaded->agent(), loaded->env(), bytes, "mem.agent");

    // (a) save → load → save gives the same bytes.
    EXPECT_EQ(save(*loaded), bytes);
    // (b) the loaded agent's values and decisions over every state the lenses show are the original's.
    if (a.id != "random") ASSERT_FALSE(view.empty()) << "no state-independent insight to compare for " << a.id;
    EXPECT_EQ(learnedView(*loaded), view);
    // (c) training goes on from there.
    const uint64_t before = loaded->agent().stats().updates;
    for (int i = 0; i < 400 && loaded->agent().stats().updates == before; ++i) loaded->advance(100);
    if (a.id != "random") {
      EXPECT_GT(loaded->agent().stats().updates, before);
      EXPECT_NE(save(*loaded), bytes);
    }
    EXPECT_EQ(loaded->checkFinite(), "");
    std::printf("  %-15s on %-9s %8zu bytes  %5.2f s\n", a.id.c_str(), env.c_str(), bytes.size(),
                std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    ++tested;
  }
  EXPECT_GE(tested, 14);
}

// DQN's switches change what is saved (dueling and C51 heads, NoisyNet's σ, RMSProp's moments): each round-trips.
TEST(SavedAgents, DqnSwitchesRoundTrip) {
  const std::vector<std::vector<std::string>> variants = {
      {"dueling=true"}, {"c51=true", "atoms=11"}, {"noisy=true"}, {"target=off"}, {"optimizer=rmsprop-centred"}};
  for (const auto& sets : variants) {
    SCOPED_TRACE(sets.front());
    std::vector<std::string> s = sets;
    s.push_back("learning_starts=50");
    auto original = trainer("gridworld", "dqn", 3, s);
    original->advance(300);
    ASSERT_GT(original->updates(), 0u);
    const std::string bytes = save(*original);
    auto loaded = trainer("gridworld", "dqn", 3, s);
    loadAgentState(loaded->agent(), loaded->env(), bytes, "mem.agent");
    EXPECT_EQ(save(*loaded), bytes);
    // NoisyNet's noise is drawn afresh (it is not learned): compare the mean networks the noise perturbs.
    for (Trainer* t : {original.get(), loaded.get()}) static_cast<Dqn&>(t->agent()).online().setTraining(false);
    EXPECT_EQ(learnedView(*loaded), learnedView(*original));
  }
}

// A file written to disk and read back (the CLI's and the GUI's path) loads like the bytes.
TEST(SavedAgents, FileRoundTrip) {
  auto original = trainer("gridworld", "q-learning");
  original->advance(2000);
  const std::string path = ::testing::TempDir() + "saved_agents_q.agent";
  runs::saveAgent(*original, path);
  auto loaded = trainer("gridworld", "q-learning", 5);
  runs::loadAgent(*loaded, path);
  EXPECT_EQ(save(*loaded), save(*original));
  const AgentFileInfo info = readAgentFileInfo(readFileBytes(path), path);
  EXPECT_EQ(info.algo, "q-learning");
  EXPECT_EQ(info.env, "gridworld");
  EXPECT_EQ(info.observation, "Discrete(100)");
  EXPECT_FALSE(info.params.empty());
}

// ---- Refusals leave the agent as it was ----

namespace {
// Loads bytes into t, expects an error containing `expected`, and the agent's state byte-identical to before.
void expectRefused(Trainer& t, const std::string& bytes, const std::string& expected) {
  const std::string before = save(t);
  const std::vector<float> view = learnedView(t);
  const std::string msg = errorOf([&] { loadAgentState(t.agent(), t.env(), bytes, "x.agent"); });
  EXPECT_NE(msg.find(expected), std::string::npos) << "message: " << msg;
  EXPECT_EQ(msg.rfind("x.agent: ", 0), 0u) << "message: " << msg;
  EXPECT_EQ(msg.find('\n'), std::string::npos) << "one line: " << msg;
  EXPECT_EQ(save(t), before);
  EXPECT_EQ(learnedView(t), view);
}
}  // namespace

TEST(SavedAgents, RefusesAnotherAlgorithmsFile) {
  auto sarsa = trainer("gridworld", "sarsa");
  sarsa->advance(1000);
  auto q = trainer("gridworld", "q-learning");
  q->advance(1000);
  expectRefused(*q, save(*sarsa), "saved by sarsa on gridworld; this run is q-learning on gridworld");
}

TEST(SavedAgents, RefusesAnotherEnvsFile) {
  auto other = trainer("pendulum-discrete", "dqn", 1, {"learning_starts=50"});
  other->advance(200);
  auto t = trainer("gridworld", "dqn", 1, {"learning_starts=50"});
  t->advance(200);
  expectRefused(*t, save(*other), "saved by dqn on pendulum-discrete; this run is dqn on gridworld");
}

TEST(SavedAgents, RefusesDamagedFiles) {
  auto t = trainer("gridworld", "dqn", 1, {"learning_starts=50"});
  t->advance(300);
  const std::string good = save(*t);
  auto target = trainer("gridworld", "dqn", 2, {"learning_starts=50"});
  target->advance(300);

  expectRefused(*target, good.substr(0, good.size() - 100), "damaged (truncated");
  expectRefused(*target, good.substr(0, 10), "truncated");
  std::string flipped = good;
  flipped[flipped.size() / 2] ^= 0x10;
  expectRefused(*target, flipped, "damaged (checksum mismatch)");
  expectRefused(*target, good + "x", "trailing bytes");
  std::string version = good;
  version[8] = 2;  // the u32 version after the 8-byte magic
  expectRefused(*target, version, "format version 2, this build reads version 1");
  expectRefused(*target, "PK\x03\x04 not an agent", "not an RL Lens saved agent");
  expectRefused(*target, "", "not an RL Lens saved agent");
}

// A network of another size: refused at its first tensor, naming the parameter that differs.
TEST(SavedAgents, RefusesAnotherArchitectureNamingTheParameter) {
  auto small = trainer("gridworld", "dqn", 1, {"hidden=32", "learning_starts=50"});
  small->advance(200);
  auto t = trainer("gridworld", "dqn", 1, {"hidden=64", "learning_starts=50"});
  t->advance(200);
  expectRefused(*t, save(*small), "'online/0.Linear.weight' is 32×100, expected 64×100 (saved with hidden=32");
}

// The last record fails (the optimiser) after every network record was decoded: still nothing is swapped in.
TEST(SavedAgents, RefusalAfterStagingSwapsNothingIn) {
  auto adam = trainer("gridworld", "dqn", 1, {"learning_starts=50"});
  adam->advance(300);
  auto rms = trainer("gridworld", "dqn", 1, {"learning_starts=50", "optimizer=rmsprop-centred"});
  rms->advance(300);
  expectRefused(*rms, save(*adam), "'optimizer' has 2 state lists, expected 3 (saved with another optimiser)");
}

// Loading a3c's file into a3c with other env copies' count works (the global network is what is saved).
TEST(SavedAgents, A3cWorkersPullTheLoadedNetwork) {
  auto original = trainer("gridworld", "a3c");
  original->advance(2000);
  auto loaded = trainer("gridworld", "a3c", 4);
  loadAgentFile(loaded->agent(), loaded->env(), [&] {
    const std::string path = ::testing::TempDir() + "saved_agents_a3c.agent";
    runs::saveAgent(*original, path);
    return path;
  }());
  EXPECT_EQ(learnedView(*loaded), learnedView(*original));
  loaded->advance(500);  // the workers start from the loaded θ and push into it
  EXPECT_EQ(loaded->checkFinite(), "");
}

// ---- A loaded DQN on invaders plays at its trained strength ----

namespace {
// Mean return of the greedy policy (argmax Q over the allowed actions; random when `dqn` is null) over episodes with
// fixed seeds, each capped at kMaxSteps steps.
double evaluate(Dqn* dqn, int episodes, uint64_t seed0) {
  constexpr int kMaxSteps = 1000;
  const EnvEntry* entry = findEnvironment("invaders");
  Rng rng(seed0);
  double sum = 0;
  for (int k = 0; k < episodes; ++k) {
    auto env = entry->make();
    env->reset(seed0 + uint64_t(k));
    for (int step = 0; step < kMaxSteps; ++step) {
      const auto o = env->observation();
      const std::vector<float> obs(o.begin(), o.end());
      const uint64_t mask = env->actionMask();
      int a = 0;
      if (dqn) {
        const std::vector<float> q = dqn->qValues(obs.data());
        a = -1;
        for (int i = 0; i < int(q.size()); ++i)
          if ((mask >> i & 1) && (a < 0 || q[size_t(i)] > q[size_t(a)])) a = i;
      } else {
        do a = rng.below(env->actionSpace().n); while (!(mask >> a & 1));
      }
      const StepResult r = env->step(a);
      sum += r.reward;
      if (r.terminated || r.truncated) break;
    }
  }
  return sum / episodes;
}
}  // namespace

TEST(SavedAgentLearning, LoadedDqnOnInvadersPlaysAtItsTrainedStrength) {
  // A small budget: MinAtar's network, but Adam at 1e-3 (its centred RMSProp at 2.5e-4 needs far more steps), an
  // update every 4 steps, a short warm-up, a fast ε decay and a smaller buffer. About 12 s in Release on one core.
  const std::vector<std::string> sets = {"optimizer=adam", "lr=0.001", "train_freq=4", "learning_starts=1000",
                                         "eps_decay=8000", "eps_end=0.1", "buffer_size=20000", "target_update=500"};
  constexpr uint64_t kSteps = 20000;
  constexpr int kEpisodes = 10;
  constexpr uint64_t kEvalSeed = 9000;
  const auto t0 = std::chrono::steady_clock::now();
  auto t = trainer("invaders", "dqn", 1, sets);
  t->advance(int(kSteps));
  const double trainSecs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  const double trained = evaluate(&static_cast<Dqn&>(t->agent()), kEpisodes, kEvalSeed);
  const double random = evaluate(nullptr, kEpisodes, kEvalSeed);
  const std::string path = ::testing::TempDir() + "saved_agents_invaders.agent";
  runs::saveAgent(*t, path);

  auto fresh = trainer("invaders", "dqn", 7, sets);
  const double untrained = evaluate(&static_cast<Dqn&>(fresh->agent()), kEpisodes, kEvalSeed);
  runs::loadAgent(*fresh, path);
  const double loaded = evaluate(&static_cast<Dqn&>(fresh->agent()), kEpisodes, kEvalSeed);
  std::printf("  invaders DQN after %llu steps (%.1f s): greedy return %.2f, loaded %.2f, untrained %.2f, "
              "random %.2f over %d episodes; file %ju bytes\n",
              (unsigned long long)kSteps, trainSecs, trained, loaded, untrained, random, kEpisodes,
              std::uintmax_t(readFileBytes(path).size()));
  EXPECT_EQ(loaded, trained);
  EXPECT_GT(trained, random);
  EXPECT_GT(trained, untrained);
}
