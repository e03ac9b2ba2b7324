// What an algorithm shows of itself. Each agent fills the insights that apply to it; lenses read them and show a
// greyed panel with a reason when the current algorithm has none (DESIGN.md §4).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/render_state.hpp"

namespace rl {

// Which target a TD update moved toward: Q-learning's max, SARSA's Q(s′,a′), Expected SARSA's expectation, double
// DQN's (online chooses, target evaluates) or the Monte-Carlo return.
enum class TdRule { Max, Sarsa, Expected, Double, MonteCarlo };
// "max", "sarsa", "expected", "double", "mc": the rule's name in checkpoints.
inline const char* tdRuleName(TdRule r) {
  switch (r) {
    case TdRule::Max: return "max";
    case TdRule::Sarsa: return "sarsa";
    case TdRule::Expected: return "expected";
    case TdRule::Double: return "double";
    case TdRule::MonteCarlo: return "mc";
  }
  return "max";
}

// The last TD update, written out with its numbers for the lens.
struct TdBreakdown {
  int state = -1, action = -1, nextState = -1, nextAction = -1;  // nextAction: SARSA's a′ or Q-learning's argmax
  double reward = 0, gamma = 0, nextValue = 0, target = 0, before = 0, after = 0, alpha = 0;
  bool terminal = false;
  TdRule rule = TdRule::Max;
  int horizon = 0;   // MonteCarlo: steps in the episode the return was computed from
  // A network's update (DQN): one optimiser step on the batch's loss, not Q += αδ. `alpha` is then the learning
  // rate, `before` Q(s,a) when the batch was sampled, `after` Q(s,a) now (after the step), `loss` the batch loss.
  bool gradientStep = false;
  double loss = 0;
  int batch = 0;
  std::string lossName;  // "Huber(δ)", "δ²" or C51's "cross-entropy"
};
class StateIO;
void persist(StateIO& io, TdBreakdown& td);  // checkpoints: the lens's last update, as it was (core/checkpoint.cpp)

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
  bool deterministic = false;  // μ(s) itself is the policy (DDPG/TD3): no entropy; σ is the added exploration noise
  bool hasValue = false;  // V(s) when the algorithm learns a critic / learned baseline
  double value = 0;
  // Small discrete state spaces (the gridworld): π(a|s) of every state at s·numActions + a, for arrows in every cell.
  int numStates = 0, numActions = 0;
  std::vector<float> table;
  std::vector<float> values;  // V(s) of every state there, when the algorithm learns a critic (else empty)
  // The exact V^π(s) of the current policy (policy evaluation on the env's known model: the gridworld), beside the
  // critic's values; empty when the env has no model.
  std::vector<float> valuesTrue;
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

// Named scalar layers over the env's state plane (the pendulum's θ × ω), evaluated by the worker at snapshot time on
// an nx × ny grid of cell centres: cell (i, j) at index j·nx + i, row 0 at yMin. The Q lens maps V(s) = max_a Q(s, a)
// and the greedy action with it (DQN), the policy lens μ(s) and σ(s), DDPG's lens μ(s) and Q(s, μ(s)).
struct PlaneLayer {
  std::string name;  // "policy mean μ(s)"
  std::vector<float> values;
};
struct PlaneMap {
  std::string xLabel, yLabel;
  double xMin = 0, xMax = 1, yMin = 0, yMax = 1;
  int nx = 0, ny = 0;
  std::vector<PlaneLayer> layers;
  std::vector<int> greedy;   // argmax_a Q(s, a) per cell, for a map of a Q-function's values (else empty)
  std::vector<float> trail;  // this episode's states so far as (x, y) pairs, oldest first; the last is the current
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
  // A batched update (A2C, A3C): one gradient step on `batch` samples; the fields above describe one of them, with
  // `delta` its advantage Â (by `estimator`), `target` its critic target R = Â + V(s), alphaActor the learning rate.
  int batch = 0;
  double target = 0;
  std::string estimator;  // "TD(0)", "n-step", "GAE(λ)", "MC"
  // Pfau & Vinyals's GAN tricks carried over (core/rl/ac_tricks.hpp): the critic's RMS error the freezing rule read,
  // and whether it skipped the actor's or the critic's step.
  double criticError = 0;
  bool actorFrozen = false, criticFrozen = false;
  double criticTarget = 0;  // the critic's (possibly smoothed) target for this sample
};
void persist(StateIO& io, ActorCriticStep& s);  // checkpoints: the lens's last step, as it was (core/checkpoint.cpp)

// One lane per worker: A2C's env copies (synchronous: they wait for each other at the barrier) and A3C's threads
// (asynchronous: each pushes its gradient when ready).
struct WorkerLane {
  RenderState render;           // its env now, drawn in miniature
  std::vector<float> returns;   // its last finished episodes' returns, oldest first
  uint64_t episodes = 0;
  uint64_t pushes = 0;          // gradients it contributed (A2C: segments) or pushed to the global network (A3C)
  int segmentFill = 0;          // steps in its current n-step segment
  bool waiting = false;         // A2C: its segment is full and it waits at the barrier for the others
  std::vector<float> staleness; // A3C: its recent pushes' staleness (global updates between its pull and its push)
  double envSteps = 0;          // env steps it took
};
struct WorkersInsight {
  bool async = false;           // A3C
  int segmentLength = 0;        // n-step segment (num_steps)
  uint64_t globalUpdates = 0;   // updates of the global network
  std::vector<WorkerLane> lanes;
  std::vector<int> stalenessHist;  // A3C: pushes with staleness 0, 1, 2, … (the last bin counts the rest)
  double meanStaleness = 0;
  double pushesPerSecond = 0;   // A3C: global updates per second of training time in the last call
};

// DDPG / TD3 at the agent's current state s, for the first action dimension (the pendulum's torque): the critic's
// Q(s, ·) over the action range, where the deterministic actor μ(s) sits on it, the slope ∂Q/∂a the actor climbs
// (the pathwise gradient ∇_θ J = E[∂Q(s, a)/∂a |_{a = μ(s)} · ∂μ_θ(s)/∂θ]), and the last actor update written out.
struct PathwiseInsight {
  double low = -1, high = 1;   // the action bounds
  std::vector<float> actions;  // an evenly spaced grid from low to high (other action dimensions held at μ(s))
  std::vector<float> q1, q2;   // Q1(s, a) and Q2(s, a) at each grid action; q2 empty without twin critics
  double mu = 0;               // μ_θ(s)
  double qMu = 0;              // Q1(s, μ(s))
  double dQda = 0;             // ∂Q1(s, a)/∂a at a = μ(s): the direction the actor's update moves μ(s)
  double taken = 0;            // the action taken in s: clip(μ(s) + noise, low, high), or uniform before learning
  bool random = false;         // `taken` is uniform random (learning_starts not reached yet)
  double noiseStd = 0;         // exploration σ in action units (Ornstein–Uhlenbeck: its stationary σ)
  double noiseParam = 0;       // the noise_std parameter it comes from, in units of k
  double noiseK = 1;           // k = (high − low)/2, the action unit noise_std is given in
  bool ornsteinUhlenbeck = false;
  bool twin = false, delayed = false, smoothing = false;  // TD3's switches now
  int policyDelay = 1;         // d: one actor update per d critic updates
  uint64_t criticUpdates = 0, actorUpdates = 0;
  // Pfau & Vinyals's GAN tricks carried over (core/rl/ac_tricks.hpp): Q1's RMS error at the last update and whether
  // freezing skipped the critics' or the actor's step.
  double criticError = 0;
  bool actorFrozen = false, criticFrozen = false;
  // The last actor update, sample 0 of its batch, before the step: Q1(s, μ(s)) and ∂Q1/∂a; μ(s) before the step and
  // now; the actor's step size (Adam's learning rate) and the batch size B (each sample's ∂Q/∂a weighs 1/B).
  struct Update {
    bool valid = false;
    std::vector<float> state;  // the raw observation s
    double q = 0, dQda = 0, muBefore = 0, muAfter = 0, stepSize = 0;
    int batch = 0;
  } last;
};

// The GAN lens (gan, gan-as-ac on gan1d): on one x axis the target density, the generated density, D(x), and some
// generated samples with the gradient of the generator's loss on each; the generator's map z → x; the read-outs;
// which player freezing skipped and which tricks are on.
struct GanInsight {
  double lo = -8, hi = 8;
  std::vector<float> x;          // the grid: cell centres over [lo, hi]
  std::vector<float> target;     // p_data(x) on the grid
  std::vector<float> generated;  // p_G(x): 4096 generated samples, histogram smoothed by a Gaussian (σ 0.1)
  std::vector<float> d;          // D on the grid: σ(D(x)) for the classifier losses, the raw score otherwise
  bool dIsProbability = true;
  std::vector<float> fakeX, fakeGrad;  // generated samples x̃ and ∂ℓ_G/∂x̃ at each (the sample moves along −∂ℓ_G/∂x̃)
  std::vector<float> z, xOfZ;          // the generator's map along noise coordinate z₀ (the others at 0)
  std::string noise;                   // "U[−1, 1]" or "N(0, 1)"
  double dReal = 0, dFake = 0;         // mean D(real), D(fake) of the last iteration's batches (σ(D) for classifiers)
  double js = 0, w1 = 0;               // Jensen–Shannon divergence (nats, ≤ ln 2) and Wasserstein-1 to the target
  std::vector<float> modes, modeMass;  // the target's modes (≥ 2, else empty) and the generated mass near each
  double modeRadius = 0;               // "near": within this distance of the mode
  bool dFrozen = false, gFrozen = false;  // freezing skipped that player's step in the last iteration
  std::vector<std::string> tricks;        // parameter names of the tricks switched on, e.g. "label_smoothing"
  std::string loss;                       // "non-saturating", "wgan-gp", ...
  bool actorCritic = false;               // gan-as-ac: D is the critic Q(a), G the blind actor
  uint64_t iterations = 0;
};

struct Insights {
  // What the algorithm is doing now, in a few plain words for the classroom caption: "exploring: random action",
  // "updating the Q-network", "D is frozen". Empty: the app says what the trainer does (step, episode).
  std::string phase;
  std::optional<QInsight> q;
  std::optional<PlaneMap> valueMap;
  std::optional<ReplayInsight> replay;
  std::optional<PolicyInsight> policy;
  std::optional<RatioInsight> ratio;
  std::optional<GradVarianceInsight> gradVariance;
  std::optional<PlaneMap> policyMap;
  std::optional<AdvantageInsight> advantage;
  std::optional<ActorCriticStep> acStep;
  std::optional<GanInsight> gan;
  std::optional<WorkersInsight> workers;
  std::optional<PathwiseInsight> pathwise;
};

}  // namespace rl
