// DQN and its family, every trick a switch (Mnih et al. 2015; van Hasselt et al. 2016 double DQN; Wang et al. 2016
// dueling; Schaul et al. 2016 prioritized replay; Sutton 1988 / Hessel et al. 2018 n-step; Fortunato et al. 2018
// NoisyNet; Bellemare et al. 2017 C51). CleanRL's dqn.py is the reading model; its metric names are used:
// losses/td_loss (the mean loss of the updates since the last point: Huber/MSE, or C51's cross-entropy),
// losses/q_values (mean Q(s, a) of the batch's taken actions), charts/epsilon (charts/noise_scale with NoisyNet),
// and per finished episode
// overestimation/q_estimate and overestimation/return (see recordEpisode).
//
// Networks follow the observation space: Discrete(n) → one-hot input MLP; Box(d,) → MLP; Box(H, W, C) → the MinAtar
// trunk (Conv 16 3×3 stride 1 → ReLU → Flatten → Linear 128 → ReLU). The head is Linear(→ actions), a dueling head,
// or a C51 head (C51 takes precedence over dueling); with NoisyNet the head's linear layers are NoisyLinear and ε is 0.
//
// Per-env defaults: on the first reset on an env (and whenever the env id changes) the agent applies that env's
// preset (see presetFor) to its parameters; later edits and --set values survive resets on the same env. The
// invaders preset is the MinAtar DQN setting.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "core/agent.hpp"
#include "core/rl/obs_encoding.hpp"
#include "core/nn/nn.hpp"
#include "core/rl/replay.hpp"
#include "core/rng.hpp"

namespace rl {

class Dqn final : public Agent {
 public:
  enum Replay { kReplayOff = 0, kReplayUniform = 1, kReplayPrioritized = 2 };
  enum Target { kTargetOff = 0, kTargetHard = 1, kTargetPolyak = 2 };

  struct Config {
    double gamma = 0.99;            // discount γ ∈ [0, 0.999]
    double lr = 1e-3;               // learning rate ∈ [1e-6, 0.1] (live)
    double optimizer = 0;           // 0 = Adam, 1 = centred RMSProp (α 0.95, ε 0.01, MinAtar's); on reset
    int batchSize = 32;             // transitions per update ∈ [1, 512]
    double replay = kReplayUniform;  // off (learn from the newest transition only) / uniform / prioritized; on reset
    int bufferSize = 10000;         // replay capacity ∈ [100, 1 000 000]; on reset
    double perAlpha = 0.6;          // prioritized: priority exponent α ∈ [0, 1] (0 = uniform); on reset
    double perBeta = 0.4;           // prioritized: IS exponent β at step 0 ∈ [0, 1], annealed linearly to 1
    int perBetaSteps = 100000;      // env steps over which β reaches 1 ∈ [1, 10 000 000]
    double target = kTargetHard;    // target network: off (bootstrap from the online net) / hard copy / Polyak
    int targetUpdate = 500;         // hard copy: θ′ ← θ every C updates, C ∈ [1, 100 000]
    double tau = 0.005;             // Polyak: θ′ ← τθ + (1 − τ)θ′ after every update, τ ∈ (0, 1]
    bool doubleDqn = false;         // a* = argmax_a Q_online(s′, a), evaluated by the target network
    bool dueling = false;           // Q = V + A − mean A (ignored with C51); on reset
    int nStep = 1;                  // n-step returns n ∈ [1, 10]; on reset
    bool noisy = false;             // NoisyNet head instead of ε-greedy; on reset
    bool c51 = false;               // distributional C51 head and loss; on reset
    int atoms = 51;                 // C51 atoms ∈ [2, 201]; on reset
    double vMin = -10, vMax = 10;   // C51 support [v_min, v_max]; on reset
    double loss = 0;                // 0 = Huber (δ = 1), 1 = MSE (C51 always uses cross-entropy)
    double maxGradNorm = 10;        // clip the joint gradient norm to this; 0 = no clipping, ∈ [0, 100]
    int trainFreq = 1;              // env steps per update ∈ [1, 64]
    int learningStarts = 1000;      // env steps of pure collection before the first update ∈ [0, 1 000 000]
    double epsStart = 1.0;          // ε at step 0 ∈ [0, 1]
    double epsEnd = 0.05;           // ε after the decay ∈ [0, 1]
    int epsDecay = 10000;           // env steps of the linear decay, after learning starts ∈ [1, 10 000 000]
    int hidden = 64;                // MLP hidden units ∈ [8, 512]; on reset (the MinAtar trunk is fixed)
    int layers = 2;                 // MLP hidden layers ∈ [1, 4]; on reset
    int logInterval = 100;          // env steps per point of losses/td_loss, losses/q_values, charts/epsilon
  };

  // One finished episode's point of the overestimation plot: the mean over its visited states of the Q estimate
  // (at visit time, for the action taken) and of the discounted return that actually followed.
  struct OverestimationPoint {
    double qEstimate = 0, realizedReturn = 0;
    int states = 0;
  };

  Dqn();
  std::string id() const override { return "dqn"; }
  std::string unsupportedReason(const Env& env) const override;
  void reset(Env& env, uint64_t seed) override;
  // Saved agents (core/agent_state.hpp): online and target networks, the optimiser's moments and the step and update counts (ε, β, target copies); not the replay buffer, so learning waits for learning_starts fresh transitions after a load.
  void describeState(AgentState& s) override;
  void stateLoaded() override;
  // Checkpoints (core/checkpoint.hpp): the RNG, NoisyNet's noise, the replay buffer and the n-step window, the
  // decision for the current observation, the episode in progress and the lens's last update.
  void persist(StateIO& io) override;
  int trainStep(Env& env, int maxSteps, Metrics& metrics, uint64_t stepBase, int forcedAction) override;
  // Value-based: TD loss, mean Q and the exploration knob that applies (NoisyNet's σ or ε).
  ChartPlan charts(const EnvInfo& env) const override {
    return valueBasedCharts(env, {charts::meanQ(), built_.noisy ? charts::noiseScale() : charts::epsilon()});
  }
  // QInsight: current = Q(s, ·) of the current observation; for Discrete(n ≤ 400) observations `table` holds Q of
  // every one-hot state (recomputed only when an update happened). `last` writes out sample 0 of the last batch:
  // y = reward + gamma·nextValue with reward the n-step return R, gamma = γⁿ (0 after termination), horizon = n,
  // nextAction = a*, before = Q(s, a) at the update, after = Q(s, a) now. rule "max": the target network (the online
  // one when the target is off) both chose and evaluated a*; "double": the online network chose a*, the target
  // network evaluated it. With C51 the numbers are expectations over the atoms (the projection also clips to
  // [v_min, v_max]).
  // Also fills `replay` (fill level, last batch, priority histogram) and, with C51, the current state's return
  // distribution per action.
  void fillInsights(Insights& out) const override;
  // PlaneMap over the env's state plane: V = max_a Q and the greedy action on a kMapSize² grid (one batched forward,
  // recomputed only after an update), and this episode's trail.
  void fillEnvInsights(const Env& env, Insights& out) const override;
  static constexpr int kMapSize = 41;  // odd: a cell is centred on θ = 0, ω = 0
  std::string checkFinite() const override;
  // Switching the target network on mid-run starts it from the online net, not from the stale copy of the reset.
  void paramsChanged() override;

  // The per-env preset as --set strings (empty for an env without one), e.g. {"gamma=0.9", "hidden=64"}.
  static std::vector<std::string> presetFor(const std::string& envId);

  const Config& config() const { return cfg_; }
  double currentEpsilon() const;
  double currentBeta() const;
  // NoisyNet's exploration scale: mean |σ_W| over the noisy layers (0 without NoisyNet), logged as charts/noise_scale.
  double noiseScale() const;
  // Q(s, ·) of one raw observation, online or target network (C51: the expectation over the atoms).
  std::vector<float> qValues(const float* obs, bool targetNet = false) const;
  // Q of n raw observations stored back to back (n × obsDim floats), one batched forward of the online net:
  // element s·numActions + a. For lenses that evaluate a grid of states (pendulum's V(θ, θ̇) heatmap).
  std::vector<float> qBatch(const float* obs, int n) const;
  int numActions() const { return numActions_; }
  int observationSize() const { return obsDim_; }
  nn::SequentialF& online() { return online_; }
  nn::SequentialF& targetNet() { return target_; }
  const ReplayBuffer& replay() const { return replay_; }
  const std::vector<int>& lastBatch() const { return batchIdx_; }
  const std::vector<OverestimationPoint>& overestimation() const { return overestimation_; }
  // Runs one update on the given replay indices (tests drive the mechanics with it; trainStep samples them).
  void updateOn(const std::vector<int>& idx, const std::vector<float>& weights);
  ReplayBuffer& mutableReplay() { return replay_; }
  double lastLoss() const { return lastLoss_; }
  double valueMagnitude() const override { return lastMaxQ_; }  // max |Q(s,a)| of the last batch

 private:
  void buildNetworks(const Space& obsSpace, int numActions);
  void encode(const float* obs, float* dst) const;  // raw observation → network input column
  nn::Mat<float> qOf(nn::SequentialF& net, const nn::Mat<float>& x) const;  // numActions × N
  bool recordEpisode(bool truncated);  // true when it added a point

  Config cfg_, built_;  // built_: the values the networks and buffers were built with (parameters marked "on reset")
  int targetMode_ = kTargetHard;  // the target mode of the last update, to notice it being switched on
  Rng rng_;
  int numActions_ = 0, inDim_ = 0, obsDim_ = 0;
  using Input = ObsInput;
  Input input_ = Input::Flat;
  int imgH_ = 0, imgW_ = 0, imgC_ = 0, numStates_ = 0;
  mutable nn::SequentialF online_, target_;
  // NoisyNet's ε live in the layers but not in their tensors: the stream as it was before the last resampling (and
  // whether one happened since the reset) lets a restored run draw the same ε again.
  Rng noiseRng_;
  bool noiseDrawn_ = false;
  std::unique_ptr<nn::Optimizer<float>> opt_;
  nn::Vec<float> support_;
  ReplayBuffer replay_;
  NStepAccumulator nstep_;

  std::vector<float> obs_;  // current raw observation
  // The action decided for obs_ (ε-greedy), its Q values, and whether ε made it random; see decide().
  void decide();
  std::vector<float> nextQ_;
  int nextAction_ = 0;
  bool nextExplores_ = false;
  uint64_t mask_ = ~0ULL;
  uint64_t stepsDone_ = 0, updates_ = 0;  // since the last reset
  uint64_t learnAfter_ = 0;  // after a saved agent was loaded: no update before this step (the buffer refills)
  std::vector<int> batchIdx_;
  std::vector<float> batchW_;
  double lastLoss_ = 0, lastMaxQ_ = 0;
  TdBreakdown last_;
  std::vector<float> lastObs_;  // observation of the sample shown in last_

  // Overestimation: per-step Q estimate and reward of the running episode.
  std::vector<double> epQ_, epR_;
  std::vector<OverestimationPoint> overestimation_;

  double sumLoss_ = 0, sumQ_ = 0;
  int lossCount_ = 0, logCount_ = 0;
  int tdId_ = -1, qId_ = -1, epsId_ = -1, noiseId_ = -1, oqId_ = -1, orId_ = -1;
  const Metrics* boundMetrics_ = nullptr;

  // Trail of the running episode on envs with a state plane (raw observations, back to back; capped).
  bool planeEnv_ = false;
  std::vector<float> trailObs_;
  void recordTrail();

  mutable std::vector<float> tableCache_;
  mutable PlaneMap mapCache_;
  mutable uint64_t mapAtUpdate_ = ~0ULL;
  mutable uint64_t tableAtUpdate_ = ~0ULL;
};

}  // namespace rl
