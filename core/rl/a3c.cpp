// A3C, read top to bottom:
//   trainStep: maxSteps = the workers' reserved shares + a shared pool → workers 1..N−1 on threads, worker 0 here →
//   each loops { act with its local θ′, step its env, append to its segment; segment full → push } → join → metrics.
//   push: Â, R → the segment's loss and gradient on θ′ → chunk 0's lock { staleness, u += 1 } → for each chunk of θ,
//   hand over hand: { shared optimiser step on the chunk, pull θ′ ← θ for it }.
#include "core/rl/a3c.hpp"
#include "core/agent_state.hpp"
#include "core/checkpoint.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <exception>
#include <latch>
#include <optional>
#include <stdexcept>
#include <thread>

#include "core/rl/a2c.hpp"
#include "core/rl/pg_losses.hpp"

namespace rl {

using nn::Mat;
using nn::RowVec;

struct A3c::Worker {
  int index = 0;
  PolicyModel local;  // θ′_k
  Rng rng;
  RolloutBuffer segment;
  uint64_t pulledAt = 0;  // the global update count when θ′_k was last pulled
  uint64_t pushes = 0, episodes = 0, envSteps = 0;
  double episodeReturn = 0;
  std::deque<float> returns, staleness;  // the last 50 of each
  // Worker 0 only: what the lens shows.
  std::vector<float> obs;
  uint64_t mask = ~0ULL;
  AdvantageRecorder advantage;
  StateTrail trail;
  mutable PolicyLensCache lens;
};

A3c::A3c() {
  using P = ParamType;
  auto& t = params_;
  t.add({.name = "gamma", .label = "discount γ", .type = P::Float, .min = 0, .max = 0.999, .def = 0.99,
         .help = "Weight of later rewards in the return and the advantage"}, &cfg_.gamma);
  t.add({.name = "estimator", .label = "advantage Â", .type = P::Choice, .min = 0, .max = 3, .def = 1,
         .help = "td0: δ = r + γV(s′) − V(s); nstep: n rewards then γⁿV (A3C's, n = t_max); gae: Σ(γλ)^k δ; mc: "
                 "the return to the segment's end",
         .choices = {"td0", "nstep", "gae", "mc"}}, &cfg_.estimator);
  t.add({.name = "gae_lambda", .label = "GAE λ", .type = P::Float, .min = 0, .max = 1, .def = 1.0,
         .help = "Â = Σ (γλ)^k δ_{t+k}"}, &cfg_.gaeLambda);
  t.add({.name = "n_step", .label = "n (n-step)", .type = P::Int, .min = 1, .max = 512, .def = 5,
         .help = "Rewards summed before bootstrapping from V(s_{t+n}); cut at episode ends and the segment's end"},
        &cfg_.nStep);
  t.add({.name = "num_steps", .label = "segment t_max", .type = P::Int, .min = 1, .max = 4096, .def = 5,
         .help = "Env steps a worker collects before it pushes a gradient", .needsReset = true, .logScale = true},
        &cfg_.numSteps);
  t.add({.name = "num_envs", .label = "workers (threads)", .type = P::Int, .min = 1, .max = 16, .def = 2,
         .help = "Worker threads, each with its own env copy (seeded seed + i) and local network; they push "
                 "gradients to the global network whenever ready. Returns and the lens follow worker 0",
         .needsReset = true}, &cfg_.numEnvs);
  t.add({.name = "lr", .label = "learning rate", .type = P::Float, .min = 1e-6, .max = 0.1, .def = 7e-4,
         .help = "Step size of the shared optimiser", .logScale = true}, &cfg_.lr);
  t.add({.name = "optimizer", .label = "optimiser", .type = P::Choice, .min = 0, .max = 1, .def = 0,
         .help = "Shared rmsprop (α 0.99, ε 1e-5: one set of statistics for every worker, as the paper) or adam",
         .needsReset = true, .choices = {"rmsprop", "adam"}}, &cfg_.optimizer);
  t.add({.name = "ent_coef", .label = "entropy coef", .type = P::Float, .min = 0, .max = 1, .def = 0.01,
         .help = "Weight of the entropy bonus: keeps the policy exploring"}, &cfg_.entCoef);
  t.add({.name = "vf_coef", .label = "value coef", .type = P::Float, .min = 0, .max = 10, .def = 0.5,
         .help = "Weight of the critic's loss mean (V − R)²"}, &cfg_.vfCoef);
  t.add({.name = "max_grad_norm", .label = "grad clip", .type = P::Float, .min = 0, .max = 100, .def = 0.5,
         .help = "Clip each pushed gradient's norm; 0 = off"}, &cfg_.maxGradNorm);
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
}

A3c::~A3c() = default;

// Presets: A2C's per env, with the workers as threads (2 on this project's 2-core machines).
std::vector<std::string> A3c::presetFor(const std::string& envId) {
  if (envId == "gridworld")
    return {"gamma=0.9", "estimator=gae", "gae_lambda=0.95", "num_steps=64", "num_envs=2", "lr=0.05",
            "optimizer=adam", "ent_coef=0.08", "max_grad_norm=0.5", "layers=0"};
  if (envId == "pendulum" || envId == "pendulum-discrete")
    return {"gamma=0.9", "estimator=gae", "gae_lambda=0.9", "num_steps=8", "num_envs=2", "lr=0.0007",
            "optimizer=rmsprop", "ent_coef=0", "max_grad_norm=0.5", "reward_scale=0.1", "hidden=64", "layers=2"};
  if (envId == "invaders")
    return {"gamma=0.99", "estimator=nstep", "n_step=5", "num_steps=5", "num_envs=2", "lr=0.0007",
            "optimizer=rmsprop", "ent_coef=0.01", "vf_coef=0.25", "shared_trunk=true"};
  return {};
}

std::string A3c::unsupportedReason(const Env& env) const {
  if (cfg_.numEnvs > 1 && !copies_.hasFactory())
    return "more than one worker needs an env factory (Agent::setEnvFactory) for the copies";
  return policyNetUnsupported(env, "A3C");
}

static std::vector<float> flatten(const std::vector<nn::Param<float>*>& ps, bool grads) {
  std::vector<float> out;
  for (const nn::Param<float>* p : ps) {
    const Mat<float>& m = grads ? p->grad : p->value;
    out.insert(out.end(), m.data(), m.data() + m.size());
  }
  return out;
}

// The shared optimiser's constants: push() applies the same arithmetic as nn::RmsProp / nn::Adam, chunk by chunk.
constexpr double kRmsAlpha = 0.99, kEps = 1e-5, kBeta1 = 0.9, kBeta2 = 0.999;
constexpr Eigen::Index kChunk = 4096;  // floats per lock: 16 KB, a few L1s

std::unique_ptr<nn::Optimizer<float>> A3c::freshOptimizer() const {
  if (built_.optimizer == 1)
    return std::make_unique<nn::Adam<float>>(
        nn::AdamConfig{.lr = cfg_.lr, .beta1 = kBeta1, .beta2 = kBeta2, .eps = kEps});
  return std::make_unique<nn::RmsProp<float>>(nn::RmsPropConfig{.lr = cfg_.lr, .alpha = kRmsAlpha, .eps = kEps});
}

void A3c::reset(Env& env, uint64_t seed) {
  if (active_.load() != 0) throw std::logic_error("a3c: reset while workers run");
  if (cfg_.numEnvs > 1 && !copies_.hasFactory())
    throw std::invalid_argument("a3c: num_envs = " + std::to_string(cfg_.numEnvs) +
                                " needs an env factory (Agent::setEnvFactory) to build the copies; use num_envs=1");
  applyPresetOnce(env, presetFor(env.info().id));
  built_ = cfg_;
  rng_.reseed(seed ^ 0xA3C0A3C0ULL);
  const PolicyNetConfig nc{.hidden = built_.hidden, .layers = built_.layers, .activation = nn::Act::Tanh,
                           .critic = true, .sharedTrunk = built_.sharedTrunk, .stateDependentStd = false,
                           .logStdInit = built_.logStdInit};
  global_.build(env.observationSpace(), env.actionSpace(), nc, rng_);
  tensorOpts_.clear();
  chunks_.clear();
  for (nn::Param<float>* p : global_.params()) {
    tensorOpts_.push_back(freshOptimizer());
    // The moments push() updates: RMSProp's v, Adam's m and v (zero, as the optimiser's first step would make them).
    const auto lists = tensorOpts_.back()->stateLists();
    for (size_t l = 0; l < (built_.optimizer == 1 ? 2u : 1u); ++l)
      lists[l]->assign(1, nn::Mat<float>::Zero(p->value.rows(), p->value.cols()));
    for (Eigen::Index b = 0; b < p->value.size(); b += kChunk)
      chunks_.push_back({tensorOpts_.size() - 1, b, std::min(kChunk, p->value.size() - b)});
  }
  chunkLocks_ = std::make_unique<SpinLock[]>(chunks_.size());
  env.reset(seed);
  copies_.build(env, built_.numEnvs, seed + 1);
  workers_.clear();
  globalUpdates_ = 0;  // before the workers pull: each remembers the count it pulled at
  for (int k = 0; k < built_.numEnvs; ++k) {
    auto w = std::make_unique<Worker>();
    w->index = k;
    Rng buildRng(seed + 1000 + uint64_t(k));  // the local network's initial values are overwritten by the pull
    w->local.build(env.observationSpace(), env.actionSpace(), nc, buildRng);
    w->rng.reseed((seed ^ 0xA3C0A3C0ULL) + 7919 * uint64_t(k + 1));
    w->segment.configure(global_.obsDim(), global_.continuous() ? global_.actionSize() : 0);
    pull(*w);
    workers_.push_back(std::move(w));
  }
  Worker& w0 = *workers_[0];
  const auto o = env.observation();
  w0.obs.assign(o.begin(), o.end());
  w0.mask = env.actionSpace().kind == Space::Kind::Discrete ? env.actionMask() : ~0ULL;
  w0.trail = {.on = env.statePlane().has_value()};
  w0.trail.record(env.observation());
  records_.clear();
  stalenessHist_.assign(11, 0);
  stalenessSum_ = pushesPerSecond_ = maxAbsValue_ = lastLoss_ = 0;
  step_ = {};
  pushLog_.clear();
  initialParams_ = flatten(global_.params(), false);
  boundMetrics_ = nullptr;
}

uint64_t A3c::pushes(int worker) const { return workers_[size_t(worker)]->pushes; }

std::vector<float> A3c::globalParameters() const { return flatten(global_.params(), false); }

// θ′_k ← θ (before any worker runs).
void A3c::pull(Worker& w) {
  const auto g = global_.params(), l = w.local.params();
  for (size_t i = 0; i < g.size(); ++i) l[i]->value = g[i]->value;
  w.pulledAt = globalUpdates_;
}

int A3c::trainStep(Env& env, int maxSteps, Metrics& metrics, uint64_t stepBase, int forcedAction) {
  if (boundMetrics_ != &metrics) {
    policyLossId_ = metrics.id("losses/policy_loss"), valueLossId_ = metrics.id("losses/value_loss");
    entropyId_ = metrics.id("losses/entropy"), explVarId_ = metrics.id("losses/explained_variance");
    stalenessId_ = metrics.id("charts/staleness"), ppsId_ = metrics.id("charts/pushes_per_second");
    boundMetrics_ = &metrics;
  }
  if (maxSteps <= 0 && forcedAction < 0) return 0;
  const auto t0 = std::chrono::steady_clock::now();
  const uint64_t updatesBefore = globalUpdates_;
  stepsInCall_ = 0;
  records_.clear();
  // The call's steps: each worker is guaranteed half of an even share (so the worker the viewport shows moves however
  // small the call and however the threads are scheduled); the rest is a shared pool the workers draw from as they
  // go, so a faster worker is never held back waiting for a slower one. Human play: worker 0 takes the forced step.
  int n = std::max(maxSteps, 1);
  pool_ = 0;
  if (forcedAction >= 0) {
    runWorker(*workers_[0], env, forcedAction, 1);
    --n;
  }
  const int N = int(workers_.size());
  auto quota = [&](int k) { return (n / N + (k < n % N ? 1 : 0)) / 2; };
  int reserved = 0;
  for (int k = 0; k < N; ++k) reserved += quota(k);
  pool_ = n - reserved;
  stop_ = false;
  std::exception_ptr failure;
  std::mutex failureMutex;
  // Every worker starts when all are ready: none runs alone while the others' threads are still being created.
  std::latch ready{std::ptrdiff_t(N)};
  auto guarded = [&](Worker& w, Env& e, int steps) {
    ready.arrive_and_wait();
    try {
      runWorker(w, e, -1, steps);
    } catch (...) {
      std::lock_guard lock(failureMutex);
      if (!failure) failure = std::current_exception();
      stop_ = true;  // the others stop at their next step
    }
    active_.fetch_sub(1);
  };
  active_ = int(workers_.size());
  std::vector<std::thread> threads;
  for (size_t k = 1; k < workers_.size(); ++k)
    threads.emplace_back(guarded, std::ref(*workers_[k]), std::ref(copies_.get()->env(int(k) - 1)), quota(int(k)));
  guarded(*workers_[0], env, quota(0));
  for (std::thread& t : threads) t.join();
  stats_.updates = globalUpdates_;
  if (failure) std::rethrow_exception(failure);

  // ---- Metrics, one point per push, by the step count at the push ----
  std::stable_sort(records_.begin(), records_.end(),
                   [](const PushRecord& a, const PushRecord& b) { return a.stepInCall < b.stepInCall; });
  for (const PushRecord& r : records_) {
    const double x = double(stepBase + r.stepInCall);
    metrics.add(policyLossId_, x, r.policyLoss), metrics.add(valueLossId_, x, r.valueLoss);
    metrics.add(entropyId_, x, r.entropy), metrics.add(stalenessId_, x, double(r.staleness));
    if (std::isfinite(r.explVar)) metrics.add(explVarId_, x, r.explVar);
  }
  const int taken = int(stepsInCall_.load());
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (globalUpdates_ > updatesBefore && seconds > 0) {
    pushesPerSecond_ = double(globalUpdates_ - updatesBefore) / seconds;
    if (seconds > 0.05) metrics.add(ppsId_, double(stepBase + uint64_t(taken)), pushesPerSecond_);
  }
  return taken;
}

// One worker's loop: its `steps` reserved env steps, then steps from the shared pool until it is empty (a forced
// action: exactly one step); a full segment is pushed at once.
void A3c::runWorker(Worker& w, Env& env, int forcedAction, int steps) {
  const bool discrete = !w.local.continuous();
  const double scale = cfg_.rewardScale;
  for (int i = 0; !stop_.load(std::memory_order_relaxed); ++i) {
    const bool forced = i == 0 && forcedAction >= 0;
    if (i >= steps && pool_.fetch_sub(1, std::memory_order_relaxed) <= 0) break;
    stepsInCall_.fetch_add(1);
    const auto o = env.observation();
    const std::vector<float> obs(o.begin(), o.end());
    const uint64_t mask = discrete ? env.actionMask() : ~0ULL;
    const ActSample s = w.local.act(obs.data(), mask, w.rng, forced ? forcedAction : -1);
    const StepResult step = discrete ? env.step(s.action) : env.stepContinuous(s.envAction);
    const auto o2 = env.observation();
    const bool done = step.terminated || step.truncated, trunc = step.truncated && !step.terminated;
    const float finalV = trunc ? w.local.value(o2.data()) : 0.f;
    w.segment.push(obs.data(), s.action, s.actionC.data(), mask, s.logProb, s.value, float(step.reward * scale),
                   step.terminated, trunc, finalV);
    ++w.envSteps;
    w.episodeReturn += step.reward;
    if (w.index == 0) {
      w.advantage.push(float(step.reward), s.value / float(scale));
      if (done) w.advantage.finish(step.terminated, finalV / float(scale));
    }
    if (done) {
      w.returns.push_back(float(w.episodeReturn));
      if (w.returns.size() > 50) w.returns.pop_front();
      w.episodeReturn = 0;
      ++w.episodes;
      env.reset();
      if (w.index == 0) w.trail.obs.clear();
    }
    if (w.index == 0) {
      const auto now = env.observation();
      w.obs.assign(now.begin(), now.end());
      w.mask = discrete ? env.actionMask() : ~0ULL;
      w.trail.record(now);
    }
    if (w.segment.size() >= built_.numSteps) {
      const float lastValue = done ? 0.f : w.local.value(env.observation().data());
      // ---- The segment's loss and gradient on θ′_k (outside the lock), A2C's arithmetic ----
      const Config c = cfg_;
      const std::vector<float> adv =
          segmentAdvantages(w.segment, lastValue, int(c.estimator), c.gamma, c.gaeLambda, c.nStep);
      const AcLossSettings settings{.estimator = int(c.estimator), .gamma = c.gamma, .vfCoef = c.vfCoef,
                                    .entCoef = c.entCoef, .rewardScale = c.rewardScale, .lambda = c.gaeLambda,
                                    .normAdv = false};
      AcGradient g = advantageActorCriticGradient(w.local, w.segment, adv, settings, AcTricks{});
      if (c.maxGradNorm > 0) nn::clipGradNorm(w.local.params(), float(c.maxGradNorm));
      // ---- Push: apply g_k to θ with the shared optimiser, then pull ----
      const int staleness = push(w);
      {
        std::lock_guard lock(bookMutex_);
        records_.push_back({.stepInCall = stepsInCall_.load(), .policyLoss = g.L.policyLoss,
                            .valueLoss = g.L.valueLoss, .entropy = g.L.entropy, .explVar = g.explVar,
                            .staleness = staleness});
        ++stalenessHist_[size_t(std::min(staleness, int(stalenessHist_.size()) - 1))];
        stalenessSum_ += staleness;
        maxAbsValue_ = std::max(maxAbsValue_, g.maxAbsValue);
        lastLoss_ = g.L.loss;
      }
      if (w.index == 0) {  // the lens's written-out sample: log π and V after the push (θ′ = θ now)
        g.sample.alphaActor = g.sample.alphaCritic = c.lr;
        sampleAfterStep(w.local, w.segment, c.rewardScale, g.sample);
        std::lock_guard lock(bookMutex_);
        step_ = std::move(g.sample);
      }
      w.staleness.push_back(float(staleness));
      if (w.staleness.size() > 50) w.staleness.pop_front();
      w.segment.clear();
    }
  }
}

// Applies worker w's gradient (in its local params' grads) to θ and pulls θ back into θ′_k. θ is cut into chunks of
// kChunk floats, each behind its own lock, taken hand over hand (chunk c + 1 is locked before chunk c is released):
// pushes apply in one order — the order they take chunk 0 — and never overtake each other, while two pushes work on
// different chunks at once (one big weight matrix no longer holds the second push back until the first is through
// all of it). The update is elementwise, the same arithmetic as nn::RmsProp / nn::Adam with the push's own step count
// u + 1, so θ is exactly the pushes applied one after another (A3c.EveryPushIsAppliedExactlyOnce replays them with
// the nn optimiser). Each chunk is pulled right after its update, so θ′_k is θ exactly after this push. Returns the
// push's staleness.
int A3c::push(Worker& w) {
  using Arr = Eigen::Array<float, Eigen::Dynamic, 1>;
  const auto global = global_.params(), local = w.local.params();
  std::unique_lock<SpinLock> held(chunkLocks_[0]);
  const uint64_t u = globalUpdates_++;  // this push's place in the global order
  const int staleness = int(u - w.pulledAt);
  if (recordPushes_) {
    std::lock_guard lock(bookMutex_);
    pushLog_.push_back(flatten(local, true));
  }
  const float lr = float(cfg_.lr), eps = float(kEps);
  const bool adam = built_.optimizer == 1;
  const float a = float(kRmsAlpha), b1 = float(kBeta1), b2 = float(kBeta2);
  const float c1 = float(1.0 / (1.0 - std::pow(kBeta1, double(u + 1))));  // Adam's bias corrections at t = u + 1
  const float c2 = float(1.0 / (1.0 - std::pow(kBeta2, double(u + 1))));
  for (size_t c = 0; c < chunks_.size(); ++c) {
    if (c > 0) {
      std::unique_lock<SpinLock> next(chunkLocks_[c]);
      held.unlock();
      held = std::move(next);
    }
    const Chunk& k = chunks_[c];
    const Eigen::Map<const Arr> g(local[k.tensor]->grad.data() + k.begin, k.size);
    Eigen::Map<Arr> theta(global[k.tensor]->value.data() + k.begin, k.size);
    const auto lists = tensorOpts_[k.tensor]->stateLists();
    if (adam) {
      Eigen::Map<Arr> m((*lists[0])[0].data() + k.begin, k.size), v((*lists[1])[0].data() + k.begin, k.size);
      m = b1 * m + (1.f - b1) * g;
      v = b2 * v + (1.f - b2) * g.square();
      theta -= lr * (c1 * m) / ((c2 * v).sqrt() + eps);
    } else {
      Eigen::Map<Arr> v((*lists[0])[0].data() + k.begin, k.size);
      v = a * v + (1.f - a) * g.square();
      theta -= lr * g / (v.sqrt() + eps);
    }
    Eigen::Map<Arr>(local[k.tensor]->value.data() + k.begin, k.size) = theta;
  }
  held.unlock();
  w.pulledAt = u + 1;
  ++w.pushes;
  return staleness;
}

void A3c::fillInsights(Insights& out) const {
  const Worker& w0 = *workers_[0];
  out.policy = makePolicyInsight(global_, w0.obs.data(), w0.mask, ActSample{}, w0.lens, globalUpdates_);
  AdvantageInsight a = w0.advantage.insight(insightEstimator(int(cfg_.estimator)), cfg_.gamma, cfg_.gaeLambda,
                                            global_.value(w0.obs.data()) / float(cfg_.rewardScale));
  a.nStep = int(cfg_.estimator) == A2c::kNStep ? cfg_.nStep : built_.numSteps;
  out.advantage = std::move(a);
  if (step_.valid) out.acStep = step_;
  out.phase = frozenPhase(step_.actorFrozen, step_.criticFrozen,
                          std::to_string(workers_.size()) + " workers, each pushing its own update (asynchronous)");
}

void A3c::fillEnvInsights(const Env& env, Insights& out) const {
  addTrueValues(env, cfg_.gamma, out);
  const Worker& w0 = *workers_[0];
  PlaneMap map;
  if (makePolicyPlaneMap(global_, env, w0.trail, w0.lens, globalUpdates_, map)) out.policyMap = std::move(map);
  WorkersInsight wi;
  wi.async = true;
  wi.segmentLength = built_.numSteps;
  wi.globalUpdates = globalUpdates_;
  wi.stalenessHist = stalenessHist_;
  wi.meanStaleness = globalUpdates_ > 0 ? stalenessSum_ / double(globalUpdates_) : 0.0;
  wi.pushesPerSecond = pushesPerSecond_;
  for (const auto& wp : workers_) {
    const Worker& w = *wp;
    WorkerLane l;
    l.render = w.index == 0 ? env.renderState() : copies_.get()->env(w.index - 1).renderState();
    l.returns.assign(w.returns.begin(), w.returns.end());
    l.episodes = w.episodes, l.pushes = w.pushes;
    l.segmentFill = w.segment.size();
    l.staleness.assign(w.staleness.begin(), w.staleness.end());
    l.envSteps = double(w.envSteps);
    wi.lanes.push_back(std::move(l));
  }
  out.workers = std::move(wi);
}

std::string A3c::checkFinite() const {
  if (!std::isfinite(lastLoss_)) return "A3C loss (policy + value − entropy) = " + std::to_string(lastLoss_);
  return global_.firstNonFinite();
}

// ---- Saved agents ----

void A3c::describeState(AgentState& s) {
  if (active_.load() != 0) throw std::logic_error("a3c: saved or loaded while workers run");
  s.tensors("global", global_.tensors());
  const auto params = global_.params();
  for (size_t i = 0; i < params.size(); ++i) {
    tensorOpts_[i]->setSteps((long long)globalUpdates_);  // push() counts in globalUpdates_; Adam's t follows it
    s.optimizer("optimizer/" + std::to_string(i), *tensorOpts_[i], {params[i]});
  }
  s.counter("global_updates", globalUpdates_);
}

// The workers are joined between trainStep calls: each pulls the loaded θ now, as after a reset.
void A3c::stateLoaded() {
  stats_.updates = globalUpdates_;  // the loaded count, not the one the last trainStep left
  for (auto& w : workers_) {
    pull(*w);
    w->lens.tableAt = w->lens.mapAt = ~0ULL;
  }
}

void A3c::persist(StateIO& io) {
  if (active_.load() != 0) throw std::logic_error("a3c: checkpointed while workers run");
  io.io(rng_);
  copies_.persist(io);
  io.sameCount(workers_.size(), "workers");
  const int numActions = global_.continuous() ? 0 : global_.actionSize();
  // A deque as a list of at most 50 (the lanes keep the last 50).
  auto last50 = [&](std::deque<float>& d, const char* what) {
    std::vector<float> v(d.begin(), d.end());
    io.io(v);
    if (io.reading() && v.size() > 50) io.fail(std::string(what) + " keeps more than 50 entries");
    d.assign(v.begin(), v.end());
  };
  for (auto& wp : workers_) {
    Worker& w = *wp;
    w.local.persistTensors(io);  // θ′_k: θ as of its last pull, which other workers' pushes may have moved since
    io.io(w.rng);
    w.segment.persist(io, built_.numSteps, numActions);
    io.bounded(w.pulledAt, globalUpdates_, "a worker's pull");  // a later push's staleness counts from it
    io.io(w.pushes), io.io(w.episodes), io.io(w.envSteps), io.io(w.episodeReturn);
    last50(w.returns, "a worker's returns"), last50(w.staleness, "a worker's staleness record");
    io.fixed(w.obs, "worker 0's observation");
    io.io(w.mask);
    w.advantage.persist(io);
    w.trail.persist(io, global_.obsDim());
    // lens: recomputed (stateLoaded marked it stale); A3C keeps no state masks in it.
  }
  // records_ and the call's counters live within one call; pushesPerSecond_ is the sitting's wall clock.
  io.fixed(stalenessHist_, "the staleness histogram");
  io.io(stalenessSum_), io.io(maxAbsValue_), io.io(lastLoss_);
  rl::persist(io, step_);
  // The test hooks (recordPushes_, the push log, the initial parameters) are not part of a run.
}

}  // namespace rl
