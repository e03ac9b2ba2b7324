// Tabular TD control: Q-learning, SARSA and Expected SARSA, with eligibility traces (λ, replacing or accumulating),
// ε-greedy (optionally decaying) or Boltzmann exploration, optimistic initial values and Dyna-Q planning.
// Sutton & Barto (2018) §6.4–6.6 (SARSA, Q-learning, Expected SARSA), §12.7 and §12.10 (SARSA(λ), Watkins's Q(λ)),
// §8.2 (Dyna-Q). Settings default to REINFORCEjs's TD demo.
#pragma once
#include <vector>

#include "core/agent.hpp"
#include "core/rl/q_table.hpp"
#include "core/rng.hpp"

namespace rl {

class TabularQ final : public Agent {
 public:
  enum class Rule { QLearning, Sarsa, ExpectedSarsa };

  struct Config {
    double alpha = 0.1;         // step size α ∈ [0, 1]: how far each update moves Q(s,a) toward its TD target
    double gamma = 0.9;         // discount γ ∈ [0, 0.999]: weight of the next state's value in the target
    double exploration = 0;     // 0 = ε-greedy, 1 = Boltzmann (softmax of Q / τ)
    double epsilon = 0.2;       // ε ∈ [0, 1]: probability of a uniformly random allowed action (start of the schedule)
    double epsilonFinal = 0.2;  // ε at the end of the linear decay
    int epsilonDecaySteps = 0;  // env steps of the linear decay from ε to ε_final; 0 = constant ε
    double temperature = 0.1;   // Boltzmann τ > 0: lower is greedier
    double lambda = 0.0;        // eligibility-trace decay λ ∈ [0, 1]; 0 = one-step TD
    double traceKind = 0;       // 0 = replacing traces, 1 = accumulating
    int planningSteps = 50;     // Dyna-Q: simulated updates from the learned model per real step, [0, 200]
    double qInit = 0.0;         // initial Q for every (s, a); > 0 is "optimism in the face of uncertainty" (on reset)
    int logInterval = 100;      // env steps per point of losses/td_loss, losses/q_values
  };

  explicit TabularQ(Rule rule);
  std::string id() const override;
  std::string unsupportedReason(const Env& env) const override;
  void reset(Env& env, uint64_t seed) override;
  // Saved agents (core/agent_state.hpp): Q, the allowed actions seen, the Dyna model and the ε schedule's step count.
  void describeState(AgentState& s) override;
  void stateLoaded() override;
  void persist(StateIO& io) override;
  int trainStep(Env& env, int maxSteps, Metrics& metrics, uint64_t stepBase, int forcedAction) override;
  // Value-based: TD loss, mean Q and ε (metrics bound in trainStep).
  ChartPlan charts(const EnvInfo& env) const override {
    return valueBasedCharts(env, {charts::meanQ(), charts::epsilon()});
  }
  void fillInsights(Insights& out) const override;
  std::string checkFinite() const override;
  double valueMagnitude() const override { return maxAbsEntry(Q_); }

  const Config& config() const { return cfg_; }
  float q(int s, int a) const { return Q_[size_t(s) * size_t(nA_) + size_t(a)]; }
  int greedyAction(int s) const;  // first maximiser among the allowed actions seen for s
  double currentEpsilon() const;  // ε after the decay schedule at the current step

 private:
  int chooseAction(int s, uint64_t mask);
  int argmaxRandomTies(int s, uint64_t mask);
  double maxQ(int s, uint64_t mask, int* arg) const;
  // Expected value of Q(s, ·) under the current behaviour policy (Expected SARSA's bootstrap).
  double expectedQ(int s, uint64_t mask) const;
  void policyProbs(int s, uint64_t mask, float* p) const;
  void updateWithTraces(int s, int a, float delta, bool cutTraces);
  void clearTraces();
  void plan(int n);

  Rule rule_;
  Config cfg_;
  Rng rng_;
  int nS_ = 0, nA_ = 0;
  std::vector<float> Q_;
  std::vector<uint8_t> mask_;  // allowed actions of each state, as observed

  // Eligibility traces, kept sparse: only (s, a) pairs whose trace is above kTraceFloor are visited.
  std::vector<float> trace_;
  std::vector<int> active_;

  // Dyna model: the last observed outcome of each (s, a) — deterministic-world assumption, as in Dyna-Q.
  std::vector<float> modelReward_;
  std::vector<int> modelNext_;
  std::vector<uint8_t> modelTerminal_, modelSeen_;
  std::vector<int> seenPairs_;

  int state_ = 0;
  uint64_t stateMask_ = 0;
  int nextAction_ = -1;  // SARSA's a′, carried to the next step
  uint64_t stepsDone_ = 0;
  TdBreakdown last_;

  // Metric accumulators over logInterval steps.
  double sumSqTd_ = 0, sumQ_ = 0;
  int logCount_ = 0;
  int tdId_ = -1, qId_ = -1, epsId_ = -1;
  const Metrics* boundMetrics_ = nullptr;
};

}  // namespace rl
