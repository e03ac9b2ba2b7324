// REINFORCE, read top to bottom:
//   act (sample π(·|s)) → step the env → episode buffer → after N episodes: returns G_t → baseline b → Ψ = G − b
//   (normalised) → gradient variance with and without b → loss −mean(Ψ·log π) − c·H + ½·mean(V − G)² → one step.
#include "core/rl/reinforce.hpp"
#include "core/agent_state.hpp"
#include "core/checkpoint.hpp"

#include <algorithm>
#include <cmath>
#include <optional>

#include "core/rl/pg_losses.hpp"

namespace rl {

using nn::Mat;
using nn::RowVec;

Reinforce::Reinforce() {
  using P = ParamType;
  auto& t = params_;
  t.add({.name = "batch_episodes", .label = "episodes per batch", .type = P::Int, .min = 1, .max = 256, .def = 8,
         .help = "Whole episodes collected per gradient step"}, &cfg_.batchEpisodes);
  t.add({.name = "max_batch_steps", .label = "max batch steps", .type = P::Int, .min = 100, .max = 1000000,
         .def = 20000, .help = "Update at the latest after this many steps (the running episode is cut there)",
         .logScale = true}, &cfg_.maxBatchSteps);
  t.add({.name = "max_episode", .label = "episode time limit", .type = P::Int, .min = 0, .max = 100000, .def = 0,
         .help = "Cut an episode after this many steps and reset the env, like a TimeLimit wrapper (0 = never): "
                 "Monte-Carlo returns need episodes that end, and a gridworld lap may not",
         .logScale = false}, &cfg_.maxEpisode);
  t.add({.name = "baseline", .label = "baseline b", .type = P::Choice, .min = 0, .max = 2, .def = 2,
         .help = "Ψ = G − b: none; the batch mean of the returns; a learned V(s). Unbiased either way, less variance",
         .choices = {"none", "mean", "learned V(s)"}}, &cfg_.baseline);
  t.add({.name = "reward_to_go", .label = "reward-to-go", .type = P::Bool, .min = 0, .max = 1, .def = 1,
         .help = "Weight ∇log π(a_t|s_t) by the return after t, not the whole episode's: past rewards add only noise"},
        &cfg_.rewardToGo);
  t.add({.name = "gamma", .label = "discount γ", .type = P::Float, .min = 0, .max = 1, .def = 0.99,
         .help = "G_t = Σ_k γ^k r_{t+k}"}, &cfg_.gamma);
  t.add({.name = "normalize", .label = "normalise returns", .type = P::Bool, .min = 0, .max = 1, .def = 0,
         .help = "Standardise Ψ over the batch (mean 0, std 1)"}, &cfg_.normalize);
  t.add({.name = "ent_coef", .label = "entropy coef", .type = P::Float, .min = 0, .max = 1, .def = 0,
         .help = "Weight of the entropy bonus"}, &cfg_.entCoef);
  t.add({.name = "optimizer", .label = "optimiser", .type = P::Choice, .min = 0, .max = 2, .def = 0,
         .help = "Adam; plain SGD (θ ← θ + lr·ĝ, as in the paper); RMSProp", .needsReset = true,
         .choices = {"adam", "sgd", "rmsprop"}}, &cfg_.optimizer);
  t.add({.name = "lr", .label = "learning rate", .type = P::Float, .min = 1e-6, .max = 1, .def = 1e-3,
         .help = "Optimiser step size", .logScale = true}, &cfg_.lr);
  t.add({.name = "hidden", .label = "hidden units", .type = P::Int, .min = 8, .max = 512, .def = 64,
         .help = "Units per MLP hidden layer (tanh)", .needsReset = true}, &cfg_.hidden);
  t.add({.name = "layers", .label = "hidden layers", .type = P::Int, .min = 0, .max = 4, .def = 2,
         .help = "MLP hidden layers (0: a linear policy; on one-hot states a table of logits)", .needsReset = true}, &cfg_.layers);
  t.add({.name = "log_std", .label = "log σ", .type = P::Choice, .min = 0, .max = 1, .def = 0,
         .help = "Continuous actions: one learned log σ, or a head that outputs log σ(s)", .needsReset = true,
         .choices = {"state-independent", "state-dependent"}}, &cfg_.logStd);
  t.add({.name = "log_std_init", .label = "initial log σ", .type = P::Float, .min = -3, .max = 1, .def = 0,
         .help = "Continuous actions: log σ at reset", .needsReset = true}, &cfg_.logStdInit);
}

// Per-env presets, measured (tests/unit/test_pg_learning.cpp).
std::vector<std::string> Reinforce::presetFor(const std::string& envId) {
  if (envId == "gridworld")
    return {"gamma=0.9", "batch_episodes=8", "max_episode=100", "lr=0.05", "ent_coef=0.02", "layers=0"};
  if (envId == "pendulum" || envId == "pendulum-discrete")
    return {"gamma=0.95", "batch_episodes=8", "lr=0.001", "normalize=true", "hidden=64", "layers=2"};
  if (envId == "invaders") return {"gamma=0.99", "batch_episodes=4", "lr=0.0005", "ent_coef=0.01"};
  return {};
}

std::string Reinforce::unsupportedReason(const Env& env) const {
  const Space o = env.observationSpace(), a = env.actionSpace();
  if (a.kind == Space::Kind::Box && a.shape.size() != 1) return "the Gaussian policy needs Box(d,) actions";
  if (o.kind == Space::Kind::Discrete) return o.n <= 100000 ? "" : "the one-hot input would exceed 100k units";
  if (o.shape.size() == 1 || (o.shape.size() == 3 && o.shape[0] >= 3 && o.shape[1] >= 3)) return {};
  return "REINFORCE builds an MLP for Box(d,) or a conv trunk for Box(H, W, C); this env observes " + o.describe();
}

void Reinforce::reset(Env& env, uint64_t seed) {
  applyPresetOnce(env, presetFor(env.info().id));  // the first reset on an env: its preset
  built_ = cfg_;
  rng_.reseed(seed ^ 0x5EED4EC0ULL);
  PolicyNetConfig nc{.hidden = built_.hidden, .layers = built_.layers, .activation = nn::Act::Tanh, .critic = true,
                     .sharedTrunk = false, .stateDependentStd = built_.logStd >= 0.5, .logStdInit = built_.logStdInit};
  model_.build(env.observationSpace(), env.actionSpace(), nc, rng_);
  switch (int(built_.optimizer)) {
    case kSgd: opt_ = std::make_unique<nn::Sgd<float>>(nn::SgdConfig{.lr = cfg_.lr}); break;
    case kRmsProp: opt_ = std::make_unique<nn::RmsProp<float>>(nn::RmsPropConfig{.lr = cfg_.lr}); break;
    default: opt_ = std::make_unique<nn::Adam<float>>(nn::AdamConfig{.lr = cfg_.lr}); break;
  }
  buffer_.configure(model_.obsDim(), model_.continuous() ? model_.actionSize() : 0);
  env.reset(seed);
  episodesInBatch_ = 0;
  episodeSteps_ = 0;
  updates_ = 0;
  ratio_ = {};
  gradVar_ = {};
  advantage_ = {};
  policyLoss_ = valueLoss_ = entropy_ = 0;
  boundMetrics_ = nullptr;
  lens_ = {};
  trail_ = {.on = env.statePlane().has_value()};
  trail_.record(env.observation());
  decide(env);
}

void Reinforce::decide(Env& env) {
  const auto o = env.observation();
  pendingObs_.assign(o.begin(), o.end());
  pendingMask_ = env.actionSpace().kind == Space::Kind::Discrete ? env.actionMask() : ~0ULL;
  noteStateMask(lens_, model_, pendingObs_.data(), pendingMask_);
  pending_ = model_.act(pendingObs_.data(), pendingMask_, rng_);
}

int Reinforce::trainStep(Env& env, int maxSteps, Metrics& metrics, uint64_t stepBase, int forcedAction) {
  if (boundMetrics_ != &metrics) {
    policyLossId_ = metrics.id("losses/policy_loss"), valueLossId_ = metrics.id("losses/value_loss");
    entropyId_ = metrics.id("losses/entropy"), lrId_ = metrics.id("charts/learning_rate");
    varBaseId_ = metrics.id("losses/grad_var_baseline"), varNoBaseId_ = metrics.id("losses/grad_var_no_baseline");
    boundMetrics_ = &metrics;
  }
  const bool discrete = !model_.continuous();
  for (int i = 0; i < maxSteps; ++i) {
    // ---- Collect episodes: act on the env's observation now (human play may have moved it) ----
    const auto o = env.observation();
    const uint64_t mask = discrete ? env.actionMask() : ~0ULL;
    if (!std::equal(o.begin(), o.end(), pendingObs_.begin(), pendingObs_.end()) || mask != pendingMask_) decide(env);
    if (forcedAction >= 0 && discrete && forcedAction != pending_.action)
      pending_ = model_.act(pendingObs_.data(), mask, rng_, forcedAction);
    const ActSample s = pending_;
    const StepResult step = discrete ? env.step(s.action) : env.stepContinuous(s.envAction);
    ++episodeSteps_;
    const bool timeUp = cfg_.maxEpisode > 0 && episodeSteps_ >= cfg_.maxEpisode;  // our own TimeLimit: reset below
    const bool done = step.terminated || step.truncated || timeUp;
    const bool cut = !done && buffer_.size() + 1 >= built_.maxBatchSteps;  // the batch is full mid-episode
    buffer_.push(pendingObs_.data(), s.action, s.actionC.data(), mask, s.logProb, s.value, float(step.reward),
                 step.terminated, step.truncated || timeUp || cut, 0.f);  // Monte-Carlo: no bootstrap at a cut
    if (done || cut) ++episodesInBatch_;

    // ---- Update after N whole episodes ----
    if ((done && episodesInBatch_ >= cfg_.batchEpisodes) || cut) {
      update();
      const double x = double(stepBase + uint64_t(i) + 1);
      metrics.add(policyLossId_, x, policyLoss_), metrics.add(valueLossId_, x, valueLoss_);
      metrics.add(entropyId_, x, entropy_), metrics.add(lrId_, x, opt_->lr());
      metrics.add(varBaseId_, x, gradVar_.withBaseline), metrics.add(varNoBaseId_, x, gradVar_.withoutBaseline);
    }

    // ---- The advantage lens's record (V(final observation) after a time limit: a forward, no RNG draw) ----
    advantage_.push(float(step.reward), s.value);
    if (done) advantage_.finish(step.terminated, step.terminated ? 0.f : model_.value(env.observation().data()));

    // ---- Next state (auto-reset at an episode end) ----
    if (done) {
      env.reset();
      trail_.obs.clear();
      episodeSteps_ = 0;
    }
    trail_.record(env.observation());
    decide(env);
  }
  return maxSteps;
}

double Reinforce::gradientVariance(const Mat<float>& X, const std::vector<float>& psi, const std::vector<int>& starts,
                                   const std::vector<int>& ends) {
  const int E = int(starts.size());
  if (E < 2) return 0.0;
  const bool discrete = !model_.continuous();
  const auto params = model_.actorParams();
  std::vector<nn::Vec<float>> g(static_cast<size_t>(E));
  for (int e = 0; e < E; ++e) {
    const int t0 = starts[size_t(e)], n = ends[size_t(e)] - t0;
    // ĝ_e = Σ_t Ψ_t ∇log π(a_t|s_t): backward with ∂/∂logπ_t = Ψ_t over the episode's steps.
    const RowVec<float> dLogProb = Eigen::Map<const RowVec<float>>(&psi[size_t(t0)], n);
    const PolicyModel::Output& out = model_.forward(X.middleCols(t0, n), &buffer_.masks[size_t(t0)], false);
    model_.zeroGrad();
    if (discrete) {
      const std::vector<int> actions(buffer_.actions.begin() + t0, buffer_.actions.begin() + t0 + n);
      model_.backward(nn::Categorical<float>(out.head).logProbBackward(actions, dLogProb), Mat<float>(), {});
    } else {
      const Eigen::Map<const Mat<float>> u(buffer_.actionAt(t0), model_.actionSize(), n);
      const nn::GaussianGrad<float> gg = nn::DiagGaussian<float>(out.head, out.logStd).logProbBackward(u, dLogProb);
      model_.backward(gg.dMean, gg.dLogStd, {});
    }
    g[size_t(e)].resize(nn::paramCount(params));
    Eigen::Index k = 0;
    for (const auto* p : params) {
      g[size_t(e)].segment(k, p->grad.size()) = Eigen::Map<const nn::Vec<float>>(p->grad.data(), p->grad.size());
      k += p->grad.size();
    }
  }
  // tr Cov = (1/(E − 1)) Σ_e ‖ĝ_e − ḡ‖².
  nn::Vec<float> mean = nn::Vec<float>::Zero(g[0].size());
  for (const auto& v : g) mean += v / float(E);
  double var = 0;
  for (const auto& v : g) var += double((v - mean).squaredNorm());
  return var / (E - 1);
}

void Reinforce::update() {
  const Config& c = cfg_;
  const int N = buffer_.size();
  const bool discrete = !model_.continuous();

  // ---- Returns: G_t = Σ_k γ^k r_{t+k} to the episode's end (reward-to-go), or G_0 of the episode for every t ----
  const std::vector<float> zeros(static_cast<size_t>(N), 0.f);
  std::vector<float> G = discountedReturns(buffer_.rewards, buffer_.terminated, buffer_.truncated, zeros, 0.f, c.gamma);
  std::vector<int> starts, ends;
  for (int t = 0; t < N; ++t) {
    if (t == 0 || buffer_.terminated[size_t(t - 1)] || buffer_.truncated[size_t(t - 1)]) starts.push_back(t);
    if (buffer_.terminated[size_t(t)] || buffer_.truncated[size_t(t)] || t == N - 1) ends.push_back(t + 1);
  }
  const std::vector<float> rewardToGo = G;
  if (!c.rewardToGo)
    for (size_t e = 0; e < starts.size(); ++e)
      std::fill(G.begin() + starts[e], G.begin() + ends[e], rewardToGo[size_t(starts[e])]);

  // ---- Baseline: Ψ = G − b, b = 0, the batch mean of G, or V(s_t) ----
  const Mat<float> X = model_.encodeBatch(buffer_.obs.data(), N);
  const RowVec<float> V = model_.forward(X, buffer_.masks.data(), true).value;
  double meanG = 0;
  for (float g : G) meanG += g / N;
  std::vector<float> psi(static_cast<size_t>(N));
  for (int t = 0; t < N; ++t) {
    const double b = int(c.baseline) == kMean ? meanG : int(c.baseline) == kLearned ? double(V(t)) : 0.0;
    psi[size_t(t)] = float(G[size_t(t)] - b);
  }

  // ---- Gradient variance over the batch's episodes, with and without the baseline (same ∇log π) ----
  gradVar_.withBaseline = gradientVariance(X, psi, starts, ends);
  gradVar_.withoutBaseline = gradientVariance(X, G, starts, ends);
  gradVar_.episodes = int(starts.size());
  gradVar_.baselineOn = int(c.baseline) != kNone;

  if (c.normalize && N > 1) {  // standardise Ψ over the batch
    double m = 0, s = 0;
    for (float p : psi) m += p / N;
    for (float p : psi) s += (p - m) * (p - m) / (N - 1);
    for (float& p : psi) p = float((p - m) / (std::sqrt(s) + 1e-8));
  }

  // ---- Update: L = −mean(Ψ·log π) − c·mean(H) + ½·mean(V − G)² ----
  const PolicyModel::Output& out = model_.forward(X, buffer_.masks.data(), true);
  const RowVec<float> Psi = Eigen::Map<const RowVec<float>>(psi.data(), N);
  const RowVec<float> Gt = Eigen::Map<const RowVec<float>>(rewardToGo.data(), N);
  RowVec<float> logProb, entropy;
  std::optional<nn::Categorical<float>> cat;
  std::optional<nn::DiagGaussian<float>> gauss;
  const Eigen::Map<const Mat<float>> u(buffer_.actionsC.data(), model_.actionSize(), discrete ? 0 : N);
  if (discrete) cat.emplace(out.head), logProb = cat->logProb(buffer_.actions), entropy = cat->entropy();
  else gauss.emplace(out.head, out.logStd), logProb = gauss->logProb(u), entropy = gauss->entropy();
  // −mean(Ψ·log π) is the importance-weighted surrogate at r = 1 (logπ_old = logπ): its gradient is −Ψ/N.
  const PgLoss<float> pg = importanceSurrogate(logProb, logProb, Psi);
  const PgLoss<float> vl = valueLoss(out.value, out.value, Gt, 0.f);  // fitted to the Monte-Carlo return-to-go
  policyLoss_ = -(Psi.array() * logProb.array()).mean();
  valueLoss_ = vl.loss;
  entropy_ = entropy.mean();
  const RowVec<float> dEntropy = RowVec<float>::Constant(N, float(-c.entCoef / N));
  model_.zeroGrad();
  if (discrete) {
    model_.backward(cat->logProbBackward(buffer_.actions, pg.grad) + cat->entropyBackward(dEntropy), Mat<float>(),
                    vl.grad);
  } else {
    const nn::GaussianGrad<float> g = gauss->logProbBackward(u, pg.grad), h = gauss->entropyBackward(dEntropy);
    model_.backward(g.dMean + h.dMean, g.dLogStd + h.dLogStd, vl.grad);
  }
  opt_->setLr(c.lr);
  opt_->step(model_.params());
  ++updates_;
  ++stats_.updates;

  // ---- The ratio lens: one epoch, r = 1 everywhere, Â = Ψ ----
  ratio_ = {};
  ratio_.objective = RatioInsight::Objective::Reinforce;
  ratio_.ratios.assign(static_cast<size_t>(N), 1.f);
  ratio_.advantages = psi;
  ratio_.epochClipfrac = {0.f};
  ratio_.epochKl = {0.f};
  ratio_.epochsPlanned = 1;
  ratio_.updates = int(updates_);
  RatioSample& smp = ratio_.sample;
  smp.logProb = smp.logProbOld = logProb(0);
  smp.ratio = 1, smp.advantage = psi[0];
  smp.surr1 = smp.surr2 = smp.objective = psi[0];
  smp.action = discrete ? buffer_.actions[0] : -1;
  smp.actionValue = discrete ? 0.0 : double(u(0, 0));
  buffer_.clear();
  episodesInBatch_ = 0;
}

void Reinforce::fillInsights(Insights& out) const {
  out.phase = "playing an episode: the policy learns from its returns when it ends";
  out.policy = makePolicyInsight(model_, pendingObs_.data(), pendingMask_, pending_, lens_, updates_);
  out.policy->hasValue = int(cfg_.baseline) == kLearned;
  if (!out.policy->hasValue) out.policy->values.clear();  // V is trained only as the learned baseline
  out.ratio = ratio_;
  out.gradVariance = gradVar_;
  out.advantage = advantage_.insight(AdvantageInsight::Estimator::MonteCarlo, cfg_.gamma, 1.0, pending_.value);
}

void Reinforce::fillEnvInsights(const Env& env, Insights& out) const {
  PlaneMap map;
  if (makePolicyPlaneMap(model_, env, trail_, lens_, updates_, map)) out.policyMap = std::move(map);
}

std::string Reinforce::checkFinite() const {
  if (!std::isfinite(policyLoss_)) return "losses/policy_loss = " + std::to_string(policyLoss_);
  if (!std::isfinite(valueLoss_)) return "losses/value_loss = " + std::to_string(valueLoss_);
  return model_.firstNonFinite();
}

// ---- Saved agents ----

void Reinforce::describeState(AgentState& s) {
  s.tensors("model", model_.tensors());
  s.optimizer("optimizer", *opt_, model_.params());
  s.counter("updates", updates_);
  s.vector("allowed_actions", lens_.stateMasks);  // per one-hot state, as seen: the lens's π table hides the others
}

void Reinforce::stateLoaded() {
  lens_.tableAt = lens_.mapAt = ~0ULL;
  if (!pendingObs_.empty()) pending_ = model_.act(pendingObs_.data(), pendingMask_, rng_);
}

void Reinforce::persist(StateIO& io) {
  // max_batch_steps is read from built_ and changes live: the value as of the last reset.
  io.bounded(built_.maxBatchSteps, 1000000, "max_batch_steps");
  io.io(rng_);
  buffer_.persist(io, built_.maxBatchSteps, model_.continuous() ? 0 : model_.actionSize());
  io.io(episodesInBatch_), io.io(episodeSteps_);
  pending_.persist(io, model_);
  io.fixed(pendingObs_, "the pending observation");
  io.io(pendingMask_);
  rl::persist(io, ratio_);
  io.io(gradVar_.withBaseline), io.io(gradVar_.withoutBaseline), io.io(gradVar_.episodes), io.io(gradVar_.baselineOn);
  advantage_.persist(io);
  trail_.persist(io, model_.obsDim());
  // lens_: its state masks travel with the saved agent, the rest is recomputed (stateLoaded marked it stale).
  io.io(policyLoss_), io.io(valueLoss_), io.io(entropy_);
}

}  // namespace rl
