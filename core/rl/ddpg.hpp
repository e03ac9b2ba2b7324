// DDPG (Lillicrap et al. 2016, "Continuous control with deep reinforcement learning") with TD3's three switches
// (Fujimoto et al. 2018, "Addressing function approximation error in actor-critic methods"). CleanRL's
// ddpg_continuous_action.py and td3_continuous_action.py are the reading model; their metric names are used.
//
//   actor    μ_θ(s) = b + k ⊙ tanh(f_θ(s)),  k = (high − low)/2, b = (high + low)/2: the env's action bounds
//   critic   Q_φ(s, a) on the input [s; a] (a in the env's units); TD3's twin critics Q_φ1, Q_φ2
//   targets  μ_θ′, Q_φ′ (Q_φ′1, Q_φ′2): copies at reset, then Polyak-averaged θ′ ← τθ + (1 − τ)θ′, φ′ ← τφ + (1 − τ)φ′
//
// Every env step t (0-based):
//   a = uniform in [low, high] while t < learning_starts, else clip(μ_θ(s) + k·x, low, high) with exploration noise
//       x ~ N(0, σ²) (Gaussian; σ in units of k, CleanRL's exploration_noise), or Ornstein–Uhlenbeck
//       x ← x − θ_OU·x·dt + σ·√dt·N(0, 1), x = 0 at every episode start (the paper's θ_OU = 0.15; dt as SB3's 0.01)
//   store (s, a, r, s′, terminated) in a uniform replay. After a truncation (the pendulum's 200-step limit) s′ is the
//       final observation and the target bootstraps from it; only a termination zeroes it.
//   once t + 1 > learning_starts, gradient_steps updates every train_freq steps, each on a batch of B drawn uniformly:
//     ã = μ_θ′(s′)                                  smoothing: ã = clip(μ_θ′(s′) + k·clip(σ̃·ε, −c, c), low, high)
//     y = r + γ(1 − terminated)·Q_φ′(s′, ã)         twin: min(Q_φ′1(s′, ã), Q_φ′2(s′, ã))
//     critic  φ ← Adam on L(φ) = (1/B) Σ (Q_φ(s, a) − y)²   (twin: each Q_φi on its own loss, the same y)
//     every d-th critic update (d = policy_delay when delayed, else 1):
//       actor   θ ← Adam ascent on J(θ) = (1/B) Σ Q_φ1(s, μ_θ(s)), by the pathwise gradient
//               ∇_θ J = (1/B) Σ ∂Q_φ1(s, a)/∂a |_{a = μ_θ(s)} · ∂μ_θ(s)/∂θ
//               — core/nn's backward: ∂(−J)/∂Q = −1/B into the critic, its input gradient's action rows are
//               ∂(−J)/∂a, times k through b + k·tanh, then into the actor. φ takes no step here.
//       targets θ′ ← τθ + (1 − τ)θ′, φ′ ← τφ + (1 − τ)φ′
//   TD3 = all three switches on: twin critics (min in the target), delayed actor and target updates (d = 2), target
//   policy smoothing (σ̃ = 0.2, c = 0.5, in units of k). The switch "td3" turns the three on or off together.
//
// Metrics (CleanRL's names), one point per 100 env steps, means over the updates since the last point:
// losses/qf1_loss, losses/qf2_loss (twin critics only), losses/actor_loss (−J), losses/qf1_values (mean Q_φ1(s, a)).
// Per-env defaults: presetFor(env) on the first reset on an env (the pendulum: rl-baselines3-zoo's DDPG setting).
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/agent.hpp"
#include "core/rl/ac_tricks.hpp"
#include "core/nn/nn.hpp"
#include "core/rl/policy_common.hpp"
#include "core/rng.hpp"

namespace rl {

// The algorithm's arithmetic on batches (one column per sample), written once for float (training) and double (the
// finite-difference tests), so the tested code is the code that trains.
namespace ddpg {

template <class T>
using Mat = nn::Mat<T>;
template <class T>
using RowVec = nn::RowVec<T>;

// The env's action bounds per action dimension: a = b + k ⊙ tanh(·), k = (high − low)/2, b = (high + low)/2.
template <class T>
struct ActionScale {
  nn::Vec<T> low, high, k, b;
  static ActionScale fromSpace(const Space& action);
};

// The actor f_θ: Linear → ReLU → Linear → ReLU → Linear → Tanh; the critic: Linear → ReLU → Linear → ReLU → Linear(1).
// PyTorch's default initialisation (CleanRL's and SB3's networks).
template <class T>
nn::Sequential<T> makeActor(int obsDim, int actDim, int hidden1, int hidden2, Rng& rng);
template <class T>
nn::Sequential<T> makeCritic(int obsDim, int actDim, int hidden1, int hidden2, Rng& rng);

// μ_θ(s) for a batch: actDim × N.
template <class T>
Mat<T> actorForward(nn::Sequential<T>& actor, const Mat<T>& s, const ActionScale<T>& scale);
// The critic's input [s; a].
template <class T>
Mat<T> criticInput(const Mat<T>& s, const Mat<T>& a);
// Q_φ(s, a) for a batch: 1 × N.
template <class T>
RowVec<T> criticForward(nn::Sequential<T>& critic, const Mat<T>& s, const Mat<T>& a);

// TD3's target-policy smoothing with the standard normals ε given: clip(a + k ⊙ clip(σ̃·ε, −c, c), low, high).
template <class T>
Mat<T> smoothTargetAction(const Mat<T>& a, const Mat<T>& eps, T sigma, T clip, const ActionScale<T>& scale);
// y = r + γ(1 − terminated)·Q′, with Q′ = min(q1, q2) when q2 is non-empty (twin critics), else q1.
template <class T>
RowVec<T> tdTarget(const RowVec<T>& r, const RowVec<T>& terminated, T gamma, const RowVec<T>& q1,
                   const RowVec<T>& q2 = {});

template <class T>
struct CriticStep {
  T loss = 0;      // (1/B) Σ (Q_φ(s, a) − y)²
  RowVec<T> q;     // Q_φ(s, a) before the step
};
// Zeroes the critic's gradients, then leaves ∇_φ L in them (no optimiser step).
template <class T>
CriticStep<T> criticLossAndGrad(nn::Sequential<T>& critic, const Mat<T>& s, const Mat<T>& a, const RowVec<T>& y);

template <class T>
struct ActorStep {
  T loss = 0;   // −J = −(1/B) Σ Q_φ(s, μ_θ(s))
  Mat<T> mu;    // μ_θ(s), actDim × B
  RowVec<T> q;  // Q_φ(s, μ_θ(s))
  Mat<T> dQda;  // ∂Q_φ(s, a)/∂a at a = μ_θ(s), actDim × B (per sample, not divided by B)
};
// The pathwise gradient: zeroes the actor's gradients, then leaves ∇_θ(−J) in them (the optimiser descends on −J).
// The critic's parameters take no part: its gradients are zeroed again before returning.
template <class T>
ActorStep<T> actorLossAndGrad(nn::Sequential<T>& actor, nn::Sequential<T>& critic, const Mat<T>& s,
                              const ActionScale<T>& scale);

}  // namespace ddpg

class Ddpg final : public Agent {
 public:
  enum Noise { kGaussian = 0, kOrnsteinUhlenbeck = 1 };
  static constexpr int kLogInterval = 100;  // env steps per metric point
  static constexpr int kGridSize = 81;      // actions in the lens's Q(s, ·) curve
  static constexpr int kMapSize = 41;       // odd: a plane cell is centred on θ = 0, ω = 0

  struct Config {
    double gamma = 0.99;         // discount γ ∈ [0, 0.999]
    double tau = 0.005;          // Polyak τ ∈ (0, 1]
    double actorLr = 3e-4;       // Adam step size of μ_θ (live)
    double criticLr = 3e-4;      // Adam step size of Q_φ (live)
    int batchSize = 256;         // B ∈ [1, 1024]
    int bufferSize = 1000000;    // replay capacity ∈ [100, 2 000 000]; on reset
    int learningStarts = 25000;  // env steps of uniform random actions before learning ∈ [0, 1 000 000]
    int trainFreq = 1;           // env steps between update rounds ∈ [1, 64]
    int gradientSteps = 1;       // updates per round ∈ [1, 64]
    int hidden1 = 256, hidden2 = 256;  // units of the two hidden layers (actor and critics) ∈ [8, 1024]; on reset
    int noise = kGaussian;       // exploration noise: Gaussian / Ornstein–Uhlenbeck
    double noiseStd = 0.1;       // σ in units of k ∈ [0, 2]
    double ouTheta = 0.15;       // θ_OU ∈ [0, 10]
    double ouDt = 0.01;          // dt of the OU discretisation ∈ [1e-3, 1]
    bool td3 = false;            // sets the three switches below together (live)
    bool twinQ = false;          // clipped double Q: twin critics, min in the target; on reset
    bool delayed = false;        // actor and target updates every policy_delay critic updates
    int policyDelay = 2;         // d ∈ [1, 20]
    bool smoothing = false;      // target-policy smoothing
    double targetNoise = 0.2;    // σ̃ in units of k ∈ [0, 2]
    double noiseClip = 0.5;      // c in units of k ∈ [0, 2]
  };

  // Uniform replay of continuous transitions (s, a, r, s′, terminated): a ring of `capacity`, indices drawn with
  // replacement as CleanRL's (SB3's) buffer does. Storage grows with the fill level.
  class Replay {
   public:
    void init(int capacity, int obsDim, int actDim);
    void add(const float* s, const float* a, float r, const float* s2, bool terminated);
    void sample(int n, Rng& rng, std::vector<int>& idx) const;
    int size() const { return size_; }
    int capacity() const { return capacity_; }
    int newest() const { return size_ == 0 ? -1 : (next_ + capacity_ - 1) % capacity_; }
    const float* obs(int i) const { return &obs_[size_t(i) * size_t(obsDim_)]; }
    const float* action(int i) const { return &act_[size_t(i) * size_t(actDim_)]; }
    const float* nextObs(int i) const { return &nextObs_[size_t(i) * size_t(obsDim_)]; }
    float reward(int i) const { return reward_[size_t(i)]; }
    bool terminated(int i) const { return terminated_[size_t(i)] != 0; }
    // Checkpoints (core/checkpoint.hpp): the fill level, the next slot and every stored transition.
    void persist(StateIO& io);

   private:
    int capacity_ = 0, obsDim_ = 0, actDim_ = 0, size_ = 0, next_ = 0;
    std::vector<float> obs_, act_, nextObs_, reward_;
    std::vector<uint8_t> terminated_;
  };

  Ddpg();
  std::string id() const override { return "ddpg"; }
  std::string unsupportedReason(const Env& env) const override;
  void reset(Env& env, uint64_t seed) override;
  // Saved agents (core/agent_state.hpp): actor, critics, their targets, the three optimisers, the step and update counts; not the replay buffer, so learning waits for learning_starts fresh transitions after a load.
  void describeState(AgentState& s) override;
  void stateLoaded() override;
  // Checkpoints (core/checkpoint.hpp): the replay, the RNG, the action decided for s with its OU noise, the lens's
  // last update, the sums since the last metrics point.
  void persist(StateIO& io) override;
  int trainStep(Env& env, int maxSteps, Metrics& metrics, uint64_t stepBase, int forcedAction) override;
  // The return alone: the critics' and the actor's losses (losses/qf1_loss, …) have no chart yet.
  ChartPlan charts(const EnvInfo& env) const override { return returnOnlyCharts(env); }
  // PathwiseInsight and PolicyInsight (continuous: mean μ(s), std the exploration σ, value Q1(s, μ(s))) at the current
  // state; ReplayInsight (fill level, last batch).
  void fillInsights(Insights& out) const override;
  // PlaneMap over env.statePlane(): "actor μ(s)" and "critic Q(s, μ(s))", and this episode's trail.
  void fillEnvInsights(const Env& env, Insights& out) const override;
  double valueMagnitude() const override { return lastMaxQ_; }  // max |Q1(s, a)| of the last batch
  std::string checkFinite() const override;
  // "td3" switched: the three TD3 switches follow it (twin critics from the next reset).
  void paramsChanged() override;

  static std::vector<std::string> presetFor(const std::string& envId);
  const Config& config() const { return cfg_; }

  // One update on the given replay slots (tests drive the mechanics with it; trainStep samples them).
  void updateOn(const std::vector<int>& idx);
  Replay& replay() { return replay_; }
  const Replay& replay() const { return replay_; }
  nn::SequentialF& actor() { return actor_; }
  nn::SequentialF& actorTarget() { return actorTarget_; }
  nn::SequentialF& critic(int i) { return i == 0 ? q1_ : q2_; }
  nn::SequentialF& criticTarget(int i) { return i == 0 ? q1Target_ : q2Target_; }
  const ddpg::ActionScale<float>& scale() const { return scale_; }
  bool twin() const { return built_.twinQ; }
  int policyDelay() const { return cfg_.delayed ? cfg_.policyDelay : 1; }
  uint64_t criticUpdates() const { return criticUpdates_; }
  uint64_t actorUpdates() const { return actorUpdates_; }
  // The last update's targets y and smoothing noise ε (standard normals; empty without smoothing), for the tests.
  const ddpg::RowVec<float>& lastTargets() const { return lastY_; }
  const ddpg::Mat<float>& lastSmoothingNoise() const { return lastEps_; }
  double lastCriticLoss(int i) const { return i == 0 ? lastQf1Loss_ : lastQf2Loss_; }
  double lastActorLoss() const { return lastActorLoss_; }
  // The action decided for the current observation, as the env gets it.
  const std::vector<double>& pendingAction() const { return pendingEnvAction_; }
  double explorationStd() const;  // the exploration σ in action units (OU: stationary)

 private:
  void syncTd3();
  void decide(Env& env);  // the action for the env's current observation (uniform, or μ(s) + noise)
  void decidePending();   // the same for pendingObs_

  Config cfg_, built_;  // built_: the values the networks and buffer were built with (parameters marked "on reset")
  AcTricks tricks_;     // GAN tricks carried over: freezing, label smoothing of y, historical averaging
  bool lastActorFrozen_ = false, lastCriticFrozen_ = false;
  double lastCriticError_ = 0;
  bool td3Seen_ = false;
  Rng rng_;
  int obsDim_ = 0, actDim_ = 0;
  ddpg::ActionScale<float> scale_;
  mutable nn::SequentialF actor_, actorTarget_, q1_, q1Target_, q2_, q2Target_;
  std::unique_ptr<nn::Adam<float>> actorOpt_, q1Opt_, q2Opt_;
  Replay replay_;
  std::vector<int> batchIdx_;
  uint64_t stepsDone_ = 0, criticUpdates_ = 0, actorUpdates_ = 0;
  uint64_t learnAfter_ = 0;  // after a saved agent was loaded: no update before this step (the buffer refills)

  // The action decided for pendingObs_ (at the end of the last step, after its update).
  std::vector<float> pendingObs_, pendingAction_, pendingMu_;
  std::vector<double> pendingEnvAction_;
  std::vector<double> ou_;  // the Ornstein–Uhlenbeck state x per action dimension
  double pendingUnclipped_ = 0;
  bool pendingRandom_ = true;

  ddpg::RowVec<float> lastY_;
  ddpg::Mat<float> lastEps_;
  double lastQf1Loss_ = 0, lastQf2Loss_ = 0, lastActorLoss_ = 0, lastMaxQ_ = 0;
  PathwiseInsight::Update lastUpdate_;

  int qf1LossId_ = -1, qf2LossId_ = -1, actorLossId_ = -1, qf1ValuesId_ = -1;
  const Metrics* boundMetrics_ = nullptr;
  double sumQf1Loss_ = 0, sumQf2Loss_ = 0, sumActorLoss_ = 0, sumQf1Values_ = 0;
  int criticLogged_ = 0, actorLogged_ = 0, stepsLogged_ = 0;

  StateTrail trail_;
  mutable PlaneMap mapCache_;
  mutable uint64_t mapAt_ = ~0ULL;
};

}  // namespace rl
