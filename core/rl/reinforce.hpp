// REINFORCE (Williams 1992): Monte-Carlo policy gradient over a batch of whole episodes,
//   ∇J ≈ (1/T) Σ_t Ψ_t ∇log π(a_t|s_t),   Ψ_t = G_t − b(s_t)   (reward-to-go) or G_0 − b (the whole return),
// with every classroom switch: the baseline b (none, the batch mean of the returns, or a learned V(s)), reward-to-go,
// return normalisation, an entropy bonus, the optimiser. The learned V(s) is always fitted to G_t (½·mean(V − G)²)
// so switching the baseline on mid-run uses a V that has been learning all along.
//
// "Add a baseline" is made measurable: each batch, the variance over its episodes of each episode's gradient
// estimate ĝ_n = Σ_t Ψ_t ∇log π(a_t|s_t) with Ψ = G − b and with Ψ = G (same batch, same ∇log π), summed over
// parameters, goes to GradVarianceInsight and the metrics losses/grad_var_baseline, losses/grad_var_no_baseline.
//
// Other metrics: losses/policy_loss, losses/value_loss, losses/entropy, charts/learning_rate (one point per update).
// Episodes are the env's (a gridworld lap counts as one); a batch is also cut at max_batch_steps, the running
// episode's return then ending there. Per-env defaults: presetFor(env) on the first reset on an env.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "core/agent.hpp"
#include "core/rl/policy_common.hpp"
#include "core/rl/rollout.hpp"
#include "core/rng.hpp"

namespace rl {

class Reinforce final : public Agent {
 public:
  enum Baseline { kNone = 0, kMean = 1, kLearned = 2 };
  enum Optim { kAdam = 0, kSgd = 1, kRmsProp = 2 };

  struct Config {
    int batchEpisodes = 8;        // episodes per update N ∈ [1, 256]
    int maxBatchSteps = 20000;    // an update happens at the latest after this many steps ∈ [100, 1 000 000]
    int maxEpisode = 0;           // time limit: an episode is cut here and the env reset (0 = none) ∈ [0, 100 000]
    double baseline = kLearned;   // none / mean of the batch's returns / learned V(s)
    bool rewardToGo = true;       // Ψ_t from G_t (the return after t) instead of G_0 (the whole episode's)
    double gamma = 0.99;          // discount γ ∈ [0, 1]
    bool normalize = false;       // Ψ standardised over the batch (mean 0, std 1)
    double entCoef = 0.0;         // entropy bonus ∈ [0, 1]
    double optimizer = kAdam;     // adam / sgd / rmsprop; on reset
    double lr = 1e-3;             // ∈ [1e-6, 1] (live)
    int hidden = 64;              // MLP hidden units ∈ [8, 512]; on reset
    int layers = 2;               // MLP hidden layers ∈ [1, 4]; on reset
    double logStd = 0;            // continuous: 0 = learned state-independent log σ, 1 = state-dependent head; on reset
    double logStdInit = 0.0;      // continuous: initial log σ ∈ [−3, 1]; on reset
  };

  Reinforce();
  std::string id() const override { return "reinforce"; }
  std::string unsupportedReason(const Env& env) const override;
  void reset(Env& env, uint64_t seed) override;
  // Saved agents (core/agent_state.hpp): the policy and baseline networks, the optimiser's moments, the update count.
  void describeState(AgentState& s) override;
  void stateLoaded() override;
  // Checkpoints (core/checkpoint.hpp): the RNG, the batch of episodes so far, the decided action, the lens's records.
  void persist(StateIO& io) override;
  int trainStep(Env& env, int maxSteps, Metrics& metrics, uint64_t stepBase, int forcedAction) override;
  // The gradient variance with and without the baseline, then the losses, entropy and learning rate.
  ChartPlan charts(const EnvInfo& env) const override {
    auto pick = charts::policyAndValue();
    pick.push_back(charts::learningRate());
    return policyGradientCharts(env, charts::gradientVariance(), std::move(pick));
  }
  // PolicyInsight (current state), RatioInsight (objective Reinforce: ratios 1, one epoch), GradVarianceInsight.
  void fillInsights(Insights& out) const override;
  void fillEnvInsights(const Env& env, Insights& out) const override;
  std::string checkFinite() const override;

  static std::vector<std::string> presetFor(const std::string& envId);
  const Config& config() const { return cfg_; }
  const GradVarianceInsight& gradVariance() const { return gradVar_; }
  uint64_t updates() const { return updates_; }

 private:
  void update();
  void decide(Env& env);
  // Trace of the covariance over episodes of ĝ_n = Σ_t psi_t ∇log π(a_t|s_t) (episode n = rows [starts[n], ends[n])).
  double gradientVariance(const nn::Mat<float>& X, const std::vector<float>& psi, const std::vector<int>& starts,
                          const std::vector<int>& ends);

  Config cfg_, built_;
  Rng rng_;
  mutable PolicyModel model_;
  std::unique_ptr<nn::Optimizer<float>> opt_;
  RolloutBuffer buffer_;
  int episodesInBatch_ = 0;
  int episodeSteps_ = 0;  // steps of the running episode, for max_episode
  uint64_t updates_ = 0;

  ActSample pending_;
  std::vector<float> pendingObs_;
  uint64_t pendingMask_ = 0;

  RatioInsight ratio_;
  GradVarianceInsight gradVar_;
  AdvantageRecorder advantage_;  // r and V(s_t) of the running and the last finished episode
  StateTrail trail_;
  mutable PolicyLensCache lens_;

  int policyLossId_ = -1, valueLossId_ = -1, entropyId_ = -1, lrId_ = -1, varBaseId_ = -1, varNoBaseId_ = -1;
  const Metrics* boundMetrics_ = nullptr;
  double policyLoss_ = 0, valueLoss_ = 0, entropy_ = 0;
};

}  // namespace rl
