// DQN, read top to bottom:
//   act (ε-greedy or NoisyNet, masked) → step the env → n-step accumulator → replay → every trainFreq steps:
//   sample batch → target y = R + γⁿ·Q̂(s′, a*) (a* by the online net when double) or C51's projected distribution →
//   Huber / MSE / cross-entropy, weighted by the IS weights → clip → optimiser step → priorities → target network.
//
// [SECTION] index (the file is past 450 lines because every switch is in it):
//   Parameters ............ Dqn::Dqn, presetFor (per-env presets)
//   Networks .............. unsupportedReason, buildNetworks (one-hot MLP / MLP / MinAtar trunk; plain, dueling,
//                           C51 or noisy heads)
//   Reset and schedules ... reset, currentEpsilon, currentBeta, noiseScale
//   Q evaluation .......... encode, qOf, qValues, qBatch
//   Update ................ updateOn (sample batch → target → loss → step → priorities → target network)
//   Training loop ......... decide (ε-greedy), paramsChanged, trainStep (act → step → n-step → replay → learn →
//                           metrics → decide the next action)
//   Lens .................. recordEpisode (overestimation plot), recordTrail, fillInsights (Q, C51, replay),
//                           fillEnvInsights (V and greedy action over the state plane), checkFinite
//   Saved agents .......... describeState, stateLoaded, persist (checkpoints: the runtime state)
#include "core/rl/dqn.hpp"
#include "core/agent_state.hpp"
#include "core/checkpoint.hpp"
#include "core/rl/random_action.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdio>
#include <limits>

namespace rl {

using nn::Mat;

namespace {
int argmaxMasked(const float* q, int n, uint64_t mask) {
  int best = -1;
  for (int a = 0; a < n; ++a)
    if ((n >= 64 || (mask >> a & 1)) && (best < 0 || q[a] > q[best])) best = a;
  return best < 0 ? 0 : best;
}
}  // namespace

Dqn::Dqn() {
  using P = ParamType;
  auto& t = params_;
  t.add({"gamma", "discount γ", P::Float, 0.0, 0.999, 0.99, "Weight of the next state's value in the target"},
        &cfg_.gamma);
  t.add({"lr", "learning rate", P::Float, 1e-6, 0.1, 1e-3, "Optimiser step size", false, true}, &cfg_.lr);
  t.add({"optimizer", "optimiser", P::Choice, 0, 1, 0, "Adam, or centred RMSProp (α 0.95, ε 0.01) as in MinAtar",
         true, false, {"adam", "rmsprop-centred"}}, &cfg_.optimizer);
  t.add({"batch_size", "batch size", P::Int, 1, 512, 32, "Transitions per update"}, &cfg_.batchSize);
  t.add({"replay", "replay", P::Choice, 0, 2, 1,
         "off: learn from the newest transition only; uniform; prioritized by |TD error| (sum tree)", true, false,
         {"off", "uniform", "prioritized"}}, &cfg_.replay);
  t.add({"buffer_size", "replay capacity", P::Int, 100, 1000000, 10000, "Transitions kept; the oldest are dropped",
         true, true}, &cfg_.bufferSize);
  t.add({"per_alpha", "priority α", P::Float, 0.0, 1.0, 0.6, "P(i) ∝ p_i^α: 0 uniform, 1 fully by |δ|", true},
        &cfg_.perAlpha);
  t.add({"per_beta", "IS β start", P::Float, 0.0, 1.0, 0.4,
         "Importance-sampling exponent at step 0, annealed linearly to 1 (full correction)"}, &cfg_.perBeta);
  t.add({"per_beta_steps", "β anneal steps", P::Int, 1, 10000000, 100000, "Env steps for β to reach 1", false, true},
        &cfg_.perBetaSteps);
  t.add({"target", "target network", P::Choice, 0, 2, 1,
         "off: bootstrap from the online net; hard copy every C updates; Polyak averaging with τ", false, false,
         {"off", "hard", "polyak"}}, &cfg_.target);
  t.add({"target_update", "copy every C", P::Int, 1, 100000, 500, "Updates between hard copies θ′ ← θ",
         false, true}, &cfg_.targetUpdate);
  t.add({"tau", "Polyak τ", P::Float, 1e-4, 1.0, 0.005, "θ′ ← τθ + (1 − τ)θ′ after every update", false, true},
        &cfg_.tau);
  t.add({"double", "double DQN", P::Bool, 0, 1, 0,
         "The online net chooses a* = argmax Q(s′,·), the target net evaluates it: less overestimation"},
        &cfg_.doubleDqn);
  t.add({"dueling", "dueling head", P::Bool, 0, 1, 0, "Q = V(s) + A(s,a) − mean A (ignored with C51)", true},
        &cfg_.dueling);
  t.add({"n_step", "n-step", P::Int, 1, 10, 1, "Target R = Σ_{k<n} γ^k r_{t+k} + γⁿ max Q⁻(s_{t+n}, ·)", true},
        &cfg_.nStep);
  t.add({"noisy", "NoisyNet", P::Bool, 0, 1, 0, "Learned parameter noise in the head explores instead of ε", true},
        &cfg_.noisy);
  t.add({"c51", "C51 distributional", P::Bool, 0, 1, 0, "Learn the return distribution on fixed atoms", true},
        &cfg_.c51);
  t.add({"atoms", "C51 atoms", P::Int, 2, 201, 51, "Number of support atoms", true}, &cfg_.atoms);
  t.add({"v_min", "C51 v_min", P::Float, -1000, 0, -10, "Lowest atom", true}, &cfg_.vMin);
  t.add({"v_max", "C51 v_max", P::Float, 0, 1000, 10, "Highest atom", true}, &cfg_.vMax);
  t.add({"loss", "TD loss", P::Choice, 0, 1, 0, "Huber (δ = 1) or squared error", false, false, {"huber", "mse"}},
        &cfg_.loss);
  t.add({"max_grad_norm", "grad clip", P::Float, 0, 100, 10, "Clip the joint gradient norm; 0 = off"},
        &cfg_.maxGradNorm);
  t.add({"train_freq", "train every", P::Int, 1, 64, 1, "Env steps per update"}, &cfg_.trainFreq);
  t.add({"learning_starts", "learning starts", P::Int, 0, 1000000, 1000, "Env steps before the first update", false,
         true}, &cfg_.learningStarts);
  t.add({"eps_start", "ε start", P::Float, 0, 1, 1.0, "Exploration ε at step 0"}, &cfg_.epsStart);
  t.add({"eps_end", "ε end", P::Float, 0, 1, 0.05, "Exploration ε after the decay"}, &cfg_.epsEnd);
  t.add({"eps_decay", "ε decay steps", P::Int, 1, 10000000, 10000,
         "Env steps of the linear ε decay, counted from learning starts", false, true},
        &cfg_.epsDecay);
  t.add({"hidden", "hidden units", P::Int, 8, 512, 64, "Units per MLP hidden layer", true}, &cfg_.hidden);
  t.add({"layers", "hidden layers", P::Int, 1, 4, 2, "MLP hidden layers", true}, &cfg_.layers);
  // Parameters that apply only in some modes are greyed in the panel otherwise.
  t.activeWhen("target_update", "target=hard");
  t.activeWhen("tau", "target=polyak");
  for (const char* n : {"per_alpha", "per_beta", "per_beta_steps"}) t.activeWhen(n, "replay=prioritized");
  t.activeWhen("buffer_size", "replay=uniform|prioritized");
  for (const char* n : {"atoms", "v_min", "v_max"}) t.activeWhen(n, "c51=true");
  for (const char* n : {"loss", "dueling"}) t.activeWhen(n, "c51=false");
  for (const char* n : {"eps_start", "eps_end", "eps_decay"}) t.activeWhen(n, "noisy=false");
}

// Per-env presets. invaders: MinAtar's DQN (Young & Tian 2019). gridworld: small, fast, γ as the tabular demo.
// pendulum-discrete: rewards down to −16 per step, so a wider C51 support.
std::vector<std::string> Dqn::presetFor(const std::string& envId) {
  if (envId == "invaders")
    return {"gamma=0.99", "lr=0.00025", "optimizer=rmsprop-centred", "batch_size=32", "buffer_size=100000",
            "target=hard", "target_update=1000", "eps_start=1", "eps_end=0.1", "eps_decay=100000", "loss=huber",
            "learning_starts=5000", "train_freq=1", "max_grad_norm=0"};
  if (envId == "gridworld")
    return {"gamma=0.9", "lr=0.001", "batch_size=32", "buffer_size=10000", "target_update=200", "learning_starts=500",
            "eps_decay=10000", "eps_end=0.05", "hidden=64", "layers=1", "v_min=-5", "v_max=5"};
  if (envId == "pendulum-discrete" || envId == "pendulum")
    return {"gamma=0.98", "lr=0.001", "batch_size=64", "buffer_size=50000", "target_update=500",
            "learning_starts=1000", "eps_decay=10000", "eps_end=0.05", "hidden=64", "layers=2", "v_min=-800",
            "v_max=0"};
  return {};
}

std::string Dqn::unsupportedReason(const Env& env) const {
  const Space a = env.actionSpace(), o = env.observationSpace();
  if (a.kind != Space::Kind::Discrete) return "DQN needs discrete actions; this env acts in " + a.describe();
  if (o.kind == Space::Kind::Discrete) return o.n <= 100000 ? "" : "the one-hot input would exceed 100k units";
  if (o.shape.size() == 1) return {};
  if (o.shape.size() == 3 && o.shape[0] >= 3 && o.shape[1] >= 3) return {};
  return "DQN builds an MLP for Box(d,) or a conv trunk for Box(H, W, C); this env observes " + o.describe();
}

void Dqn::buildNetworks(const Space& o, int numActions) {
  const Config& c = built_;
  numActions_ = numActions;
  obsDim_ = o.kind == Space::Kind::Discrete ? 1 : int(o.flatSize());
  numStates_ = o.kind == Space::Kind::Discrete ? o.n : 0;
  nn::SequentialF net;
  int features = 0;
  if (o.kind == Space::Kind::Box && o.shape.size() == 3) {  // MinAtar trunk; the obs is H×W×C, Conv2D wants C×H×W
    input_ = Input::Image;
    imgH_ = o.shape[0], imgW_ = o.shape[1], imgC_ = o.shape[2];
    const nn::ConvShape cs{imgC_, imgH_, imgW_, 16, 3, 1};
    net.add(nn::Conv2D<float>(cs, rng_));
    net.add(nn::Activation<float>(nn::Act::ReLU));
    net.add(nn::Flatten<float>());
    net.add(nn::Linear<float>(cs.outputSize(), 128, rng_));
    net.add(nn::Activation<float>(nn::Act::ReLU));
    inDim_ = cs.inputSize(), features = 128;
  } else {
    input_ = o.kind == Space::Kind::Discrete ? Input::OneHot : Input::Flat;
    inDim_ = input_ == Input::OneHot ? o.n : obsDim_;
    int in = inDim_;
    for (int l = 0; l < c.layers; ++l) {
      net.add(nn::Linear<float>(in, c.hidden, rng_));
      net.add(nn::Activation<float>(nn::Act::ReLU));
      in = c.hidden;
    }
    features = in;
  }
  auto dense = [&](int in, int out) {
    nn::SequentialF s;
    if (c.noisy) s.add(nn::NoisyLinear<float>(in, out, rng_));
    else s.add(nn::Linear<float>(in, out, rng_));
    return s;
  };
  if (c.c51) {
    nn::C51Head<float> head(features, numActions, c.atoms, rng_);
    head.logits = dense(features, numActions * c.atoms);
    net.add(std::move(head));
    support_ = nn::c51Support<float>(float(c.vMin), float(c.vMax), c.atoms);
  } else if (c.dueling) {
    nn::DuelingHead<float> head(features, numActions, rng_);
    head.value = dense(features, 1);
    head.advantage = dense(features, numActions);
    net.add(std::move(head));
  } else {
    net.add(dense(features, numActions).clone());
  }
  net.setNeedsInputGrad(false);
  online_ = std::move(net);
  target_ = online_;
  if (c.optimizer >= 0.5) opt_ = std::make_unique<nn::RmsProp<float>>(nn::RmsPropConfig{c.lr, 0.95, 0.01, 0.0, true});
  else opt_ = std::make_unique<nn::Adam<float>>(nn::AdamConfig{c.lr});
}

void Dqn::reset(Env& env, uint64_t seed) {
  applyPresetOnce(env, presetFor(env.info().id));  // the first reset on an env: its preset
  built_ = cfg_;
  rng_.reseed(seed ^ 0xD0D0CAFEULL);
  buildNetworks(env.observationSpace(), env.actionSpace().n);
  noiseDrawn_ = false;
  const bool prioritized = int(built_.replay) == kReplayPrioritized;
  replay_ = int(built_.replay) == kReplayOff ? ReplayBuffer(1, obsDim_)
                                        : ReplayBuffer(built_.bufferSize, obsDim_, prioritized, built_.perAlpha,
                                                       env.observationSpace().binary);
  nstep_ = NStepAccumulator(built_.nStep, built_.gamma, obsDim_);
  const auto o = env.reset(seed);
  obs_.assign(o.begin(), o.end());
  mask_ = env.actionMask();
  stepsDone_ = 0;
  batchIdx_.clear();
  lastLoss_ = lastMaxQ_ = 0;
  last_ = {};
  lastObs_.clear();
  epQ_.clear(), epR_.clear(), overestimation_.clear();
  sumLoss_ = sumQ_ = 0;
  lossCount_ = logCount_ = 0;
  boundMetrics_ = nullptr;
  tableAtUpdate_ = mapAtUpdate_ = ~0ULL;
  updates_ = 0;
  learnAfter_ = 0;
  planeEnv_ = env.statePlane().has_value();
  trailObs_.clear();
  recordTrail();
  decide();
  targetMode_ = int(cfg_.target);
}

double Dqn::currentEpsilon() const {
  if (built_.noisy) return 0.0;
  // MinAtar's schedule: ε_start while the buffer fills (random actions), then linear over eps_decay steps.
  const double sinceStart = double(stepsDone_) - double(cfg_.learningStarts);
  const double f = std::clamp(sinceStart / double(std::max(1, cfg_.epsDecay)), 0.0, 1.0);
  return cfg_.epsStart + (cfg_.epsEnd - cfg_.epsStart) * f;
}

double Dqn::currentBeta() const {
  return std::min(1.0, cfg_.perBeta + (1.0 - cfg_.perBeta) * double(stepsDone_) / double(cfg_.perBetaSteps));
}

double Dqn::noiseScale() const {
  if (!built_.noisy) return 0.0;
  double sum = 0;
  long long n = 0;
  for (const auto& t : online_.tensors())
    if (t.name.size() >= 12 && t.name.compare(t.name.size() - 12, 12, "weight_sigma") == 0)
      sum += double(t.value->cwiseAbs().sum()), n += t.value->size();
  return n > 0 ? sum / double(n) : 0.0;
}

void Dqn::encode(const float* obs, float* dst) const {
  encodeObservation(input_, inDim_, imgH_, imgW_, imgC_, obs, dst);
}

Mat<float> Dqn::qOf(nn::SequentialF& net, const Mat<float>& x) const {
  const Mat<float>& out = net.forward(x);
  return built_.c51 ? nn::c51QValues(out, support_) : Mat<float>(out);
}

std::vector<float> Dqn::qValues(const float* obs, bool targetNet) const {
  Mat<float> x(inDim_, 1);
  encode(obs, x.data());
  const Mat<float> q = qOf(targetNet ? target_ : online_, x);
  return {q.data(), q.data() + q.size()};
}

std::vector<float> Dqn::qBatch(const float* obs, int n) const {
  Mat<float> x(inDim_, n);
  for (int k = 0; k < n; ++k) encode(obs + size_t(k) * size_t(obsDim_), x.col(k).data());
  const Mat<float> q = qOf(online_, x);
  return {q.data(), q.data() + q.size()};
}

// One gradient step on the replay slots idx (importance weights w). Everything the algorithm does per update.
void Dqn::updateOn(const std::vector<int>& idx, const std::vector<float>& weights) {
  const Config& c = built_;
  const int B = int(idx.size()), A = numActions_;
  // ---- Sample batch ----
  Mat<float> x(inDim_, B), x2(inDim_, B);
  nn::RowVec<float> R(B), discount(B), w(B);
  std::vector<int> actions(static_cast<size_t>(B));
  for (int k = 0; k < B; ++k) {
    const int i = idx[size_t(k)];
    encode(replay_.obs(i), x.col(k).data());
    encode(replay_.nextObs(i), x2.col(k).data());
    actions[size_t(k)] = replay_.action(i);
    R(k) = replay_.reward(i);
    discount(k) = replay_.discount(i);
    w(k) = weights[size_t(k)];
  }

  // ---- Target: y = R + γⁿ·Q̂(s′, a*); a* = argmax Q̂_target(s′,·), or argmax Q_online(s′,·) when double ----
  const bool useTarget = int(cfg_.target) != kTargetOff;
  if (c.noisy) {  // fresh noise per update (Rainbow)
    noiseRng_ = rng_, noiseDrawn_ = true;
    online_.resetNoise(rng_), target_.resetNoise(rng_);
  }
  nn::SequentialF& evalNet = useTarget ? target_ : online_;
  const Mat<float> nextOut = evalNet.forward(x2);  // Q̂ or, for C51, probabilities
  const Mat<float> qNextEval = c.c51 ? nn::c51QValues(nextOut, support_) : nextOut;
  const Mat<float> qNextChoose = (cfg_.doubleDqn && useTarget) ? qOf(online_, x2) : qNextEval;
  std::vector<int> aStar(static_cast<size_t>(B));
  for (int k = 0; k < B; ++k) aStar[size_t(k)] = argmaxMasked(qNextChoose.col(k).data(), A, replay_.nextMask(idx[k]));
  nn::RowVec<float> y(B), nextValue(B);
  for (int k = 0; k < B; ++k) {
    nextValue(k) = qNextEval(aStar[size_t(k)], k);
    y(k) = R(k) + discount(k) * nextValue(k);
  }

  // ---- Loss: Huber / MSE on Q(s,a) − y, or C51's cross-entropy to the projected distribution ----
  const Mat<float>& out = online_.forward(x);  // the last forward before backward
  std::vector<float> absTd(static_cast<size_t>(B));
  Mat<float> qTaken;
  nn::Loss<float> L;
  if (c.c51) {
    const Mat<float> m = nn::c51Projection(nn::gatherActions(nextOut, aStar, c.atoms), R, discount, float(c.vMin),
                                           float(c.vMax));
    const Mat<float> p = nn::gatherActions(out, actions, c.atoms);
    L = nn::categoricalCrossEntropy(p, m, w);
    qTaken = support_.transpose() * p;
    for (int k = 0; k < B; ++k)  // priority: the sample's cross-entropy (Rainbow)
      absTd[size_t(k)] = -(m.col(k).array() * p.col(k).array().max(1e-8f).log()).sum();
    online_.zeroGrad();
    online_.backward(nn::scatterActions(L.grad, actions, A));
  } else {
    qTaken = nn::gatherActions(out, actions);
    L = cfg_.loss >= 0.5 ? nn::mse(qTaken, Mat<float>(y), w) : nn::huber(qTaken, Mat<float>(y), 1.f, w);
    for (int k = 0; k < B; ++k) absTd[size_t(k)] = std::abs(y(k) - qTaken(0, k));
    online_.zeroGrad();
    online_.backward(nn::scatterActions(L.grad, actions, A));
  }

  // ---- Optimiser step (after clipping the joint gradient norm) ----
  const auto params = online_.params();
  if (cfg_.maxGradNorm > 0) nn::clipGradNorm(params, float(cfg_.maxGradNorm));
  opt_->setLr(cfg_.lr);
  opt_->step(params);
  replay_.updatePriorities(idx, absTd);
  ++stats_.updates;
  ++updates_;

  // ---- Target network: hard copy every C updates, or Polyak θ′ ← τθ + (1 − τ)θ′ ----
  if (int(cfg_.target) == kTargetHard && updates_ % uint64_t(cfg_.targetUpdate) == 0) nn::hardCopy(target_, online_);
  if (int(cfg_.target) == kTargetPolyak) nn::softUpdate(target_, online_, cfg_.tau);

  // ---- Bookkeeping: loss and mean Q of taken actions for the metrics, sample 0 for the lens ----
  lastLoss_ = L.loss;
  lastMaxQ_ = double(qTaken.cwiseAbs().maxCoeff());
  sumLoss_ += L.loss;
  sumQ_ += qTaken.mean();
  ++lossCount_;
  const int i0 = idx[0];
  const bool discreteObs = input_ == Input::OneHot;
  last_ = {discreteObs ? int(replay_.obs(i0)[0]) : -1, actions[0], discreteObs ? int(replay_.nextObs(i0)[0]) : -1,
           aStar[0], R(0), discount(0), nextValue(0), y(0), qTaken(0, 0), qTaken(0, 0), cfg_.lr, discount(0) == 0.f,
           (cfg_.doubleDqn && useTarget) ? TdRule::Double : TdRule::Max, c.nStep};
  last_.gradientStep = true;
  last_.loss = L.loss;
  last_.batch = B;
  last_.lossName = c.c51                ? "cross-entropy to the projected target distribution"
                   : cfg_.loss < 0.5 ? "Huber(δ)"
                                     : "δ²";
  lastObs_.assign(replay_.obs(i0), replay_.obs(i0) + obsDim_);
}

// ε-greedy over the allowed actions (NoisyNet: greedy under the current noise), decided as soon as the state is
// observed so the lens can show the action about to be taken and whether it explores.
void Dqn::decide() {
  nextQ_ = qValues(obs_.data());
  nextAction_ = argmaxMasked(nextQ_.data(), numActions_, mask_);
  nextExplores_ = false;
  if (rng_.uniform() < currentEpsilon()) {
    nextAction_ = randomAllowedAction(rng_, mask_, numActions_);
    nextExplores_ = true;
  }
}

void Dqn::paramsChanged() {
  if (targetMode_ == kTargetOff && int(cfg_.target) != kTargetOff) nn::hardCopy(target_, online_);
  targetMode_ = int(cfg_.target);
}

int Dqn::trainStep(Env& env, int maxSteps, Metrics& metrics, uint64_t stepBase, int forcedAction) {
  if (boundMetrics_ != &metrics) {
    tdId_ = metrics.id("losses/td_loss");
    qId_ = metrics.id("losses/q_values");
    if (built_.noisy) noiseId_ = metrics.id("charts/noise_scale");  // the exploration knob that applies, only
    else epsId_ = metrics.id("charts/epsilon");
    oqId_ = metrics.id("overestimation/q_estimate");
    orId_ = metrics.id("overestimation/return");
    boundMetrics_ = &metrics;
  }
  const Config& c = built_;
  for (int i = 0; i < maxSteps; ++i) {
    // ---- Act: the action decided for this state at the end of the last step (human play overrides it) ----
    const int a = forcedAction >= 0 ? forcedAction : nextAction_;
    epQ_.push_back(nextQ_[size_t(a)]);

    // ---- Step the env; the n-step accumulator feeds the replay buffer ----
    const StepResult step = env.step(a);
    const auto o2 = env.observation();
    const uint64_t mask2 = env.actionMask();
    epR_.push_back(step.reward);
    nstep_.setGamma(cfg_.gamma);
    nstep_.push(obs_.data(), a, float(step.reward), o2.data(), step.terminated, step.truncated, mask2,
                [&](const float* s, int act, float ret, const float* s2, float disc, uint64_t m2) {
                  replay_.add(s, act, ret, s2, disc, m2);
                });
    ++stepsDone_;

    // ---- Learn every trainFreq steps once learning has started ----
    if (stepsDone_ > uint64_t(cfg_.learningStarts) && stepsDone_ > learnAfter_ &&
        stepsDone_ % uint64_t(cfg_.trainFreq) == 0 &&
        replay_.size() > 0) {
      if (int(c.replay) == kReplayOff) {
        batchIdx_.assign(1, 0);
        batchW_.assign(1, 1.f);
      } else {
        replay_.sample(cfg_.batchSize, rng_, currentBeta(), batchIdx_, batchW_);
      }
      updateOn(batchIdx_, batchW_);
    }

    // ---- Metrics every logInterval steps ----
    const uint64_t x = stepBase + uint64_t(i) + 1;
    if (++logCount_ >= cfg_.logInterval) {
      if (lossCount_ > 0) {
        metrics.add(tdId_, double(x), sumLoss_ / lossCount_);
        metrics.add(qId_, double(x), sumQ_ / lossCount_);
      }
      if (c.noisy) metrics.add(noiseId_, double(x), noiseScale());
      else metrics.add(epsId_, double(x), currentEpsilon());
      sumLoss_ = sumQ_ = 0;
      lossCount_ = logCount_ = 0;
    }

    // ---- Next state (auto-reset at an episode end) ----
    if (step.terminated || step.truncated) {
      if (recordEpisode(!step.terminated)) {
        metrics.add(oqId_, double(x), overestimation_.back().qEstimate);
        metrics.add(orId_, double(x), overestimation_.back().realizedReturn);
      }
      const auto o = env.reset();
      obs_.assign(o.begin(), o.end());
      trailObs_.clear();
    } else {
      obs_.assign(o2.begin(), o2.end());
    }
    mask_ = env.actionMask();
    recordTrail();
    decide();
  }
  return maxSteps;
}

// Overestimation plot (van Hasselt et al. 2016, Fig. 3): for the finished episode, the mean over visited states of
// Q(s_t, a_t) at visit time and of G_t = Σ_k γ^k r_{t+k} to the episode's end. When the episode was cut (time
// limit, gridworld lap) the last H = ⌈ln 0.01 / ln γ⌉ states are left out — their realised return misses more than
// 1 % of its discount weight — and an episode with no state left records nothing.
bool Dqn::recordEpisode(bool truncated) {
  const int L = int(epR_.size());
  const double gamma = cfg_.gamma;
  const int H = truncated ? (gamma > 0 ? int(std::ceil(std::log(0.01) / std::log(gamma))) : 1) : 0;
  const int n = L - H;
  if (n > 0) {
    std::vector<double> G(size_t(L) + 1, 0.0);
    for (int t = L - 1; t >= 0; --t) G[size_t(t)] = epR_[size_t(t)] + gamma * G[size_t(t) + 1];
    double sq = 0, sg = 0;
    for (int t = 0; t < n; ++t) sq += epQ_[size_t(t)], sg += G[size_t(t)];
    overestimation_.push_back({sq / n, sg / n, n});
  }
  epQ_.clear();
  epR_.clear();
  return n > 0;
}

void Dqn::recordTrail() {
  if (!planeEnv_) return;
  constexpr size_t kMaxTrail = 1000;  // states; a pendulum episode is 200
  if (trailObs_.size() >= kMaxTrail * obs_.size()) trailObs_.erase(trailObs_.begin(), trailObs_.begin() + ptrdiff_t(obs_.size()));
  trailObs_.insert(trailObs_.end(), obs_.begin(), obs_.end());
}

void Dqn::fillEnvInsights(const Env& env, Insights& out) const {
  const std::optional<StatePlane> plane = env.statePlane();
  if (!plane || input_ != Input::Flat) return;
  const int n = kMapSize;
  if (mapAtUpdate_ != updates_ || mapCache_.nx != n) {
    std::vector<float> obs(size_t(n) * size_t(n) * size_t(obsDim_));
    for (int j = 0; j < n; ++j)
      for (int i = 0; i < n; ++i) {
        const double x = plane->xMin + (plane->xMax - plane->xMin) * (i + 0.5) / n;
        const double y = plane->yMin + (plane->yMax - plane->yMin) * (j + 0.5) / n;
        env.observationAt(x, y, std::span<float>(&obs[(size_t(j) * size_t(n) + size_t(i)) * size_t(obsDim_)], size_t(obsDim_)));
      }
    const std::vector<float> q = qBatch(obs.data(), n * n);
    PlaneMap& m = mapCache_;
    m.nx = m.ny = n;
    m.layers.assign(1, PlaneLayer{"V(s) = max_a Q(s, a)", std::vector<float>(size_t(n) * size_t(n), 0.f)});
    std::vector<float>& v = m.layers[0].values;
    m.greedy.assign(size_t(n) * size_t(n), 0);
    for (size_t c = 0; c < v.size(); ++c) {
      const int a = argmaxMasked(&q[c * size_t(numActions_)], numActions_, ~0ULL);
      m.greedy[c] = a;
      v[c] = q[c * size_t(numActions_) + size_t(a)];
    }
    mapAtUpdate_ = updates_;
  }
  PlaneMap m = mapCache_;
  m.xLabel = plane->xLabel, m.yLabel = plane->yLabel;
  m.xMin = plane->xMin, m.xMax = plane->xMax, m.yMin = plane->yMin, m.yMax = plane->yMax;
  const size_t d = size_t(obsDim_);
  for (size_t k = 0; k + d <= trailObs_.size(); k += d) {
    const auto [x, y] = env.planePoint(std::span<const float>(&trailObs_[k], d));
    m.trail.push_back(float(x));
    m.trail.push_back(float(y));
  }
  out.valueMap = std::move(m);
}

void Dqn::fillInsights(Insights& out) const {
  const std::string acting = nextExplores_ ? "exploring: random action" : "exploiting: greedy action";
  out.phase = stepsDone_ <= uint64_t(cfg_.learningStarts)
                  ? "filling the replay buffer: " + std::to_string(stepsDone_) + " of " +
                        std::to_string(cfg_.learningStarts) + " steps before the first update"
                  : acting + " · updating the Q-network";
  QInsight qi;
  qi.numActions = numActions_;
  qi.state = input_ == Input::OneHot ? int(obs_[0]) : -1;
  qi.current = nextQ_;
  qi.chosen = nextAction_;
  qi.explores = nextExplores_;
  qi.last = last_;
  if (!lastObs_.empty()) qi.last.after = qValues(lastObs_.data())[size_t(std::max(0, last_.action))];
  qi.epsilon = currentEpsilon();
  if (input_ == Input::OneHot && numStates_ <= 400) {  // every one-hot state in one batch, once per update count
    if (tableAtUpdate_ != updates_) {
      const Mat<float> q = qOf(online_, Mat<float>::Identity(numStates_, numStates_));
      tableCache_.assign(q.data(), q.data() + q.size());  // column s holds Q(s, ·): index s·A + a
      tableAtUpdate_ = updates_;
    }
    qi.numStates = numStates_;
    qi.table = tableCache_;
  }
  if (built_.c51) {  // the return distribution p(s, a, z_j) of the current state, per action
    Mat<float> x(inDim_, 1);
    encode(obs_.data(), x.data());
    const Mat<float>& probs = online_.forward(x);
    qi.atoms.assign(support_.data(), support_.data() + support_.size());
    qi.distribution.assign(probs.data(), probs.data() + probs.size());
  }
  out.q = std::move(qi);

  ReplayInsight r;
  r.size = replay_.size();
  r.capacity = replay_.capacity();
  r.newest = replay_.newest();
  r.prioritized = replay_.prioritized();
  r.beta = currentBeta();
  r.lastBatch = batchIdx_;
  if (r.prioritized && r.size > 0) {  // log10 p^α over (a strided sample of at most 20k of) the stored transitions
    const int stride = std::max(1, r.size / 20000);
    std::vector<double> logs;
    logs.reserve(size_t(r.size / stride + 1));
    for (int i = 0; i < r.size; i += stride) logs.push_back(std::log10(std::max(replay_.priority(i), 1e-12)));
    const auto [lo, hi] = std::minmax_element(logs.begin(), logs.end());
    r.logPMin = *lo, r.logPMax = std::max(*hi, *lo + 1e-6);
    constexpr int kBins = 40;
    r.priorityHist.assign(kBins, 0.f);
    for (double l : logs) r.priorityHist[size_t(std::min(kBins - 1, int((l - r.logPMin) / (r.logPMax - r.logPMin) * kBins)))] += 1.f;
  }
  out.replay = std::move(r);
}

std::string Dqn::checkFinite() const {
  char buf[160];
  if (!std::isfinite(lastLoss_)) {
    std::snprintf(buf, sizeof buf, "losses/td_loss = %g", lastLoss_);
    return buf;
  }
  for (const auto& t : online_.tensors()) {
    const Mat<float>& v = *t.value;
    for (Eigen::Index k = 0; k < v.size(); ++k)
      if (!std::isfinite(v.data()[k])) {
        std::snprintf(buf, sizeof buf, "online network %s[%ld] = %g", t.name.c_str(), long(k), double(v.data()[k]));
        return buf;
      }
  }
  return {};
}

// ---- Saved agents ----

void Dqn::describeState(AgentState& s) {
  s.network("online", online_);
  s.network("target", target_);
  s.optimizer("optimizer", *opt_, online_.params());
  s.counter("steps", stepsDone_);
  s.counter("updates", updates_);
}

void Dqn::stateLoaded() {
  // The replay buffer is not saved: learning resumes once it holds learning_starts transitions again (capped by its
  // capacity), gathered with the loaded network and the ε its step count gives; a batch drawn from a handful of
  // transitions would overfit the loaded network to them.
  const int missing = std::min(cfg_.learningStarts, replay_.capacity()) - replay_.size();
  learnAfter_ = stepsDone_ + uint64_t(std::max(0, missing));
  tableAtUpdate_ = mapAtUpdate_ = ~0ULL;
  targetMode_ = int(cfg_.target);
  decide();
}

void Dqn::persist(StateIO& io) {
  io.io(rng_);
  if (built_.noisy) {
    io.io(noiseRng_), io.io(noiseDrawn_);
    if (io.reading() && noiseDrawn_) {  // the same draws as the last update's, in the same order
      Rng r = noiseRng_;
      online_.resetNoise(r), target_.resetNoise(r);
    }
  }
  replay_.persist(io, numActions_);
  nstep_.persist(io, numActions_);
  io.fixed(obs_, "the observation");
  io.fixed(nextQ_, "the current Q values");
  io.bounded(nextAction_, numActions_ - 1, "the decided action");
  io.io(nextExplores_);
  io.io(mask_);
  io.io(learnAfter_);  // stateLoaded set it for the empty buffer of the fresh run
  io.io(batchIdx_);    // batchW_ is rewritten before every update
  io.io(lastLoss_), io.io(lastMaxQ_);
  rl::persist(io, last_);
  io.io(lastObs_);
  io.io(epQ_), io.io(epR_);
  std::vector<double> qEstimate, realizedReturn;  // the overestimation points, as one list per field
  std::vector<int> states;
  for (const OverestimationPoint& p : overestimation_)
    qEstimate.push_back(p.qEstimate), realizedReturn.push_back(p.realizedReturn), states.push_back(p.states);
  io.io(qEstimate), io.io(realizedReturn), io.io(states);
  io.io(sumLoss_), io.io(sumQ_), io.io(lossCount_), io.io(logCount_);
  io.io(trailObs_);
  if (!io.reading()) return;
  for (int i : batchIdx_)
    if (i < 0 || i >= replay_.size()) io.fail("a batch index is outside the replay buffer");
  if (!lastObs_.empty() && lastObs_.size() != obs_.size()) io.fail("the last update's observation has another size");
  if (epQ_.size() != epR_.size()) io.fail("the episode's Q estimates and rewards differ in length");
  if (realizedReturn.size() != qEstimate.size() || states.size() != qEstimate.size())
    io.fail("the overestimation points' fields differ in length");
  overestimation_.clear();
  for (size_t k = 0; k < states.size(); ++k) overestimation_.push_back({qEstimate[k], realizedReturn[k], states[k]});
  if (trailObs_.size() % obs_.size() != 0) io.fail("the trail is not a whole number of observations");
}

}  // namespace rl
