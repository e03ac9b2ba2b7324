// Proximal Policy Optimization (Schulman et al. 2017), read like CleanRL's ppo.py / ppo_continuous_action.py: collect
// num_steps transitions on each of num_envs env copies → GAE(γ, λ) per copy → update_epochs passes over the
// num_steps·num_envs samples in num_minibatches shuffled minibatches → clipped surrogate + clipped value loss − entropy
// bonus. The objective is a switch, so a class can compare: clip (PPO-Clip), kl (PPO with the adaptive KL penalty),
// none (the importance-weighted surrogate r·Â for several epochs, no constraint — watch the ratios run away) and
// vanilla (one epoch, one minibatch: the plain on-policy policy gradient with a GAE critic).
//
// Env copies (num_envs = N, CleanRL's SyncVectorEnv): core/rl/sync_rollouts.hpp — copy 0 is the trainer's own env
// (episode returns, the lens and human play follow it), copies 1..N−1 come from the env factory, seeded seed + i.
//
// Metrics (CleanRL's names, one point per update): losses/policy_loss, losses/value_loss, losses/entropy (of the last
// minibatch), losses/approx_kl (k3 = mean((r − 1) − log r)), losses/old_approx_kl (mean(−log r)), losses/clipfrac
// (mean over the minibatches), losses/explained_variance, charts/learning_rate, and charts/kl_beta with the kl
// objective.
//
// Per-env defaults: on the first reset on an env (and whenever the env id changes) the agent applies presetFor(env).
#pragma once
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/agent.hpp"
#include "core/rl/policy_common.hpp"
#include "core/rl/rollout.hpp"
#include "core/rl/sync_rollouts.hpp"
#include "core/rng.hpp"

namespace rl {

class Ppo final : public Agent {
 public:
  enum Objective { kClip = 0, kKl = 1, kNone = 2, kVanilla = 3 };

  struct Config {
    double objective = kClip;   // clip / kl (adaptive β) / none (r·Â, no constraint) / vanilla (1 epoch, 1 minibatch)
    double gamma = 0.99;        // discount γ ∈ [0, 0.999]
    double gaeLambda = 0.95;    // GAE λ ∈ [0, 1] (0: one-step TD advantage, 1: Monte-Carlo minus V)
    double lr = 2.5e-4;         // Adam step size ∈ [1e-6, 0.1] (live)
    bool annealLr = false;      // lr decays linearly to 0 over anneal_steps env steps
    int annealSteps = 500000;   // ∈ [1000, 100 000 000]
    int numSteps = 128;         // rollout length (env steps per copy per update) ∈ [8, 16384]; on reset
    int numEnvs = 1;            // env copies stepped in lockstep ∈ [1, 64]; batch = num_steps·num_envs; on reset
    int updateEpochs = 4;       // passes over each rollout ∈ [1, 50]
    int numMinibatches = 4;     // minibatches per epoch ∈ [1, 512]
    bool normAdv = true;        // normalise Â per minibatch to mean 0, std 1
    double clipCoef = 0.2;      // ε of the band [1 − ε, 1 + ε] ∈ [0.01, 1]
    bool clipVloss = true;      // clip V − V_old to ±ε in the value loss
    double entCoef = 0.01;      // entropy bonus c₂ ∈ [0, 1]
    double vfCoef = 0.5;        // value-loss weight c₁ ∈ [0, 10]
    double maxGradNorm = 0.5;   // joint gradient-norm clip ∈ [0, 100], 0 = off
    double targetKl = 0;        // stop the epochs when approx_kl exceeds it ∈ [0, 1], 0 = off
    double klTarget = 0.01;     // kl objective: the target d of the adaptive β ∈ [1e-4, 1]
    double klBeta = 1.0;        // kl objective: initial β ∈ [0, 100]; on reset
    double rewardScale = 1.0;   // rewards are multiplied by this for learning ∈ [1e-3, 10] (returns are logged raw)
    bool sharedTrunk = false;   // actor and critic share the trunk; on reset
    int hidden = 64;            // MLP hidden units ∈ [8, 512]; on reset (the MinAtar trunk is fixed)
    int layers = 2;             // MLP hidden layers ∈ [1, 4]; on reset
    double logStdInit = 0.0;    // continuous actions: initial log σ ∈ [−3, 1]; on reset
  };

  Ppo();
  std::string id() const override { return "ppo"; }
  std::string unsupportedReason(const Env& env) const override;
  void reset(Env& env, uint64_t seed) override;
  // Saved agents (core/agent_state.hpp): the policy and value networks, the optimiser's moments, the step and update counts, the adaptive KL β.
  void describeState(AgentState& s) override;
  void stateLoaded() override;
  // Checkpoints (core/checkpoint.hpp): the RNG, the env copies and their rollouts so far, the lens's last update.
  void persist(StateIO& io) override;
  void setEnvFactory(std::function<std::unique_ptr<Env>()> make) override { runner_.setFactory(std::move(make)); }
  void envChanged(const Env& env) override;
  void envEdited(const EnvEdit& e) override;
  int trainStep(Env& env, int maxSteps, Metrics& metrics, uint64_t stepBase, int forcedAction) override;
  // KL per update, then clipfrac, the losses, entropy, explained variance, learning rate and (kl objective) β.
  ChartPlan charts(const EnvInfo& env) const override {
    std::vector<Chart> pick = {charts::clipFraction()};
    for (Chart& c : charts::policyAndValue()) pick.push_back(std::move(c));
    pick.push_back(charts::explainedVariance());
    pick.push_back(charts::learningRate());
    if (int(built_.objective) == kKl) pick.push_back(charts::klBeta());
    return policyGradientCharts(env, charts::approxKl(), std::move(pick));
  }
  // PolicyInsight at the current state (the action decided for it), RatioInsight of the last update.
  void fillInsights(Insights& out) const override;
  // PlaneMap over env.statePlane(): μ(s), σ(s) (continuous) or the most likely action (discrete), and V(s).
  void fillEnvInsights(const Env& env, Insights& out) const override;
  std::string checkFinite() const override;

  static std::vector<std::string> presetFor(const std::string& envId);
  const Config& config() const { return cfg_; }
  const RatioInsight& lastUpdate() const { return ratio_; }
  // First-minibatch ratios of the last update's first epoch (every one is 1: θ = θ_old before the first step).
  const std::vector<float>& firstMinibatchRatios() const { return firstRatios_; }
  double beta() const { return beta_; }
  uint64_t updates() const { return updates_; }
  PolicyModel& model() { return model_; }
  // Copies 1..N−1 (copy k is env(k − 1)); null with num_envs = 1.
  VectorEnv* copies() { return runner_.copies(); }

 private:
  void update();

  Config cfg_, built_;
  Rng rng_;
  mutable PolicyModel model_;
  std::unique_ptr<nn::Optimizer<float>> opt_;
  SyncRollouts runner_;  // the env copies, their rollout buffers, copy 0's pending action and the lens's records
  RolloutBuffer batch_;  // the copies' rows joined for the update (num_envs > 1)
  uint64_t stepsDone_ = 0, updates_ = 0;
  double beta_ = 1.0;

  RatioInsight ratio_;
  std::vector<float> firstRatios_;

  int policyLossId_ = -1, valueLossId_ = -1, entropyId_ = -1, klId_ = -1, oldKlId_ = -1, clipfracId_ = -1,
      explVarId_ = -1, lrId_ = -1, betaId_ = -1;
  const Metrics* boundMetrics_ = nullptr;
  double lastLoss_ = 0;
  struct UpdateStats {
    double policyLoss = 0, valueLoss = 0, entropy = 0, approxKl = 0, oldApproxKl = 0, clipfrac = 0, explVar = 0;
  } lastStats_{};
};

}  // namespace rl
