// DDPG with TD3's switches, read top to bottom:
//   act (uniform before learning_starts, else μ_θ(s) + noise, clipped) → step the env → replay → every train_freq
//   steps: sample a batch → ã = μ_θ′(s′) (+ clipped noise) → y = r + γ(1 − terminated)·[min] Q_φ′(s′, ã) → critic
//   step(s) → every d-th: actor step by the pathwise gradient, Polyak targets → metrics → decide the next action.
//
// [SECTION] index:
//   Batch arithmetic ...... ddpg:: actorForward, criticForward, smoothTargetAction, tdTarget, criticLossAndGrad,
//                           actorLossAndGrad (float and double)
//   Replay ................ Ddpg::Replay
//   Parameters ............ Ddpg::Ddpg, presetFor, unsupportedReason, paramsChanged (the td3 switch)
//   Reset ................. reset (networks, copies for the targets, optimisers, replay)
//   Acting ................ decide (uniform / Gaussian / Ornstein–Uhlenbeck), explorationStd
//   Update ................ updateOn (target → critics → delayed actor → targets)
//   Training loop ......... trainStep (act → step → store → learn → metrics → next state)
//   Lens .................. fillInsights (Q(s, ·), μ(s), ∂Q/∂a, the last actor update), fillEnvInsights, checkFinite
#include "core/rl/ddpg.hpp"
#include "core/agent_state.hpp"
#include "core/checkpoint.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstdio>

namespace rl {

using nn::Mat;
using nn::RowVec;

// ---- Batch arithmetic ----

namespace ddpg {

template <class T>
ActionScale<T> ActionScale<T>::fromSpace(const Space& action) {
  const int d = int(action.flatSize());
  ActionScale s;
  s.low.resize(d), s.high.resize(d), s.k.resize(d), s.b.resize(d);
  for (int i = 0; i < d; ++i) {
    s.low(i) = T(action.low[size_t(i)]), s.high(i) = T(action.high[size_t(i)]);
    s.k(i) = T((action.high[size_t(i)] - action.low[size_t(i)]) / 2);
    s.b(i) = T((action.high[size_t(i)] + action.low[size_t(i)]) / 2);
  }
  return s;
}

template <class T>
nn::Sequential<T> makeActor(int obsDim, int actDim, int hidden1, int hidden2, Rng& rng) {
  nn::Sequential<T> net = nn::makeMlp<T>({obsDim, hidden1, hidden2, actDim}, "relu", rng, "tanh");
  net.setNeedsInputGrad(false);  // nobody reads ∂/∂s
  return net;
}

template <class T>
nn::Sequential<T> makeCritic(int obsDim, int actDim, int hidden1, int hidden2, Rng& rng) {
  return nn::makeMlp<T>({obsDim + actDim, hidden1, hidden2, 1}, "relu", rng);
}

template <class T>
Mat<T> actorForward(nn::Sequential<T>& actor, const Mat<T>& s, const ActionScale<T>& scale) {
  Mat<T> a = scale.k.asDiagonal() * actor.forward(s);  // k ⊙ tanh(f_θ(s))
  a.colwise() += scale.b;
  return a;
}

template <class T>
Mat<T> criticInput(const Mat<T>& s, const Mat<T>& a) {
  assert(s.cols() == a.cols());
  Mat<T> x(s.rows() + a.rows(), s.cols());
  x.topRows(s.rows()) = s;
  x.bottomRows(a.rows()) = a;
  return x;
}

template <class T>
RowVec<T> criticForward(nn::Sequential<T>& critic, const Mat<T>& s, const Mat<T>& a) {
  return critic.forward(criticInput(s, a)).row(0);
}

template <class T>
Mat<T> smoothTargetAction(const Mat<T>& a, const Mat<T>& eps, T sigma, T clip, const ActionScale<T>& scale) {
  const Mat<T> noise = scale.k.asDiagonal() * (sigma * eps).cwiseMax(-clip).cwiseMin(clip);
  Mat<T> out = a + noise;
  for (Eigen::Index j = 0; j < out.cols(); ++j) out.col(j) = out.col(j).cwiseMax(scale.low).cwiseMin(scale.high);
  return out;
}

template <class T>
RowVec<T> tdTarget(const RowVec<T>& r, const RowVec<T>& terminated, T gamma, const RowVec<T>& q1,
                   const RowVec<T>& q2) {
  const RowVec<T> next = q2.size() > 0 ? RowVec<T>(q1.cwiseMin(q2)) : q1;
  return r + gamma * (RowVec<T>::Ones(r.size()) - terminated).cwiseProduct(next);
}

template <class T>
CriticStep<T> criticLossAndGrad(nn::Sequential<T>& critic, const Mat<T>& s, const Mat<T>& a, const RowVec<T>& y) {
  CriticStep<T> out;
  const Mat<T>& q = critic.forward(criticInput(s, a));
  out.q = q.row(0);
  const nn::Loss<T> L = nn::mse<T>(q, Mat<T>(y));  // mean (Q − y)², ∂/∂Q = 2(Q − y)/B
  out.loss = L.loss;
  critic.zeroGrad();
  critic.setNeedsInputGrad(false);  // ∂L/∂[s; a] is not needed here
  critic.backward(L.grad);
  return out;
}

template <class T>
ActorStep<T> actorLossAndGrad(nn::Sequential<T>& actor, nn::Sequential<T>& critic, const Mat<T>& s,
                              const ActionScale<T>& scale) {
  const Eigen::Index B = s.cols(), D = scale.k.size();
  ActorStep<T> out;
  out.mu = actorForward(actor, s, scale);  // the actor's layers cache their inputs for the backward below
  out.q = criticForward(critic, s, out.mu);
  out.loss = -out.q.mean();
  // ∂(−J)/∂Q = −1/B per sample, back through the critic to its input [s; a]: the action rows are ∂(−J)/∂a.
  critic.setNeedsInputGrad(true);
  const Mat<T> dLda = critic.backward(Mat<T>::Constant(1, B, T(-1) / T(B))).bottomRows(D);
  critic.zeroGrad();  // φ takes no part in the actor's step
  out.dQda = dLda * T(-B);
  // a = b + k ⊙ tanh(·): ∂(−J)/∂tanh = k ⊙ ∂(−J)/∂a, then through the actor's Tanh and layers to θ.
  actor.zeroGrad();
  actor.setNeedsInputGrad(false);
  actor.backward(scale.k.asDiagonal() * dLda);
  return out;
}

#define RLLENS_DDPG_INSTANTIATE(T)                                                                                 \
  template struct ActionScale<T>;                                                                                  \
  template nn::Sequential<T> makeActor<T>(int, int, int, int, Rng&);                                               \
  template nn::Sequential<T> makeCritic<T>(int, int, int, int, Rng&);                                              \
  template Mat<T> actorForward<T>(nn::Sequential<T>&, const Mat<T>&, const ActionScale<T>&);                       \
  template Mat<T> criticInput<T>(const Mat<T>&, const Mat<T>&);                                                    \
  template RowVec<T> criticForward<T>(nn::Sequential<T>&, const Mat<T>&, const Mat<T>&);                           \
  template Mat<T> smoothTargetAction<T>(const Mat<T>&, const Mat<T>&, T, T, const ActionScale<T>&);                \
  template RowVec<T> tdTarget<T>(const RowVec<T>&, const RowVec<T>&, T, const RowVec<T>&, const RowVec<T>&);       \
  template CriticStep<T> criticLossAndGrad<T>(nn::Sequential<T>&, const Mat<T>&, const Mat<T>&, const RowVec<T>&); \
  template ActorStep<T> actorLossAndGrad<T>(nn::Sequential<T>&, nn::Sequential<T>&, const Mat<T>&,                 \
                                            const ActionScale<T>&);
RLLENS_DDPG_INSTANTIATE(float)
RLLENS_DDPG_INSTANTIATE(double)
#undef RLLENS_DDPG_INSTANTIATE

}  // namespace ddpg

// ---- Replay ----

void Ddpg::Replay::init(int capacity, int obsDim, int actDim) {
  *this = Replay();
  capacity_ = capacity, obsDim_ = obsDim, actDim_ = actDim;
}

void Ddpg::Replay::add(const float* s, const float* a, float r, const float* s2, bool terminated) {
  const size_t i = size_t(next_), d = size_t(obsDim_), k = size_t(actDim_);
  if (i >= reward_.size()) {  // still filling: append a slot
    obs_.resize((i + 1) * d), nextObs_.resize((i + 1) * d), act_.resize((i + 1) * k);
    reward_.push_back(0.f), terminated_.push_back(0);
  }
  std::copy(s, s + d, obs_.begin() + ptrdiff_t(i * d));
  std::copy(s2, s2 + d, nextObs_.begin() + ptrdiff_t(i * d));
  std::copy(a, a + k, act_.begin() + ptrdiff_t(i * k));
  reward_[i] = r;
  terminated_[i] = terminated ? 1 : 0;
  next_ = (next_ + 1) % capacity_;
  size_ = std::min(size_ + 1, capacity_);
}

void Ddpg::Replay::sample(int n, Rng& rng, std::vector<int>& idx) const {
  assert(size_ > 0);
  idx.resize(size_t(n));
  for (int j = 0; j < n; ++j) idx[size_t(j)] = rng.below(size_);
}

void Ddpg::Replay::persist(StateIO& io) {
  io.bounded(size_, capacity_, "the replay's fill level");
  io.bounded(next_, capacity_ - 1, "the replay's next slot");
  io.io(obs_), io.io(act_), io.io(nextObs_), io.io(reward_), io.io(terminated_);
  if (!io.reading()) return;
  // The storage grows with the fill level, and until the ring is full the next slot is the first free one.
  const size_t n = size_t(size_);
  if (obs_.size() != n * size_t(obsDim_) || nextObs_.size() != obs_.size() || act_.size() != n * size_t(actDim_) ||
      reward_.size() != n || terminated_.size() != n || (size_ < capacity_ && next_ != size_))
    io.fail("the replay's transitions do not fit its fill level");
}

// ---- Parameters ----

Ddpg::Ddpg() {
  using P = ParamType;
  auto& t = params_;
  t.add({.name = "gamma", .label = "discount γ", .type = P::Float, .min = 0, .max = 0.999, .def = 0.99,
         .help = "y = r + γ(1 − terminated)·Q′(s′, μ′(s′))"}, &cfg_.gamma);
  t.add({.name = "tau", .label = "Polyak τ", .type = P::Float, .min = 1e-4, .max = 1, .def = 0.005,
         .help = "Target networks θ′ ← τθ + (1 − τ)θ′, φ′ ← τφ + (1 − τ)φ′ after each actor update", .logScale = true},
        &cfg_.tau);
  t.add({.name = "actor_lr", .label = "actor step size", .type = P::Float, .min = 1e-6, .max = 0.1, .def = 3e-4,
         .help = "Adam's learning rate for μ_θ (ascent on mean Q(s, μ_θ(s)))", .logScale = true}, &cfg_.actorLr);
  t.add({.name = "critic_lr", .label = "critic step size", .type = P::Float, .min = 1e-6, .max = 0.1, .def = 3e-4,
         .help = "Adam's learning rate for Q_φ (descent on mean (Q_φ(s, a) − y)²)", .logScale = true},
        &cfg_.criticLr);
  t.add({.name = "batch_size", .label = "batch size B", .type = P::Int, .min = 1, .max = 1024, .def = 256,
         .help = "Transitions per update, drawn uniformly from the replay"}, &cfg_.batchSize);
  t.add({.name = "buffer_size", .label = "replay capacity", .type = P::Int, .min = 100, .max = 2000000,
         .def = 1000000, .help = "Transitions kept; the oldest are dropped", .needsReset = true, .logScale = true},
        &cfg_.bufferSize);
  t.add({.name = "learning_starts", .label = "learning starts", .type = P::Int, .min = 0, .max = 1000000,
         .def = 25000, .help = "Env steps of uniform random actions before the first update"}, &cfg_.learningStarts);
  t.add({.name = "train_freq", .label = "train every", .type = P::Int, .min = 1, .max = 64, .def = 1,
         .help = "Env steps between rounds of updates"}, &cfg_.trainFreq);
  t.add({.name = "gradient_steps", .label = "updates per round", .type = P::Int, .min = 1, .max = 64, .def = 1,
         .help = "Updates (critic, and the actor every d-th) in each round"}, &cfg_.gradientSteps);
  t.add({.name = "hidden1", .label = "hidden units 1", .type = P::Int, .min = 8, .max = 1024, .def = 256,
         .help = "Units of the first ReLU layer of the actor and the critics", .needsReset = true}, &cfg_.hidden1);
  t.add({.name = "hidden2", .label = "hidden units 2", .type = P::Int, .min = 8, .max = 1024, .def = 256,
         .help = "Units of the second ReLU layer of the actor and the critics", .needsReset = true}, &cfg_.hidden2);
  t.add({.name = "noise", .label = "exploration noise", .type = P::Choice, .min = 0, .max = 1, .def = 0,
         .help = "a = clip(μ(s) + k·x): x ~ N(0, σ²) fresh each step, or Ornstein–Uhlenbeck "
                 "x ← x − θ_OU·x·dt + σ√dt·N(0, 1), reset to 0 at each episode start",
         .choices = {"gaussian", "ou"}}, &cfg_.noise);
  t.add({.name = "noise_std", .label = "exploration σ", .type = P::Float, .min = 0, .max = 2, .def = 0.1,
         .help = "Noise scale in units of k = (high − low)/2 (CleanRL's exploration_noise; pendulum k = 2)"},
        &cfg_.noiseStd);
  t.add({.name = "ou_theta", .label = "OU θ", .type = P::Float, .min = 0, .max = 10, .def = 0.15,
         .help = "Ornstein–Uhlenbeck pull back to 0 (the paper's 0.15)"}, &cfg_.ouTheta);
  t.add({.name = "ou_dt", .label = "OU dt", .type = P::Float, .min = 1e-3, .max = 1, .def = 0.01,
         .help = "Ornstein–Uhlenbeck time step (SB3's 0.01: correlated over ~1/(θ·dt) steps)", .logScale = true},
        &cfg_.ouDt);
  t.add({.name = "td3", .label = "TD3", .type = P::Bool, .min = 0, .max = 1, .def = 0,
         .help = "Turns TD3's three switches on (or off) together: twin critics (from the next reset), delayed "
                 "actor updates, target-policy smoothing"}, &cfg_.td3);
  t.add({.name = "twin_q", .label = "twin critics", .type = P::Bool, .min = 0, .max = 1, .def = 0,
         .help = "Clipped double Q: two critics trained on the same y = r + γ(1 − terminated)·min(Q′1, Q′2)",
         .needsReset = true}, &cfg_.twinQ);
  t.add({.name = "delayed", .label = "delayed actor", .type = P::Bool, .min = 0, .max = 1, .def = 0,
         .help = "The actor and the target networks are updated once every d critic updates"}, &cfg_.delayed);
  t.add({.name = "policy_delay", .label = "policy delay d", .type = P::Int, .min = 1, .max = 20, .def = 2,
         .help = "Critic updates per actor update"}, &cfg_.policyDelay);
  t.add({.name = "smoothing", .label = "target smoothing", .type = P::Bool, .min = 0, .max = 1, .def = 0,
         .help = "Target action ã = clip(μ′(s′) + k·clip(σ_targ·ε, −c, c)), ε ~ N(0, 1): Q′ is averaged over nearby "
                 "actions"}, &cfg_.smoothing);
  t.add({.name = "target_noise", .label = "smoothing σ_targ", .type = P::Float, .min = 0, .max = 2, .def = 0.2,
         .help = "Target-policy noise in units of k (TD3's 0.2)"}, &cfg_.targetNoise);
  t.add({.name = "noise_clip", .label = "smoothing clip c", .type = P::Float, .min = 0, .max = 2, .def = 0.5,
         .help = "The target-policy noise is clipped to ±c, in units of k (TD3's 0.5)"}, &cfg_.noiseClip);
  t.activeWhen("ou_theta", "noise=ou");
  t.activeWhen("ou_dt", "noise=ou");
  t.activeWhen("policy_delay", "delayed=true");
  t.activeWhen("target_noise", "smoothing=true");
  t.activeWhen("noise_clip", "smoothing=true");
  tricks_.addParams(t, false);  // batch norm is not offered: the networks here are plain MLPs
}

// Per-env presets. pendulum: rl-baselines3-zoo's DDPG Pendulum-v1 (γ 0.98, replay 200k, 10k random steps, Gaussian
// σ 0.1, Adam 1e-3, 400-300 networks, one update per step, SB3's batch 256 and τ 0.005). Measured in
// tests/unit/test_ddpg.cpp (DdpgLearning).
std::vector<std::string> Ddpg::presetFor(const std::string& envId) {
  if (envId == "pendulum")
    return {"gamma=0.98",     "buffer_size=200000", "learning_starts=10000", "noise=gaussian",   "noise_std=0.1",
            "actor_lr=0.001", "critic_lr=0.001",    "hidden1=400",           "hidden2=300",      "train_freq=1",
            "gradient_steps=1", "batch_size=256",   "tau=0.005"};
  return {};
}

std::string Ddpg::unsupportedReason(const Env& env) const {
  const Space a = env.actionSpace(), o = env.observationSpace();
  if (a.kind != Space::Kind::Box)
    return "DDPG needs a continuous action: this env's actions are " + a.describe() +
           " (the actor μ(s) outputs a real number and the critic is differentiated with respect to it; try "
           "pendulum)";
  if (a.shape.size() != 1) return "DDPG needs a continuous action: a Box(d,) action vector, not " + a.describe();
  for (size_t i = 0; i < a.low.size(); ++i)
    if (!std::isfinite(a.low[i]) || !std::isfinite(a.high[i]) || a.high[i] <= a.low[i])
      return "DDPG needs finite action bounds (the actor's tanh is scaled to them)";
  if (o.kind != Space::Kind::Box || o.shape.size() != 1)
    return "DDPG's MLPs need a Box(d,) observation; this env observes " + o.describe();
  return {};
}

// The td3 switch sets the three switches when it changes; later edits of a single switch stand.
void Ddpg::syncTd3() {
  if (cfg_.td3 == td3Seen_) return;
  td3Seen_ = cfg_.td3;
  const double on = cfg_.td3 ? 1 : 0;
  params_.set("twin_q", on), params_.set("delayed", on), params_.set("smoothing", on);
}

void Ddpg::paramsChanged() { syncTd3(); }

// ---- Reset ----

void Ddpg::reset(Env& env, uint64_t seed) {
  applyPresetOnce(env, presetFor(env.info().id));
  syncTd3();
  built_ = cfg_;
  tricks_.resetState();
  lastActorFrozen_ = lastCriticFrozen_ = false, lastCriticError_ = 0;
  rng_.reseed(seed ^ 0xDD96A11CE5ULL);
  const Space a = env.actionSpace();
  obsDim_ = int(env.observationSpace().flatSize()), actDim_ = int(a.flatSize());
  scale_ = ddpg::ActionScale<float>::fromSpace(a);
  const int h1 = built_.hidden1, h2 = built_.hidden2;
  actor_ = ddpg::makeActor<float>(obsDim_, actDim_, h1, h2, rng_);
  q1_ = ddpg::makeCritic<float>(obsDim_, actDim_, h1, h2, rng_);
  q2_ = built_.twinQ ? ddpg::makeCritic<float>(obsDim_, actDim_, h1, h2, rng_) : nn::SequentialF();
  actorTarget_ = actor_, q1Target_ = q1_, q2Target_ = q2_;  // θ′ ← θ, φ′ ← φ (deep copies)
  actorOpt_ = std::make_unique<nn::Adam<float>>(nn::AdamConfig{.lr = cfg_.actorLr});
  q1Opt_ = std::make_unique<nn::Adam<float>>(nn::AdamConfig{.lr = cfg_.criticLr});
  q2Opt_ = std::make_unique<nn::Adam<float>>(nn::AdamConfig{.lr = cfg_.criticLr});
  replay_.init(built_.bufferSize, obsDim_, actDim_);
  batchIdx_.clear();
  stepsDone_ = criticUpdates_ = actorUpdates_ = learnAfter_ = 0;
  lastY_ = {}, lastEps_ = {};
  lastQf1Loss_ = lastQf2Loss_ = lastActorLoss_ = lastMaxQ_ = 0;
  lastUpdate_ = {};
  boundMetrics_ = nullptr;
  sumQf1Loss_ = sumQf2Loss_ = sumActorLoss_ = sumQf1Values_ = 0;
  criticLogged_ = actorLogged_ = stepsLogged_ = 0;
  mapAt_ = ~0ULL;
  env.reset(seed);
  ou_.assign(size_t(actDim_), 0.0);
  trail_ = {.on = env.statePlane().has_value()};
  trail_.record(env.observation());
  decide(env);
}

// ---- Acting ----

// The action for the env's current observation, decided as soon as it is observed (after the step's update), so the
// lens can show μ(s) and the action about to be taken.
void Ddpg::decide(Env& env) {
  const auto o = env.observation();
  pendingObs_.assign(o.begin(), o.end());
  decidePending();
}

void Ddpg::decidePending() {
  const Mat<float> s = Eigen::Map<const Mat<float>>(pendingObs_.data(), obsDim_, 1);
  const Mat<float> mu = ddpg::actorForward(actor_, s, scale_);
  pendingMu_.assign(mu.data(), mu.data() + actDim_);
  pendingAction_.resize(size_t(actDim_));
  pendingEnvAction_.resize(size_t(actDim_));
  pendingRandom_ = stepsDone_ < uint64_t(cfg_.learningStarts);
  const bool ou = cfg_.noise == kOrnsteinUhlenbeck;
  for (int d = 0; d < actDim_; ++d) {
    const float low = scale_.low(d), high = scale_.high(d);
    double u;
    if (pendingRandom_) {
      u = rng_.uniform(low, high);
    } else {
      double x;
      if (ou) {  // x ← x + θ_OU(0 − x)dt + σ√dt·N(0, 1)
        double& xo = ou_[size_t(d)];
        xo += -cfg_.ouTheta * xo * cfg_.ouDt + cfg_.noiseStd * std::sqrt(cfg_.ouDt) * rng_.normal();
        x = xo;
      } else {
        x = cfg_.noiseStd * rng_.normal();
      }
      u = double(mu(d, 0)) + double(scale_.k(d)) * x;
    }
    if (!std::isfinite(u)) u = scale_.b(d);  // a diverged actor: checkFinite names it; the env gets a valid torque
    if (d == 0) pendingUnclipped_ = u;
    const double clipped = std::clamp(u, double(low), double(high));
    pendingAction_[size_t(d)] = float(clipped);
    pendingEnvAction_[size_t(d)] = clipped;
  }
}

double Ddpg::explorationStd() const {
  const double k = actDim_ > 0 ? double(scale_.k(0)) : 1.0;
  if (cfg_.noise != kOrnsteinUhlenbeck) return k * cfg_.noiseStd;
  // Stationary σ of x ← (1 − θdt)x + σ√dt·ε: σ²dt / (1 − (1 − θdt)²).
  const double rho = 1 - cfg_.ouTheta * cfg_.ouDt, den = 1 - rho * rho;
  return den > 1e-12 ? k * cfg_.noiseStd * std::sqrt(cfg_.ouDt / den) : k * cfg_.noiseStd;
}

// ---- Update ----

void Ddpg::updateOn(const std::vector<int>& idx) {
  const Config& c = cfg_;
  const bool twin = built_.twinQ;
  const int B = int(idx.size());
  // ---- The batch ----
  Mat<float> s(obsDim_, B), a(actDim_, B), s2(obsDim_, B);
  RowVec<float> r(B), terminated(B);
  for (int j = 0; j < B; ++j) {
    const int i = idx[size_t(j)];
    std::copy(replay_.obs(i), replay_.obs(i) + obsDim_, s.col(j).data());
    std::copy(replay_.action(i), replay_.action(i) + actDim_, a.col(j).data());
    std::copy(replay_.nextObs(i), replay_.nextObs(i) + obsDim_, s2.col(j).data());
    r(j) = replay_.reward(i);
    terminated(j) = replay_.terminated(i) ? 1.f : 0.f;
  }

  // ---- Target: ã = μ_θ′(s′) (+ clipped noise), y = r + γ(1 − terminated)·[min_i] Q_φ′i(s′, ã) ----
  Mat<float> aNext = ddpg::actorForward(actorTarget_, s2, scale_);
  if (c.smoothing) {
    lastEps_.resize(actDim_, B);
    for (Eigen::Index k = 0; k < lastEps_.size(); ++k) lastEps_.data()[k] = float(rng_.normal());
    aNext = ddpg::smoothTargetAction(aNext, lastEps_, float(c.targetNoise), float(c.noiseClip), scale_);
  } else {
    lastEps_.resize(0, 0);
  }
  const RowVec<float> q1Next = ddpg::criticForward(q1Target_, s2, aNext);
  const RowVec<float> q2Next = twin ? ddpg::criticForward(q2Target_, s2, aNext) : RowVec<float>();
  lastY_ = ddpg::tdTarget(r, terminated, float(c.gamma), q1Next, q2Next);
  if (tricks_.labelSmoothing) lastY_ = lastY_.unaryExpr([&](float y) { return tricks_.target(y); });  // GAN trick

  // ---- Critics: φ_i ← Adam on mean (Q_φi(s, a) − y)² ----
  // Freezing (a GAN trick carried over) reads Q1's RMS error and may skip the critics' or the actor's step.
  const ddpg::CriticStep<float> c1 = ddpg::criticLossAndGrad(q1_, s, a, lastY_);
  lastCriticError_ = std::sqrt(std::max(0.0, double(c1.loss)));
  lastCriticFrozen_ = tricks_.criticFrozen(lastCriticError_);
  lastActorFrozen_ = tricks_.actorFrozen(lastCriticError_);
  if (!lastCriticFrozen_) {
    tricks_.historicalPenalty(q1_.params(), 0);
    q1Opt_->setLr(c.criticLr);
    q1Opt_->step(q1_.params());
    tricks_.remember(q1_.params(), 0);
  }
  lastQf1Loss_ = c1.loss;
  if (twin) {
    const ddpg::CriticStep<float> c2 = ddpg::criticLossAndGrad(q2_, s, a, lastY_);
    if (!lastCriticFrozen_) {
      tricks_.historicalPenalty(q2_.params(), 1);
      q2Opt_->setLr(c.criticLr);
      q2Opt_->step(q2_.params());
      tricks_.remember(q2_.params(), 1);
    }
    lastQf2Loss_ = c2.loss;
  }
  ++criticUpdates_;
  ++stats_.updates;
  lastMaxQ_ = double(c1.q.cwiseAbs().maxCoeff());
  sumQf1Loss_ += c1.loss, sumQf2Loss_ += lastQf2Loss_, sumQf1Values_ += c1.q.mean();
  ++criticLogged_;

  // ---- Every d-th critic update: the actor by the pathwise gradient, then the targets ----
  if (criticUpdates_ % uint64_t(policyDelay()) != 0) return;
  const ddpg::ActorStep<float> as = ddpg::actorLossAndGrad(actor_, q1_, s, scale_);
  if (!lastActorFrozen_) {
    tricks_.historicalPenalty(actor_.params(), 2);
    actorOpt_->setLr(c.actorLr);
    actorOpt_->step(actor_.params());
    tricks_.remember(actor_.params(), 2);
  }
  ++actorUpdates_;
  lastActorLoss_ = as.loss;
  sumActorLoss_ += as.loss;
  ++actorLogged_;
  nn::softUpdate(actorTarget_, actor_, c.tau);
  nn::softUpdate(q1Target_, q1_, c.tau);
  if (twin) nn::softUpdate(q2Target_, q2_, c.tau);

  // Sample 0 written out for the lens (μ(s) after the step is computed when the lens asks).
  lastUpdate_.valid = true;
  lastUpdate_.state.assign(s.col(0).data(), s.col(0).data() + obsDim_);
  lastUpdate_.q = as.q(0), lastUpdate_.dQda = as.dQda(0, 0), lastUpdate_.muBefore = as.mu(0, 0);
  lastUpdate_.stepSize = c.actorLr, lastUpdate_.batch = B;
}

// ---- Training loop ----

int Ddpg::trainStep(Env& env, int maxSteps, Metrics& metrics, uint64_t stepBase, int /*forcedAction*/) {
  if (boundMetrics_ != &metrics) {
    qf1LossId_ = metrics.id("losses/qf1_loss");
    qf2LossId_ = built_.twinQ ? metrics.id("losses/qf2_loss") : -1;
    actorLossId_ = metrics.id("losses/actor_loss");
    qf1ValuesId_ = metrics.id("losses/qf1_values");
    boundMetrics_ = &metrics;
  }
  for (int i = 0; i < maxSteps; ++i) {
    // ---- Act: the action decided for this state (decided again if the env moved since, e.g. an edit) ----
    const auto o = env.observation();
    if (!std::equal(o.begin(), o.end(), pendingObs_.begin(), pendingObs_.end())) decide(env);
    const StepResult step = env.stepContinuous(pendingEnvAction_);

    // ---- Store (s, a, r, s′, terminated): after a truncation s′ is the final observation, bootstrapped from ----
    const auto o2 = env.observation();
    replay_.add(pendingObs_.data(), pendingAction_.data(), float(step.reward), o2.data(), step.terminated);
    ++stepsDone_;

    // ---- Learn: gradient_steps updates every train_freq steps once learning has started ----
    if (stepsDone_ > uint64_t(cfg_.learningStarts) && stepsDone_ > learnAfter_ &&
        stepsDone_ % uint64_t(cfg_.trainFreq) == 0)
      for (int g = 0; g < cfg_.gradientSteps; ++g) {
        replay_.sample(cfg_.batchSize, rng_, batchIdx_);
        updateOn(batchIdx_);
      }

    // ---- Metrics: means over the updates of the last kLogInterval steps ----
    if (++stepsLogged_ >= kLogInterval) {
      const double x = double(stepBase + uint64_t(i) + 1);
      if (criticLogged_ > 0) {
        metrics.add(qf1LossId_, x, sumQf1Loss_ / criticLogged_);
        if (qf2LossId_ >= 0) metrics.add(qf2LossId_, x, sumQf2Loss_ / criticLogged_);
        metrics.add(qf1ValuesId_, x, sumQf1Values_ / criticLogged_);
      }
      if (actorLogged_ > 0) metrics.add(actorLossId_, x, sumActorLoss_ / actorLogged_);
      sumQf1Loss_ = sumQf2Loss_ = sumActorLoss_ = sumQf1Values_ = 0;
      criticLogged_ = actorLogged_ = stepsLogged_ = 0;
    }

    // ---- Next state (auto-reset at an episode end; the OU noise starts again at 0) ----
    if (step.terminated || step.truncated) {
      env.reset();
      trail_.obs.clear();
      std::fill(ou_.begin(), ou_.end(), 0.0);
    }
    trail_.record(env.observation());
    decide(env);
  }
  return maxSteps;
}

// ---- Lens ----

void Ddpg::fillInsights(Insights& out) const {
  out.phase = pendingRandom_ ? "warm-up: random actions, " + std::to_string(stepsDone_) + " of " +
                                   std::to_string(cfg_.learningStarts) + " before the first update"
                             : "updating critic and actor · acting μ(s) + noise";
  if (pendingObs_.empty()) return;
  const Mat<float> s = Eigen::Map<const Mat<float>>(pendingObs_.data(), obsDim_, 1);
  const double low = scale_.low(0), high = scale_.high(0);
  PathwiseInsight p;
  p.low = low, p.high = high;
  // Q(s, ·) over the grid: action 0 swept, the other dimensions at μ(s).
  const int G = kGridSize;
  Mat<float> grid(actDim_, G);
  for (int j = 0; j < G; ++j) {
    for (int d = 0; d < actDim_; ++d) grid(d, j) = pendingMu_[size_t(d)];
    grid(0, j) = float(low + (high - low) * j / (G - 1));
  }
  const Mat<float> sG = s.replicate(1, G);
  for (int j = 0; j < G; ++j) p.actions.push_back(grid(0, j));
  const RowVec<float> q1 = ddpg::criticForward(q1_, sG, grid);
  p.q1.assign(q1.data(), q1.data() + G);
  if (built_.twinQ) {
    const RowVec<float> q2 = ddpg::criticForward(q2_, sG, grid);
    p.q2.assign(q2.data(), q2.data() + G);
  }
  // μ(s), Q1(s, μ(s)) and ∂Q1/∂a there: the actor step's arithmetic on this one state (no optimiser step).
  const ddpg::ActorStep<float> here = ddpg::actorLossAndGrad(actor_, q1_, s, scale_);
  actor_.zeroGrad();
  p.mu = here.mu(0, 0), p.qMu = here.q(0), p.dQda = here.dQda(0, 0);
  p.taken = pendingAction_.empty() ? p.mu : pendingAction_[0];
  p.random = pendingRandom_;
  p.noiseStd = explorationStd();
  p.noiseParam = cfg_.noiseStd;
  p.noiseK = actDim_ > 0 ? double(scale_.k(0)) : 1.0;
  p.ornsteinUhlenbeck = cfg_.noise == kOrnsteinUhlenbeck;
  p.twin = built_.twinQ, p.delayed = cfg_.delayed, p.smoothing = cfg_.smoothing;
  p.criticError = lastCriticError_, p.actorFrozen = lastActorFrozen_, p.criticFrozen = lastCriticFrozen_;
  p.policyDelay = policyDelay();
  p.criticUpdates = criticUpdates_, p.actorUpdates = actorUpdates_;
  p.last = lastUpdate_;
  if (p.last.valid) {
    const Mat<float> s0 = Eigen::Map<const Mat<float>>(lastUpdate_.state.data(), obsDim_, 1);
    p.last.muAfter = ddpg::actorForward(actor_, s0, scale_)(0, 0);
  }

  PolicyInsight pi;
  pi.continuous = true;
  pi.mean = p.mu, pi.std = p.noiseStd, pi.low = low, pi.high = high;
  pi.sampled = pendingRandom_ ? p.taken : pendingUnclipped_;
  pi.entropy = 0;  // a deterministic policy; the exploration noise is not part of it
  pi.deterministic = true;
  pi.hasValue = true, pi.value = p.qMu;
  out.policy = std::move(pi);
  out.pathwise = std::move(p);

  ReplayInsight r;
  r.size = replay_.size(), r.capacity = replay_.capacity(), r.newest = replay_.newest();
  r.lastBatch = batchIdx_;
  out.replay = std::move(r);
}

void Ddpg::fillEnvInsights(const Env& env, Insights& out) const {
  const std::optional<StatePlane> plane = env.statePlane();
  if (!plane || obsDim_ == 0) return;
  const int n = kMapSize, cells = n * n;
  const uint64_t at = criticUpdates_ + actorUpdates_;
  if (mapAt_ != at || mapCache_.nx != n) {
    Mat<float> s(obsDim_, cells);
    for (int j = 0; j < n; ++j)
      for (int i = 0; i < n; ++i) {
        const double x = plane->xMin + (plane->xMax - plane->xMin) * (i + 0.5) / n;
        const double y = plane->yMin + (plane->yMax - plane->yMin) * (j + 0.5) / n;
        env.observationAt(x, y, std::span<float>(s.col(j * n + i).data(), size_t(obsDim_)));
      }
    const Mat<float> mu = ddpg::actorForward(actor_, s, scale_);
    const RowVec<float> q = ddpg::criticForward(q1_, s, mu);
    PlaneMap& m = mapCache_;
    m.nx = m.ny = n;
    m.layers.clear();
    std::vector<float> muRow(static_cast<size_t>(cells));
    for (int c = 0; c < cells; ++c) muRow[size_t(c)] = mu(0, c);
    m.layers.push_back({"actor μ(s)", std::move(muRow)});
    m.layers.push_back({"critic Q(s, μ(s))", std::vector<float>(q.data(), q.data() + cells)});
    mapAt_ = at;
  }
  PlaneMap m = mapCache_;
  m.xLabel = plane->xLabel, m.yLabel = plane->yLabel;
  m.xMin = plane->xMin, m.xMax = plane->xMax, m.yMin = plane->yMin, m.yMax = plane->yMax;
  const size_t d = size_t(obsDim_);
  for (size_t k = 0; k + d <= trail_.obs.size(); k += d) {
    const auto [x, y] = env.planePoint(std::span<const float>(&trail_.obs[k], d));
    m.trail.push_back(float(x));
    m.trail.push_back(float(y));
  }
  out.policyMap = std::move(m);
}

std::string Ddpg::checkFinite() const {
  char buf[200];
  const std::pair<const char*, double> losses[] = {
      {"losses/qf1_loss", lastQf1Loss_}, {"losses/qf2_loss", lastQf2Loss_}, {"losses/actor_loss", lastActorLoss_}};
  for (const auto& [name, v] : losses)
    if (!std::isfinite(v)) {
      std::snprintf(buf, sizeof buf, "%s = %g", name, v);
      return buf;
    }
  const std::pair<const char*, nn::SequentialF*> nets[] = {{"actor μ", &actor_}, {"critic Q1", &q1_},
                                                           {"critic Q2", &q2_}};
  for (const auto& [label, net] : nets)
    for (const auto& t : net->tensors()) {
      const Mat<float>& v = *t.value;
      for (Eigen::Index k = 0; k < v.size(); ++k)
        if (!std::isfinite(v.data()[k])) {
          std::snprintf(buf, sizeof buf, "%s %s[%ld] = %g", label, t.name.c_str(), long(k), double(v.data()[k]));
          return buf;
        }
    }
  return {};
}

// ---- Saved agents ----

void Ddpg::describeState(AgentState& s) {
  s.network("actor", actor_);
  s.network("actor_target", actorTarget_);
  s.network("q1", q1_);
  s.network("q1_target", q1Target_);
  s.network("q2", q2_);
  s.network("q2_target", q2Target_);
  s.optimizer("actor_optimizer", *actorOpt_, actor_.params());
  s.optimizer("q1_optimizer", *q1Opt_, q1_.params());
  s.optimizer("q2_optimizer", *q2Opt_, q2_.params());
  s.counter("steps", stepsDone_);
  s.counter("critic_updates", criticUpdates_);
  s.counter("actor_updates", actorUpdates_);
}

void Ddpg::stateLoaded() {
  // The replay buffer is not saved: learning resumes once it holds learning_starts transitions again (capped by its
  // capacity), gathered with the loaded actor and its exploration noise.
  const int missing = std::min(cfg_.learningStarts, replay_.capacity()) - replay_.size();
  learnAfter_ = stepsDone_ + uint64_t(std::max(0, missing));
  mapAt_ = ~0ULL;
  if (!pendingObs_.empty()) decidePending();
}

// ---- Checkpoints ----

namespace {
// A matrix shaped by the last batch (its targets y, its smoothing noise ε): at most `maxRows` × the largest batch.
template <class M>
void persistBatchMatrix(StateIO& io, M& m, Eigen::Index maxRows, const char* what) {
  int64_t rows = m.rows(), cols = m.cols();
  io.io(rows), io.io(cols);
  if (io.reading()) {
    if (rows < 0 || rows > maxRows || cols < 0 || cols > 1024 || (M::RowsAtCompileTime == 1 && rows != 1))
      io.fail(std::string(what) + " does not fit a batch");
    m.resize(rows, cols);
  }
  for (Eigen::Index k = 0; k < m.size(); ++k) io.io(m.data()[k]);
}
}  // namespace

void Ddpg::persist(StateIO& io) {
  tricks_.persist(io, {q1_.params(), q2_.params(), actor_.params()});
  io.io(lastActorFrozen_), io.io(lastCriticFrozen_), io.io(lastCriticError_);
  io.io(td3Seen_);
  io.io(rng_);
  replay_.persist(io);
  io.io(batchIdx_);
  if (io.reading())
    for (int i : batchIdx_)
      if (i < 0 || i >= replay_.size()) io.fail("the last batch names a slot outside the replay");
  io.io(learnAfter_);
  // The action decided for s, with the OU state that produced it (stateLoaded drew another).
  io.fixed(pendingObs_, "the observation");
  io.fixed(pendingAction_, "the decided action");
  io.fixed(pendingMu_, "μ(s)");
  io.fixed(pendingEnvAction_, "the env's action");
  if (io.reading())
    for (int d = 0; d < actDim_; ++d)  // decidePending keeps it finite and in bounds; the env refuses a NaN torque
      if (!(pendingEnvAction_[size_t(d)] >= scale_.low(d) && pendingEnvAction_[size_t(d)] <= scale_.high(d)))
        io.fail("the decided action is outside the action bounds");
  io.fixed(ou_, "the Ornstein–Uhlenbeck state");
  io.io(pendingUnclipped_), io.io(pendingRandom_);
  persistBatchMatrix(io, lastY_, 1, "the last targets");
  persistBatchMatrix(io, lastEps_, actDim_, "the last smoothing noise");
  io.io(lastQf1Loss_), io.io(lastQf2Loss_), io.io(lastActorLoss_), io.io(lastMaxQ_);
  PathwiseInsight::Update& u = lastUpdate_;
  io.io(u.valid), io.io(u.state);
  if (io.reading() && (u.valid || !u.state.empty()) && u.state.size() != size_t(obsDim_))
    io.fail("the lens's last update has another observation size");
  io.io(u.q), io.io(u.dQda), io.io(u.muBefore), io.io(u.muAfter), io.io(u.stepSize), io.io(u.batch);
  io.io(sumQf1Loss_), io.io(sumQf2Loss_), io.io(sumActorLoss_), io.io(sumQf1Values_);
  io.io(criticLogged_), io.io(actorLogged_);
  io.bounded(stepsLogged_, kLogInterval, "the steps since the last metrics point");
  trail_.persist(io, obsDim_);
}

}  // namespace rl
