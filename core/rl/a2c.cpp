// A2C, read top to bottom:
//   every worker acts with π_θ and steps its env copy (SyncRollouts) → when every worker's n-step segment is full:
//   Â per worker by the estimator switch → R = Â + V → one forward over the N·n samples → −Â·log π + c_v(V − R)² −
//   c_H·H → clip the gradient norm → RMSProp/Adam, one step → the buffers are cleared and every worker goes on.
#include "core/rl/a2c.hpp"
#include "core/agent_state.hpp"
#include "core/checkpoint.hpp"

#include <algorithm>
#include <cmath>
#include <optional>

#include "core/rl/pg_losses.hpp"

namespace rl {

using nn::Mat;
using nn::RowVec;

std::vector<float> segmentAdvantages(const RolloutBuffer& b, float lastValue, int estimator, double gamma,
                                     double lambda, int n) {
  switch (estimator) {
    case A2c::kTd0: return gae(b.rewards, b.values, b.terminated, b.truncated, b.finalValue, lastValue, gamma, 0.0);
    case A2c::kNStep:
      return nStepAdvantages(b.rewards, b.values, b.terminated, b.truncated, b.finalValue, lastValue, gamma, n);
    case A2c::kMc: return gae(b.rewards, b.values, b.terminated, b.truncated, b.finalValue, lastValue, gamma, 1.0);
    default: return gae(b.rewards, b.values, b.terminated, b.truncated, b.finalValue, lastValue, gamma, lambda);
  }
}

const char* estimatorLabel(int estimator) {
  switch (estimator) {
    case A2c::kTd0: return "TD(0)";
    case A2c::kNStep: return "n-step";
    case A2c::kMc: return "MC";
    default: return "GAE(λ)";
  }
}

AdvantageInsight::Estimator insightEstimator(int estimator) {
  switch (estimator) {
    case A2c::kTd0: return AdvantageInsight::Estimator::Td0;
    case A2c::kNStep: return AdvantageInsight::Estimator::NStep;
    case A2c::kMc: return AdvantageInsight::Estimator::MonteCarlo;
    default: return AdvantageInsight::Estimator::Gae;
  }
}

A2c::A2c() {
  using P = ParamType;
  auto& t = params_;
  t.add({.name = "gamma", .label = "discount γ", .type = P::Float, .min = 0, .max = 0.999, .def = 0.99,
         .help = "Weight of later rewards in the return and the advantage"}, &cfg_.gamma);
  t.add({.name = "estimator", .label = "advantage Â", .type = P::Choice, .min = 0, .max = 3, .def = 2,
         .help = "td0: δ = r + γV(s′) − V(s); nstep: n rewards then γⁿV; gae: Σ(γλ)^k δ; mc: the return to the "
                 "segment's end (λ = 1)",
         .choices = {"td0", "nstep", "gae", "mc"}}, &cfg_.estimator);
  t.add({.name = "gae_lambda", .label = "GAE λ", .type = P::Float, .min = 0, .max = 1, .def = 1.0,
         .help = "Â = Σ (γλ)^k δ_{t+k}: 0 is the one-step TD error, 1 the return to the segment's end minus V"},
        &cfg_.gaeLambda);
  t.add({.name = "n_step", .label = "n (n-step)", .type = P::Int, .min = 1, .max = 512, .def = 5,
         .help = "Rewards summed before bootstrapping from V(s_{t+n}); cut at episode ends and the segment's end"},
        &cfg_.nStep);
  t.add({.name = "num_steps", .label = "segment length", .type = P::Int, .min = 1, .max = 4096, .def = 5,
         .help = "Env steps each worker collects before the update (the n of n-step A2C)", .needsReset = true,
         .logScale = true}, &cfg_.numSteps);
  t.add({.name = "num_envs", .label = "workers", .type = P::Int, .min = 1, .max = 64, .def = 4,
         .help = "Workers: env copies stepped in lockstep, worker i seeded seed + i; they meet at a barrier and "
                 "one gradient step learns from all their segments. Episode returns and the lens follow worker 0",
         .needsReset = true}, &cfg_.numEnvs);
  t.add({.name = "lr", .label = "learning rate", .type = P::Float, .min = 1e-6, .max = 0.1, .def = 7e-4,
         .help = "Step size of the optimiser", .logScale = true}, &cfg_.lr);
  t.add({.name = "optimizer", .label = "optimiser", .type = P::Choice, .min = 0, .max = 1, .def = 0,
         .help = "rmsprop (SB3's A2C default: α 0.99, ε 1e-5) or adam (ε 1e-5)", .needsReset = true,
         .choices = {"rmsprop", "adam"}}, &cfg_.optimizer);
  t.add({.name = "ent_coef", .label = "entropy coef", .type = P::Float, .min = 0, .max = 1, .def = 0,
         .help = "Weight of the entropy bonus: keeps the policy exploring"}, &cfg_.entCoef);
  t.add({.name = "vf_coef", .label = "value coef", .type = P::Float, .min = 0, .max = 10, .def = 0.5,
         .help = "Weight of the critic's loss mean (V − R)² in the joint loss"}, &cfg_.vfCoef);
  t.add({.name = "max_grad_norm", .label = "grad clip", .type = P::Float, .min = 0, .max = 100, .def = 0.5,
         .help = "Clip the joint gradient norm; 0 = off"}, &cfg_.maxGradNorm);
  t.add({.name = "norm_adv", .label = "normalise Â", .type = P::Bool, .min = 0, .max = 1, .def = 0,
         .help = "Advantages to mean 0, std 1 over the batch"}, &cfg_.normAdv);
  t.add({.name = "reward_scale", .label = "reward scale", .type = P::Float, .min = 1e-3, .max = 10, .def = 1,
         .help = "Rewards are multiplied by this for learning (episode returns are logged unscaled)",
         .logScale = true}, &cfg_.rewardScale);
  t.add({.name = "shared_trunk", .label = "shared trunk", .type = P::Bool, .min = 0, .max = 1, .def = 0,
         .help = "Actor and critic as two heads on one network", .needsReset = true}, &cfg_.sharedTrunk);
  t.add({.name = "hidden", .label = "hidden units", .type = P::Int, .min = 8, .max = 512, .def = 64,
         .help = "Units per MLP hidden layer (tanh)", .needsReset = true}, &cfg_.hidden);
  t.add({.name = "layers", .label = "hidden layers", .type = P::Int, .min = 0, .max = 4, .def = 2,
         .help = "MLP hidden layers (0: a linear policy; on one-hot states a table)", .needsReset = true},
        &cfg_.layers);
  t.add({.name = "log_std_init", .label = "initial log σ", .type = P::Float, .min = -3, .max = 1, .def = 0,
         .help = "Continuous actions: the learned state-independent log σ at reset", .needsReset = true},
        &cfg_.logStdInit);
  t.activeWhen("gae_lambda", "estimator=gae");
  t.activeWhen("n_step", "estimator=nstep");
  tricks_.addParams(t, true);
}

// Per-env presets, measured (tests/unit/test_a2c.cpp, the README's figures). gridworld: as PPO's, a tabular policy
// and critic (layers 0), γ 0.9, 4 workers; 64-step segments with GAE(0.95), Adam at 0.05 and an entropy bonus of
// 0.08 (0.02 leaves 4 of 5 seeds circling the −1 cells at 400k steps; 0.05 fails seed 7 of 10). pendulum:
// rl-baselines3-zoo's A2C (8 workers, 8-step segments, GAE 0.9, γ 0.9, lr 7e-4 → here without its linear schedule,
// normalised advantages, entropy 0) with rewards × 0.1. invaders: SB3's Atari A2C (16 workers, 5-step segments,
// lr 7e-4, RMSProp, entropy 0.01, value 0.25) on the MinAtar trunk, shared.
std::vector<std::string> A2c::presetFor(const std::string& envId) {
  if (envId == "gridworld")
    return {"gamma=0.9", "estimator=gae", "gae_lambda=0.95", "num_steps=64", "num_envs=4", "lr=0.05",
            "optimizer=adam", "ent_coef=0.08", "max_grad_norm=0.5", "layers=0"};
  if (envId == "pendulum" || envId == "pendulum-discrete")
    return {"gamma=0.9", "estimator=gae", "gae_lambda=0.9", "num_steps=8", "num_envs=8", "lr=0.0007",
            "optimizer=rmsprop", "ent_coef=0", "norm_adv=true", "max_grad_norm=0.5", "reward_scale=0.1",
            "hidden=64", "layers=2"};
  if (envId == "invaders")
    return {"gamma=0.99", "estimator=gae", "gae_lambda=1", "num_steps=5", "num_envs=16", "lr=0.0007",
            "optimizer=rmsprop", "ent_coef=0.01", "vf_coef=0.25", "shared_trunk=true"};
  return {};
}

std::string A2c::unsupportedReason(const Env& env) const {
  if (cfg_.numEnvs > 1 && !runner_.hasFactory())
    return "more than one worker needs an env factory (Agent::setEnvFactory) for the copies";
  return policyNetUnsupported(env, "A2C");
}

void A2c::reset(Env& env, uint64_t seed) {
  applyPresetOnce(env, presetFor(env.info().id));  // the first reset on an env: its preset
  built_ = cfg_;
  rng_.reseed(seed ^ 0xA2C0A2C0ULL);
  PolicyNetConfig nc{.hidden = built_.hidden, .layers = built_.layers, .activation = nn::Act::Tanh, .critic = true,
                     .sharedTrunk = built_.sharedTrunk, .stateDependentStd = false, .logStdInit = built_.logStdInit,
                     .batchNorm = tricks_.batchNorm};
  builtBatchNorm_ = tricks_.batchNorm;
  tricks_.resetState();
  model_.build(env.observationSpace(), env.actionSpace(), nc, rng_);
  if (built_.optimizer == kAdam) opt_ = std::make_unique<nn::Adam<float>>(nn::AdamConfig{.lr = cfg_.lr, .eps = 1e-5});
  else opt_ = std::make_unique<nn::RmsProp<float>>(nn::RmsPropConfig{.lr = cfg_.lr, .alpha = 0.99, .eps = 1e-5});
  batch_.configure(model_.obsDim(), model_.continuous() ? model_.actionSize() : 0);
  updates_ = 0;
  lastAdvantages_.clear();
  step_ = {};
  maxAbsValue_ = lastLoss_ = 0;
  lastStats_ = {};
  boundMetrics_ = nullptr;
  runner_.reset(env, built_.numEnvs, built_.numSteps, seed, model_, rng_);
}

int A2c::trainStep(Env& env, int maxSteps, Metrics& metrics, uint64_t stepBase, int forcedAction) {
  if (boundMetrics_ != &metrics) {
    policyLossId_ = metrics.id("losses/policy_loss"), valueLossId_ = metrics.id("losses/value_loss");
    entropyId_ = metrics.id("losses/entropy"), explVarId_ = metrics.id("losses/explained_variance");
    lrId_ = metrics.id("charts/learning_rate");
    boundMetrics_ = &metrics;
  }
  return runner_.run(env, maxSteps, forcedAction, model_, rng_, cfg_.rewardScale, [&](int taken) {
    update();
    const double x = double(stepBase + uint64_t(taken));
    metrics.add(policyLossId_, x, lastStats_.policyLoss), metrics.add(valueLossId_, x, lastStats_.valueLoss);
    metrics.add(entropyId_, x, lastStats_.entropy);
    if (std::isfinite(lastStats_.explVar)) metrics.add(explVarId_, x, lastStats_.explVar);
    metrics.add(lrId_, x, opt_->lr());
  });
}

void A2c::update() {
  const Config& c = cfg_;
  const std::vector<RolloutBuffer>& buffers = runner_.buffers();
  batch_.clear();
  for (const RolloutBuffer& b : buffers) batch_.append(b);

  // ---- Â per worker (within its own time sequence) ----
  std::vector<float>& adv = lastAdvantages_;
  adv.clear();
  for (size_t k = 0; k < buffers.size(); ++k) {
    const std::vector<float> a = segmentAdvantages(buffers[k], runner_.lastValues()[k], int(c.estimator), c.gamma,
                                                   c.gaeLambda, c.nStep);
    adv.insert(adv.end(), a.begin(), a.end());
  }

  // ---- The loss and its gradient on the whole batch (batch norm: the batch's statistics) ----
  if (builtBatchNorm_) model_.setTraining(true);
  const AcLossSettings settings{.estimator = int(c.estimator), .gamma = c.gamma, .vfCoef = c.vfCoef,
                                .entCoef = c.entCoef, .rewardScale = c.rewardScale, .lambda = c.gaeLambda,
                                .normAdv = c.normAdv};
  AcGradient g = advantageActorCriticGradient(model_, batch_, adv, settings, tricks_);
  maxAbsValue_ = std::max(maxAbsValue_, g.maxAbsValue);
  lastStats_ = {g.L.policyLoss, g.L.valueLoss, g.L.entropy, g.explVar};
  lastLoss_ = g.L.loss;

  // ---- One optimiser step ----
  const auto params = model_.params();
  tricks_.historicalPenalty(params);
  if (c.maxGradNorm > 0) nn::clipGradNorm(params, float(c.maxGradNorm));
  opt_->setLr(c.lr);
  opt_->step(params);
  tricks_.remember(params);
  if (builtBatchNorm_) model_.setTraining(false);  // acting uses the running statistics
  g.sample.alphaActor = g.sample.alphaCritic = c.lr;
  sampleAfterStep(model_, batch_, c.rewardScale, g.sample);
  step_ = std::move(g.sample);
  ++updates_;
  ++stats_.updates;
  runner_.clear();
}

AcGradient advantageActorCriticGradient(PolicyModel& m, const RolloutBuffer& B, const std::vector<float>& advantages,
                                        const AcLossSettings& c, const AcTricks& tricks) {
  const int N = B.size();
  const bool discrete = !m.continuous();
  AcGradient g;
  // ---- R = Â + V_old (the critic's target, shrunk by label smoothing when it is on) ----
  RowVec<float> A(N), R(N), V0(N);
  for (int t = 0; t < N; ++t) {
    A(t) = advantages[size_t(t)], V0(t) = B.values[size_t(t)], R(t) = tricks.target(A(t) + V0(t));
    g.maxAbsValue = std::max(g.maxAbsValue, std::abs(double(V0(t))) / c.rewardScale);
  }
  g.explVar = explainedVariance(R.data(), V0.data(), N);
  const float rawA0 = A(0);  // the lens shows Â before any normalisation
  if (c.normAdv && N > 1) {
    const float mean = A.mean();
    const float sd = std::sqrt((A.array() - mean).square().sum() / float(N - 1));
    A = ((A.array() - mean) / (sd + 1e-8f)).matrix();
  }

  // ---- Forward over the batch: log π_θ(a|s), H(π_θ(·|s)), V_w(s) ----
  const Mat<float> X = m.encodeBatch(B.obs.data(), N);
  const Mat<float> actionsC =
      discrete ? Mat<float>() : Mat<float>(Eigen::Map<const Mat<float>>(B.actionsC.data(), m.actionSize(), N));
  const PolicyModel::Output& out = m.forward(X, B.masks.data(), true);
  RowVec<float> logProb, entropy;
  std::optional<nn::Categorical<float>> cat;
  std::optional<nn::DiagGaussian<float>> gauss;
  if (discrete) cat.emplace(out.head), logProb = cat->logProb(B.actions), entropy = cat->entropy();
  else gauss.emplace(out.head, out.logStd), logProb = gauss->logProb(actionsC), entropy = gauss->entropy();

  // ---- Loss: −mean Â·log π + c_v·mean (V − R)² − c_H·mean H ----
  ActorCriticLoss<float>& L = g.L;
  L = actorCriticLoss(logProb, entropy, RowVec<float>(out.value), A, R, float(c.vfCoef), float(c.entCoef));
  // Freezing (a GAN trick carried over): the critic's RMS error decides whether a player skips this step.
  g.criticError = std::sqrt(L.valueLoss);
  const bool actorFrozen = tricks.actorFrozen(g.criticError), criticFrozen = tricks.criticFrozen(g.criticError);
  if (actorFrozen) L.dLogProb.setZero(), L.dEntropy.setZero();
  if (criticFrozen) L.dValue.setZero();

  // The lens's written-out sample: the batch's first row, before the step.
  ActorCriticStep& u = g.sample;
  u.valid = true;
  u.batch = N;
  u.estimator = estimatorLabel(c.estimator);
  u.reward = B.rewards[0] / c.rewardScale;
  u.gamma = c.gamma;
  u.value = V0(0) / c.rewardScale;
  u.delta = rawA0 / c.rewardScale;
  u.target = R(0) / c.rewardScale;
  u.terminal = B.terminated[0];
  u.logProb = logProb(0);
  u.action = discrete ? B.actions[0] : -1;
  u.actionValue = discrete ? 0.0 : double(actionsC(0, 0));
  u.lambda = c.estimator == A2c::kGae ? c.lambda : c.estimator == A2c::kMc ? 1.0 : 0.0;
  u.criticError = g.criticError / c.rewardScale, u.actorFrozen = actorFrozen, u.criticFrozen = criticFrozen;
  u.criticTarget = R(0) / c.rewardScale;

  // ---- Backward ----
  m.zeroGrad();
  if (discrete) {
    m.backward(cat->logProbBackward(B.actions, L.dLogProb) + cat->entropyBackward(L.dEntropy), Mat<float>(), L.dValue);
  } else {
    const nn::GaussianGrad<float> gl = gauss->logProbBackward(actionsC, L.dLogProb);
    const nn::GaussianGrad<float> h = gauss->entropyBackward(L.dEntropy);
    m.backward(gl.dMean + h.dMean, gl.dLogStd + h.dLogStd, L.dValue);
  }
  return g;
}

void sampleAfterStep(PolicyModel& m, const RolloutBuffer& B, double rewardScale, ActorCriticStep& u) {
  Mat<float> x0(m.inDim(), 1);
  m.encode(B.obsAt(0), x0.data());
  const PolicyModel::Output& o = m.forward(x0, B.masks.data(), true);
  u.valueAfter = o.value(0) / rewardScale;
  if (!m.continuous()) {
    u.logProbAfter = nn::Categorical<float>(o.head).logProb(std::vector<int>{B.actions[0]})(0);
  } else {
    const Mat<float> a0 = Eigen::Map<const Mat<float>>(B.actionAt(0), m.actionSize(), 1);
    u.logProbAfter = nn::DiagGaussian<float>(o.head, o.logStd).logProb(a0)(0);
  }
}

void A2c::fillInsights(Insights& out) const {
  const ActSample& pending = runner_.pending();
  out.policy = makePolicyInsight(model_, runner_.pendingObs().data(), runner_.pendingMask(), pending,
                                 runner_.lensCache(), updates_);
  AdvantageInsight a = runner_.advantage().insight(insightEstimator(int(cfg_.estimator)), cfg_.gamma,
                                                   cfg_.gaeLambda, pending.value / float(cfg_.rewardScale));
  a.nStep = int(cfg_.estimator) == kNStep ? cfg_.nStep : built_.numSteps;
  out.advantage = std::move(a);
  if (step_.valid) out.acStep = step_;
  const int filled = runner_.buffers().empty() ? 0 : runner_.buffers()[0].size();  // copy 0's steps so far
  out.phase = frozenPhase(step_.actorFrozen, step_.criticFrozen,
                          std::to_string(runner_.numEnvs()) + " workers collecting: step " +
                              std::to_string(filled + 1) + " of " +
                              std::to_string(built_.numSteps) + ", then one synchronous update");
}

void A2c::fillEnvInsights(const Env& env, Insights& out) const {
  addTrueValues(env, cfg_.gamma, out);
  PlaneMap map;
  if (makePolicyPlaneMap(model_, env, runner_.trail(), runner_.lensCache(), updates_, map)) out.policyMap = std::move(map);
  // One lane per worker; a worker whose segment is full waits at the barrier for the others.
  WorkersInsight w;
  w.segmentLength = built_.numSteps;
  w.globalUpdates = updates_;
  const auto& lanes = runner_.lanes();
  for (int k = 0; k < runner_.numEnvs(); ++k) {
    WorkerLane l;
    l.render = k == 0 ? env.renderState() : runner_.copies()->env(k - 1).renderState();
    const SyncRollouts::Lane& s = lanes[size_t(k)];
    l.returns.assign(s.returns.begin(), s.returns.end());
    l.episodes = s.episodes;
    l.pushes = s.segments;
    l.segmentFill = runner_.buffers()[size_t(k)].size();
    l.waiting = l.segmentFill >= built_.numSteps;
    l.envSteps = double(s.segments) * built_.numSteps + l.segmentFill;
    w.lanes.push_back(std::move(l));
  }
  out.workers = std::move(w);
}

std::string A2c::checkFinite() const {
  if (!std::isfinite(lastLoss_)) return "A2C loss (policy + value − entropy) = " + std::to_string(lastLoss_);
  return model_.firstNonFinite();
}

// ---- Saved agents ----

void A2c::describeState(AgentState& s) {
  s.tensors("model", model_.tensors());
  s.optimizer("optimizer", *opt_, model_.params());
  s.counter("updates", updates_);
  s.vector("allowed_actions", runner_.lensCache().stateMasks);  // per one-hot state, as seen: the lens's π table hides the others
}

void A2c::stateLoaded() { runner_.policyReplaced(model_, rng_); }

void A2c::persist(StateIO& io) {
  tricks_.persist(io, {model_.params()});  // update() averages slot 0 over every parameter
  io.io(rng_);
  runner_.persist(io, model_);
  // batch_ is the update's scratch, rebuilt from the workers' segments at the start of each update.
  io.io(lastAdvantages_);
  rl::persist(io, step_);
  io.io(maxAbsValue_), io.io(lastLoss_);
  io.io(lastStats_.policyLoss), io.io(lastStats_.valueLoss), io.io(lastStats_.entropy), io.io(lastStats_.explVar);
}

}  // namespace rl
