// PPO, read top to bottom:
//   act (sample π(·|s), keep log π_old and V_old) → step the env (copy 0, then copies 1..N−1) → one rollout buffer
//   per copy → when full: bootstrap V(s_T) per copy → GAE per copy → join the copies' rows → epochs × shuffled
//   minibatches: ratio r = exp(logπ − logπ_old) → surrogate (clip / KL penalty / none / vanilla) + c₁·value loss −
//   c₂·entropy → clip the gradient norm → Adam → early stop on target KL → adaptive β.
#include "core/rl/ppo.hpp"
#include "core/agent_state.hpp"
#include "core/checkpoint.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <optional>
#include <stdexcept>

#include "core/episode_stats.hpp"
#include "core/rl/pg_losses.hpp"

namespace rl {

using nn::Mat;
using nn::RowVec;

Ppo::Ppo() {
  using P = ParamType;
  auto& t = params_;
  t.add({.name = "objective", .label = "objective", .type = P::Choice, .min = 0, .max = 3, .def = 0,
         .help = "clip: min(r·Â, clip(r, 1±ε)·Â); kl: r·Â − β·KL with adaptive β; none: r·Â with no constraint; "
                 "vanilla: one epoch, one minibatch (plain policy gradient)",
         .choices = {"clip", "kl", "none", "vanilla"}}, &cfg_.objective);
  t.add({.name = "gamma", .label = "discount γ", .type = P::Float, .min = 0, .max = 0.999, .def = 0.99,
         .help = "Weight of later rewards in the return and the GAE"}, &cfg_.gamma);
  t.add({.name = "gae_lambda", .label = "GAE λ", .type = P::Float, .min = 0, .max = 1, .def = 0.95,
         .help = "Â = Σ (γλ)^k δ_{t+k}: 0 is the one-step TD error, 1 the Monte-Carlo return minus V"},
        &cfg_.gaeLambda);
  t.add({.name = "lr", .label = "learning rate", .type = P::Float, .min = 1e-6, .max = 0.1, .def = 2.5e-4,
         .help = "Adam step size (ε 1e-5, as CleanRL)", .logScale = true}, &cfg_.lr);
  t.add({.name = "anneal_lr", .label = "anneal lr", .type = P::Bool, .min = 0, .max = 1, .def = 0,
         .help = "Decay the learning rate linearly to 0 over anneal_steps env steps"}, &cfg_.annealLr);
  t.add({.name = "anneal_steps", .label = "anneal steps", .type = P::Int, .min = 1000, .max = 1e8, .def = 500000,
         .help = "Env steps over which the annealed learning rate reaches 0", .logScale = true}, &cfg_.annealSteps);
  t.add({.name = "num_steps", .label = "rollout length", .type = P::Int, .min = 8, .max = 16384, .def = 128,
         .help = "Env steps collected per env copy per update", .needsReset = true, .logScale = true}, &cfg_.numSteps);
  t.add({.name = "num_envs", .label = "env copies", .type = P::Int, .min = 1, .max = 64, .def = 1,
         .help = "Env copies stepped in lockstep, copy i seeded seed + i; an update learns from num_steps × num_envs "
                 "samples. Episode returns, the lens and human play follow copy 0",
         .needsReset = true}, &cfg_.numEnvs);
  t.add({.name = "update_epochs", .label = "epochs", .type = P::Int, .min = 1, .max = 50, .def = 4,
         .help = "Passes over each rollout (vanilla: always 1)"}, &cfg_.updateEpochs);
  t.add({.name = "num_minibatches", .label = "minibatches", .type = P::Int, .min = 1, .max = 512, .def = 4,
         .help = "Shuffled minibatches per epoch (vanilla: always 1)"}, &cfg_.numMinibatches);
  t.add({.name = "norm_adv", .label = "normalise Â", .type = P::Bool, .min = 0, .max = 1, .def = 1,
         .help = "Advantages to mean 0, std 1 within each minibatch"}, &cfg_.normAdv);
  t.add({.name = "clip_coef", .label = "clip ε", .type = P::Float, .min = 0.01, .max = 1, .def = 0.2,
         .help = "The band [1 − ε, 1 + ε] the ratio may move in before its gradient stops"}, &cfg_.clipCoef);
  t.add({.name = "clip_vloss", .label = "clip value loss", .type = P::Bool, .min = 0, .max = 1, .def = 1,
         .help = "Value loss ½·max((V − R)², (V_old + clip(V − V_old, ±ε) − R)²)"}, &cfg_.clipVloss);
  t.add({.name = "ent_coef", .label = "entropy coef", .type = P::Float, .min = 0, .max = 1, .def = 0.01,
         .help = "Weight of the entropy bonus: keeps the policy exploring"}, &cfg_.entCoef);
  t.add({.name = "vf_coef", .label = "value coef", .type = P::Float, .min = 0, .max = 10, .def = 0.5,
         .help = "Weight of the value loss in the joint loss"}, &cfg_.vfCoef);
  t.add({.name = "max_grad_norm", .label = "grad clip", .type = P::Float, .min = 0, .max = 100, .def = 0.5,
         .help = "Clip the joint gradient norm; 0 = off"}, &cfg_.maxGradNorm);
  t.add({.name = "target_kl", .label = "target KL (stop)", .type = P::Float, .min = 0, .max = 1, .def = 0,
         .help = "End the update's epochs early once approx_kl exceeds this; 0 = never"}, &cfg_.targetKl);
  t.add({.name = "kl_target", .label = "KL target d", .type = P::Float, .min = 1e-4, .max = 1, .def = 0.01,
         .help = "kl objective: β doubles when KL > 1.5·d and halves when KL < d/1.5", .logScale = true},
        &cfg_.klTarget);
  t.add({.name = "kl_beta", .label = "initial β", .type = P::Float, .min = 0, .max = 100, .def = 1,
         .help = "kl objective: the KL penalty coefficient at reset", .needsReset = true}, &cfg_.klBeta);
  t.add({.name = "reward_scale", .label = "reward scale", .type = P::Float, .min = 1e-3, .max = 10, .def = 1,
         .help = "Rewards are multiplied by this for learning (episode returns are logged unscaled)",
         .logScale = true}, &cfg_.rewardScale);
  t.add({.name = "shared_trunk", .label = "shared trunk", .type = P::Bool, .min = 0, .max = 1, .def = 0,
         .help = "Actor and critic as two heads on one network", .needsReset = true}, &cfg_.sharedTrunk);
  t.add({.name = "hidden", .label = "hidden units", .type = P::Int, .min = 8, .max = 512, .def = 64,
         .help = "Units per MLP hidden layer (tanh)", .needsReset = true}, &cfg_.hidden);
  t.add({.name = "layers", .label = "hidden layers", .type = P::Int, .min = 0, .max = 4, .def = 2,
         .help = "MLP hidden layers (0: a linear policy; on one-hot states a table of logits)", .needsReset = true}, &cfg_.layers);
  t.add({.name = "log_std_init", .label = "initial log σ", .type = P::Float, .min = -3, .max = 1, .def = 0,
         .help = "Continuous actions: the learned state-independent log σ at reset", .needsReset = true},
        &cfg_.logStdInit);
  // Parameters that apply only with some objectives are greyed in the panel otherwise.
  t.activeWhen("clip_coef", "objective=clip");
  t.activeWhen("kl_target", "objective=kl");
  t.activeWhen("kl_beta", "objective=kl");
  t.activeWhen("update_epochs", "objective=clip|kl|none");
  t.activeWhen("num_minibatches", "objective=clip|kl|none");
  t.activeWhen("anneal_steps", "anneal_lr=true");
}

// Per-env presets, measured (see tests/unit/test_pg_learning.cpp). pendulum follows rl-baselines3-zoo (γ 0.9,
// λ 0.95, lr 1e-3, 10 epochs, ent 0) with one env: 2048-step rollouts in 64-sample minibatches, lr annealed over
// 200k steps, rewards scaled by 0.1. gridworld: the −1 cells around the goal are a trap for on-policy learners
// (avoiding them is learned long before the +1 is found). A tabular softmax policy and critic (layers 0: logits and
// V are one weight per state; an MLP's shared units spread "avoid the centre" everywhere), γ 0.9, no advantage
// normalisation (it blows the all-zero-reward noise up to unit size), an entropy bonus of 0.02 and 512-step
// rollouts reach the goal on seeds 1–5 (see test_pg_learning.cpp). invaders: CleanRL's Atari PPO numbers on the
// MinAtar trunk with one env's 1024-step rollouts in 8 minibatches, lr annealed over MinAtar's 5M frames: 103.4 at
// 5M frames, seed 1 (mean of the last 100 episodes; MinAtar's AC(λ): 185).
std::vector<std::string> Ppo::presetFor(const std::string& envId) {
  if (envId == "gridworld")
    return {"gamma=0.9", "gae_lambda=0.95", "lr=0.05", "num_steps=512", "update_epochs=4", "num_minibatches=4",
            "norm_adv=false", "ent_coef=0.02", "layers=0"};
  if (envId == "pendulum" || envId == "pendulum-discrete")
    return {"gamma=0.9", "gae_lambda=0.95", "lr=0.001", "anneal_lr=true", "anneal_steps=200000", "num_steps=2048",
            "update_epochs=10", "num_minibatches=32", "ent_coef=0", "clip_coef=0.2", "max_grad_norm=0.5",
            "reward_scale=0.1", "hidden=64", "layers=2"};
  if (envId == "invaders")
    return {"gamma=0.99", "gae_lambda=0.95", "lr=0.00025", "anneal_lr=true", "anneal_steps=5000000",
            "num_steps=1024", "update_epochs=4", "num_minibatches=8", "clip_coef=0.1", "ent_coef=0.01",
            "shared_trunk=true"};
  return {};
}

std::string Ppo::unsupportedReason(const Env& env) const {
  if (cfg_.numEnvs > 1 && !runner_.hasFactory()) return "num_envs > 1 needs an env factory (Agent::setEnvFactory) for the copies";
  return policyNetUnsupported(env, "PPO");
}

void Ppo::reset(Env& env, uint64_t seed) {
  applyPresetOnce(env, presetFor(env.info().id));  // the first reset on an env: its preset
  built_ = cfg_;
  rng_.reseed(seed ^ 0x9E0CAFEULL);
  PolicyNetConfig nc{.hidden = built_.hidden, .layers = built_.layers, .activation = nn::Act::Tanh, .critic = true,
                     .sharedTrunk = built_.sharedTrunk, .stateDependentStd = false, .logStdInit = built_.logStdInit};
  model_.build(env.observationSpace(), env.actionSpace(), nc, rng_);
  opt_ = std::make_unique<nn::Adam<float>>(nn::AdamConfig{.lr = cfg_.lr, .eps = 1e-5});
  batch_.configure(model_.obsDim(), model_.continuous() ? model_.actionSize() : 0);
  stepsDone_ = updates_ = 0;
  beta_ = built_.klBeta;
  ratio_ = {};
  firstRatios_.clear();
  lastStats_ = {};
  lastLoss_ = 0;
  boundMetrics_ = nullptr;
  runner_.reset(env, built_.numEnvs, built_.numSteps, seed, model_, rng_);
}

void Ppo::envChanged(const Env& env) { runner_.envChanged(env); }
void Ppo::envEdited(const EnvEdit& e) { runner_.envEdited(e); }

int Ppo::trainStep(Env& env, int maxSteps, Metrics& metrics, uint64_t stepBase, int forcedAction) {
  if (boundMetrics_ != &metrics) {
    policyLossId_ = metrics.id("losses/policy_loss"), valueLossId_ = metrics.id("losses/value_loss");
    entropyId_ = metrics.id("losses/entropy"), klId_ = metrics.id("losses/approx_kl");
    oldKlId_ = metrics.id("losses/old_approx_kl"), clipfracId_ = metrics.id("losses/clipfrac");
    explVarId_ = metrics.id("losses/explained_variance"), lrId_ = metrics.id("charts/learning_rate");
    betaId_ = int(built_.objective) == kKl ? metrics.id("charts/kl_beta") : -1;
    boundMetrics_ = &metrics;
  }
  const uint64_t doneBefore = stepsDone_;
  const int taken = runner_.run(env, maxSteps, forcedAction, model_, rng_, cfg_.rewardScale, [&](int taken) {
    stepsDone_ = doneBefore + uint64_t(taken);
    update();
    const double x = double(stepBase + uint64_t(taken));
    const UpdateStats& u = lastStats_;
    metrics.add(policyLossId_, x, u.policyLoss), metrics.add(valueLossId_, x, u.valueLoss);
    metrics.add(entropyId_, x, u.entropy), metrics.add(klId_, x, u.approxKl);
    metrics.add(oldKlId_, x, u.oldApproxKl), metrics.add(clipfracId_, x, u.clipfrac);
    // Explained variance is undefined when every return in the rollout is the same (Var = 0): no point then, not
    // a NaN that would read as divergence.
    if (std::isfinite(u.explVar)) metrics.add(explVarId_, x, u.explVar);
    metrics.add(lrId_, x, opt_->lr());
    if (betaId_ >= 0) metrics.add(betaId_, x, beta_);
  });
  stepsDone_ = doneBefore + uint64_t(taken);
  return taken;
}

void Ppo::update() {
  const Config& c = cfg_;
  // The batch: every copy's rows, copy 0's first (the minibatches shuffle across all of them).
  const std::vector<RolloutBuffer>& buffers = runner_.buffers();
  if (buffers.size() > 1) {
    batch_.clear();
    for (const RolloutBuffer& b : buffers) batch_.append(b);
  }
  const RolloutBuffer& rollout = buffers.size() > 1 ? batch_ : buffers[0];
  const int N = rollout.size(), A = model_.actionSize();  // N = num_steps · num_envs
  const bool discrete = !model_.continuous();
  const int objective = int(c.objective);
  const bool vanilla = objective == kVanilla;

  // ---- GAE per copy: Â_t = Σ_k (γλ)^k δ_{t+k} within a copy's sequence, bootstrapping on truncation and at the
  // rollout's end; R_t = Â_t + V_t ----
  const std::vector<float> advantages = gaePerEnv(buffers, runner_.lastValues(), c.gamma, c.gaeLambda);
  std::vector<float> returns(static_cast<size_t>(N));
  for (int t = 0; t < N; ++t) returns[size_t(t)] = advantages[size_t(t)] + rollout.values[size_t(t)];
  lastStats_.explVar = explainedVariance(returns.data(), rollout.values.data(), N);  // of the collection-time V
  const Mat<float> X = model_.encodeBatch(rollout.obs.data(), N);
  if (c.annealLr) opt_->setLr(linearSchedule(c.lr, 0.0, double(stepsDone_ - uint64_t(N)) / c.annealSteps));
  else opt_->setLr(c.lr);

  const int epochs = vanilla ? 1 : c.updateEpochs;
  const int numMb = vanilla ? 1 : std::clamp(c.numMinibatches, 1, N);
  const int mbSize = N / numMb;
  std::vector<int> idx(static_cast<size_t>(N));
  std::iota(idx.begin(), idx.end(), 0);
  RatioInsight& ri = ratio_;
  ri = {};
  ri.objective = objective == kClip ? RatioInsight::Objective::Clip
                 : objective == kKl ? RatioInsight::Objective::KlPenalty
                 : objective == kNone ? RatioInsight::Objective::None
                                      : RatioInsight::Objective::Vanilla;
  ri.clipCoef = c.clipCoef;
  ri.beta = objective == kKl ? beta_ : 0.0;
  ri.targetKl = objective == kKl ? c.klTarget : c.targetKl;
  ri.epochsPlanned = epochs;
  double clipfracSum = 0;
  int clipfracCount = 0;
  for (int epoch = 0; epoch < epochs; ++epoch) {
    for (int k = N - 1; k > 0; --k) std::swap(idx[size_t(k)], idx[size_t(rng_.below(k + 1))]);  // Fisher–Yates
    ri.ratios.assign(size_t(numMb * mbSize), 1.f);
    ri.advantages.assign(size_t(numMb * mbSize), 0.f);
    double epochClipped = 0, epochKl = 0;
    for (int mb = 0; mb < numMb; ++mb) {
      // ---- Minibatch: gather, normalise Â ----
      const int n = mbSize;
      Mat<float> x(X.rows(), n), actionsC;
      std::vector<int> actions(static_cast<size_t>(n));
      std::vector<uint64_t> masks(static_cast<size_t>(n));
      RowVec<float> logProbOld(n), adv(n), ret(n), valuesOld(n);
      if (!discrete) actionsC.resize(A, n);
      for (int k = 0; k < n; ++k) {
        const int t = idx[size_t(mb * mbSize + k)];
        x.col(k) = X.col(t);
        actions[size_t(k)] = rollout.actions[size_t(t)];
        masks[size_t(k)] = rollout.masks[size_t(t)];
        if (!discrete) actionsC.col(k) = Eigen::Map<const nn::Vec<float>>(rollout.actionAt(t), A);
        logProbOld(k) = rollout.logProb[size_t(t)];
        adv(k) = advantages[size_t(t)];
        ret(k) = returns[size_t(t)];
        valuesOld(k) = rollout.values[size_t(t)];
      }
      if (c.normAdv && n > 1) {
        const float mean = adv.mean();
        const float sd = std::sqrt((adv.array() - mean).square().sum() / float(n - 1));  // torch.std: unbiased
        adv = ((adv.array() - mean) / (sd + 1e-8f)).matrix();
      }

      // ---- Ratio r = exp(logπ_θ(a|s) − logπ_θold(a|s)) ----
      const PolicyModel::Output& out = model_.forward(x, masks.data(), true);
      RowVec<float> logProb, entropy;
      std::optional<nn::Categorical<float>> cat;
      std::optional<nn::DiagGaussian<float>> gauss;
      if (discrete) cat.emplace(out.head), logProb = cat->logProb(actions), entropy = cat->entropy();
      else gauss.emplace(out.head, out.logStd), logProb = gauss->logProb(actionsC), entropy = gauss->entropy();
      // Before the first step θ is θ_old, so the first minibatch takes log π_old from this very forward pass: r = 1
      // exactly. (The collection-time values come from one-column forwards, whose float rounding differs from a
      // batched product's by about 1e-7.)
      if (epoch == 0 && mb == 0) logProbOld = logProb;

      // ---- Update: clipped surrogate (or KL penalty / plain r·Â) ----
      PgLoss<float> pg;
      if (objective == kClip) pg = clippedSurrogate(logProb, logProbOld, adv, float(c.clipCoef));
      else if (objective == kKl) pg = klPenaltySurrogate(logProb, logProbOld, adv, float(beta_));
      else pg = importanceSurrogate(logProb, logProbOld, adv);
      const PgLoss<float> vl = valueLoss(out.value, valuesOld, ret, c.clipVloss ? float(c.clipCoef) : 0.f);
      const double entropyMean = entropy.mean();
      lastLoss_ = pg.loss - c.entCoef * entropyMean + c.vfCoef * vl.loss;

      // Diagnostics before the step (CleanRL): k3 = (r − 1) − log r, −log r, |r − 1| > ε.
      double kl = 0, oldKl = 0;
      int clipped = 0;
      for (int k = 0; k < n; ++k) {
        const double logRatio = double(logProb(k)) - double(logProbOld(k));
        const double r = std::exp(logRatio);
        kl += (r - 1) - logRatio, oldKl += -logRatio;
        clipped += std::abs(r - 1) > c.clipCoef;
        ri.ratios[size_t(mb * mbSize + k)] = float(r);
        ri.advantages[size_t(mb * mbSize + k)] = adv(k);
      }
      kl /= n, oldKl /= n;
      if (epoch == 0 && mb == 0) firstRatios_.assign(ri.ratios.begin(), ri.ratios.begin() + n);
      epochClipped += clipped, epochKl += kl * n;
      clipfracSum += double(clipped) / n, ++clipfracCount;
      lastStats_.policyLoss = pg.loss, lastStats_.valueLoss = vl.loss, lastStats_.entropy = entropyMean;
      lastStats_.approxKl = kl, lastStats_.oldApproxKl = oldKl;

      // ---- Backward: ∂L/∂logπ through the distribution, −c₂ through the entropy, c₁·∂L_V/∂V ----
      const RowVec<float> dEntropy = RowVec<float>::Constant(n, float(-c.entCoef / n));
      const RowVec<float> dValue = (float(c.vfCoef) * vl.grad).eval();
      model_.zeroGrad();
      if (discrete) {
        model_.backward(cat->logProbBackward(actions, pg.grad) + cat->entropyBackward(dEntropy), Mat<float>(), dValue);
      } else {
        const nn::GaussianGrad<float> g = gauss->logProbBackward(actionsC, pg.grad);
        const nn::GaussianGrad<float> h = gauss->entropyBackward(dEntropy);
        model_.backward(g.dMean + h.dMean, g.dLogStd + h.dLogStd, dValue);
      }
      const auto params = model_.params();
      if (c.maxGradNorm > 0) nn::clipGradNorm(params, float(c.maxGradNorm));
      opt_->step(params);

      // The lens's written-out sample: the first of the last minibatch.
      const double r0 = std::exp(double(logProb(0)) - double(logProbOld(0)));
      RatioSample& smp = ri.sample;
      smp.logProb = logProb(0), smp.logProbOld = logProbOld(0), smp.ratio = r0, smp.advantage = adv(0);
      smp.surr1 = r0 * adv(0);
      smp.surr2 = std::clamp(r0, 1 - c.clipCoef, 1 + c.clipCoef) * adv(0);
      smp.objective = objective == kClip ? std::min(smp.surr1, smp.surr2)
                      : objective == kKl ? smp.surr1 - beta_ * ((r0 - 1) - std::log(r0))
                                         : smp.surr1;
      smp.clipped = pg.grad(0) == 0.f;
      smp.action = discrete ? actions[0] : -1;
      smp.actionValue = discrete ? 0.0 : double(actionsC(0, 0));
    }
    ri.epochClipfrac.push_back(float(epochClipped / (numMb * mbSize)));
    ri.epochKl.push_back(float(epochKl / (numMb * mbSize)));
    // ---- Early stop: CleanRL checks the last minibatch's approx_kl after each epoch ----
    if (c.targetKl > 0 && lastStats_.approxKl > c.targetKl && epoch + 1 < epochs) {
      ri.earlyStopped = true;
      break;
    }
  }
  lastStats_.clipfrac = clipfracCount > 0 ? clipfracSum / clipfracCount : 0.0;

  // ---- Adaptive β (PPO paper §4): KL of the new policy over the whole rollout against d ----
  if (objective == kKl) {
    const PolicyModel::Output& out = model_.forward(X, rollout.masks.data(), false);
    RowVec<float> logProb;
    if (discrete) logProb = nn::Categorical<float>(out.head).logProb(rollout.actions);
    else logProb = nn::DiagGaussian<float>(out.head, out.logStd)
                       .logProb(Eigen::Map<const Mat<float>>(rollout.actionsC.data(), A, N));
    double kl = 0;
    for (int t = 0; t < N; ++t) {
      const double logRatio = double(logProb(t)) - double(rollout.logProb[size_t(t)]);
      kl += std::exp(logRatio) - 1 - logRatio;
    }
    kl /= N;
    if (kl > 1.5 * c.klTarget) beta_ *= 2;
    else if (kl < c.klTarget / 1.5) beta_ /= 2;
    beta_ = std::clamp(beta_, 1e-4, 1e4);
  }
  ++updates_;
  ++stats_.updates;
  ri.updates = int(updates_);
  runner_.clear();
  batch_.clear();
}

void Ppo::fillInsights(Insights& out) const {
  // The update runs whole between two snapshots, so the caption names the cycle: collect N steps, then K epochs.
  const int filled = runner_.buffers().empty() ? 0 : runner_.buffers()[0].size();  // copy 0's steps so far
  const int epochs = int(built_.objective) == kVanilla ? 1 : cfg_.updateEpochs;
  out.phase = "collecting a rollout: step " + std::to_string(filled + 1) + " of " + std::to_string(built_.numSteps) +
              ", then optimising " + std::to_string(epochs) + (epochs == 1 ? " epoch" : " epochs");
  const ActSample& pending = runner_.pending();
  out.policy = makePolicyInsight(model_, runner_.pendingObs().data(), runner_.pendingMask(), pending,
                                 runner_.lensCache(), updates_);
  out.ratio = ratio_;
  out.advantage = runner_.advantage().insight(AdvantageInsight::Estimator::Gae, cfg_.gamma, cfg_.gaeLambda,
                                              pending.value / float(cfg_.rewardScale));
}

void Ppo::fillEnvInsights(const Env& env, Insights& out) const {
  addTrueValues(env, cfg_.gamma, out);
  PlaneMap map;
  if (makePolicyPlaneMap(model_, env, runner_.trail(), runner_.lensCache(), updates_, map)) out.policyMap = std::move(map);
}

std::string Ppo::checkFinite() const {
  if (!std::isfinite(lastLoss_)) return "PPO loss (policy + value − entropy) = " + std::to_string(lastLoss_);
  return model_.firstNonFinite();
}

// ---- Saved agents ----

void Ppo::describeState(AgentState& s) {
  s.tensors("model", model_.tensors());
  s.optimizer("optimizer", *opt_, model_.params());
  s.counter("steps", stepsDone_);
  s.counter("updates", updates_);
  s.number("kl_beta", beta_);
  s.vector("allowed_actions", runner_.lensCache().stateMasks);  // per one-hot state, as seen: the lens's π table hides the others
}

void Ppo::stateLoaded() { runner_.policyReplaced(model_, rng_); }

void Ppo::persist(StateIO& io) {
  // The objective is read from built_ for the metrics and the lens, and changes live: the value as of the last reset.
  io.io(built_.objective);
  if (io.reading() && !(built_.objective >= double(kClip) && built_.objective <= double(kVanilla)))
    io.fail("the objective is unknown");
  io.io(rng_);
  runner_.persist(io, model_);
  // batch_ is the update's scratch, empty between calls.
  rl::persist(io, ratio_);
  io.io(firstRatios_);
  io.io(lastLoss_);
  io.io(lastStats_.policyLoss), io.io(lastStats_.valueLoss), io.io(lastStats_.entropy), io.io(lastStats_.approxKl);
  io.io(lastStats_.oldApproxKl), io.io(lastStats_.clipfrac), io.io(lastStats_.explVar);
}

}  // namespace rl
