// What REINFORCE and PPO share: the policy (and critic) networks for every observation and action space, acting,
// and the policy lens's insights (π(·|s), the π table of small discrete worlds, μ(s)/σ(s)/V(s) over the state plane).
//
// Networks follow the spaces: Discrete(n) observations → one-hot MLP; Box(d,) → MLP; Box(H, W, C) → the MinAtar
// trunk (Conv 16 3×3 → ReLU → Flatten → Linear 128 → ReLU). Discrete(n) actions → softmax over n logits (actions the
// env does not offer get a logit of −10⁹, so probability 0); Box(d,) actions → diagonal Gaussian with a learned
// state-independent log σ (CleanRL's ppo_continuous_action) or a state-dependent log σ head. The critic V(s) is a
// separate network, or a second head on a shared trunk.
#pragma once
#include "core/rl/obs_encoding.hpp"
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/env.hpp"
#include "core/insights.hpp"
#include "core/nn/nn.hpp"

namespace rl {

class PolicyModel;

struct PolicyNetConfig {
  int hidden = 64, layers = 2;
  nn::Act activation = nn::Act::Tanh;
  bool critic = true;             // build V(s)
  bool sharedTrunk = false;       // actor and critic as two heads on one trunk (else two networks)
  bool stateDependentStd = false; // log σ(s) from the actor (else one learned log σ per action dimension)
  double logStdInit = 0.0;        // initial log σ
  bool orthogonal = true;         // CleanRL's layer_init: orthogonal, gain √2 hidden, 0.01 policy head, 1 value head
  bool batchNorm = false;         // BatchNorm after each hidden Linear of an MLP (the GAN trick carried over, A2C)
};

// Sampled (or forced) action for one observation and what the update needs of it.
struct ActSample {
  int action = -1;                  // discrete
  std::vector<float> actionC;       // continuous, unclipped sample
  std::vector<double> envAction;    // continuous, clipped to the bounds (what the env receives)
  float logProb = 0, value = 0;
  // Checkpoints (core/checkpoint.hpp); a reader refuses an action that does not fit m's action space.
  void persist(StateIO& io, const PolicyModel& m);
};

class PolicyModel {
 public:
  using Input = ObsInput;
  struct Output {
    nn::Mat<float> head;    // logits K×N (masked) or mean μ D×N
    nn::Mat<float> logStd;  // D×N (continuous)
    nn::RowVec<float> value;
  };

  void build(const Space& obs, const Space& act, const PolicyNetConfig& c, Rng& rng);
  bool continuous() const { return continuous_; }
  int actionSize() const { return actSize_; }  // n (discrete) or d (continuous)
  int obsDim() const { return obsDim_; }
  int inDim() const { return inDim_; }
  Input input() const { return input_; }
  int numStates() const { return numStates_; }
  bool hasCritic() const { return cfg_.critic; }
  const Space& actionSpace() const { return actSpace_; }

  void encode(const float* obs, float* dst) const;       // raw observation → network input column
  nn::Mat<float> encodeBatch(const float* obs, int n) const;  // n raw observations back to back
  // Forward on encoded inputs (inDim × N); masks (N entries, or null) hide actions not offered. Caches for backward.
  const Output& forward(const nn::Mat<float>& x, const uint64_t* masks = nullptr, bool withValue = true);
  // Backward of the last forward: ∂L/∂head, ∂L/∂logStd (D×N; empty when discrete), ∂L/∂V (1×N; empty: no value loss).
  void backward(const nn::Mat<float>& dHead, const nn::Mat<float>& dLogStd, const nn::RowVec<float>& dValue);
  void zeroGrad();
  // Batch norm's mode: training (batch statistics, for an update's batch) or not (running statistics, for acting).
  // A model with batch norm is built in eval mode.
  void setTraining(bool training);
  std::vector<nn::Param<float>*> params();       // everything trained, in a fixed order
  std::vector<nn::Param<float>*> actorParams();  // what the policy gradient reaches (the trunk too when shared)
  std::vector<nn::Param<float>*> criticParams(); // what the value gradient reaches (the trunk too when shared)
  // Every persistent tensor, named "trunk/…", "actor/…", "critic/…", "log_std" (saved agents; BatchNorm's running
  // statistics included).
  std::vector<nn::NamedTensor<float>> tensors();
  // Empty when every tensor is finite, else "actor 2.Linear.weight[5] = nan".
  std::string firstNonFinite() const;
  // Checkpoints (core/checkpoint.hpp): every tensor's values, for a network outside the saved agent (A3C's local θ′).
  void persistTensors(StateIO& io);

  // Samples an action for one raw observation (forcedAction ≥ 0 replaces a discrete sample; its log-prob is used).
  ActSample act(const float* obs, uint64_t mask, Rng& rng, int forcedAction = -1);
  // V(s) of one raw observation (0 without a critic). A forward only: no RNG draw, no parameter change.
  float value(const float* obs);

 private:
  PolicyNetConfig cfg_;
  Space actSpace_;
  bool continuous_ = false;
  int actSize_ = 0, obsDim_ = 0, inDim_ = 0, numStates_ = 0, imgH_ = 0, imgW_ = 0, imgC_ = 0;
  Input input_ = Input::Flat;
  nn::SequentialF trunk_, actor_, critic_;  // trunk_ only when shared
  nn::Param<float> logStd_;                 // D×1, state-independent log σ
  Output out_;
  nn::Mat<float> features_;
  bool lastWithValue_ = false;
};

// The running episode's states for the lens's trail (raw observations, capped to the last 1000).
struct StateTrail {
  static constexpr size_t kMaxStates = 1000;  // a pendulum episode is 200
  bool on = false;
  std::vector<float> obs;
  void record(std::span<const float> o);
  void persist(StateIO& io, int obsDim);  // checkpoints: the episode's states so far
};

// The running episode's r_t and V(s_t), and the last finished episode's, for AdvantageInsight (REINFORCE, PPO's copy
// 0 and the actor-critic record the same way). Rewards in the env's units; V as the critic saw it when acting.
struct AdvantageRecorder {
  static constexpr size_t kMaxSteps = 1000;  // the running episode keeps its last 1000 steps
  AdvantageEpisode current, last;
  void push(float reward, float value);
  // The running episode ended: terminated (nothing follows), else bootstrap = V(final observation).
  void finish(bool terminated, float bootstrap);
  // `bootstrapNow`: V of the current state, the running episode's end value so far.
  AdvantageInsight insight(AdvantageInsight::Estimator estimator, double gamma, double lambda,
                           float bootstrapNow) const;
  void persist(StateIO& io);  // checkpoints: both episodes' records
};

// Caches for the lens (recomputed only after an update).
struct PolicyLensCache {
  std::vector<uint64_t> stateMasks;  // Discrete(n) observations: the allowed actions last seen in each state
  std::vector<float> table, values;  // π(a|s) at s·A + a, and V(s) with a critic
  PlaneMap map;
  uint64_t tableAt = ~0ULL, mapAt = ~0ULL;
};

// Remembers the allowed actions of a discrete state (for the π table: actions never offered get no arrow).
void noteStateMask(PolicyLensCache& cache, const PolicyModel& m, const float* obs, uint64_t mask);
// PolicyInsight at one observation: π(·|s) or μ, σ; entropy; V(s) when there is a critic; the chosen/sampled action;
// on Discrete(n ≤ 400) observations the π table of every state.
PolicyInsight makePolicyInsight(PolicyModel& m, const float* obs, uint64_t mask, const ActSample& chosen,
                                PolicyLensCache& cache, uint64_t updates);
// PlaneMap over env.statePlane(): "mean μ(s)" and "σ(s)" for a continuous policy, "V(s)" (and "P(a=k|s)" per action)
// for a discrete one. False when the env has no plane or the observation is not flat.
bool makePolicyPlaneMap(PolicyModel& m, const Env& env, const StateTrail& trail, PolicyLensCache& cache,
                        uint64_t updates, PlaneMap& out);
// Empty when a PolicyModel can be built for env's spaces, else why not, naming the algorithm ("A2C"): Box(d,) actions
// only for the Gaussian; Discrete(n ≤ 100k) one-hot, Box(d,) flat, or Box(H, W, C) image observations.
std::string policyNetUnsupported(const Env& env, const std::string& algo);
// On an env with a known model (the gridworld), the exact V^π of the π table already in out.policy, under γ, into
// out.policy->valuesTrue (for the critic-against-the-truth view).
void addTrueValues(const Env& env, double gamma, Insights& out);
inline constexpr int kPolicyMapSize = 41;  // odd: a cell is centred on θ = 0, ω = 0
// Checkpoints (core/checkpoint.hpp): the ratio lens's last update (PPO, REINFORCE), as it was.
void persist(StateIO& io, RatioInsight& r);

}  // namespace rl
