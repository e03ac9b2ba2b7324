// One-step actor-critic, read top to bottom:
//   observe s, a ~ π(·|s) → step the env: r, s′ → δ = r + γV(s′) − V(s) → traces z_w, z_θ → critic step → actor step
//   → (episode end: reset the env and the traces) → decide a for s′.
#include "core/rl/actor_critic.hpp"
#include "core/agent_state.hpp"
#include "core/checkpoint.hpp"

#include <algorithm>
#include <cmath>

namespace rl {

using nn::Mat;
using nn::RowVec;

ActorCritic::ActorCritic() {
  using P = ParamType;
  auto& t = params_;
  t.add({.name = "gamma", .label = "discount γ", .type = P::Float, .min = 0, .max = 1, .def = 0.99,
         .help = "δ = r + γV(s′) − V(s)"}, &cfg_.gamma);
  t.add({.name = "alpha_critic", .label = "critic step α_w", .type = P::Float, .min = 1e-6, .max = 1, .def = 0.01,
         .help = "w ← w + α_w·δ·z_w (z_w = ∇V(s) when λ = 0)", .logScale = true}, &cfg_.alphaCritic);
  t.add({.name = "alpha_actor", .label = "actor step α_θ", .type = P::Float, .min = 1e-6, .max = 1, .def = 0.01,
         .help = "θ ← θ + α_θ·δ·z_θ (z_θ = ∇log π(a|s) when λ = 0)", .logScale = true}, &cfg_.alphaActor);
  t.add({.name = "lambda", .label = "trace decay λ", .type = P::Float, .min = 0, .max = 1, .def = 0,
         .help = "Eligibility traces z ← γλz + ∇: δ also credits earlier states of the episode. 0 = one-step AC"},
        &cfg_.lambda);
  t.add({.name = "ent_coef", .label = "entropy coef", .type = P::Float, .min = 0, .max = 1, .def = 0,
         .help = "Actor step adds α_θ·c·∇H(π(·|s)): keeps the policy exploring"}, &cfg_.entCoef);
  t.add({.name = "optimizer", .label = "optimiser", .type = P::Choice, .min = 0, .max = 2, .def = 0,
         .help = "sgd: the textbook update; rmsprop: each step divided by a running RMS of δz (MinAtar); adam",
         .needsReset = true, .choices = {"sgd", "rmsprop", "adam"}}, &cfg_.optimizer);
  t.add({.name = "hidden", .label = "hidden units", .type = P::Int, .min = 8, .max = 512, .def = 64,
         .help = "Units per MLP hidden layer (tanh)", .needsReset = true}, &cfg_.hidden);
  t.add({.name = "layers", .label = "hidden layers", .type = P::Int, .min = 0, .max = 4, .def = 2,
         .help = "MLP hidden layers (0: linear; on one-hot states a table of logits and values)", .needsReset = true},
        &cfg_.layers);
  t.add({.name = "shared_trunk", .label = "shared trunk", .type = P::Bool, .min = 0, .max = 1, .def = 0,
         .help = "Actor and critic as two heads on one network", .needsReset = true}, &cfg_.sharedTrunk);
  t.add({.name = "log_std_init", .label = "initial log σ", .type = P::Float, .min = -3, .max = 1, .def = 0,
         .help = "Continuous actions: the learned state-independent log σ at reset", .needsReset = true},
        &cfg_.logStdInit);
  tricks_.addParams(t, false);  // online: one sample per step, no batch to normalise over
}

// Per-env presets, measured (tests/unit/test_actor_critic.cpp). gridworld: a table (layers 0: one logit and one V
// per state), the texts' sgd; a large critic step (α_w 1: a table in a deterministic world) and an entropy bonus of
// 0.1 let the +1 be found before "avoid the −1 cells" takes over on every seed: 400k steps, mean lap return 0.86,
// 1.00, 0.93, 0.94, 0.93 for seeds 1–5 (0.58–0.97 on seeds 6–12). With a bonus of 0.05 seeds 3 and 6 stay in the trap. pendulum(-discrete): Adam, λ 0.8, tanh 64-64, seed 1, mean return of
// the last 50 episodes after 100k steps −222 (5 torques) and −582 (continuous); random ≈ −1200.
// invaders: MinAtar's AC(λ) — λ 0.8, γ 0.99, step size 2⁻¹¹, entropy 0.01, RMS-normalised steps (β 0.999, ε 1e-4),
// one conv trunk shared by both heads. MinAtar's trunk uses SiLU; PolicyModel's MinAtar trunk is ReLU (as PPO's
// here), so ours is ReLU.
std::vector<std::string> ActorCritic::presetFor(const std::string& envId) {
  if (envId == "gridworld")
    return {"gamma=0.9", "alpha_critic=1", "alpha_actor=0.3", "lambda=0", "ent_coef=0.1", "optimizer=sgd",
            "layers=0"};
  if (envId == "pendulum" || envId == "pendulum-discrete")
    return {"gamma=0.95", "alpha_critic=0.001", "alpha_actor=0.0003", "lambda=0.8", "ent_coef=0", "optimizer=adam",
            "hidden=64", "layers=2"};
  if (envId == "invaders")
    return {"gamma=0.99", "lambda=0.8", "alpha_critic=0.00048828125", "alpha_actor=0.00048828125", "ent_coef=0.01",
            "optimizer=rmsprop", "shared_trunk=true"};
  return {};
}

std::string ActorCritic::unsupportedReason(const Env& env) const {
  const Space o = env.observationSpace(), a = env.actionSpace();
  if (a.kind == Space::Kind::Box && a.shape.size() != 1) return "the Gaussian policy needs Box(d,) actions";
  if (o.kind == Space::Kind::Discrete) return o.n <= 100000 ? "" : "the one-hot input would exceed 100k units";
  if (o.shape.size() == 1 || (o.shape.size() == 3 && o.shape[0] >= 3 && o.shape[1] >= 3)) return {};
  return "the actor-critic builds an MLP for Box(d,) or a conv trunk for Box(H, W, C); this env observes " +
         o.describe();
}

// ---- Networks, optimisers, traces ----

void ActorCritic::reset(Env& env, uint64_t seed) {
  applyPresetOnce(env, presetFor(env.info().id));  // the first reset on an env: its preset
  built_ = cfg_;
  rng_.reseed(seed ^ 0xAC7C417EULL);
  const PolicyNetConfig nc{.hidden = built_.hidden, .layers = built_.layers, .activation = nn::Act::Tanh,
                           .critic = true, .sharedTrunk = built_.sharedTrunk, .logStdInit = built_.logStdInit};
  model_.build(env.observationSpace(), env.actionSpace(), nc, rng_);
  auto makeOpt = [&](double lr) -> std::unique_ptr<nn::Optimizer<float>> {
    switch (built_.optimizer) {
      case kRmsProp: return std::make_unique<nn::RmsProp<float>>(nn::RmsPropConfig{.lr = lr, .alpha = 0.999,
                                                                                    .eps = 1e-4});
      case kAdam: return std::make_unique<nn::Adam<float>>(nn::AdamConfig{.lr = lr});
      default: return std::make_unique<nn::Sgd<float>>(nn::SgdConfig{.lr = lr});
    }
  };
  criticOpt_ = makeOpt(cfg_.alphaCritic), actorOpt_ = makeOpt(cfg_.alphaActor);
  criticParams_ = model_.criticParams(), actorParams_ = model_.actorParams();
  // layers 0 on one-hot states is the texts' table: z(s) = W·e_s, V(s) = v·e_s. The heads' biases (one Linear each:
  // params {weight, bias}) would tie every state together — a trap visit would lower V everywhere and make every
  // zero-reward step look good (δ = (γ − 1)·c > 0) — so they are held at 0 and not trained.
  if (model_.input() == PolicyModel::Input::OneHot && built_.layers == 0 && !model_.continuous()) {
    for (auto* list : {&criticParams_, &actorParams_}) {
      (*list)[1]->value.setZero();
      list->resize(1);
    }
  }
  auto zerosLike = [](const std::vector<nn::Param<float>*>& ps) {
    std::vector<Mat<float>> m;
    for (const auto* p : ps) m.push_back(Mat<float>::Zero(p->value.rows(), p->value.cols()));
    return m;
  };
  gradV_ = zW_ = zerosLike(criticParams_);
  gradLogPi_ = gradH_ = zTheta_ = zerosLike(actorParams_);
  env.reset(seed);
  updates_ = 0;
  step_ = {};
  tricks_.resetState();
  advantage_ = {};
  maxAbsValue_ = 0;
  boundMetrics_ = nullptr;
  sumValueLoss_ = sumPolicyLoss_ = sumEntropy_ = sumAbsDelta_ = 0, logged_ = 0;
  lens_ = {};
  trail_ = {.on = env.statePlane().has_value()};
  trail_.record(env.observation());
  decide(env);
}

void ActorCritic::decide(Env& env) {
  const auto o = env.observation();
  pendingObs_.assign(o.begin(), o.end());
  pendingMask_ = env.actionSpace().kind == Space::Kind::Discrete ? env.actionMask() : ~0ULL;
  noteStateMask(lens_, model_, pendingObs_.data(), pendingMask_);
  pending_ = model_.act(pendingObs_.data(), pendingMask_, rng_);
}

// ---- Gradients at s ----
// The network's backward accumulates ∂q/∂param for whatever scalar q it is handed ∂q/∂output of, so three backward
// passes on one forward give the three per-parameter gradients the recipe needs:
//   ∇_w V(s):         ∂V/∂V = 1 into the value head.
//   ∇_θ log π(a|s):   softmax: log π(a|s) = z_a − log Σ_k e^{z_k}, so ∂/∂z_k = 1[k = a] − π(k|s);
//                     Gaussian: ∂/∂μ = (u − μ)/σ², ∂/∂log σ = (u − μ)²/σ² − 1  (u the unclipped sample).
//   ∇_θ H:            softmax: H = −Σ p log p, ∂H/∂z_k = −p_k(log p_k + H);  Gaussian: ∂H/∂log σ = 1, ∂H/∂μ = 0.
// (nn::Categorical / nn::DiagGaussian's *Backward with ∂/∂logπ = 1 or ∂/∂H = 1; finite-difference checked there.)
void ActorCritic::gradientsAt(const float* obs, uint64_t mask, const ActSample& a) {
  Mat<float> x(model_.inDim(), 1);
  model_.encode(obs, x.data());
  const PolicyModel::Output& out = model_.forward(x, &mask, true);
  const RowVec<float> one = RowVec<float>::Ones(1);
  const Mat<float> zeroHead = Mat<float>::Zero(out.head.rows(), 1);
  const Mat<float> zeroLogStd = model_.continuous() ? Mat<float>::Zero(out.logStd.rows(), 1) : Mat<float>();
  valueS_ = out.value(0);
  auto copyGrads = [](const std::vector<nn::Param<float>*>& ps, std::vector<Mat<float>>& dst) {
    for (size_t k = 0; k < ps.size(); ++k) dst[k] = ps[k]->grad;
  };
  model_.zeroGrad();
  model_.backward(zeroHead, zeroLogStd, one);  // ∇V(s)
  copyGrads(criticParams_, gradV_);
  if (model_.continuous()) {
    const nn::DiagGaussian<float> dist(out.head, out.logStd);
    const Mat<float> u = Eigen::Map<const Mat<float>>(a.actionC.data(), model_.actionSize(), 1);
    logPiS_ = dist.logProb(u)(0), entropyS_ = dist.entropy()(0);
    const nn::GaussianGrad<float> g = dist.logProbBackward(u, one), h = dist.entropyBackward(one);
    model_.zeroGrad();
    model_.backward(g.dMean, g.dLogStd, {});  // ∇log π(a|s)
    copyGrads(actorParams_, gradLogPi_);
    model_.zeroGrad();
    model_.backward(h.dMean, h.dLogStd, {});  // ∇H
    copyGrads(actorParams_, gradH_);
  } else {
    const nn::Categorical<float> dist(out.head);
    logPiS_ = dist.logProbs()(a.action, 0), entropyS_ = dist.entropy()(0);
    const Mat<float> dLogPi = dist.logProbBackward({a.action}, one), dH = dist.entropyBackward(one);
    model_.zeroGrad();
    model_.backward(dLogPi, Mat<float>(), {});  // ∇log π(a|s)
    copyGrads(actorParams_, gradLogPi_);
    model_.zeroGrad();
    model_.backward(dH, Mat<float>(), {});  // ∇H
    copyGrads(actorParams_, gradH_);
  }
}

double ActorCritic::logProbAt(const float* obs, uint64_t mask, const ActSample& a) {
  Mat<float> x(model_.inDim(), 1);
  model_.encode(obs, x.data());
  const PolicyModel::Output& out = model_.forward(x, &mask, false);
  if (!model_.continuous()) return nn::Categorical<float>(out.head).logProbs()(a.action, 0);
  const Mat<float> u = Eigen::Map<const Mat<float>>(a.actionC.data(), model_.actionSize(), 1);
  return nn::DiagGaussian<float>(out.head, out.logStd).logProb(u)(0);
}

int ActorCritic::trainStep(Env& env, int maxSteps, Metrics& metrics, uint64_t stepBase, int forcedAction) {
  if (boundMetrics_ != &metrics) {
    valueLossId_ = metrics.id("losses/value_loss"), policyLossId_ = metrics.id("losses/policy_loss");
    entropyId_ = metrics.id("losses/entropy"), tdErrorId_ = metrics.id("charts/td_error");
    boundMetrics_ = &metrics;
  }
  const Config& c = cfg_;
  const bool discrete = !model_.continuous();
  for (int i = 0; i < maxSteps; ++i) {
    // ---- 1. Observe s, sample a ~ π_θ(·|s) (human play may have moved s since it was decided) ----
    const auto o = env.observation();
    const uint64_t mask = discrete ? env.actionMask() : ~0ULL;
    if (!std::equal(o.begin(), o.end(), pendingObs_.begin(), pendingObs_.end()) || mask != pendingMask_) decide(env);
    if (forcedAction >= 0 && discrete && forcedAction != pending_.action)
      pending_ = model_.act(pendingObs_.data(), mask, rng_, forcedAction);
    const ActSample a = pending_;

    // ---- 2. Act: r, s′ ----
    const StepResult step = discrete ? env.step(a.action) : env.stepContinuous(a.envAction);
    const double r = step.reward;
    const bool done = step.terminated || step.truncated;

    // ---- 3. TD error δ = r + γ·V_w(s′) − V_w(s), before either step ----
    gradientsAt(pendingObs_.data(), mask, a);  // V(s), log π(a|s), H and their gradients
    // After a termination nothing follows (V(s′) = 0). After a truncation s′ is the final observation (the env's
    // observation now, before the reset below), and its value still counts.
    const double vNext = step.terminated ? 0.0 : double(model_.value(env.observation().data()));
    const double delta = r + c.gamma * vNext - valueS_;

    // ---- 4. Eligibility traces: z_w ← γλ z_w + ∇V(s),  z_θ ← γλ z_θ + ∇log π(a|s) ----
    const float decay = float(c.gamma * c.lambda);
    for (size_t k = 0; k < zW_.size(); ++k) zW_[k] = decay * zW_[k] + gradV_[k];
    for (size_t k = 0; k < zTheta_.size(); ++k) zTheta_[k] = decay * zTheta_[k] + gradLogPi_[k];

    // The GAN tricks carried over (off by default): label smoothing shrinks the critic's target (the actor keeps δ),
    // freezing reads the critic's error |δ| and may skip either step.
    const double target = tricks_.target(r + c.gamma * vNext);
    const double deltaCritic = target - valueS_;
    const bool actorFrozen = tricks_.actorFrozen(std::abs(deltaCritic));
    const bool criticFrozen = tricks_.criticFrozen(std::abs(deltaCritic));

    // ---- 5. Critic: w ← w + α_w·δ·z_w   (the optimisers descend, so grad = −δ·z_w) ----
    if (!criticFrozen) {
      for (size_t k = 0; k < criticParams_.size(); ++k) criticParams_[k]->grad = float(-deltaCritic) * zW_[k];
      tricks_.historicalPenalty(criticParams_, 0);
      criticOpt_->setLr(c.alphaCritic);
      criticOpt_->step(criticParams_);
      tricks_.remember(criticParams_, 0);
    }

    // ---- 6. Actor: θ ← θ + α_θ·(δ·z_θ + c·∇H) ----
    // With a shared trunk both steps move it; both gradients were taken at the parameters before step 5.
    if (!actorFrozen) {
      for (size_t k = 0; k < actorParams_.size(); ++k)
        actorParams_[k]->grad = float(-delta) * zTheta_[k] - float(c.entCoef) * gradH_[k];
      tricks_.historicalPenalty(actorParams_, 1);
      actorOpt_->setLr(c.alphaActor);
      actorOpt_->step(actorParams_);
      tricks_.remember(actorParams_, 1);
    }
    ++updates_;
    ++stats_.updates;

    // ---- The lens: the step written out (the after-values once per call), the advantage record ----
    step_ = {.valid = true, .reward = r, .gamma = c.gamma, .value = valueS_, .nextValue = vNext, .delta = delta,
             .terminal = step.terminated, .logProb = logPiS_, .action = a.action,
             .actionValue = discrete ? 0.0 : double(a.actionC[0]), .alphaCritic = c.alphaCritic,
             .alphaActor = c.alphaActor, .lambda = c.lambda};
    step_.criticError = std::abs(deltaCritic), step_.criticTarget = target;
    step_.actorFrozen = actorFrozen, step_.criticFrozen = criticFrozen;
    if (i + 1 == maxSteps) {
      step_.valueAfter = model_.value(pendingObs_.data());
      step_.logProbAfter = logProbAt(pendingObs_.data(), mask, a);
    }
    maxAbsValue_ = std::max(maxAbsValue_, std::abs(valueS_));
    advantage_.push(float(r), float(valueS_));
    if (done) advantage_.finish(step.terminated, float(vNext));

    // ---- Metrics: means over the last kLogInterval steps ----
    sumValueLoss_ += 0.5 * delta * delta, sumPolicyLoss_ += -delta * logPiS_, sumEntropy_ += entropyS_;
    sumAbsDelta_ += std::abs(delta);
    if (++logged_ >= kLogInterval) {
      const double x = double(stepBase + uint64_t(i) + 1);
      metrics.add(valueLossId_, x, sumValueLoss_ / logged_), metrics.add(policyLossId_, x, sumPolicyLoss_ / logged_);
      metrics.add(entropyId_, x, sumEntropy_ / logged_), metrics.add(tdErrorId_, x, sumAbsDelta_ / logged_);
      sumValueLoss_ = sumPolicyLoss_ = sumEntropy_ = sumAbsDelta_ = 0, logged_ = 0;
    }

    // ---- Next state (auto-reset at an episode end; the traces start again at 0) ----
    if (done) {
      env.reset();
      trail_.obs.clear();
      for (auto& z : zW_) z.setZero();
      for (auto& z : zTheta_) z.setZero();
    }
    trail_.record(env.observation());
    decide(env);
  }
  return maxSteps;
}

// ---- Insights ----

void ActorCritic::fillInsights(Insights& out) const {
  out.policy = makePolicyInsight(model_, pendingObs_.data(), pendingMask_, pending_, lens_, updates_);
  out.acStep = step_;
  out.advantage = advantage_.insight(AdvantageInsight::Estimator::Td0, cfg_.gamma, cfg_.lambda, pending_.value);
  out.phase = frozenPhase(step_.actorFrozen, step_.criticFrozen, "updating the critic and the actor every step");
}

void ActorCritic::fillEnvInsights(const Env& env, Insights& out) const {
  addTrueValues(env, cfg_.gamma, out);
  PlaneMap map;
  if (makePolicyPlaneMap(model_, env, trail_, lens_, updates_, map)) out.policyMap = std::move(map);
}

std::string ActorCritic::checkFinite() const {
  if (step_.valid && !std::isfinite(step_.delta)) return "TD error δ = " + std::to_string(step_.delta);
  if (step_.valid && !std::isfinite(step_.value)) return "V(s) = " + std::to_string(step_.value);
  if (step_.valid && !std::isfinite(step_.logProb)) return "log π(a|s) = " + std::to_string(step_.logProb);
  return model_.firstNonFinite();
}

// ---- Saved agents ----

void ActorCritic::describeState(AgentState& s) {
  s.tensors("model", model_.tensors());
  s.optimizer("critic_optimizer", *criticOpt_, criticParams_);
  s.optimizer("actor_optimizer", *actorOpt_, actorParams_);
  s.counter("updates", updates_);
  s.vector("allowed_actions", lens_.stateMasks);  // per one-hot state, as seen: the lens's π table hides the others
}

void ActorCritic::stateLoaded() {
  lens_.tableAt = lens_.mapAt = ~0ULL;
  if (!pendingObs_.empty()) pending_ = model_.act(pendingObs_.data(), pendingMask_, rng_);
}

// ---- Checkpoints ----

void ActorCritic::persist(StateIO& io) {
  tricks_.persist(io, {criticParams_, actorParams_});
  io.io(rng_);
  // The traces carry this episode's credit; the per-step gradients and V(s), log π, H are recomputed before use.
  for (Mat<float>& z : zW_) persistMatrix(io, z, "a critic trace");
  for (Mat<float>& z : zTheta_) persistMatrix(io, z, "an actor trace");
  // The action already sampled for s (stateLoaded drew another from the loaded policy).
  pending_.persist(io, model_);
  io.fixed(pendingObs_, "the observation");
  io.io(pendingMask_);
  rl::persist(io, step_);
  advantage_.persist(io);
  trail_.persist(io, int(pendingObs_.size()));
  io.io(maxAbsValue_);
  io.io(sumValueLoss_), io.io(sumPolicyLoss_), io.io(sumEntropy_), io.io(sumAbsDelta_);
  io.bounded(logged_, kLogInterval, "the steps since the last metrics point");
}

}  // namespace rl
