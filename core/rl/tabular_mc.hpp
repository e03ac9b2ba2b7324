// Monte-Carlo control with ε-greedy exploration (Sutton & Barto 2018, §5.4): every-visit or first-visit, with a
// constant step α (§6.1's constant-α MC) or sample averages α = 1/N(s,a) (§5.3's textbook estimator). Q(s,a) moves toward the discounted return G that actually followed, computed backwards when an
// episode ends. A truncated episode (a gridworld lap, a time limit, or the max_episode cap on a long wander, after
// which the env is reset) bootstraps G from the value of the state it was cut at, as truncation means the task
// goes on. Pair it with exploring starts (gridworld's random_start) so every state keeps being visited.
#pragma once
#include <cstdint>
#include <vector>

#include "core/agent.hpp"
#include "core/rl/q_table.hpp"
#include "core/rng.hpp"

namespace rl {

class TabularMc final : public Agent {
 public:
  struct Config {
    double alpha = 0.1;         // step size α ∈ [0, 1] toward each observed return
    double gamma = 0.9;         // discount γ ∈ [0, 0.999]
    double epsilon = 0.2;       // ε at the start of the linear decay
    double epsilonFinal = 0.2;  // ε at the end of the decay
    int epsilonDecaySteps = 0;  // env steps of the decay; 0 = constant ε
    int maxEpisode = 1000;      // a time limit: after this many steps the episode is cut, bootstrapped and restarted
    double qInit = 0.0;         // initial Q (on reset)
    double stepSize = 0;        // 0: constant α; 1: sample average, α = 1/N(s,a) (N counted since the reset)
    bool firstVisit = false;    // only the first visit of (s,a) in an episode is updated
    bool randomFirstAction = false;  // exploring starts: each episode's first action is uniformly random
    int logInterval = 100;
  };

  TabularMc();
  std::string id() const override { return "mc-control"; }
  std::string unsupportedReason(const Env& env) const override;
  void reset(Env& env, uint64_t seed) override;
  // Saved agents (core/agent_state.hpp): Q, the visit counts N(s,a), the allowed actions seen and the ε schedule's step count.
  void describeState(AgentState& s) override;
  void stateLoaded() override;
  // Checkpoints (core/checkpoint.hpp): the RNG, the episode buffered so far, the current state and the lens's last
  // update.
  void persist(StateIO& io) override;
  int trainStep(Env& env, int maxSteps, Metrics& metrics, uint64_t stepBase, int forcedAction) override;
  // Value-based: its "TD loss" is the mean (G − Q)² of an episode's visits; mean Q and ε.
  ChartPlan charts(const EnvInfo& env) const override {
    return valueBasedCharts(env, {charts::meanQ(), charts::epsilon()});
  }
  void fillInsights(Insights& out) const override;
  std::string checkFinite() const override;
  double valueMagnitude() const override { return maxAbsEntry(Q_); }

  float q(int s, int a) const { return Q_[size_t(s) * size_t(nA_) + size_t(a)]; }
  int greedyAction(int s) const;
  double currentEpsilon() const;

 private:
  struct Visit {
    int s, a;
    float r;
  };
  int chooseAction(int s, uint64_t mask);
  float maxQ(int s, uint64_t mask) const;
  // Backs up the buffered episode: G ← r + γG from the end, Q(s,a) += α (G − Q(s,a)).
  void learnFromEpisode(float bootstrap, Metrics& metrics, double x);

  Config cfg_;
  Rng rng_;
  int nS_ = 0, nA_ = 0;
  std::vector<float> Q_;
  std::vector<uint32_t> visits_;     // N(s,a): updates made to each pair (sample averages)
  std::vector<uint32_t> seenStamp_;  // first-visit bookkeeping: the episode number a pair was last seen in
  uint32_t episodeStamp_ = 0;
  std::vector<uint8_t> firstVisitFlag_;
  std::vector<uint8_t> mask_;
  std::vector<Visit> episode_;
  int state_ = 0;
  uint64_t stateMask_ = 0, stepsDone_ = 0;
  TdBreakdown last_;
  int returnErrId_ = -1, qId_ = -1, epsId_ = -1;
  const Metrics* boundMetrics_ = nullptr;
};

}  // namespace rl
