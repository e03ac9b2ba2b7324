// A2C, the synchronous advantage actor-critic (Mnih et al. 2016's A3C made synchronous, as OpenAI Baselines and
// Stable-Baselines3 run it): N workers — env copies stepped in lockstep (core/rl/sync_rollouts.hpp) — each collect an
// n-step segment with π_θ; at the barrier, when every segment is full, one gradient step on all N·n samples:
//   Â_t by the estimator switch: TD(0) δ_t · n-step G^(n)_t − V(s_t) · GAE(γ, λ) · MC (λ = 1: the return to the
//   segment's end, bootstrapped there from V — over whole episodes when the segment is longer than an episode)
//   R_t = Â_t + V(s_t)                                             (the critic's target)
//   L(θ, w) = −mean Â_t·log π_θ(a_t|s_t) + c_v·mean (V_w(s_t) − R_t)² − c_H·mean H(π_θ(·|s_t))
// then the gradient norm is clipped and RMSProp (SB3's default: α 0.99, ε 1e-5) or Adam takes one step. Actor and
// critic are two networks or two heads on one shared trunk.
//
// Metrics (SB3/CleanRL names), one point per update: losses/policy_loss, losses/value_loss, losses/entropy,
// losses/explained_variance, charts/learning_rate. Per-env defaults: presetFor(env) on the first reset on an env.
#pragma once
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/agent.hpp"
#include "core/rl/ac_tricks.hpp"
#include "core/rl/pg_losses.hpp"
#include "core/rl/policy_common.hpp"
#include "core/rl/sync_rollouts.hpp"
#include "core/rng.hpp"

namespace rl {

class A2c final : public Agent {
 public:
  enum Estimator { kTd0 = 0, kNStep = 1, kGae = 2, kMc = 3 };
  enum Optim { kRmsProp = 0, kAdam = 1 };

  struct Config {
    double gamma = 0.99;        // discount γ ∈ [0, 0.999]
    double estimator = kGae;    // td0 / nstep / gae / mc (live)
    double gaeLambda = 1.0;     // GAE λ ∈ [0, 1] (SB3's A2C default 1) (live)
    int nStep = 5;              // the n-step estimator's n ∈ [1, 512] (live)
    int numSteps = 5;           // segment length: env steps per worker per update ∈ [1, 4096]; on reset
    int numEnvs = 4;            // workers (env copies) ∈ [1, 64]; on reset
    double lr = 7e-4;           // step size ∈ [1e-6, 0.1] (live)
    int optimizer = kRmsProp;   // rmsprop (α 0.99, ε 1e-5) / adam; on reset
    double entCoef = 0.0;       // entropy bonus c_H ∈ [0, 1] (live)
    double vfCoef = 0.5;        // value-loss weight c_v ∈ [0, 10] (live)
    double maxGradNorm = 0.5;   // joint gradient-norm clip ∈ [0, 100], 0 = off (live)
    bool normAdv = false;       // normalise Â over the batch to mean 0, std 1 (live)
    double rewardScale = 1.0;   // rewards × this for learning ∈ [1e-3, 10] (returns are logged raw)
    bool sharedTrunk = false;   // actor and critic share the trunk; on reset
    int hidden = 64;            // MLP hidden units ∈ [8, 512]; on reset (the MinAtar trunk is fixed)
    int layers = 2;             // MLP hidden layers ∈ [0, 4]; 0 on one-hot states = a table; on reset
    double logStdInit = 0.0;    // continuous actions: initial log σ ∈ [−3, 1]; on reset
  };

  A2c();
  std::string id() const override { return "a2c"; }
  std::string unsupportedReason(const Env& env) const override;
  void reset(Env& env, uint64_t seed) override;
  // Saved agents (core/agent_state.hpp): the networks (batch norm's running statistics included), the optimiser's moments, the update count.
  void describeState(AgentState& s) override;
  void stateLoaded() override;
  // Checkpoints (core/checkpoint.hpp): historical averaging's θ̄, the RNG, the workers' env copies and segments so
  // far, the lens's last update.
  void persist(StateIO& io) override;
  void setEnvFactory(std::function<std::unique_ptr<Env>()> make) override { runner_.setFactory(std::move(make)); }
  void envChanged(const Env& env) override { runner_.envChanged(env); }
  void envEdited(const EnvEdit& e) override { runner_.envEdited(e); }
  int trainStep(Env& env, int maxSteps, Metrics& metrics, uint64_t stepBase, int forcedAction) override;
  // The losses, entropy, explained variance and learning rate.
  ChartPlan charts(const EnvInfo& env) const override {
    auto pick = charts::policyAndValue();
    pick.push_back(charts::explainedVariance());
    pick.push_back(charts::learningRate());
    return policyGradientCharts(env, {}, std::move(pick));
  }
  // PolicyInsight (worker 0's state), AdvantageInsight (worker 0's episodes), ActorCriticStep (the last update for
  // one sample) and WorkersInsight (one lane per worker).
  void fillInsights(Insights& out) const override;
  void fillEnvInsights(const Env& env, Insights& out) const override;
  double valueMagnitude() const override { return maxAbsValue_; }
  std::string checkFinite() const override;

  static std::vector<std::string> presetFor(const std::string& envId);
  const Config& config() const { return cfg_; }
  PolicyModel& model() { return model_; }
  uint64_t updates() const { return updates_; }
  // The advantages Â of the last update's batch, worker 0's rows first (for tests).
  const std::vector<float>& lastAdvantages() const { return lastAdvantages_; }

 private:
  void update();

  Config cfg_, built_;
  AcTricks tricks_;  // the GAN tricks carried over: freezing, label smoothing, historical averaging, batch norm
  bool builtBatchNorm_ = false;
  Rng rng_;
  mutable PolicyModel model_;
  std::unique_ptr<nn::Optimizer<float>> opt_;
  SyncRollouts runner_;
  RolloutBuffer batch_;
  uint64_t updates_ = 0;
  std::vector<float> lastAdvantages_;
  ActorCriticStep step_;
  double maxAbsValue_ = 0, lastLoss_ = 0;
  int policyLossId_ = -1, valueLossId_ = -1, entropyId_ = -1, explVarId_ = -1, lrId_ = -1;
  const Metrics* boundMetrics_ = nullptr;
  struct UpdateStats {
    double policyLoss = 0, valueLoss = 0, entropy = 0, explVar = 0;
  } lastStats_{};
};

// The advantage actor-critic's gradient on a batch — A2C's whole batch, one A3C segment: R = Â + V_old (through the
// critic-target trick), Â normalised if asked, one forward, L = −mean Â·log π + c_v·mean (V − R)² − c_H·mean H,
// freezing (core/rl/ac_tricks.hpp), and the backward into the model's gradients. The caller clips and steps.
struct AcLossSettings {
  int estimator = A2c::kGae;
  double gamma = 0.99, vfCoef = 0.5, entCoef = 0, rewardScale = 1, lambda = 1;
  bool normAdv = false;
};
struct AcGradient {
  ActorCriticLoss<float> L;
  double explVar = 0, maxAbsValue = 0, criticError = 0;
  ActorCriticStep sample;  // row 0 before the step, in the env's reward units
};
AcGradient advantageActorCriticGradient(PolicyModel& m, const RolloutBuffer& B, const std::vector<float>& advantages,
                                        const AcLossSettings& s, const AcTricks& tricks);
// The lens's sample after the step: V(s) and log π(a|s) of row 0 with the model's parameters now.
void sampleAfterStep(PolicyModel& m, const RolloutBuffer& B, double rewardScale, ActorCriticStep& sample);

// Â for one worker's segment by the estimator switch (shared with A3C).
std::vector<float> segmentAdvantages(const RolloutBuffer& b, float lastValue, int estimator, double gamma,
                                     double lambda, int n);
// "TD(0)", "n-step", "GAE(λ)", "MC" and the lens's estimator for an A2c::Estimator value.
const char* estimatorLabel(int estimator);
AdvantageInsight::Estimator insightEstimator(int estimator);

}  // namespace rl
