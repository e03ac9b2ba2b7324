// Tabular Q-learning / SARSA, read top to bottom:
//   act ε-greedily → step the env → TD target → update Q(s,a) → remember (s,a)→(r,s′) → Dyna planning.
#include "core/rl/tabular_q.hpp"

#include <bit>
#include <cmath>
#include <cstdio>
#include <limits>

namespace rl {

TabularQ::TabularQ(Rule rule) : rule_(rule) {
  params_.add({"alpha", "step size α", ParamType::Float, 0.0, 1.0, 0.1,
               "How far each update moves Q(s,a) toward its TD target"}, &cfg_.alpha);
  params_.add({"gamma", "discount γ", ParamType::Float, 0.0, 0.999, 0.9,
               "Weight of the next state's value in the TD target; higher = more far-sighted"}, &cfg_.gamma);
  params_.add({"epsilon", "exploration ε", ParamType::Float, 0.0, 1.0, 0.2,
               "Probability of taking a uniformly random allowed action instead of the greedy one"}, &cfg_.epsilon);
  params_.add({"planning", "planning steps", ParamType::Int, 0, 200, 50,
               "Dyna-Q: simulated updates replayed from the learned model after every real step"}, &cfg_.planningSteps);
  params_.add({"q_init", "initial Q", ParamType::Float, -2.0, 2.0, 0.0,
               "Starting value of every Q(s,a); above the true values it drives exploration (optimism)", true},
              &cfg_.qInit);
}

std::string TabularQ::unsupportedReason(const Env& env) const {
  if (env.observationSpace().kind != Space::Kind::Discrete)
    return "tabular methods need a discrete state; this env observes " + env.observationSpace().describe();
  if (env.actionSpace().kind != Space::Kind::Discrete)
    return "tabular methods need discrete actions; this env acts in " + env.actionSpace().describe();
  if (double(env.observationSpace().n) * env.actionSpace().n > 4e6) return "the Q table would exceed 4M entries";
  return {};
}

void TabularQ::reset(Env& env, uint64_t seed) {
  rng_.reseed(seed ^ 0xA5A5A5A5ULL);
  nS_ = env.observationSpace().n;
  nA_ = env.actionSpace().n;
  const size_t nSA = size_t(nS_) * size_t(nA_);
  Q_.assign(nSA, float(cfg_.qInit));
  mask_.assign(size_t(nS_), uint8_t((1u << nA_) - 1));
  modelReward_.assign(nSA, 0.f);
  modelNext_.assign(nSA, 0);
  modelTerminal_.assign(nSA, 0);
  modelSeen_.assign(nSA, 0);
  seenPairs_.clear();
  state_ = int(env.reset(seed)[0]);
  stateMask_ = env.actionMask();
  mask_[size_t(state_)] = uint8_t(stateMask_);
  nextAction_ = -1;
  last_ = {};
  sumSqTd_ = sumQ_ = 0;
  logCount_ = 0;
  boundMetrics_ = nullptr;
}

int TabularQ::argmaxRandomTies(int s, uint64_t mask) {
  const float* row = &Q_[size_t(s) * size_t(nA_)];
  float best = -std::numeric_limits<float>::infinity();
  int bestA = 0, ties = 0;
  for (int a = 0; a < nA_; ++a) {
    if (!(mask >> a & 1)) continue;
    if (row[a] > best) best = row[a], bestA = a, ties = 1;
    else if (row[a] == best && rng_.below(++ties) == 0) bestA = a;  // reservoir: uniform among the maximisers
  }
  return bestA;
}

int TabularQ::chooseAction(int s, uint64_t mask) {
  if (rng_.uniform() < cfg_.epsilon) {  // explore: uniform over allowed actions
    int k = rng_.below(std::popcount(mask));
    for (int a = 0; a < nA_; ++a)
      if ((mask >> a & 1) && k-- == 0) return a;
  }
  return argmaxRandomTies(s, mask);
}

double TabularQ::maxQ(int s, uint64_t mask, int* arg) const {
  const float* row = &Q_[size_t(s) * size_t(nA_)];
  float best = -std::numeric_limits<float>::infinity();
  for (int a = 0; a < nA_; ++a)
    if ((mask >> a & 1) && row[a] > best) best = row[a], *arg = a;
  return best;
}

int TabularQ::greedyAction(int s) const {
  int a = 0;
  maxQ(s, mask_[size_t(s)], &a);
  return a;
}

int TabularQ::trainStep(Env& env, int maxSteps, Metrics& metrics, uint64_t stepBase, int forcedAction) {
  if (boundMetrics_ != &metrics) {
    tdId_ = metrics.id("losses/td_loss");
    qId_ = metrics.id("losses/q_values");
    epsId_ = metrics.id("charts/epsilon");
    boundMetrics_ = &metrics;
  }
  const float alpha = float(cfg_.alpha), gamma = float(cfg_.gamma);
  for (int i = 0; i < maxSteps; ++i) {
    // ---- Act: ε-greedy (SARSA already chose a′ on the previous step) ----
    const int s = state_;
    int a = forcedAction >= 0 ? forcedAction
            : (rule_ == Rule::Sarsa && nextAction_ >= 0) ? nextAction_ : chooseAction(s, stateMask_);
    const StepResult step = env.step(a);
    const int s2 = int(env.observation()[0]);
    const uint64_t mask2 = env.actionMask();
    mask_[size_t(s2)] = uint8_t(mask2);
    const float r = float(step.reward);

    // ---- TD target: y = r + γ·max Q(s′,·) (Q-learning) or r + γ·Q(s′,a′) (SARSA); y = r when terminal ----
    int a2 = 0;
    float next = 0.f;
    if (rule_ == Rule::Sarsa) {
      a2 = chooseAction(s2, mask2);
      next = Q_[size_t(s2) * size_t(nA_) + size_t(a2)];
    } else {
      next = float(maxQ(s2, mask2, &a2));
    }
    const float target = step.terminated ? r : r + gamma * next;

    // ---- Update: Q(s,a) += α (y − Q(s,a)) ----
    float& qsa = Q_[size_t(s) * size_t(nA_) + size_t(a)];
    const float before = qsa, td = target - qsa;
    qsa += alpha * td;
    sumSqTd_ += double(td) * td;
    sumQ_ += before;
    ++stats_.updates;

    if (i == maxSteps - 1 || forcedAction >= 0) {  // the lens shows the last real update, with its numbers
      last_ = {s, a, s2, a2, r, gamma, next, target, before, qsa, alpha, step.terminated,
               rule_ == Rule::Sarsa ? "sarsa" : "max"};
    }

    // ---- Model + Dyna planning ----
    if (cfg_.planningSteps > 0) {
      const size_t sa = size_t(s) * size_t(nA_) + size_t(a);
      modelReward_[sa] = r;
      modelNext_[sa] = s2;
      modelTerminal_[sa] = step.terminated;
      if (!modelSeen_[sa]) modelSeen_[sa] = 1, seenPairs_.push_back(int(sa));
      plan(cfg_.planningSteps);
    }

    // ---- Metrics every logInterval steps ----
    if (++logCount_ == cfg_.logInterval) {
      const double x = double(stepBase + uint64_t(i) + 1);
      metrics.add(tdId_, x, sumSqTd_ / logCount_);
      metrics.add(qId_, x, sumQ_ / logCount_);
      metrics.add(epsId_, x, cfg_.epsilon);
      sumSqTd_ = sumQ_ = 0;
      logCount_ = 0;
    }

    // ---- Next state (auto-reset at an episode end) ----
    if (step.terminated || step.truncated) {
      state_ = int(env.reset()[0]);
      stateMask_ = env.actionMask();
      mask_[size_t(state_)] = uint8_t(stateMask_);
      nextAction_ = -1;
    } else {
      state_ = s2;
      stateMask_ = mask2;
      nextAction_ = rule_ == Rule::Sarsa ? a2 : -1;
    }
  }
  return maxSteps;
}

// Dyna-Q planning (Sutton & Barto Fig. 8.2): replay remembered transitions with the max backup.
void TabularQ::plan(int n) {
  const float alpha = float(cfg_.alpha), gamma = float(cfg_.gamma);
  const int seen = int(seenPairs_.size());
  for (int k = 0; k < n; ++k) {
    const int sa = seenPairs_[size_t(rng_.below(seen))];
    const int s2 = modelNext_[size_t(sa)];
    int unused = 0;
    const float target =
        modelTerminal_[size_t(sa)] ? modelReward_[size_t(sa)]
                                   : modelReward_[size_t(sa)] + gamma * float(maxQ(s2, mask_[size_t(s2)], &unused));
    Q_[size_t(sa)] += alpha * (target - Q_[size_t(sa)]);
  }
  stats_.updates += uint64_t(n);
}

void TabularQ::fillInsights(Insights& out) const {
  QInsight qi;
  qi.numStates = nS_;
  qi.numActions = nA_;
  qi.table = Q_;
  qi.state = state_;
  qi.current.assign(Q_.begin() + size_t(state_) * size_t(nA_), Q_.begin() + size_t(state_ + 1) * size_t(nA_));
  qi.last = last_;
  qi.epsilon = cfg_.epsilon;
  out.q = std::move(qi);
}

std::string TabularQ::checkFinite() const {
  for (size_t i = 0; i < Q_.size(); ++i) {
    if (!std::isfinite(Q_[i])) {
      char buf[96];
      std::snprintf(buf, sizeof buf, "Q(s=%d, a=%d) = %g", int(i / size_t(nA_)), int(i % size_t(nA_)), double(Q_[i]));
      return buf;
    }
  }
  return {};
}

}  // namespace rl
