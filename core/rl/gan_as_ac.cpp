// The GAN as an actor-critic, read top to bottom: parameters → reset → act in the MDP until B real and B generated
// samples have been shown → the critic's step on the rewards → the actor's step along the critic's gradient →
// metrics → the lens.
#include "core/rl/gan_as_ac.hpp"
#include "core/agent_state.hpp"
#include "core/checkpoint.hpp"

#include <algorithm>
#include <cmath>

namespace rl {

using nn::Mat;

GanAsAc::GanAsAc() {
  using P = ParamType;
  auto& t = params_;
  t.add({.name = "objective", .label = "actor objective", .type = P::Choice, .min = 0, .max = 2,
         .def = double(cfg_.objective),
         .help = "What the actor ascends through the critic Q: −log(1 − Q) (the minimax GAN), log Q (non-saturating) "
                 "or Q itself (plain DPG); each scales ∂Q/∂a per sample by ∂J/∂Q",
         .choices = {"minimax", "non-saturating", "plain"}}, &cfg_.objective);
  t.add({.name = "batch", .label = "batch B", .type = P::Int, .min = 8, .max = 512, .def = double(cfg_.batch),
         .help = "Per update: the first B real and the first B generated samples the MDP shows"}, &cfg_.batch);
  t.add({.name = "noise", .label = "actor noise z", .type = P::Choice, .min = 0, .max = 1,
         .def = double(cfg_.normalNoise),
         .help = "The blind actor's only input: uniform on [−1, 1]^d or standard normal",
         .choices = {"uniform", "normal"}}, &cfg_.normalNoise);
  t.add({.name = "noise_dim", .label = "noise dim d", .type = P::Int, .min = 1, .max = 16, .def = double(cfg_.noiseDim),
         .help = "Dimension of z", .needsReset = true}, &cfg_.noiseDim);
  t.add({.name = "actor_hidden", .label = "actor hidden units", .type = P::Int, .min = 4, .max = 256,
         .def = double(cfg_.actorHidden), .help = "Units per actor hidden layer",
         .needsReset = true}, &cfg_.actorHidden);
  t.add({.name = "actor_layers", .label = "actor hidden layers", .type = P::Int, .min = 1, .max = 4,
         .def = double(cfg_.actorLayers), .help = "Actor hidden layers", .needsReset = true}, &cfg_.actorLayers);
  t.add({.name = "critic_hidden", .label = "critic hidden units", .type = P::Int, .min = 4, .max = 256,
         .def = double(cfg_.criticHidden), .help = "Units per critic hidden layer",
         .needsReset = true}, &cfg_.criticHidden);
  t.add({.name = "critic_layers", .label = "critic hidden layers", .type = P::Int, .min = 1, .max = 4,
         .def = double(cfg_.criticLayers), .help = "Critic hidden layers", .needsReset = true}, &cfg_.criticLayers);
  t.add({.name = "activation", .label = "activation", .type = P::Choice, .min = 0, .max = 2,
         .def = double(cfg_.activation), .help = "Hidden activation of both (leaky ReLU slope 0.2)", .needsReset = true,
         .choices = {"relu", "leaky_relu", "tanh"}}, &cfg_.activation);
  for (int who = 0; who < 2; ++who) {
    const bool actor = who == 0;
    t.add({.name = actor ? "optimizer_actor" : "optimizer_critic",
           .label = actor ? "actor optimiser" : "critic optimiser",
           .type = P::Choice, .min = 0, .max = 2, .def = kAdam, .help = "Adam (β₁ below, β₂ 0.999), SGD or RMSProp",
           .needsReset = true, .choices = {"adam", "sgd", "rmsprop"}}, actor ? &cfg_.optActor : &cfg_.optCritic);
    t.add({.name = actor ? "lr_actor" : "lr_critic", .label = actor ? "actor step α_θ" : "critic step α_w",
           .type = P::Float, .min = 1e-6, .max = 1, .def = actor ? cfg_.lrActor : cfg_.lrCritic,
           .help = actor ? "α_θ" : "α_w", .logScale = true},
          actor ? &cfg_.lrActor : &cfg_.lrCritic);
  }
  t.add({.name = "adam_beta1", .label = "Adam β₁", .type = P::Float, .min = 0, .max = 0.999, .def = double(cfg_.beta1),
         .help = "Adam's momentum (0.5 as DCGAN)", .needsReset = true}, &cfg_.beta1);
  t.add({.name = "log_every", .label = "log every", .type = P::Int, .min = 1, .max = 100000,
         .def = double(cfg_.logEvery),
         .help = "Iterations per metrics point (JS, W1 and mode masses from 4096 samples)"}, &cfg_.logEvery);
}

std::string GanAsAc::unsupportedReason(const Env& env) const {
  return gan::readTarget(env).pdf.empty() ? "the GAN-as-actor-critic runs on gan1d's stateless MDP; pick gan1d" : "";
}

namespace {
std::unique_ptr<nn::Optimizer<float>> makeOptimizer(int kind, double lr, double beta1) {
  switch (kind) {
    case GanAsAc::kSgd: return std::make_unique<nn::Sgd<float>>(nn::SgdConfig{.lr = lr});
    case GanAsAc::kRmsProp: return std::make_unique<nn::RmsProp<float>>(nn::RmsPropConfig{.lr = lr});
    default: return std::make_unique<nn::Adam<float>>(nn::AdamConfig{.lr = lr, .beta1 = beta1});
  }
}
const nn::Act kActs[] = {nn::Act::ReLU, nn::Act::LeakyReLU, nn::Act::Tanh};
}  // namespace

// The actor is built first from the seed's stream, then the critic: the same order and shapes as gan's G and D, so
// with equal settings both agents start from the same weights.
void GanAsAc::reset(Env& env, uint64_t seed) {
  built_ = cfg_;
  rng_.reseed(seed ^ 0x6A17ULL);
  evalSeed_ = seed;
  const nn::Act act = kActs[std::clamp(built_.activation, 0, 2)];
  actor_ = gan::Net<float>({.in = built_.noiseDim, .hidden = built_.actorHidden, .layers = built_.actorLayers,
                            .act = act}, rng_);
  critic_ = gan::Net<float>({.in = 1, .hidden = built_.criticHidden, .layers = built_.criticLayers, .act = act,
                             .normFirstLayer = false, .kinkSpread = 8, .mbdKernels = 8, .mbdKernelDim = 4}, rng_);
  optActor_ = makeOptimizer(built_.optActor, built_.lrActor, built_.beta1);
  optCritic_ = makeOptimizer(built_.optCritic, built_.lrCritic, built_.beta1);
  paramsActor_ = actor_.params(), paramsCritic_ = critic_.params();
  env.reset(seed);
  target_ = gan::readTarget(env);
  eval_.reset({.dim = built_.noiseDim, .normal = built_.normalNoise}, evalSeed_);
  log_.clear();
  readOut_ = eval_.evaluate(actor_, target_);
  lastCriticLoss_ = lastActorLoss_ = lastQReal_ = lastQFake_ = 0;
  iterations_ = 0;
}

// The evaluation noise follows the noise distribution (a live switch).
void GanAsAc::paramsChanged() {
  if (cfg_.normalNoise != built_.normalNoise) {
    built_.normalNoise = cfg_.normalNoise;
    eval_.reset({.dim = built_.noiseDim, .normal = built_.normalNoise}, evalSeed_);
  }
}

// ---- One update ----

void GanAsAc::update(const std::vector<Transition>& batch, const Mat<float>& z) {
  const Eigen::Index n = Eigen::Index(batch.size());
  Mat<float> s(1, n), r(1, n);
  for (Eigen::Index t = 0; t < n; ++t) s(0, t) = batch[size_t(t)].shown, r(0, t) = batch[size_t(t)].reward;

  // Critic: cross-entropy of Q(sₜ) = σ(f(sₜ)) against the reward, averaged over the 2B transitions.
  critic_.zeroGrad();
  const Mat<float>& f = critic_.forward(s);
  const nn::Loss<float> ce = nn::bceWithLogits<float>(f, r);
  double qReal = 0, qFake = 0, nReal = 0;
  for (Eigen::Index t = 0; t < n; ++t) {
    const double q = 1.0 / (1.0 + std::exp(-double(f(0, t))));
    (r(0, t) > 0.5f ? qReal : qFake) += q;
    nReal += r(0, t);
  }
  lastQReal_ = qReal / std::max(nReal, 1.0), lastQFake_ = qFake / std::max(double(n) - nReal, 1.0);
  lastCriticLoss_ = ce.loss;
  critic_.backward(ce.grad);
  optCritic_->setLr(cfg_.lrCritic);
  optCritic_->step(paramsCritic_);

  // Actor: its proposals aₜ = μ(zₜ) at every step; what the critic saw, sₜ = rₜ·x_real + (1 − rₜ)·aₜ.
  const Mat<float> a = actor_.forward(z);
  Mat<float> shown = s;
  for (Eigen::Index t = 0; t < n; ++t)
    if (r(0, t) < 0.5f) shown(0, t) = a(0, t);
  const Mat<float> logit = critic_.forward(shown);
  Mat<float> q(1, n), dQdLogit(1, n);
  for (Eigen::Index t = 0; t < n; ++t) {
    q(0, t) = 1.f / (1.f + std::exp(-logit(0, t)));
    dQdLogit(0, t) = q(0, t) * (1.f - q(0, t));  // σ′
  }
  const Mat<float> dQds = critic_.backward(dQdLogit);  // ∂Q(sₜ)/∂sₜ, column by column
  critic_.zeroGrad();
  // ∂J/∂aₜ = c(Qₜ)·∂Q/∂sₜ·∂sₜ/∂aₜ with ∂sₜ/∂aₜ = 1 − rₜ; the actor descends −J averaged over its shown samples.
  const double shownFakes = std::max(double(n) - nReal, 1.0);
  Mat<float> dLda(1, n);
  double j = 0;
  for (Eigen::Index t = 0; t < n; ++t) {
    const float dsda = 1.f - r(0, t), qt = q(0, t);
    float c = 1.f;
    if (cfg_.objective == kMinimax) c = 1.f / (1.f - qt);
    else if (cfg_.objective == kNonSaturating) c = 1.f / qt;
    dLda(0, t) = dsda == 0.f ? 0.f : -c * dQds(0, t) * dsda / float(shownFakes);
    if (dsda != 0.f)
      j += cfg_.objective == kMinimax         ? -std::log1p(-double(qt))
           : cfg_.objective == kNonSaturating ? std::log(double(qt))
                                              : double(qt);
  }
  lastActorLoss_ = -j / shownFakes;
  actor_.zeroGrad();
  actor_.backward(dLda);
  optActor_->setLr(cfg_.lrActor);
  optActor_->step(paramsActor_);
  stats_.updates += 2;
  ++iterations_;
}

// ---- Acting in the MDP ----

int GanAsAc::trainStep(Env& env, int maxSteps, Metrics& metrics, uint64_t stepBase, int) {
  log_.bind(metrics);
  Env& mdp = gan::unwrapped(env);
  const gan::NoiseSpec noise{.dim = built_.noiseDim, .normal = cfg_.normalNoise};
  const int b = cfg_.batch;
  for (int i = 0; i < maxSteps; ++i) {
    batch_.clear();
    z_.resize(built_.noiseDim, 2 * b);
    int real = 0, fake = 0;
    while (real < b || fake < b) {  // the actor's proposals, B at a time (one forward), stepped one by one
      const Mat<float> zc = gan::sampleNoise(noise, b, rng_);
      const Mat<float> ac = actor_.forward(zc);
      for (int j = 0; j < b && (real < b || fake < b); ++j) {
        double a = ac(0, j);
        if (!std::isfinite(a)) a = 0;  // a diverged actor: checkFinite names it, the MDP still needs a number
        const StepResult step = mdp.stepContinuous(std::span<const double>(&a, 1));
        const bool isReal = step.reward > 0.5;
        const float shown = mdp.observation()[0];
        mdp.reset();                                   // every step ends its episode
        if (isReal ? real >= b : fake >= b) continue;  // that half of the batch is full
        (isReal ? real : fake) += 1;
        z_.col(Eigen::Index(batch_.size())) = zc.col(j);
        batch_.push_back({shown, float(step.reward)});
      }
    }
    update(batch_, z_);

    log_.add(lastCriticLoss_, lastActorLoss_, lastQReal_, lastQFake_);
    if (log_.due(cfg_.logEvery)) {
      readOut_ = eval_.evaluate(actor_, target_);
      log_.flush(metrics, double(stepBase + uint64_t(i) + 1), readOut_);
    }
  }
  return maxSteps;
}

// ---- The lens ----

void GanAsAc::fillInsights(Insights& out) const {
  GanInsight lens;
  const gan::Loss loss = cfg_.objective == kNonSaturating ? gan::Loss::NonSaturating : gan::Loss::Minimax;
  gan::fillLens(lens, actor_, critic_, loss, {.dim = built_.noiseDim, .normal = cfg_.normalNoise}, target_, eval_,
                evalSeed_ + iterations_);
  lens.loss = cfg_.objective == kPlain ? "plain DPG (∂Q/∂a)" : lens.loss;
  lens.dReal = lastQReal_, lens.dFake = lastQFake_;
  lens.actorCritic = true;
  lens.iterations = iterations_;
  out.gan = std::move(lens);
  out.phase = "a critic (D) step, then an actor (G) step";
}

std::string GanAsAc::checkFinite() const {
  if (!std::isfinite(lastCriticLoss_)) return "critic loss = " + std::to_string(lastCriticLoss_);
  if (!std::isfinite(lastActorLoss_)) return "actor objective = " + std::to_string(lastActorLoss_);
  for (auto* net : {&actor_, &critic_})
    for (nn::Param<float>* p : net->params())
      if (!p->value.allFinite()) return std::string(net == &actor_ ? "an actor" : "a critic") + " weight is not finite";
  return {};
}

// ---- Saved agents ----

void GanAsAc::describeState(AgentState& s) {
  s.matrices("actor", actor_.tensors());
  s.matrices("critic", critic_.tensors());
  s.optimizer("actor_optimizer", *optActor_, paramsActor_);
  s.optimizer("critic_optimizer", *optCritic_, paramsCritic_);
  s.counter("iterations", iterations_);
}

void GanAsAc::stateLoaded() { readOut_ = eval_.evaluate(actor_, target_); }

// ---- Checkpoints ----

// The batch and its noise are rebuilt from scratch every iteration: not saved.
void GanAsAc::persist(StateIO& io) {
  io.io(rng_);
  readOut_.persist(io);
  log_.persist(io);
  io.io(lastCriticLoss_), io.io(lastActorLoss_), io.io(lastQReal_), io.io(lastQFake_);
}

}  // namespace rl
