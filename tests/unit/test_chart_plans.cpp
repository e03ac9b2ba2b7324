// Each algorithm names its charts (Agent::charts, core/charts.hpp) and the view draws exactly those: for every
// algorithm on every env it runs on (and with the settings that change what it logs: NoisyNet, PPO's KL objective,
// a multi-modal GAN target), every series its plan declares is one it logs, with points after a short run; and
// conversely every main metric it logs (return, TD loss, KL, the GAN's losses, …) has a chart. The plan the trainer
// puts in the snapshot follows a reset or a live env change.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "core/rl/registry.hpp"
#include "envs/registry.hpp"
#include "runs/run_spec.hpp"

using namespace rl;

namespace {

struct Case {
  std::string algo, env;
  std::vector<std::string> sets;  // beyond the quick settings
};

std::vector<Case> cases() {
  std::vector<Case> out;
  for (const auto& a : algorithms()) {
    if (a.id.rfind("test-", 0) == 0) continue;
    for (const auto& e : environments())
      if (runs::unsupportedReason(e.id, a.id).empty()) out.push_back({a.id, e.id, {}});
  }
  // The settings under which an agent logs other series.
  out.push_back({"dqn", "pendulum-discrete", {"noisy=true"}});
  out.push_back({"ppo", "pendulum", {"objective=kl"}});
  out.push_back({"gan", "gan1d", {"env.target=two-modes"}});
  out.push_back({"gan-as-ac", "gan1d", {"env.target=three-modes"}});
  return out;
}

// Small settings so that every learner updates (and logs) within a few hundred steps.
runs::RunSpec quickSpec(const Case& c) {
  runs::RunSpec spec{c.env, c.algo, 3, {}};
  auto t = runs::makeTrainer(spec);
  for (const auto& v : t->paramViews()) {
    const std::string& n = v.spec.name;
    if (n == "learning_starts") spec.sets.push_back("learning_starts=100");
    if (n == "num_steps" && c.algo == "ppo") spec.sets.push_back("num_steps=64");
    if (n == "num_envs" && c.algo == "a3c") spec.sets.push_back("num_envs=1");  // one worker: reproducible
    if (n == "num_minibatches") spec.sets.push_back("num_minibatches=2");
    if (n == "batch_episodes") spec.sets.push_back("batch_episodes=1");
    if (n == "log_every") spec.sets.push_back("log_every=20");
    if (n == "hidden1") spec.sets.push_back("hidden1=64");
    if (n == "hidden2") spec.sets.push_back("hidden2=64");
  }
  spec.sets.insert(spec.sets.end(), c.sets.begin(), c.sets.end());
  return spec;
}

std::string describe(const Case& c) {
  std::string s = c.algo + " on " + c.env;
  for (const auto& kv : c.sets) s += " " + kv;
  return s;
}

// Every series a plan names: each chart's metric and companion, and each choice's.
std::vector<std::string> declared(const ChartPlan& p) {
  std::vector<std::string> out;
  for (const auto* list : {&p.charts, &p.choices})
    for (const Chart& c : *list) {
      out.push_back(c.metric);
      if (!c.metric2.empty()) out.push_back(c.metric2);
    }
  return out;
}

bool hasPoints(const Metrics& m, const std::string& name) {
  const MetricSeries* s = m.find(name);
  return s && !s->data().y.empty();
}

// The metrics that must have a chart whenever an agent logs them. (Not every metric: the policy-gradient row has no
// episode length, and A3C's staleness, the actor-critic's |δ|, the GAN's JS and per-mode masses and DDPG's critic
// losses are read elsewhere or not yet charted.)
const char* const kMain[] = {
    "charts/episodic_return",      "losses/td_loss",   "losses/q_values",      "charts/epsilon",
    "charts/noise_scale",          "losses/approx_kl", "losses/clipfrac",      "losses/policy_loss",
    "losses/value_loss",           "losses/entropy",   "charts/learning_rate", "charts/kl_beta",
    "losses/grad_var_no_baseline", "losses/d_loss",    "charts/d_real",        "charts/w1",
    "charts/mode_mass_min"};

// The plan is well formed: one row whose ranks are 1..count, each series once, the choices labelled.
void expectWellFormed(const ChartPlan& p, const std::string& what) {
  ASSERT_FALSE(p.charts.empty()) << what;
  std::vector<int> ranks;
  for (const Chart& c : p.charts) ranks.push_back(c.rank);
  if (!p.choices.empty()) ranks.push_back(p.pickRank);
  std::sort(ranks.begin(), ranks.end());
  for (int i = 0; i < int(ranks.size()); ++i) EXPECT_EQ(ranks[size_t(i)], i + 1) << what << ": the narrow ranking";
  EXPECT_EQ(int(ranks.size()), p.count()) << what;
  const auto names = declared(p);
  EXPECT_EQ(std::set<std::string>(names.begin(), names.end()).size(), names.size()) << what << ": a series twice";
  for (const Chart& c : p.charts) EXPECT_FALSE(c.title.empty() || c.yLabel.empty()) << what << ": " << c.metric;
  for (const Chart& c : p.choices) EXPECT_FALSE(c.label.empty() || c.title.empty()) << what << ": " << c.metric;
  if (p.layout == ChartLayout::ValueBased) {
    EXPECT_EQ(p.charts.size(), 3u) << what;
  }
  if (p.layout == ChartLayout::Gan) {
    EXPECT_TRUE(p.choices.empty()) << what;
  }
}

}  // namespace

TEST(ChartPlans, EveryAlgorithmChartsExactlyWhatItLogs) {
  int checked = 0;
  for (const Case& c : cases()) {
    const std::string what = describe(c);
    SCOPED_TRACE(what);
    auto t = runs::makeTrainer(quickSpec(c));
    const ChartPlan plan = t->agent().charts(t->env().info());
    expectWellFormed(plan, what);
    const auto names = declared(plan);
    // Train until every declared series has a point: a few hundred steps (a plan naming a series the agent never
    // logs runs to the cap and fails).
    auto allLogged = [&] {
      return std::all_of(names.begin(), names.end(), [&](const std::string& n) { return hasPoints(t->metrics(), n); });
    };
    for (int steps = 0; steps < 50000 && !allLogged(); steps += 100) t->advance(100);
    for (const std::string& n : names) {
      EXPECT_NE(t->metrics().find(n), nullptr) << what << " declares a chart of " << n << ", a series it never logs";
      EXPECT_TRUE(hasPoints(t->metrics(), n))
          << what << ": no point of " << n << " after " << t->lifetimeSteps() << " steps";
    }
    for (const char* n : kMain) {
      if (!hasPoints(t->metrics(), n)) continue;
      EXPECT_TRUE(std::find(names.begin(), names.end(), n) != names.end())
          << what << " logs " << n << " but has no chart";
    }
    ++checked;
  }
  EXPECT_GE(checked, 25);
}

// The snapshot carries the plan; it is shared while nothing changes and follows a reset or a live env change.
TEST(ChartPlans, TheSnapshotsPlanFollowsTheSettings) {
  auto has = [](const Snapshot& s, const std::string& metric) {
    const auto names = declared(*s.charts);
    return std::find(names.begin(), names.end(), metric) != names.end();
  };
  auto ppo = runs::makeTrainer({"pendulum", "ppo", 1, {}});
  Snapshot a, b;
  ppo->fillSnapshot(a);
  ppo->fillSnapshot(b);
  ASSERT_TRUE(a.charts);
  EXPECT_EQ(a.charts, b.charts);  // the same plan, not a copy per snapshot
  EXPECT_EQ(a.charts->layout, ChartLayout::PolicyGradient);
  EXPECT_EQ(a.charts->charts[1].metric, "losses/approx_kl");
  EXPECT_FALSE(has(a, "charts/kl_beta"));
  ppo->setParamText("objective", "kl");  // applies on reset: until then the agent logs no β
  ppo->fillSnapshot(a);
  EXPECT_FALSE(has(a, "charts/kl_beta"));
  ppo->apply(Command::reset(1));
  ppo->fillSnapshot(a);
  EXPECT_TRUE(has(a, "charts/kl_beta"));

  auto gan = runs::makeTrainer({"gan1d", "gan", 1, {}});
  gan->fillSnapshot(a);
  EXPECT_EQ(a.charts->layout, ChartLayout::Gan);
  EXPECT_EQ(a.charts->charts.size(), 3u);
  EXPECT_EQ(a.charts->charts[0].xLabel, "iterations");
  gan->setParamText("env.target", "two-modes");  // live
  gan->fillSnapshot(a);
  EXPECT_TRUE(has(a, "charts/mode_mass_min"));
  EXPECT_EQ(a.charts->count(), 4);

  auto q = runs::makeTrainer({"gridworld", "q-learning", 1, {}});
  q->fillSnapshot(a);
  EXPECT_EQ(a.charts->layout, ChartLayout::ValueBased);
  EXPECT_EQ(a.charts->charts[0].title, "Return per " + a.envInfo.episodeNoun);
}
