// Monte-Carlo control, read top to bottom: act ε-greedily and remember (s, a, r) → at the episode's end walk it
// backwards, G ← r + γG, and move every visited Q(s,a) toward its G.
#include "core/rl/tabular_mc.hpp"
#include "core/agent_state.hpp"
#include "core/checkpoint.hpp"
#include "core/rl/random_action.hpp"

#include "core/rl/q_table.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdio>
#include <limits>

namespace rl {

TabularMc::TabularMc() {
  params_.add({"alpha", "step size α", ParamType::Float, 0.0, 1.0, 0.1,
               "How far each update moves Q(s,a) toward the return that followed it"}, &cfg_.alpha);
  params_.add({"gamma", "discount γ", ParamType::Float, 0.0, 0.999, 0.9, "Weight of later rewards in the return"},
              &cfg_.gamma);
  params_.add({"epsilon", "exploration ε", ParamType::Float, 0.0, 1.0, 0.2,
               "Probability of a uniformly random allowed action (start of the decay)"}, &cfg_.epsilon);
  params_.add({"epsilon_final", "final ε", ParamType::Float, 0.0, 1.0, 0.2, "ε at the end of the linear decay"},
              &cfg_.epsilonFinal);
  params_.add({"epsilon_decay", "ε decay steps", ParamType::Int, 0, 10000000, 0,
               "Env steps over which ε falls linearly to final ε; 0 keeps ε constant"}, &cfg_.epsilonDecaySteps);
  params_.add({"max_episode", "episode cap", ParamType::Int, 1, 100000, 1000,
               "Steps after which a long episode is cut and its tail bootstrapped, so learning does not stall"},
              &cfg_.maxEpisode);
  params_.add({"step_size", "step size rule", ParamType::Choice, 0, 1, 0,
               "constant: Q += α(G − Q), tracks a changing policy; average: α = 1/N(s,a), "
               "the mean of every return seen (converges, but remembers early bad policies)", false, false,
               {"constant", "average"}}, &cfg_.stepSize);
  params_.add({"first_visit", "first visit only", ParamType::Bool, 0, 1, 0,
               "Update only the first visit of each (s,a) in an episode (else every visit)"}, &cfg_.firstVisit);
  params_.add({"random_first_action", "exploring starts", ParamType::Bool, 0, 1, 0,
               "Each episode's first action is uniformly random, then the policy acts (Monte-Carlo ES, S&B §5.3). "
               "Pair it with the gridworld's random start and ε = 0: every (s,a) keeps being tried"},
              &cfg_.randomFirstAction);
  params_.add({"q_init", "initial Q", ParamType::Float, -2.0, 2.0, 0.0, "Starting value of every Q(s,a)", true},
              &cfg_.qInit);
}

std::string TabularMc::unsupportedReason(const Env& env) const {
  if (env.observationSpace().kind != Space::Kind::Discrete || env.actionSpace().kind != Space::Kind::Discrete)
    return "tabular methods need discrete states and actions; this env has " + env.observationSpace().describe() +
           " and " + env.actionSpace().describe();
  return {};
}

void TabularMc::reset(Env& env, uint64_t seed) {
  rng_.reseed(seed ^ 0x3C3CULL);
  nS_ = env.observationSpace().n;
  nA_ = env.actionSpace().n;
  Q_.assign(size_t(nS_) * size_t(nA_), float(cfg_.qInit));
  visits_.assign(Q_.size(), 0);
  seenStamp_.assign(Q_.size(), 0);
  episodeStamp_ = 0;
  mask_.assign(size_t(nS_), uint8_t((1u << nA_) - 1));
  episode_.clear();
  state_ = int(env.reset(seed)[0]);
  stateMask_ = env.actionMask();
  mask_[size_t(state_)] = uint8_t(stateMask_);
  stepsDone_ = 0;
  last_ = {};
  boundMetrics_ = nullptr;
}

double TabularMc::currentEpsilon() const {
  if (cfg_.epsilonDecaySteps <= 0) return cfg_.epsilon;
  const double f = std::min(1.0, double(stepsDone_) / double(cfg_.epsilonDecaySteps));
  return cfg_.epsilon + (cfg_.epsilonFinal - cfg_.epsilon) * f;
}

float TabularMc::maxQ(int s, uint64_t mask) const {
  float best = -std::numeric_limits<float>::infinity();
  for (int a = 0; a < nA_; ++a)
    if (mask >> a & 1) best = std::max(best, Q_[size_t(s) * size_t(nA_) + size_t(a)]);
  return best;
}

int TabularMc::greedyAction(int s) const {
  int arg = 0;
  float best = -std::numeric_limits<float>::infinity();
  for (int a = 0; a < nA_; ++a)
    if ((mask_[size_t(s)] >> a & 1) && Q_[size_t(s) * size_t(nA_) + size_t(a)] > best)
      best = Q_[size_t(s) * size_t(nA_) + size_t(a)], arg = a;
  return arg;
}

int TabularMc::chooseAction(int s, uint64_t mask) {
  if (rng_.uniform() < currentEpsilon()) return randomAllowedAction(rng_, mask, nA_);
  const float best = maxQ(s, mask);
  int ties = 0, pick = 0;
  for (int a = 0; a < nA_; ++a)
    if ((mask >> a & 1) && Q_[size_t(s) * size_t(nA_) + size_t(a)] == best && rng_.below(++ties) == 0) pick = a;
  return pick;
}

void TabularMc::learnFromEpisode(float bootstrap, Metrics& metrics, double x) {
  const float gamma = float(cfg_.gamma);
  const bool average = cfg_.stepSize >= 0.5;
  if (cfg_.firstVisit) {  // mark each pair's first visit in this episode
    ++episodeStamp_;
    firstVisitFlag_.assign(episode_.size(), 0);
    for (size_t i = 0; i < episode_.size(); ++i) {
      const size_t k = size_t(episode_[i].s) * size_t(nA_) + size_t(episode_[i].a);
      if (seenStamp_[k] != episodeStamp_) seenStamp_[k] = episodeStamp_, firstVisitFlag_[i] = 1;
    }
  }
  float G = bootstrap;
  double sqErr = 0, sumQ = 0;
  for (size_t i = episode_.size(); i-- > 0;) {
    const Visit& v = episode_[i];
    G = v.r + gamma * G;  // the discounted return from step i on
    if (cfg_.firstVisit && !firstVisitFlag_[i]) continue;
    const size_t k = size_t(v.s) * size_t(nA_) + size_t(v.a);
    float& q = Q_[k];
    const float alpha = average ? 1.f / float(++visits_[k]) : float(cfg_.alpha);
    sqErr += double(G - q) * double(G - q);
    sumQ += q;
    if (i == 0) last_ = {v.s, v.a, -1, -1, v.r, gamma, 0, G, q, q + alpha * (G - q), alpha, false, TdRule::MonteCarlo};
    q += alpha * (G - q);
    ++stats_.updates;
  }
  last_.horizon = int(episode_.size());
  if (!episode_.empty()) {
    metrics.add(returnErrId_, x, sqErr / double(episode_.size()));
    metrics.add(qId_, x, sumQ / double(episode_.size()));
    metrics.add(epsId_, x, currentEpsilon());
  }
  episode_.clear();
}

int TabularMc::trainStep(Env& env, int maxSteps, Metrics& metrics, uint64_t stepBase, int forcedAction) {
  if (boundMetrics_ != &metrics) {
    returnErrId_ = metrics.id("losses/td_loss");  // here: mean (G − Q)² over the episode's visits
    qId_ = metrics.id("losses/q_values");
    epsId_ = metrics.id("charts/epsilon");
    boundMetrics_ = &metrics;
  }
  for (int i = 0; i < maxSteps; ++i) {
    // ---- Act and remember ----
    const int s = state_;
    const bool explore = cfg_.randomFirstAction && episode_.empty();
    const int a = forcedAction >= 0 ? forcedAction : explore ? randomAllowedAction(rng_, stateMask_, nA_) : chooseAction(s, stateMask_);
    const StepResult step = env.step(a);
    const int s2 = int(env.observation()[0]);
    const uint64_t mask2 = env.actionMask();
    mask_[size_t(s2)] = uint8_t(mask2);
    episode_.push_back({s, a, float(step.reward)});
    ++stepsDone_;

    // ---- Episode end: back up the returns (bootstrapping a cut or truncated tail) ----
    const double x = double(stepBase + uint64_t(i) + 1);
    const bool cut = !step.terminated && !step.truncated && int(episode_.size()) >= cfg_.maxEpisode;
    if (step.terminated) learnFromEpisode(0.f, metrics, x);
    else if (step.truncated || cut) learnFromEpisode(maxQ(s2, mask2), metrics, x);

    if (step.terminated || step.truncated || cut) {  // the cap acts as a time limit: a new episode begins
      state_ = int(env.reset()[0]);
      stateMask_ = env.actionMask();
      mask_[size_t(state_)] = uint8_t(stateMask_);
    } else {
      state_ = s2;
      stateMask_ = mask2;
    }
  }
  return maxSteps;
}

void TabularMc::fillInsights(Insights& out) const {
  out.q = tableInsight(Q_, nS_, nA_, state_, last_, currentEpsilon());
  out.phase = "playing an episode: Q learns from its returns when it ends";
}

std::string TabularMc::checkFinite() const { return firstNonFinite(Q_, nA_); }

// ---- Saved agents ----

void TabularMc::describeState(AgentState& s) {
  s.vector("Q", Q_);
  s.vector("visits", visits_);
  s.vector("allowed_actions", mask_);
  s.counter("steps", stepsDone_);
}

void TabularMc::stateLoaded() {}  // the buffered episode is experience, not values: it is learned from at its end

// The first-visit stamps are left out: the next episode's stamp only has to differ from every stored one, which a
// fresh table's zeros and count guarantee as well. firstVisitFlag_ is rewritten at every episode's end.
void TabularMc::persist(StateIO& io) {
  io.io(rng_);
  std::vector<int> s, a;  // the buffered episode, as one list per field
  std::vector<float> r;
  for (const Visit& v : episode_) s.push_back(v.s), a.push_back(v.a), r.push_back(v.r);
  io.io(s), io.io(a), io.io(r);
  io.bounded(state_, nS_ - 1, "the current state");
  io.io(stateMask_);
  rl::persist(io, last_);
  if (!io.reading()) return;
  if (a.size() != s.size() || r.size() != s.size()) io.fail("the episode's fields differ in length");
  episode_.clear();
  for (size_t k = 0; k < s.size(); ++k) {
    if (s[k] < 0 || s[k] >= nS_ || a[k] < 0 || a[k] >= nA_) io.fail("a visit of the episode is outside the table");
    episode_.push_back({s[k], a[k], r[k]});
  }
}

}  // namespace rl
