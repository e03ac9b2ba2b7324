// Tabular TD control, read top to bottom:
//   act (ε-greedy or Boltzmann) → step the env → TD target (max / sampled a′ / expectation) → update Q(s,a), through
//   eligibility traces when λ > 0 → remember (s,a)→(r,s′) → Dyna planning.
#include "core/rl/tabular_q.hpp"
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

namespace {
constexpr float kTraceFloor = 1e-4f;  // traces below this are dropped: (γλ)^k shrinks fast, the table stays sparse
}

TabularQ::TabularQ(Rule rule) : rule_(rule) {
  params_.add({"alpha", "step size α", ParamType::Float, 0.0, 1.0, 0.1,
               "How far each update moves Q(s,a) toward its TD target"}, &cfg_.alpha);
  params_.add({"gamma", "discount γ", ParamType::Float, 0.0, 0.999, 0.9,
               "Weight of the next state's value in the TD target; higher = more far-sighted"}, &cfg_.gamma);
  params_.add({"exploration", "exploration", ParamType::Choice, 0, 1, 0,
               "ε-greedy: a random action with probability ε. Boltzmann: actions drawn with probability ∝ exp(Q/τ)",
               false, false, {"epsilon-greedy", "boltzmann"}}, &cfg_.exploration);
  params_.add({"epsilon", "exploration ε", ParamType::Float, 0.0, 1.0, 0.2,
               "Probability of a uniformly random allowed action instead of the greedy one (start of the decay)"},
              &cfg_.epsilon);
  params_.add({"epsilon_final", "final ε", ParamType::Float, 0.0, 1.0, 0.2,
               "ε at the end of the linear decay (equal to ε: no decay)"}, &cfg_.epsilonFinal);
  params_.add({"epsilon_decay", "ε decay steps", ParamType::Int, 0, 10000000, 0,
               "Env steps over which ε falls linearly from ε to final ε; 0 keeps ε constant"}, &cfg_.epsilonDecaySteps);
  params_.add({"temperature", "Boltzmann τ", ParamType::Float, 0.001, 10.0, 0.1,
               "Softmax temperature for Boltzmann exploration: low τ is nearly greedy, high τ nearly uniform", false,
               true}, &cfg_.temperature);
  params_.add({"lambda", "trace decay λ", ParamType::Float, 0.0, 1.0, 0.0,
               "Eligibility traces: each TD error also updates recently visited pairs, weighted by (γλ)^age"},
              &cfg_.lambda);
  params_.add({"trace", "trace kind", ParamType::Choice, 0, 1, 0,
               "Replacing traces reset a revisited pair's trace to 1; accumulating traces add 1", false, false,
               {"replacing", "accumulating"}}, &cfg_.traceKind);
  params_.add({"planning", "planning steps", ParamType::Int, 0, 200, 50,
               "Dyna-Q: simulated updates replayed from the learned model after every real step"}, &cfg_.planningSteps);
  params_.add({"q_init", "initial Q", ParamType::Float, -2.0, 2.0, 0.0,
               "Starting value of every Q(s,a); above the true values it drives exploration (optimism)", true},
              &cfg_.qInit);
  for (const char* n : {"epsilon", "epsilon_final", "epsilon_decay"}) params_.activeWhen(n, "exploration=epsilon-greedy");
  params_.activeWhen("temperature", "exploration=boltzmann");
}

std::string TabularQ::id() const {
  switch (rule_) {
    case Rule::QLearning: return "q-learning";
    case Rule::Sarsa: return "sarsa";
    case Rule::ExpectedSarsa: return "expected-sarsa";
  }
  return "?";
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
  trace_.assign(nSA, 0.f);
  active_.clear();
  modelReward_.assign(nSA, 0.f);
  modelNext_.assign(nSA, 0);
  modelTerminal_.assign(nSA, 0);
  modelSeen_.assign(nSA, 0);
  seenPairs_.clear();
  state_ = int(env.reset(seed)[0]);
  stateMask_ = env.actionMask();
  mask_[size_t(state_)] = uint8_t(stateMask_);
  nextAction_ = -1;
  stepsDone_ = 0;
  last_ = {};
  sumSqTd_ = sumQ_ = 0;
  logCount_ = 0;
  boundMetrics_ = nullptr;
}

double TabularQ::currentEpsilon() const {
  if (cfg_.epsilonDecaySteps <= 0) return cfg_.epsilon;
  const double f = std::min(1.0, double(stepsDone_) / double(cfg_.epsilonDecaySteps));
  return cfg_.epsilon + (cfg_.epsilonFinal - cfg_.epsilon) * f;
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

// π(a|s) of the behaviour policy, for Expected SARSA and Boltzmann sampling.
void TabularQ::policyProbs(int s, uint64_t mask, float* p) const {
  const float* row = &Q_[size_t(s) * size_t(nA_)];
  const int n = std::popcount(mask);
  if (cfg_.exploration >= 0.5) {  // Boltzmann: p ∝ exp((Q − max Q)/τ), shifted for stability
    float mx = -std::numeric_limits<float>::infinity(), z = 0.f;
    for (int a = 0; a < nA_; ++a)
      if (mask >> a & 1) mx = std::max(mx, row[a]);
    for (int a = 0; a < nA_; ++a) z += p[a] = (mask >> a & 1) ? std::exp((row[a] - mx) / float(cfg_.temperature)) : 0.f;
    for (int a = 0; a < nA_; ++a) p[a] /= z;
    return;
  }
  // ε-greedy: ε/n to every allowed action, the rest split among the maximisers.
  const float eps = float(currentEpsilon());
  float mx = -std::numeric_limits<float>::infinity();
  int ties = 0;
  for (int a = 0; a < nA_; ++a)
    if (mask >> a & 1) {
      if (row[a] > mx) mx = row[a], ties = 1;
      else if (row[a] == mx) ++ties;
    }
  for (int a = 0; a < nA_; ++a)
    p[a] = (mask >> a & 1) ? eps / float(n) + (row[a] == mx ? (1.f - eps) / float(ties) : 0.f) : 0.f;
}

int TabularQ::chooseAction(int s, uint64_t mask) {
  if (cfg_.exploration >= 0.5) {
    float p[64];
    policyProbs(s, mask, p);
    float u = float(rng_.uniform());
    int lastAllowed = 0;
    for (int a = 0; a < nA_; ++a) {
      if (!(mask >> a & 1)) continue;
      lastAllowed = a;
      if (u < p[a]) return a;
      u -= p[a];
    }
    return lastAllowed;
  }
  if (rng_.uniform() < currentEpsilon()) return randomAllowedAction(rng_, mask, nA_);  // explore
  return argmaxRandomTies(s, mask);
}

double TabularQ::maxQ(int s, uint64_t mask, int* arg) const {
  const float* row = &Q_[size_t(s) * size_t(nA_)];
  float best = -std::numeric_limits<float>::infinity();
  for (int a = 0; a < nA_; ++a)
    if ((mask >> a & 1) && row[a] > best) best = row[a], *arg = a;
  return best;
}

double TabularQ::expectedQ(int s, uint64_t mask) const {
  float p[64];
  policyProbs(s, mask, p);
  const float* row = &Q_[size_t(s) * size_t(nA_)];
  double e = 0;
  for (int a = 0; a < nA_; ++a)
    if (mask >> a & 1) e += double(p[a]) * row[a];
  return e;
}

int TabularQ::greedyAction(int s) const {
  int a = 0;
  maxQ(s, mask_[size_t(s)], &a);
  return a;
}

void TabularQ::clearTraces() {
  for (int k : active_) trace_[size_t(k)] = 0.f;
  active_.clear();
}

// Q ← Q + α δ e for every pair with a live trace, then e ← γλ e (S&B eq. 12.5 tabular form). Watkins's Q(λ) cuts
// the traces after an exploratory action (see trainStep), because the greedy target no longer follows the behaviour.
void TabularQ::updateWithTraces(int s, int a, float delta, bool cutTraces) {
  const size_t sa = size_t(s) * size_t(nA_) + size_t(a);
  if (trace_[sa] == 0.f) active_.push_back(int(sa));
  trace_[sa] = cfg_.traceKind >= 0.5 ? trace_[sa] + 1.f : 1.f;
  const float step = float(cfg_.alpha) * delta, decay = float(cfg_.gamma * cfg_.lambda);
  size_t keep = 0;
  for (size_t i = 0; i < active_.size(); ++i) {
    const size_t k = size_t(active_[i]);
    Q_[k] += step * trace_[k];
    trace_[k] = cutTraces ? 0.f : trace_[k] * decay;
    if (trace_[k] >= kTraceFloor) active_[keep++] = int(k);
    else trace_[k] = 0.f;
  }
  active_.resize(keep);
}

int TabularQ::trainStep(Env& env, int maxSteps, Metrics& metrics, uint64_t stepBase, int forcedAction) {
  if (boundMetrics_ != &metrics) {
    tdId_ = metrics.id("losses/td_loss");
    qId_ = metrics.id("losses/q_values");
    epsId_ = metrics.id("charts/epsilon");
    boundMetrics_ = &metrics;
  }
  const float alpha = float(cfg_.alpha), gamma = float(cfg_.gamma);
  const bool traces = cfg_.lambda > 0.0;
  for (int i = 0; i < maxSteps; ++i) {
    // ---- Act (SARSA already chose a′ on the previous step) ----
    const int s = state_;
    const int a = forcedAction >= 0                                   ? forcedAction
                  : (rule_ == Rule::Sarsa && nextAction_ >= 0)         ? nextAction_
                                                                       : chooseAction(s, stateMask_);
    // Watkins's Q(λ): an exploratory (non-greedy) action breaks the chain the greedy target assumes — cut the traces.
    if (traces && rule_ == Rule::QLearning && !active_.empty()) {
      int greedy = 0;
      if (Q_[size_t(s) * size_t(nA_) + size_t(a)] < float(maxQ(s, stateMask_, &greedy))) clearTraces();
    }
    const StepResult step = env.step(a);
    const int s2 = int(env.observation()[0]);
    const uint64_t mask2 = env.actionMask();
    mask_[size_t(s2)] = uint8_t(mask2);
    const float r = float(step.reward);
    ++stepsDone_;

    // ---- TD target: y = r + γ·{max Q(s′,·) | Q(s′,a′) | Σ π(a′|s′) Q(s′,a′)}; y = r when terminal ----
    int a2 = 0;
    float next = 0.f;
    if (rule_ == Rule::Sarsa) {
      a2 = chooseAction(s2, mask2);
      next = Q_[size_t(s2) * size_t(nA_) + size_t(a2)];
    } else if (rule_ == Rule::ExpectedSarsa) {
      next = float(expectedQ(s2, mask2));
      maxQ(s2, mask2, &a2);
    } else {
      next = float(maxQ(s2, mask2, &a2));
    }
    const float target = step.terminated ? r : r + gamma * next;

    // ---- Update: Q(s,a) += α (y − Q(s,a)), directly or through the traces ----
    float& qsa = Q_[size_t(s) * size_t(nA_) + size_t(a)];
    const float before = qsa, td = target - qsa;
    if (traces) {
      updateWithTraces(s, a, td, step.terminated || step.truncated);  // traces never cross an episode boundary
    } else {
      qsa += alpha * td;
    }
    sumSqTd_ += double(td) * td;
    sumQ_ += before;
    ++stats_.updates;

    if (i == maxSteps - 1 || forcedAction >= 0) {  // the lens shows the last real update, with its numbers
      const TdRule rule = rule_ == Rule::Sarsa ? TdRule::Sarsa : rule_ == Rule::ExpectedSarsa ? TdRule::Expected : TdRule::Max;
      last_ = {s, a, s2, a2, r, gamma, next, target, before, qsa, alpha, step.terminated, rule};
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
      metrics.add(epsId_, x, currentEpsilon());
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
  out.q = tableInsight(Q_, nS_, nA_, state_, last_, currentEpsilon());
  out.phase = explorationPhase(Q_, nA_, last_);
}

std::string TabularQ::checkFinite() const { return firstNonFinite(Q_, nA_); }

// ---- Saved agents ----

void TabularQ::describeState(AgentState& s) {
  s.vector("Q", Q_);
  s.vector("allowed_actions", mask_);
  s.vector("model_reward", modelReward_);
  s.vector("model_next", modelNext_);
  s.vector("model_terminal", modelTerminal_);
  s.vector("model_seen", modelSeen_);
  s.counter("steps", stepsDone_);
}

void TabularQ::persist(StateIO& io) {
  io.io(rng_);
  io.fixed(trace_, "the eligibility traces");
  io.io(active_);
  io.io(seenPairs_);
  io.io(state_), io.io(stateMask_), io.io(nextAction_);
  rl::persist(io, last_);
  io.io(sumSqTd_), io.io(sumQ_), io.io(logCount_);
  if (io.reading() && (state_ < -1 || state_ >= nS_)) io.fail("the current state is outside the table");
  if (io.reading() && (nextAction_ < -1 || nextAction_ >= nA_)) io.fail("the next action is outside the table");
  if (io.reading())
    for (int i : active_)
      if (i < 0 || size_t(i) >= trace_.size()) io.fail("an eligibility trace is outside the table");
  if (io.reading())
    for (int i : seenPairs_)
      if (i < 0 || size_t(i) >= modelSeen_.size()) io.fail("a planning pair is outside the table");
}

void TabularQ::stateLoaded() {
  clearTraces();      // the traces followed the old Q through this episode
  nextAction_ = -1;   // SARSA's a′ was chosen from the old Q
  seenPairs_.clear();  // Dyna plans over the pairs the loaded model has seen
  for (size_t sa = 0; sa < modelSeen_.size(); ++sa)
    if (modelSeen_[sa]) seenPairs_.push_back(int(sa));
}

}  // namespace rl
