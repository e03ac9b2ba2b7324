// DQN tricks, one mechanic each: sum-tree sampling, prioritized IS weights, n-step returns, target-network timing
// and Polyak arithmetic, double-DQN selection vs evaluation, C51 projection through the agent, presets, insights.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "runs/run_spec.hpp"
#include "core/rl/dqn.hpp"
#include "core/rl/replay.hpp"
#include "core/rl/sum_tree.hpp"
#include "envs/gridworld.hpp"

using namespace rl;

namespace {
Dqn& dqnOf(Trainer& t) { return static_cast<Dqn&>(t.agent()); }

std::vector<float> flatParams(nn::SequentialF& net) {
  std::vector<float> out;
  for (auto* p : net.params()) out.insert(out.end(), p->value.data(), p->value.data() + p->value.size());
  return out;
}

int argmaxMasked(const std::vector<float>& q, uint64_t mask) {
  int best = -1;
  for (int a = 0; a < int(q.size()); ++a)
    if ((mask >> a & 1) && (best < 0 || q[size_t(a)] > q[size_t(best)])) best = a;
  return best;
}
}  // namespace

// ---- Sum tree ----

TEST(SumTree, FindWalksCumulativeRanges) {
  SumTree t(5);
  const double p[5] = {1, 2, 0, 3, 4};
  for (int i = 0; i < 5; ++i) t.set(i, p[i]);
  EXPECT_DOUBLE_EQ(t.total(), 10.0);
  EXPECT_EQ(t.find(0.0), 0);
  EXPECT_EQ(t.find(0.999), 0);
  EXPECT_EQ(t.find(1.0), 1);
  EXPECT_EQ(t.find(2.999), 1);
  EXPECT_EQ(t.find(3.0), 3);  // leaf 2 has zero mass and is never found
  EXPECT_EQ(t.find(5.999), 3);
  EXPECT_EQ(t.find(6.0), 4);
  EXPECT_EQ(t.find(9.999999), 4);
  t.set(4, 0.5);
  EXPECT_DOUBLE_EQ(t.total(), 6.5);
}

// Drawing prefix ~ U(0, total) 100 000 times hits leaf i with probability p_i / Σp. Pearson's χ² over the four
// positive leaves (3 degrees of freedom) must stay below 16.27, the 0.1 % critical value.
TEST(SumTree, SamplingProportionsChiSquare) {
  SumTree t(5);
  const double p[5] = {1, 2, 0, 3, 4};
  for (int i = 0; i < 5; ++i) t.set(i, p[i]);
  Rng rng(7);
  const int n = 100000;
  int count[5] = {};
  for (int k = 0; k < n; ++k) ++count[t.find(rng.uniform() * t.total())];
  EXPECT_EQ(count[2], 0);
  double chi2 = 0;
  for (int i = 0; i < 5; ++i) {
    if (p[i] == 0) continue;
    const double expected = n * p[i] / 10.0;
    chi2 += (count[i] - expected) * (count[i] - expected) / expected;
  }
  EXPECT_LT(chi2, 16.27);
}

// ---- Prioritized replay ----

// Four transitions with |δ| = 1, 2, 3, 4, α = 1 (ε = 0): P = 0.1, 0.2, 0.3, 0.4. With β = 0.5,
// w_i = (4·P_i)^−½ / max_batch w: whenever slot 0 (the largest weight) is in the batch its weight is 1 and slot 3's
// is (0.4/1.6)^½ = 0.5 exactly. Stratified draws of 4 put one index in each quarter of the total mass.
TEST(Replay, PrioritizedImportanceWeightsExact) {
  ReplayBuffer rb(4, 1, true, 1.0);
  for (int i = 0; i < 4; ++i) {
    const float o = float(i);
    rb.add(&o, 0, 0.f, &o, 0.9f, 1);
  }
  for (int i = 0; i < 4; ++i) EXPECT_DOUBLE_EQ(rb.priority(i), 1.0);  // new samples: max priority (1 at start)
  rb.updatePriorities({0, 1, 2, 3}, {1.f, 2.f, 3.f, 4.f}, 0.0);
  EXPECT_DOUBLE_EQ(rb.tree().total(), 10.0);
  Rng rng(3);
  std::vector<int> idx;
  std::vector<float> w;
  int withSlot0 = 0;
  for (int rep = 0; rep < 200; ++rep) {
    rb.sample(4, rng, 0.5, idx, w);
    // Stratified: the first quarter [0, 2.5) holds slots 0 and 1, the last [7.5, 10) only slot 3.
    EXPECT_LE(idx[0], 1);
    EXPECT_EQ(idx[3], 3);
    double maxW = 0;
    for (int i : idx) maxW = std::max(maxW, std::pow(4 * (i + 1) / 10.0, -0.5));
    for (size_t k = 0; k < 4; ++k)
      EXPECT_NEAR(w[k], std::pow(4 * (idx[k] + 1) / 10.0, -0.5) / maxW, 1e-6) << "slot " << idx[k];
    if (idx[0] == 0) {
      ++withSlot0;
      EXPECT_FLOAT_EQ(w[0], 1.f);
      EXPECT_FLOAT_EQ(w[3], 0.5f);
    }
  }
  EXPECT_GT(withSlot0, 40);  // P(slot 0 | first quarter) = 1/2.5
  // A new transition gets the largest priority seen (4), overwriting the oldest slot 0.
  const float o = 9.f;
  rb.add(&o, 0, 0.f, &o, 0.9f, 1);
  EXPECT_DOUBLE_EQ(rb.priority(0), 4.0);
}

TEST(Replay, UniformSamplesEverySlotAndWeightsOne) {
  ReplayBuffer rb(3, 2);
  for (int i = 0; i < 5; ++i) {  // 5 adds into capacity 3: slots hold transitions 3, 4, 2
    const float o[2] = {float(i), -float(i)};
    rb.add(o, i, float(i), o, 0.5f, 1);
  }
  EXPECT_EQ(rb.size(), 3);
  EXPECT_EQ(rb.action(0), 3);
  EXPECT_EQ(rb.action(1), 4);
  EXPECT_EQ(rb.action(2), 2);
  EXPECT_FLOAT_EQ(rb.obs(1)[1], -4.f);
  Rng rng(1);
  std::vector<int> idx;
  std::vector<float> w;
  std::map<int, int> seen;
  for (int rep = 0; rep < 100; ++rep) {
    rb.sample(8, rng, 0.4, idx, w);
    for (size_t k = 0; k < idx.size(); ++k) {
      ++seen[idx[k]];
      EXPECT_EQ(w[k], 1.f);
    }
  }
  EXPECT_EQ(seen.size(), 3u);
}

// Binary observation spaces are stored one byte per element and read back exactly; invaders' DQN uses it (a
// quarter of the float buffer's memory), and Space::contains rejects a non-binary value in a binary space.
TEST(Replay, BinaryObservationsRoundTripInBytes) {
  ReplayBuffer bytes(4, 6, false, 0.6, true), floats(4, 6);
  for (int i = 0; i < 6; ++i) {
    const float o[6] = {float(i & 1), 0, 1, float(i >> 1 & 1), 1, 0}, o2[6] = {1, 1, 0, 0, float(i & 1), 1};
    bytes.add(o, i, 0.5f, o2, 0.9f, 3);
    floats.add(o, i, 0.5f, o2, 0.9f, 3);
  }
  for (int i = 0; i < 4; ++i) {
    const float* a = bytes.obs(i);
    const float* b = bytes.nextObs(i);  // its own row: a stays valid
    for (int k = 0; k < 6; ++k) {
      EXPECT_EQ(a[k], floats.obs(i)[k]) << i << "," << k;
      EXPECT_EQ(b[k], floats.nextObs(i)[k]) << i << "," << k;
    }
  }
  EXPECT_EQ(bytes.observationBytes() * 4, floats.observationBytes());
  auto t = runs::makeTrainer({"invaders", "dqn", 1, {"learning_starts=10"}});
  t->advance(50);
  EXPECT_TRUE(dqnOf(*t).replay().binary());
  EXPECT_EQ(dqnOf(*t).replay().observationBytes(), 50u * 2 * 600);
  Space s = t->env().observationSpace();
  std::vector<float> x(600, 0.f);
  EXPECT_TRUE(s.contains(x));
  x[7] = 0.5f;
  EXPECT_FALSE(s.contains(x));
}

// Through the agent: β climbs linearly from per_beta to 1 over per_beta_steps env steps, and the slots of the last
// batch carry their new priorities (|δ| + ε)^α, below the max-priority value given to fresh transitions.
TEST(Replay, PrioritizedThroughTheAgentAnnealsBetaAndUpdatesPriorities) {
  auto t = runs::makeTrainer({"gridworld", "dqn", 2,
                             {"replay=prioritized", "per_alpha=0.5", "per_beta=0.4", "per_beta_steps=1000",
                              "learning_starts=0"}});
  Dqn& d = dqnOf(*t);
  EXPECT_DOUBLE_EQ(d.currentBeta(), 0.4);
  t->advance(250);
  EXPECT_NEAR(d.currentBeta(), 0.4 + 0.6 * 250 / 1000.0, 1e-12);
  t->advance(1000);
  EXPECT_DOUBLE_EQ(d.currentBeta(), 1.0);
  const ReplayBuffer& rb = d.replay();
  double sum = 0;
  for (int i = 0; i < rb.size(); ++i) sum += rb.priority(i);
  EXPECT_NEAR(rb.tree().total(), sum, 1e-9 * sum);
  int lowered = 0;
  for (int i : d.lastBatch()) lowered += rb.priority(i) < std::sqrt(rb.maxPriority()) - 1e-12;
  EXPECT_GT(lowered, 0);
  EXPECT_EQ(d.lastBatch().size(), 32u);
}

// ---- n-step returns ----

// γ = 0.5, n = 3, rewards 1, 2, 3, 4 then a terminal 5:
//   after step 3: (s0, R = 1 + 0.5·2 + 0.25·3 = 2.75, s3, γ³ = 0.125);  after step 4: (s1, 2 + 1.5 + 1 = 4.5, s4)
//   at the terminal step 5 every held step is flushed with discount 0: s2: 3 + 2 + 1.25 = 6.25; s3: 4 + 2.5 = 6.5;
//   s4: 5. A truncated end flushes with γ^k instead (bootstrap from the final observation).
TEST(Replay, NStepReturnArithmetic) {
  struct Out {
    float s, R, s2, discount;
  };
  std::vector<Out> out;
  auto emit = [&](const float* s, int, float R, const float* s2, float d, uint64_t) {
    out.push_back({s[0], R, s2[0], d});
  };
  NStepAccumulator acc(3, 0.5, 1);
  for (int t = 0; t < 5; ++t) {
    const float s = float(t), s2 = float(t + 1);
    acc.push(&s, 0, float(t + 1), &s2, t == 4, false, 1, emit);
  }
  ASSERT_EQ(out.size(), 5u);
  const Out want[5] = {{0, 2.75f, 3, 0.125f}, {1, 4.5f, 4, 0.125f}, {2, 6.25f, 5, 0}, {3, 6.5f, 5, 0}, {4, 5, 5, 0}};
  for (int k = 0; k < 5; ++k) {
    EXPECT_FLOAT_EQ(out[size_t(k)].s, want[k].s) << k;
    EXPECT_FLOAT_EQ(out[size_t(k)].R, want[k].R) << k;
    EXPECT_FLOAT_EQ(out[size_t(k)].s2, want[k].s2) << k;
    EXPECT_FLOAT_EQ(out[size_t(k)].discount, want[k].discount) << k;
  }
  out.clear();
  for (int t = 0; t < 2; ++t) {  // a 2-step episode cut by a time limit
    const float s = float(t), s2 = float(t + 1);
    acc.push(&s, 0, 1.f, &s2, false, t == 1, 1, emit);
  }
  ASSERT_EQ(out.size(), 2u);
  EXPECT_FLOAT_EQ(out[0].R, 1.5f);
  EXPECT_FLOAT_EQ(out[0].discount, 0.25f);
  EXPECT_FLOAT_EQ(out[1].R, 1.f);
  EXPECT_FLOAT_EQ(out[1].discount, 0.5f);
  EXPECT_EQ(acc.held(), 0);
}

// Through the agent: with n = 3 every stored transition's R and discount are those of the rewards that followed.
TEST(DqnMechanics, NStepTransitionsInTheAgentsReplay) {
  auto t = runs::makeTrainer({"gridworld", "dqn", 5, {"n_step=3", "learning_starts=100000", "step_cost=-0.01"}});
  t->advance(300);
  const ReplayBuffer& rb = dqnOf(*t).replay();
  ASSERT_GE(rb.size(), 290);
  const double g = 0.9;
  // Gridworld rewards are those of the cell left (+ step cost), so each R can be recomputed from the stored states:
  // a 3-step transition's discount is γ³ (laps are truncations: a flush at a lap end has γ or γ²).
  int full = 0;
  for (int i = 0; i < rb.size(); ++i) {
    const float d = rb.discount(i);
    EXPECT_TRUE(std::abs(d - g * g * g) < 1e-6 || std::abs(d - g * g) < 1e-6 || std::abs(d - g) < 1e-6) << d;
    if (std::abs(d - g * g * g) < 1e-6) ++full;
  }
  EXPECT_GT(full, 250);
}

// ---- Target network ----

// Hard copy every C = 5 updates: with learning from step 1 the k-th step makes the k-th update, so the target equals
// the online net right after updates 5, 10, 15 and stays frozen (equal to the copy) in between.
TEST(DqnMechanics, HardTargetCopyEveryCUpdates) {
  auto t = runs::makeTrainer({"gridworld", "dqn", 1, {"target=hard", "target_update=5", "learning_starts=0"}});
  Dqn& d = dqnOf(*t);
  std::vector<float> lastCopy = flatParams(d.targetNet());
  for (int k = 1; k <= 16; ++k) {
    t->advance(1);
    ASSERT_EQ(t->updates(), uint64_t(k));
    const std::vector<float> on = flatParams(d.online()), tg = flatParams(d.targetNet());
    if (k % 5 == 0) {
      EXPECT_EQ(tg, on) << "update " << k;
      lastCopy = tg;
    } else {
      EXPECT_EQ(tg, lastCopy) << "update " << k;
      EXPECT_NE(tg, on) << "update " << k;
    }
  }
}

// Without a target network the bootstrap uses the online net and the target copy is left alone; switching the target
// on mid-run starts it from the current online weights.
TEST(DqnMechanics, TargetSwitchedOnStartsFromTheOnlineNet) {
  auto t = runs::makeTrainer({"gridworld", "dqn", 1, {"target=off", "learning_starts=0"}});
  Dqn& d = dqnOf(*t);
  const std::vector<float> initial = flatParams(d.targetNet());
  t->advance(20);
  EXPECT_EQ(flatParams(d.targetNet()), initial);
  t->setParamText("target", "hard");
  EXPECT_EQ(flatParams(d.targetNet()), flatParams(d.online()));
}

// Polyak: after each update θ′ = τθ + (1 − τ)θ′_old, element by element (τ = 0.1).
TEST(DqnMechanics, PolyakUpdateArithmetic) {
  auto t = runs::makeTrainer({"gridworld", "dqn", 2, {"target=polyak", "tau=0.1", "learning_starts=0"}});
  Dqn& d = dqnOf(*t);
  t->advance(3);
  for (int k = 0; k < 3; ++k) {
    const std::vector<float> before = flatParams(d.targetNet());
    t->advance(1);
    const std::vector<float> on = flatParams(d.online()), tg = flatParams(d.targetNet());
    ASSERT_EQ(on.size(), tg.size());
    double maxErr = 0;
    for (size_t i = 0; i < on.size(); ++i) maxErr = std::max(maxErr, std::abs(tg[i] - (0.1 * on[i] + 0.9 * before[i])));
    EXPECT_LT(maxErr, 1e-6);
    EXPECT_NE(tg, before);
  }
}

// ---- Double DQN ----

// After 300 updates with a frozen target (C larger than the run) the two networks disagree on some s′. For such a
// sample, plain DQN takes a* = argmax Q̂_target(s′,·) while double DQN takes a* = argmax Q_online(s′,·) and
// evaluates it with the target: y = R + γ·Q̂_target(s′, a*). The lens's rule says which.
TEST(DqnMechanics, DoubleDqnOnlineSelectsTargetEvaluates) {
  for (bool dbl : {false, true}) {
    auto t = runs::makeTrainer({"gridworld", "dqn", 4,
                               {"target_update=100000", "learning_starts=0", "lr=0.01", std::string("double=") +
                                                                                          (dbl ? "true" : "false")}});
    Dqn& d = dqnOf(*t);
    t->advance(300);
    const ReplayBuffer& rb = d.replay();
    int found = -1;
    for (int i = 0; i < rb.size() && found < 0; ++i) {
      const uint64_t m = rb.nextMask(i);
      if (rb.discount(i) > 0 &&
          argmaxMasked(d.qValues(rb.nextObs(i)), m) != argmaxMasked(d.qValues(rb.nextObs(i), true), m))
        found = i;
    }
    ASSERT_GE(found, 0) << "no sample where the online and target argmax differ";
    const std::vector<float> qOn = d.qValues(rb.nextObs(found)), qTg = d.qValues(rb.nextObs(found), true);
    const int aOnline = argmaxMasked(qOn, rb.nextMask(found)), aTarget = argmaxMasked(qTg, rb.nextMask(found));
    d.updateOn({found}, {1.f});
    Insights ins;
    d.fillInsights(ins);
    const TdBreakdown& td = ins.q->last;
    const int aStar = dbl ? aOnline : aTarget;
    EXPECT_EQ(td.nextAction, aStar);
    EXPECT_FLOAT_EQ(float(td.nextValue), qTg[size_t(aStar)]);  // the target network evaluates in both
    EXPECT_NEAR(td.target, rb.reward(found) + rb.discount(found) * qTg[size_t(aStar)], 1e-6);
    EXPECT_EQ(td.rule, dbl ? TdRule::Double : TdRule::Max);
    if (dbl) {
      EXPECT_LT(td.nextValue, qTg[size_t(aTarget)]);  // y is below the plain max target here
    }
  }
}

// ---- C51 ----

// The agent's C51 loss for one sample equals −Σ m log p computed by hand: the target net's distribution at s′ for
// a* = argmax Σ z p, projected onto the atoms (Bellemare et al. Algorithm 1) with R and γ from the replay.
TEST(DqnMechanics, C51ProjectionThroughTheAgent) {
  auto t = runs::makeTrainer({"gridworld", "dqn", 6,
                             {"c51=true", "atoms=11", "v_min=-2", "v_max=2", "learning_starts=0", "step_cost=-0.3",
                              "target_update=100000", "lr=0.01"}});
  Dqn& d = dqnOf(*t);
  t->advance(200);
  const ReplayBuffer& rb = d.replay();
  const int i = rb.size() / 2, atoms = 11, A = 4;
  auto oneHot = [](float s) {
    nn::Mat<float> x = nn::Mat<float>::Zero(100, 1);
    x(int(s), 0) = 1.f;
    return x;
  };
  const nn::Mat<float> pNext = d.targetNet().forward(oneHot(rb.nextObs(i)[0]));
  const nn::Mat<float> pNow = d.online().forward(oneHot(rb.obs(i)[0]));
  std::vector<float> qNext(A);
  for (int a = 0; a < A; ++a)
    for (int j = 0; j < atoms; ++j) qNext[size_t(a)] += (-2.f + 0.4f * j) * pNext(a * atoms + j, 0);
  const int aStar = argmaxMasked(qNext, rb.nextMask(i));
  std::vector<double> m(atoms, 0.0);
  for (int j = 0; j < atoms; ++j) {
    const double tz = std::clamp(double(rb.reward(i)) + double(rb.discount(i)) * (-2.0 + 0.4 * j), -2.0, 2.0);
    const double b = (tz + 2.0) / 0.4;
    const int l = int(std::floor(b)), u = int(std::ceil(b));
    const double p = pNext(aStar * atoms + j, 0);
    if (l == u) m[size_t(l)] += p;
    else m[size_t(l)] += p * (u - b), m[size_t(u)] += p * (b - l);
  }
  double ce = 0;
  const int a = rb.action(i);
  for (int j = 0; j < atoms; ++j) ce -= m[size_t(j)] * std::log(double(pNow(a * atoms + j, 0)));
  d.updateOn({i}, {1.f});
  EXPECT_NEAR(d.lastLoss(), ce, 1e-5 * std::max(1.0, ce));
  double sum = 0;
  for (double v : m) sum += v;
  EXPECT_NEAR(sum, 1.0, 1e-6);
}

// ---- Presets, insights, divergence ----

TEST(DqnMechanics, EnvPresetsAndUserSetsSurviveReset) {
  auto inv = runs::makeTrainer({"invaders", "dqn", 1, {}});
  const ParamTable& p = inv->agent().params();
  EXPECT_EQ(p.get("buffer_size"), 100000);
  EXPECT_EQ(p.get("batch_size"), 32);
  EXPECT_EQ(p.get("target_update"), 1000);
  EXPECT_DOUBLE_EQ(p.get("lr"), 2.5e-4);
  EXPECT_EQ(p.get("optimizer"), 1);
  EXPECT_DOUBLE_EQ(p.get("eps_end"), 0.1);
  EXPECT_EQ(p.get("eps_decay"), 100000);
  EXPECT_EQ(p.get("learning_starts"), 5000);
  EXPECT_EQ(p.get("loss"), 0);
  inv->advance(50);  // the conv trunk runs (H×W×C → C×H×W)
  EXPECT_EQ(dqnOf(*inv).qValues(static_cast<Env&>(inv->env()).observation().data()).size(), 6u);

  auto plain = runs::makeTrainer({"gridworld", "dqn", 1, {}});  // the solver's discount follows the preset's γ 0.9
  EXPECT_DOUBLE_EQ(plain->agent().params().get("gamma"), 0.9);
  EXPECT_NEAR(static_cast<Gridworld&>(static_cast<EpisodeStatistics&>(plain->env()).inner()).solution().v[0],
              [] {
                Gridworld ref;
                ref.setDiscountHint(0.9);
                return ref.solution().v[0];
              }(),
              1e-9);

  auto g = runs::makeTrainer({"gridworld", "dqn", 1, {"gamma=0.95", "hidden=32"}});
  EXPECT_DOUBLE_EQ(g->agent().params().get("gamma"), 0.95);  // the user's value, not the preset's 0.9
  EXPECT_EQ(g->agent().params().get("hidden"), 32);
  g->apply(Command::reset(3));
  EXPECT_DOUBLE_EQ(g->agent().params().get("gamma"), 0.95);
}

TEST(DqnMechanics, InsightsTableMatchesTheNetwork) {
  auto t = runs::makeTrainer({"gridworld", "dqn", 8, {"learning_starts=0"}});
  t->advance(100);
  Dqn& d = dqnOf(*t);
  Insights ins;
  d.fillInsights(ins);
  ASSERT_TRUE(ins.q.has_value());
  const QInsight& q = *ins.q;
  EXPECT_EQ(q.numStates, 100);
  EXPECT_EQ(q.numActions, 4);
  ASSERT_EQ(q.table.size(), 400u);
  for (int s : {0, 17, 55, 99}) {
    const float obs = float(s);
    const std::vector<float> qs = d.qValues(&obs);
    for (int a = 0; a < 4; ++a) EXPECT_NEAR(q.table[size_t(s * 4 + a)], qs[size_t(a)], 1e-5);
  }
  EXPECT_EQ(q.current.size(), 4u);
  EXPECT_NEAR(q.last.target, q.last.reward + q.last.gamma * q.last.nextValue, 1e-6);
  EXPECT_GT(q.epsilon, 0.9);  // ε decays over 10k steps from 1
}

// A batch of pendulum observations (cos θ, sin θ, θ̇) evaluates like one observation at a time.
TEST(DqnMechanics, BatchedQMatchesSingleObservations) {
  auto t = runs::makeTrainer({"pendulum-discrete", "dqn", 3, {"learning_starts=0"}});
  t->advance(200);
  Dqn& d = dqnOf(*t);
  ASSERT_EQ(d.observationSize(), 3);
  std::vector<float> grid;
  for (int i = 0; i < 7; ++i) {
    const float th = -3.f + i, w = -8.f + 2.5f * i;
    grid.insert(grid.end(), {std::cos(th), std::sin(th), w});
  }
  const std::vector<float> q = d.qBatch(grid.data(), 7);
  ASSERT_EQ(q.size(), size_t(7 * d.numActions()));
  for (int i = 0; i < 7; ++i) {
    const std::vector<float> one = d.qValues(&grid[size_t(3 * i)]);
    for (int a = 0; a < d.numActions(); ++a) EXPECT_NEAR(q[size_t(i * d.numActions() + a)], one[size_t(a)], 1e-4);
  }
}

// Same seed and settings give the same curves (DESIGN.md §7).
TEST(DqnMechanics, SameSeedSameCurves) {
  auto run = [] {
    auto t = runs::makeTrainer({"gridworld", "dqn", 9, {"replay=prioritized", "n_step=2", "learning_starts=100"}});
    t->advance(3000);
    return t->metrics().find("losses/td_loss")->data().y;
  };
  const std::vector<double> a = run(), b = run();
  ASSERT_GT(a.size(), 20u);
  EXPECT_EQ(a, b);
}

TEST(DqnMechanics, CheckFiniteNamesTheDivergedQuantity) {
  auto t = runs::makeTrainer({"pendulum-discrete", "dqn", 1, {"learning_starts=0"}});
  t->advance(10);
  EXPECT_EQ(t->checkFinite(), "");
  dqnOf(*t).online().params()[0]->value(0, 0) = std::nanf("");
  const std::string why = t->checkFinite();
  EXPECT_NE(why.find("online network 0.Linear.weight"), std::string::npos) << why;
  EXPECT_NE(why.find("nan"), std::string::npos) << why;
  t->advance(1);  // the NaN reaches the loss
  EXPECT_NE(t->checkFinite(), "");
}

// Every switch combination builds and trains a few steps without NaN on every supported env (invaders: the conv trunk
// under C51, dueling and NoisyNet heads).
// One test per (env, combination of switches): fifteen short runs that the test runner spreads over the cores (under
// the sanitizers the Invaders runs take most of a minute together).
class DqnEverySwitch : public ::testing::TestWithParam<int> {};

TEST_P(DqnEverySwitch, Trains) {
  const std::vector<std::vector<std::string>> combos = {
      {"replay=off"},
      {"replay=prioritized", "double=true", "dueling=true", "n_step=3"},
      {"noisy=true", "target=polyak", "loss=mse", "max_grad_norm=0"},
      {"c51=true", "double=true", "replay=prioritized", "n_step=2", "noisy=true"},
      {"dueling=true", "noisy=true", "target=off", "optimizer=rmsprop-centred"}};
  const char* envs[] = {"gridworld", "pendulum-discrete", "invaders"};
  const char* env = envs[GetParam() / int(combos.size())];
  std::vector<std::string> sets = combos[size_t(GetParam()) % combos.size()];
  sets.push_back("learning_starts=20");
  auto t = runs::makeTrainer({env, "dqn", 3, sets});
  t->advance(300);
  EXPECT_EQ(t->checkFinite(), "") << env << " " << sets[0];
  const bool noisy = std::find(sets.begin(), sets.end(), "noisy=true") != sets.end();
  const MetricSeries* scale = t->metrics().find("charts/noise_scale");
  EXPECT_EQ(scale != nullptr && scale->data().rawCount > 0, noisy) << env << " " << sets[0];
  if (noisy) {
    EXPECT_GT(scale->data().last, 0.0);
  }
  EXPECT_GE(t->updates(), 250u) << env;
  Insights ins;
  t->agent().fillInsights(ins);
  EXPECT_TRUE(ins.q.has_value());
}
INSTANTIATE_TEST_SUITE_P(DqnMechanics, DqnEverySwitch, ::testing::Range(0, 15));

// ---- Lens insights: the pendulum's value map, the replay panel, C51's distributions ----

// The pendulum's state plane: observationAt and planePoint are inverses over θ ∈ (−π, π), ω ∈ [−8, 8].
TEST(DqnLens, PendulumPlaneRoundTrips) {
  auto t = runs::makeTrainer({"pendulum-discrete", "dqn", 1, {}});
  const Env& env = t->env();
  const std::optional<StatePlane> plane = env.statePlane();
  ASSERT_TRUE(plane.has_value());
  EXPECT_NEAR(plane->xMin, -M_PI, 1e-12);
  EXPECT_NEAR(plane->yMax, 8.0, 1e-12);
  float obs[3];
  for (double th : {-3.0, -1.0, 0.0, 0.5, 3.1})
    for (double w : {-8.0, 0.0, 2.5}) {
      env.observationAt(th, w, obs);
      EXPECT_FLOAT_EQ(obs[0], float(std::cos(th)));
      const auto [x, y] = env.planePoint(obs);
      EXPECT_NEAR(x, th, 1e-6);
      EXPECT_NEAR(y, w, 1e-6);
    }
  EXPECT_FALSE(runs::makeTrainer({"gridworld", "dqn", 1, {}})->env().statePlane().has_value());
}

// The value map is max_a Q and argmax_a Q of the network at each cell centre; the trail is this episode's states
// and ends at the current one.
TEST(DqnLens, ValueMapMatchesTheNetworkAndTrailFollowsTheEpisode) {
  auto t = runs::makeTrainer({"pendulum-discrete", "dqn", 4, {"learning_starts=50"}});
  t->advance(330);  // one 200-step episode done, 130 steps into the second
  Dqn& d = dqnOf(*t);
  Insights ins;
  d.fillEnvInsights(t->env(), ins);
  ASSERT_TRUE(ins.valueMap.has_value());
  const PlaneMap& m = *ins.valueMap;
  const int n = Dqn::kMapSize;
  ASSERT_EQ(m.nx, n);
  ASSERT_EQ(m.layers.size(), 1u);
  const std::vector<float>& value = m.layers[0].values;
  ASSERT_EQ(value.size(), size_t(n * n));
  ASSERT_EQ(m.greedy.size(), size_t(n * n));
  for (auto [i, j] : {std::pair{0, 0}, {n / 2, n / 2}, {n - 1, 3}, {7, n - 1}}) {
    const double th = m.xMin + (m.xMax - m.xMin) * (i + 0.5) / n, w = m.yMin + (m.yMax - m.yMin) * (j + 0.5) / n;
    const float obs[3] = {float(std::cos(th)), float(std::sin(th)), float(w)};
    const std::vector<float> q = d.qValues(obs);
    const size_t c = size_t(j * n + i);
    EXPECT_EQ(m.greedy[c], argmaxMasked(q, ~0ULL)) << i << "," << j;
    EXPECT_NEAR(value[c], *std::max_element(q.begin(), q.end()), 1e-4) << i << "," << j;
  }
  EXPECT_NEAR((m.xMin + m.xMax) / 2, m.xMin + (m.xMax - m.xMin) * (n / 2 + 0.5) / n, 1e-12);  // centre cell at θ = 0
  ASSERT_EQ(m.trail.size(), size_t(2 * 131));  // the reset state and 130 steps
  const auto obs = t->env().observation();
  EXPECT_NEAR(m.trail[m.trail.size() - 2], std::atan2(obs[1], obs[0]), 1e-6);
  EXPECT_NEAR(m.trail.back(), obs[2], 1e-6);
  // Not on a plane-less env.
  auto g = runs::makeTrainer({"gridworld", "dqn", 4, {}});
  Insights none;
  g->agent().fillEnvInsights(g->env(), none);
  EXPECT_FALSE(none.valueMap.has_value());
}

// The replay panel's numbers: fill level, newest slot, the last batch, a histogram over every stored priority.
TEST(DqnLens, ReplayInsightReportsFillBatchAndPriorities) {
  auto t = runs::makeTrainer({"gridworld", "dqn", 5, {"learning_starts=100", "buffer_size=500", "replay=prioritized"}});
  t->advance(700);
  Dqn& d = dqnOf(*t);
  Insights ins;
  d.fillInsights(ins);
  ASSERT_TRUE(ins.replay.has_value());
  const ReplayInsight& r = *ins.replay;
  EXPECT_EQ(r.capacity, 500);
  EXPECT_EQ(r.size, 500);
  EXPECT_EQ(r.newest, (700 - 1) % 500);  // one transition per step (n = 1), the buffer wrapped once
  EXPECT_TRUE(r.prioritized);
  EXPECT_EQ(r.lastBatch, d.lastBatch());
  EXPECT_EQ(r.lastBatch.size(), 32u);
  double total = 0;
  for (float c : r.priorityHist) total += c;
  EXPECT_EQ(total, 500.0);
  EXPECT_LT(r.logPMin, r.logPMax);  // updated priorities differ
  double lo = 1e9, hi = -1e9;
  for (int i = 0; i < 500; ++i) lo = std::min(lo, std::log10(d.replay().priority(i))), hi = std::max(hi, std::log10(d.replay().priority(i)));
  EXPECT_NEAR(r.logPMin, lo, 1e-9);
  EXPECT_NEAR(r.logPMax, hi, 1e-9);
}

// C51: each action's distribution over the atoms sums to 1 and its mean is the Q value the bars show.
TEST(DqnLens, C51DistributionsAreTheQValuesMeans) {
  auto t = runs::makeTrainer({"invaders", "dqn", 6, {"c51=true", "learning_starts=50", "atoms=21"}});
  t->advance(120);
  Insights ins;
  t->agent().fillInsights(ins);
  ASSERT_TRUE(ins.q.has_value());
  const QInsight& q = *ins.q;
  ASSERT_EQ(q.atoms.size(), 21u);
  ASSERT_EQ(q.distribution.size(), size_t(6 * 21));
  EXPECT_FLOAT_EQ(q.atoms.front(), -10.f);
  EXPECT_FLOAT_EQ(q.atoms.back(), 10.f);
  for (int a = 0; a < 6; ++a) {
    double sum = 0, mean = 0;
    for (int j = 0; j < 21; ++j) sum += q.distribution[size_t(a * 21 + j)], mean += q.distribution[size_t(a * 21 + j)] * q.atoms[size_t(j)];
    EXPECT_NEAR(sum, 1.0, 1e-5);
    EXPECT_NEAR(mean, q.current[size_t(a)], 1e-4);
  }
  Insights plain;
  runs::makeTrainer({"invaders", "dqn", 6, {}})->agent().fillInsights(plain);
  EXPECT_TRUE(plain.q->distribution.empty());
}

// Every DQN switch can be flipped while it runs: the change is accepted, training goes on, and a switch that needs
// a reset is reported pending until the reset, which clears it and rebuilds the agent with it.
TEST(DqnLens, EverySwitchFlipsWhileRunning) {
  const std::vector<ParamSpec> specs = runs::makeTrainer({"pendulum-discrete", "dqn", 1, {}})->agent().params().specs();
  ASSERT_GT(specs.size(), 20u);
  for (const ParamSpec& spec : specs) {
    auto t = runs::makeTrainer({"pendulum-discrete", "dqn", 2, {"learning_starts=50", "buffer_size=1000"}});
    t->advance(120);
    const double before = t->agent().params().get(spec.name);
    double v = before;
    switch (spec.type) {
      case ParamType::Bool: v = before > 0.5 ? 0 : 1; break;
      case ParamType::Choice: v = std::fmod(before + 1, double(spec.choices.size())); break;
      case ParamType::Int: v = before + 1 <= spec.max ? before + 1 : before - 1; break;
      case ParamType::Float: v = before * 0.9 >= spec.min && before != 0 ? before * 0.9 : std::min(spec.max, spec.min + 0.01 * (spec.max - spec.min)); break;
    }
    ASSERT_NE(v, before) << spec.name;
    t->apply(Command::setParam(spec.name, v));
    EXPECT_EQ(t->agent().params().get(spec.name), v) << spec.name;
    t->advance(60);
    EXPECT_EQ(t->checkFinite(), "") << spec.name;
    auto pending = [&] {
      for (const ParamView& p : t->paramViews())
        if (p.spec.name == spec.name) return p.pendingReset;
      return false;
    };
    EXPECT_EQ(pending(), spec.needsReset) << spec.name;
    t->apply(Command::reset(3));
    EXPECT_FALSE(pending()) << spec.name;
    EXPECT_EQ(t->agent().params().get(spec.name), v) << spec.name << ": the reset kept the user's value";
    t->advance(120);
    EXPECT_EQ(t->checkFinite(), "") << spec.name;
    if (spec.name == "c51") {  // rebuilt with the distributional head
      Insights ins;
      t->agent().fillInsights(ins);
      EXPECT_EQ(ins.q->distribution.size(), size_t(5 * 51));
    }
  }
}

// The lens's "next" action is the one the agent then takes: on the pendulum the applied torque is −2 + chosen.
// While ε = 1 (before learning starts) every decision explores; with ε = 0 none does and chosen is the greedy one.
TEST(DqnLens, ChosenActionIsTheOneTaken) {
  for (const char* eps : {"eps_start=1", "eps_start=0"}) {
    auto t = runs::makeTrainer({"pendulum-discrete", "dqn", 7, {"learning_starts=100", eps, "eps_end=0", "eps_decay=1"}});
    int explored = 0;
    for (int i = 0; i < 200; ++i) {
      Insights ins;
      t->agent().fillInsights(ins);
      const QInsight& q = *ins.q;
      ASSERT_GE(q.chosen, 0);
      explored += q.explores;
      if (!q.explores) {
        EXPECT_EQ(q.chosen, argmaxMasked(q.current, ~0ULL));
      }
      t->advance(1);
      const RenderState render = t->env().renderState();  // a value: get<> must not point into a temporary
      const auto& st = std::get<PendulumRenderState>(render);
      if (st.stepInEpisode > 0) {  // not right after a reset
        ASSERT_DOUBLE_EQ(st.torque, -2.0 + q.chosen) << eps << " step " << i;
      }
    }
    if (std::string(eps) == "eps_start=1") EXPECT_EQ(explored, 101);  // ε = 1 while steps done ≤ 100 (decisions at 0…100), then 0
    else EXPECT_EQ(explored, 0);
  }
}
