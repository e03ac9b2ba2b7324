// What an algorithm shows of itself. Each agent fills the insights that apply to it; lenses read them and show a
// greyed panel with a reason when the current algorithm has none (DESIGN.md §4).
#pragma once
#include <optional>
#include <string>
#include <vector>

namespace rl {

// The last TD update, written out with its numbers for the lens.
struct TdBreakdown {
  int state = -1, action = -1, nextState = -1, nextAction = -1;  // nextAction: SARSA's a′ or Q-learning's argmax
  double reward = 0, gamma = 0, nextValue = 0, target = 0, before = 0, after = 0, alpha = 0;
  bool terminal = false;
  std::string rule;  // "max" (Q-learning), "sarsa", "expected" (Expected SARSA) or "mc" (Monte-Carlo return)
  int horizon = 0;   // "mc": steps in the episode the return was computed from
  // A network's update (DQN): one optimiser step on the batch's loss, not Q += αδ. `alpha` is then the learning
  // rate, `before` Q(s,a) when the batch was sampled, `after` Q(s,a) now (after the step), `loss` the batch loss.
  bool gradientStep = false;
  double loss = 0;
  int batch = 0;
  std::string lossName;  // "Huber(δ)", "δ²" or C51's "cross-entropy"
};

struct QInsight {
  int numStates = 0, numActions = 0;
  std::vector<float> table;  // Q(s, a) at s * numActions + a, for small discrete state spaces
  int state = -1;            // the agent's current state
  std::vector<float> current;  // Q(state, ·)
  int chosen = -1;             // the action the agent is about to take in `state` (−1: not decided ahead)
  bool explores = false;       // `chosen` is a random exploratory action, not the greedy one
  TdBreakdown last;
  double epsilon = 0;
  // Distributional (C51) agents: the atoms z_j and, at a·atoms + j, the probability of return z_j for action a in
  // the current state. Empty otherwise.
  std::vector<float> atoms, distribution;
};

// Values over the env's state plane (the pendulum's θ × ω), evaluated by the worker at snapshot time on an nx × ny
// grid of cell centres; cell (i, j) is at index j·nx + i, row 0 at yMin.
struct ValueMap {
  std::string xLabel, yLabel;
  double xMin = 0, xMax = 1, yMin = 0, yMax = 1;
  int nx = 0, ny = 0;
  std::vector<float> value;  // V(s) = max_a Q(s, a)
  std::vector<int> greedy;   // argmax_a Q(s, a)
  std::vector<float> trail;  // this episode's states so far as (x, y) pairs, oldest first; the last is the current
};

// The replay buffer as the lens shows it.
struct ReplayInsight {
  int size = 0, capacity = 0;
  int newest = -1;              // slot of the newest transition (ages count back from it, wrapping)
  bool prioritized = false;
  double beta = 0;              // importance-sampling exponent now
  std::vector<int> lastBatch;   // slots of the last sampled batch
  // Prioritized: histogram of log10 p^α over the stored transitions (a sample of them when the buffer is large).
  std::vector<float> priorityHist;
  double logPMin = 0, logPMax = 0;
};


// π(·|s) at the agent's current state (policy-gradient and actor-critic agents).
struct PolicyInsight {
  bool continuous = false;
  // Discrete actions: π(a|s) per action and the action sampled for s (−1 before one is drawn).
  std::vector<float> probs;
  int chosen = -1;
  // Continuous (one torque dimension): the Gaussian's mean μ(s) and σ(s), the action bounds and the sampled action
  // (before clipping to the bounds).
  double mean = 0, std = 1, low = -1, high = 1, sampled = 0;
  double entropy = 0;
  bool hasValue = false;  // V(s) when the algorithm learns a critic / learned baseline
  double value = 0;
  // Small discrete state spaces (the gridworld): π(a|s) of every state at s·numActions + a, for arrows in every cell.
  int numStates = 0, numActions = 0;
  std::vector<float> table;
  std::vector<float> values;  // V(s) of every state there, when the algorithm learns a critic (else empty)
};

// One sample of the last minibatch written out (the policy lens's analogue of the TD breakdown).
struct RatioSample {
  double logProb = 0, logProbOld = 0;  // log π_θ(a|s) in the last minibatch; log π_θold(a|s) at collection
  double ratio = 1;                    // r = exp(logπ − logπ_old)
  double advantage = 0;                // Â (after normalisation when it is on)
  double surr1 = 0, surr2 = 0;         // r·Â and clip(r, 1−ε, 1+ε)·Â
  double objective = 0;                // min(surr1, surr2) for clip; r·Â − β·KL term otherwise
  bool clipped = false;                // this sample's policy gradient is zero (the min picked the clipped branch)
  int action = -1;                     // discrete action, or −1
  double actionValue = 0;              // continuous action
};

// The importance ratios of the last update (PPO; REINFORCE fills the epochs with one entry and ratios of 1).
struct RatioInsight {
  enum class Objective { Clip, KlPenalty, None, Vanilla, Reinforce };
  Objective objective = Objective::Clip;
  double clipCoef = 0.2;   // ε of the band [1−ε, 1+ε]
  double beta = 0;         // the KL penalty coefficient β now (adaptive KL)
  double targetKl = 0;     // d (adaptive KL) or the early-stop threshold (0 = none)
  // Every sample of the last epoch of the last update: r and Â, index-aligned.
  std::vector<float> ratios, advantages;
  // Per epoch of the last update: the fraction of samples with |r − 1| > ε, and the k3 KL estimate (r − 1) − log r.
  std::vector<float> epochClipfrac, epochKl;
  int epochsPlanned = 0;
  bool earlyStopped = false;  // target-KL early stop ended the update before epochsPlanned
  int updates = 0;            // updates made since the reset
  RatioSample sample;
};

// REINFORCE's "add a baseline" made measurable: the variance, over the batch's episodes, of each episode's
// policy-gradient estimate ĝ_n = Σ_t Ψ_t ∇log π(a_t|s_t), with Ψ the return with and without the baseline
// subtracted (the same batch, the same gradients). Summed over parameters (the trace of the covariance).
struct GradVarianceInsight {
  double withBaseline = 0, withoutBaseline = 0;
  int episodes = 0;
  bool baselineOn = false;
};

// Named scalar layers over the env's state plane (the pendulum's θ × ω), on an nx × ny grid of cell centres: cell
// (i, j) at index j·nx + i, row 0 at yMin. The policy lens maps μ(s) and σ(s) with it.
struct PlaneLayer {
  std::string name;  // "policy mean μ(s)"
  std::vector<float> values;
};
struct PlaneMap {
  std::string xLabel, yLabel;
  double xMin = 0, xMax = 1, yMin = 0, yMax = 1;
  int nx = 0, ny = 0;
  std::vector<PlaneLayer> layers;
  std::vector<float> trail;  // this episode's states as (x, y) pairs, oldest first
};

// One episode's per-step record for the advantage curves. The lens recomputes δ_t, the Monte-Carlo return G_t, the
// n-step return and the GAE(λ) advantage from r and V with its own γ, λ and n (core/rl/advantage.hpp).
struct AdvantageEpisode {
  std::vector<float> rewards;  // r_t (in the env's units)
  std::vector<float> values;   // V(s_t) as the critic saw it when the step was taken
  bool terminated = false;     // ended by termination: nothing follows the last step
  float bootstrap = 0;         // V(s_T) after the last step (a time limit, or the running episode so far)
};

// The advantage estimator an actor-critic trains with, and the recent episodes' records.
struct AdvantageInsight {
  enum class Estimator { Td0, NStep, Gae, MonteCarlo };
  Estimator estimator = Estimator::Td0;  // what training uses (marked in the lens)
  double gamma = 0.99, lambda = 0.95;    // the algorithm's own settings
  int nStep = 1;
  AdvantageEpisode last;     // the last finished episode (empty before one ends)
  AdvantageEpisode current;  // the running episode so far (capped to its last 1000 steps)
};

// The last actor-critic update written out for one step: δ = r + γV(s′) − V(s), and the steps it drove.
struct ActorCriticStep {
  bool valid = false;
  double reward = 0, gamma = 0, value = 0, nextValue = 0, delta = 0;  // δ = r + γ·V(s′)·(1 − done) − V(s)
  bool terminal = false;
  double logProb = 0;                // log π(a|s) of the action taken
  int action = -1;                   // discrete action, or −1
  double actionValue = 0;            // continuous action
  double valueAfter = 0;             // V(s) after the critic's step
  double logProbAfter = 0;           // log π(a|s) after the actor's step
  double alphaCritic = 0, alphaActor = 0, lambda = 0;  // step sizes and the trace decay
};

struct Insights {
  std::optional<QInsight> q;
  std::optional<ValueMap> valueMap;
  std::optional<ReplayInsight> replay;
  std::optional<PolicyInsight> policy;
  std::optional<RatioInsight> ratio;
  std::optional<GradVarianceInsight> gradVariance;
  std::optional<PlaneMap> policyMap;
  std::optional<AdvantageInsight> advantage;
  std::optional<ActorCriticStep> acStep;
};

}  // namespace rl
