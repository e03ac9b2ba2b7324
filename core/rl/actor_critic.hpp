// One-step online actor-critic (Sutton & Barto 2018 §13.5), with eligibility traces as MinAtar's AC(λ) (Young & Tian
// 2019). Exactly as the texts write it, one env step at a time:
//   observe s, sample a ~ π_θ(·|s), get r, s′
//   δ = r + γ·V_w(s′) − V_w(s)          (V(s′) = 0 after a termination; V(final observation) after a truncation)
//   z_w ← γλ·z_w + ∇_w V_w(s)            w ← w + α_w·δ·z_w
//   z_θ ← γλ·z_θ + ∇_θ log π_θ(a|s)      θ ← θ + α_θ·(δ·z_θ + c·∇_θ H(π_θ(·|s)))
// Traces start at 0 at every episode start; λ = 0 is the plain one-step method (z = the gradient of this step).
// The entropy bonus c·∇H is not traced: it regularises the policy at s, it is not credit for a reward.
//
// Optimiser: sgd is the update above, literally (θ ← θ − lr·g with g = −δz). rmsprop divides each step by a running
// RMS of the update direction δz (MinAtar's normaliser; β 0.999, ε 1e-4). adam: Adam on the same direction. The
// critic and the actor each have their own optimiser and step size.
//
// Metrics (CleanRL/SB3 names), one point per 100 steps, means over those steps: losses/value_loss (½δ²),
// losses/policy_loss (−δ·log π(a|s)), losses/entropy, charts/td_error (|δ|).
// Per-env defaults: presetFor(env) on the first reset on an env.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "core/agent.hpp"
#include "core/rl/ac_tricks.hpp"
#include "core/rl/policy_common.hpp"
#include "core/rng.hpp"

namespace rl {

class ActorCritic final : public Agent {
 public:
  enum Optim { kSgd = 0, kRmsProp = 1, kAdam = 2 };
  static constexpr int kLogInterval = 100;  // env steps per metric point

  struct Config {
    double gamma = 0.99;        // discount γ ∈ [0, 1]
    double alphaCritic = 0.01;  // critic step size α_w ∈ [1e-6, 1] (live)
    double alphaActor = 0.01;   // actor step size α_θ ∈ [1e-6, 1] (live)
    double lambda = 0.0;        // trace decay λ ∈ [0, 1]; 0 = one-step actor-critic (live)
    double entCoef = 0.0;       // entropy bonus c ∈ [0, 1] (live)
    int optimizer = kSgd;       // sgd / rmsprop / adam; on reset
    int hidden = 64;            // MLP hidden units ∈ [8, 512]; on reset
    int layers = 2;             // MLP hidden layers ∈ [0, 4]; 0 on one-hot states = a table; on reset
    bool sharedTrunk = false;   // actor and critic as two heads on one trunk; on reset
    double logStdInit = 0.0;    // continuous actions: initial log σ ∈ [−3, 1]; on reset
  };

  ActorCritic();
  std::string id() const override { return "actor-critic"; }
  std::string unsupportedReason(const Env& env) const override;
  void reset(Env& env, uint64_t seed) override;
  // Saved agents (core/agent_state.hpp): actor and critic, both optimisers' moments, the update count.
  void describeState(AgentState& s) override;
  void stateLoaded() override;
  // Checkpoints (core/checkpoint.hpp): the RNG, the traces, the action decided for s, the lens's records, the sums.
  void persist(StateIO& io) override;
  int trainStep(Env& env, int maxSteps, Metrics& metrics, uint64_t stepBase, int forcedAction) override;
  // The losses and entropy (its charts/td_error, the mean |δ|, has no chart).
  ChartPlan charts(const EnvInfo& env) const override {
    return policyGradientCharts(env, {}, charts::policyAndValue());
  }
  // PolicyInsight (current state), ActorCriticStep (the last step written out), AdvantageInsight (Td0).
  void fillInsights(Insights& out) const override;
  void fillEnvInsights(const Env& env, Insights& out) const override;
  double valueMagnitude() const override { return maxAbsValue_; }
  std::string checkFinite() const override;

  static std::vector<std::string> presetFor(const std::string& envId);
  const Config& config() const { return cfg_; }
  const ActorCriticStep& lastStep() const { return step_; }
  PolicyModel& model() { return model_; }
  uint64_t updates() const { return updates_; }

 private:
  void decide(Env& env);
  // Forward at s, then backward with ∂/∂V = 1, ∂/∂logπ(a|s) = 1 and ∂/∂H = 1: the per-parameter gradients.
  void gradientsAt(const float* obs, uint64_t mask, const ActSample& a);
  double logProbAt(const float* obs, uint64_t mask, const ActSample& a);  // log π(a|s) now (a forward only)

  AcTricks tricks_;  // the GAN tricks carried over (freezing, label smoothing, historical averaging)
  Config cfg_, built_;
  Rng rng_;
  mutable PolicyModel model_;
  std::unique_ptr<nn::Optimizer<float>> criticOpt_, actorOpt_;
  std::vector<nn::Param<float>*> criticParams_, actorParams_;
  std::vector<nn::Mat<float>> gradV_, gradLogPi_, gradH_;  // ∇_w V(s), ∇_θ log π(a|s), ∇_θ H at this step
  std::vector<nn::Mat<float>> zW_, zTheta_;                // eligibility traces
  double valueS_ = 0, logPiS_ = 0, entropyS_ = 0;          // V(s), log π(a|s), H at this step (before the update)
  uint64_t updates_ = 0;

  ActSample pending_;
  std::vector<float> pendingObs_;
  uint64_t pendingMask_ = 0;

  ActorCriticStep step_;
  AdvantageRecorder advantage_;
  StateTrail trail_;
  mutable PolicyLensCache lens_;
  double maxAbsValue_ = 0;

  int valueLossId_ = -1, policyLossId_ = -1, entropyId_ = -1, tdErrorId_ = -1;
  const Metrics* boundMetrics_ = nullptr;
  double sumValueLoss_ = 0, sumPolicyLoss_ = 0, sumEntropy_ = 0, sumAbsDelta_ = 0;
  int logged_ = 0;
};

}  // namespace rl
