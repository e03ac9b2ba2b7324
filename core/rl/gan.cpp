// The GAN, read top to bottom: parameters and presets → reset (networks, optimisers, the fixed evaluation noise) →
// one iteration (k D steps on real samples shown by the MDP, one G step) → metrics → the lens.
#include "core/rl/gan.hpp"
#include "core/agent_state.hpp"
#include "core/checkpoint.hpp"
#include "core/rl/ac_tricks.hpp"

#include <algorithm>
#include <cmath>

namespace rl {

using nn::Mat;

Gan::Gan() {
  using P = ParamType;
  auto& t = params_;
  t.add({.name = "preset", .label = "preset", .type = P::Choice, .min = 0, .max = 2, .def = kStabilised,
         .help = "stabilised: the defaults (non-saturating loss with R1), which converge; collapse: a plain GAN that "
                 "drops a mode of the two-modes target; custom: your own settings (any edit switches to it)",
         .choices = {"stabilised", "collapse", "custom"}}, &cfg_.preset);
  t.add({.name = "loss", .label = "loss", .type = P::Choice, .min = 0, .max = 4, .def = double(cfg_.loss),
         .help = "minimax: G minimises E log(1 − D(G(z))); non-saturating: G maximises E log D(G(z)); least-squares "
                 "(LSGAN); Wasserstein critic with weight clipping or a gradient penalty",
         .choices = {"minimax", "non-saturating", "least-squares", "wgan-clip", "wgan-gp"}}, &cfg_.loss);
  t.add({.name = "clip", .label = "weight clip c", .type = P::Float, .min = 1e-4, .max = 1, .def = double(cfg_.clip),
         .help = "WGAN: every D parameter clipped to [−c, c] after each D step", .logScale = true,
         .activeWhen = "loss=wgan-clip"}, &cfg_.clip);
  t.add({.name = "gp_lambda", .label = "gradient penalty λ", .type = P::Float, .min = 0, .max = 100,
         .def = double(cfg_.gpLambda), .help = "WGAN-GP: λ·E(|∂D/∂x_mix| − 1)² at x_mix = εx + (1 − ε)G(z), ε ~ U[0, 1]",
         .activeWhen = "loss=wgan-gp"}, &cfg_.gpLambda);
  t.add({.name = "r1_gamma", .label = "R1 γ", .type = P::Float, .min = 0, .max = 100, .def = double(cfg_.r1Gamma),
         .help = "R1 (Mescheder et al. 2018): D's loss adds (γ/2)·E_real (∂D/∂x)²; 0 = off"}, &cfg_.r1Gamma);
  t.add({.name = "d_steps", .label = "D steps k", .type = P::Int, .min = 1, .max = 10, .def = double(cfg_.dSteps),
         .help = "Discriminator steps per generator step (each on a fresh batch)"}, &cfg_.dSteps);
  t.add({.name = "batch", .label = "batch B", .type = P::Int, .min = 8, .max = 512, .def = double(cfg_.batch),
         .help = "Real and generated samples per step (B of each)"}, &cfg_.batch);
  t.add({.name = "noise", .label = "noise p_z", .type = P::Choice, .min = 0, .max = 1, .def = double(cfg_.normalNoise),
         .help = "The generator's input z: uniform on [−1, 1]^d or standard normal", .choices = {"uniform", "normal"}},
        &cfg_.normalNoise);
  t.add({.name = "noise_dim", .label = "noise dim d", .type = P::Int, .min = 1, .max = 16, .def = double(cfg_.noiseDim),
         .help = "Dimension of z", .needsReset = true}, &cfg_.noiseDim);
  t.add({.name = "g_hidden", .label = "G hidden units", .type = P::Int, .min = 4, .max = 256,
         .def = double(cfg_.gHidden), .help = "Units per generator hidden layer", .needsReset = true}, &cfg_.gHidden);
  t.add({.name = "g_layers", .label = "G hidden layers", .type = P::Int, .min = 1, .max = 4,
         .def = double(cfg_.gLayers), .help = "Generator hidden layers", .needsReset = true}, &cfg_.gLayers);
  t.add({.name = "d_hidden", .label = "D hidden units", .type = P::Int, .min = 4, .max = 256,
         .def = double(cfg_.dHidden),
         .help = "Units per discriminator hidden layer", .needsReset = true}, &cfg_.dHidden);
  t.add({.name = "d_layers", .label = "D hidden layers", .type = P::Int, .min = 1, .max = 4,
         .def = double(cfg_.dLayers), .help = "Discriminator hidden layers", .needsReset = true}, &cfg_.dLayers);
  t.add({.name = "g_activation", .label = "G activation", .type = P::Choice, .min = 0, .max = 2,
         .def = double(cfg_.gActivation), .help = "Generator hidden activation (leaky ReLU slope 0.2)",
         .needsReset = true, .choices = {"relu", "leaky_relu", "tanh"}}, &cfg_.gActivation);
  t.add({.name = "d_activation", .label = "D activation", .type = P::Choice, .min = 0, .max = 2,
         .def = double(cfg_.dActivation), .help = "Discriminator hidden activation (leaky ReLU slope 0.2)",
         .needsReset = true, .choices = {"relu", "leaky_relu", "tanh"}}, &cfg_.dActivation);
  for (int player = 0; player < 2; ++player) {
    const bool g = player == 0;
    t.add({.name = g ? "optimizer_g" : "optimizer_d", .label = g ? "G optimiser" : "D optimiser", .type = P::Choice,
           .min = 0, .max = 2, .def = kAdam, .help = "Adam (β₁ below, β₂ 0.999), plain SGD, or RMSProp (α 0.99)",
           .needsReset = true, .choices = {"adam", "sgd", "rmsprop"}}, g ? &cfg_.optG : &cfg_.optD);
    t.add({.name = g ? "lr_g" : "lr_d", .label = g ? "G learning rate" : "D learning rate", .type = P::Float,
           .min = 1e-6, .max = 1, .def = g ? cfg_.lrG : cfg_.lrD, .help = g ? "α_G" : "α_D", .logScale = true},
          g ? &cfg_.lrG : &cfg_.lrD);
  }
  t.add({.name = "adam_beta1", .label = "Adam β₁", .type = P::Float, .min = 0, .max = 0.999, .def = double(cfg_.beta1),
         .help = "Adam's momentum; 0.5 in DCGAN (Radford et al. 2016)", .needsReset = true}, &cfg_.beta1);

  // ---- Table 1, the GAN column ----
  t.add({.name = "freeze", .label = "freezing", .type = P::Bool, .min = 0, .max = 1, .def = 0,
         .help = "Skip the step of the player that is too far ahead: D's when L_D < τ_D, G's when L_G < τ_G"},
        &cfg_.freeze);
  t.add({.name = "freeze_d_below", .label = "freeze D if L_D <", .type = P::Float, .min = -10, .max = 10,
         .def = double(cfg_.freezeD),
         .help = "τ_D: D's step is skipped while its loss on the batch is below this (ln 2 ≈ "
         "0.69 is a classifier at chance)", .activeWhen = "freeze=true"}, &cfg_.freezeD);
  t.add({.name = "freeze_g_below", .label = "freeze G if L_G <", .type = P::Float, .min = -10, .max = 10,
         .def = double(cfg_.freezeG), .help = "τ_G: G's step is skipped while its loss on the batch is below this",
         .activeWhen = "freeze=true"}, &cfg_.freezeG);
  t.add({.name = "label_smoothing", .label = "label smoothing", .type = P::Bool, .min = 0, .max = 1, .def = 0,
         .help = "One-sided: real samples get the label below instead of 1 (fakes keep 0)"}, &cfg_.labelSmoothing);
  t.add({.name = "smooth_label", .label = "real label", .type = P::Float, .min = 0.5, .max = 1,
         .def = double(cfg_.smoothLabel), .help = "The real label t with label smoothing on",
         .activeWhen = "label_smoothing=true"}, &cfg_.smoothLabel);
  t.add({.name = "hist_avg", .label = "historical averaging", .type = P::Bool, .min = 0, .max = 1, .def = 0,
         .help = "Both players' losses add λ‖θ − θ_avg‖², θ_avg the mean of their parameters since the switch went on"},
        &cfg_.histAvg);
  t.add({.name = "hist_lambda", .label = "historical λ", .type = P::Float, .min = 0, .max = 1,
         .def = double(cfg_.histLambda),
         .help = "λ of the historical-averaging penalty", .logScale = false, .activeWhen = "hist_avg=true"},
        &cfg_.histLambda);
  t.add({.name = "minibatch_disc", .label = "minibatch discrimination", .type = P::Bool, .min = 0, .max = 1,
         .def = 0, .help = "D also sees how close each sample is to the rest of its batch (8 kernels of 4 dims); "
         "bypassed while a gradient penalty is on"}, &cfg_.minibatchDisc);
  t.add({.name = "norm_d", .label = "D normalisation", .type = P::Choice, .min = 0, .max = 2, .def = 0,
         .help = "Batch norm (batch statistics) or virtual batch norm (a fixed reference batch of real samples) "
         "after D's hidden layers but the first; bypassed while a gradient penalty is on",
         .choices = {"none", "batch", "virtual"}}, &cfg_.normD);
  t.add({.name = "norm_g", .label = "G normalisation", .type = P::Choice, .min = 0, .max = 2, .def = 0,
         .help = "Batch norm or virtual batch norm (a fixed reference batch of noise) after G's hidden layers",
         .choices = {"none", "batch", "virtual"}}, &cfg_.normG);
  // ---- Table 1, carried over from actor-critic ----
  t.add({.name = "replay", .label = "replay buffer", .type = P::Bool, .min = 0, .max = 1, .def = 0,
         .help = "A fraction of D's fake batch comes from a buffer of past generated samples"}, &cfg_.replay);
  t.add({.name = "replay_size", .label = "replay size N", .type = P::Int, .min = 64, .max = 100000,
         .def = double(cfg_.replaySize), .help = "Generated samples the buffer keeps (first in, first out)",
         .activeWhen = "replay=true"}, &cfg_.replaySize);
  t.add({.name = "replay_frac", .label = "replay fraction ρ", .type = P::Float, .min = 0, .max = 1,
         .def = double(cfg_.replayFrac), .help = "Fraction of D's fake batch drawn from the buffer",
         .activeWhen = "replay=true"}, &cfg_.replayFrac);
  t.add({.name = "target_d", .label = "target D", .type = P::Bool, .min = 0, .max = 1, .def = 0,
         .help = "G follows a Polyak-averaged copy of D, θ′ ← τθ + (1 − τ)θ′ after every D step (a copy of D when "
                 "switched on)"},
        &cfg_.targetD);
  t.add({.name = "target_tau", .label = "target τ", .type = P::Float, .min = 1e-4, .max = 1,
         .def = double(cfg_.targetTau),
         .help = "Polyak rate of the target D", .logScale = true, .activeWhen = "target_d=true"}, &cfg_.targetTau);
  t.add({.name = "entropy", .label = "entropy bonus", .type = P::Bool, .min = 0, .max = 1, .def = 0,
         .help = "G's loss subtracts β·Ĥ, Ĥ = −(1/B)Σ log p_kde(G(z_i)) with p_kde a leave-one-out Gaussian KDE of its batch"},
        &cfg_.entropy);
  t.add({.name = "entropy_coef", .label = "entropy β", .type = P::Float, .min = 0, .max = 10,
         .def = double(cfg_.entropyCoef),
         .help = "Weight of the entropy bonus", .activeWhen = "entropy=true"}, &cfg_.entropyCoef);
  t.add({.name = "entropy_bandwidth", .label = "KDE bandwidth h", .type = P::Float, .min = 0, .max = 2,
         .def = cfg_.entropyBandwidth,
         .help = "Kernel width of the density estimate; 0: Silverman's rule 1.06·σ_batch·B^(−1/5) from the batch (a fixed h "
                 "lets the bonus grow without bound as samples spread)",
         .activeWhen = "entropy=true"}, &cfg_.entropyBandwidth);
  t.add({.name = "log_every", .label = "log every", .type = P::Int, .min = 1, .max = 100000,
         .def = double(cfg_.logEvery),
         .help = "Iterations per metrics point (JS, W1 and mode masses from 4096 samples)"}, &cfg_.logEvery);
}

// ---- Presets ----
// stabilised: every default. collapse: the plain GAN of Goodfellow et al. — no penalty, no tricks — with the
// settings below, measured to drop a mode of the two-modes target (test_gan.cpp).
namespace {
const char* const kCollapseSettings[] = {"r1_gamma=0", "noise=uniform", "batch=64", "lr_g=0.01", "lr_d=0.0005"};
}

std::vector<std::pair<std::string, double>> Gan::presetValues(int preset) {
  std::vector<std::pair<std::string, double>> v;
  if (preset == kCustom) return v;
  const Gan defaults;
  const ParamTable& t = defaults.params();
  for (const ParamSpec& s : t.specs())
    if (s.name != "preset" && s.name != "log_every") v.emplace_back(s.name, s.def);
  if (preset == kCollapse)
    for (const std::string kv : kCollapseSettings) {
      const std::string name = kv.substr(0, kv.find('='));
      for (auto& [n, value] : v)
        if (n == name) value = parseValue(*t.find(name), kv.substr(kv.find('=') + 1));
    }
  return v;
}

// A preset chosen: set what it lists. Any other edit that leaves the settings off the chosen preset: "custom".
void Gan::paramsChanged() {
  if (cfg_.preset != appliedPreset_) {
    appliedPreset_ = cfg_.preset;
    for (const auto& [name, value] : presetValues(cfg_.preset)) params_.set(name, value);
  } else if (cfg_.preset != kCustom) {
    for (const auto& [name, value] : presetValues(cfg_.preset))
      if (params_.get(name) != value) {
        params_.set("preset", kCustom);
        appliedPreset_ = kCustom;
        break;
      }
  }
  // The evaluation noise follows the noise distribution (a live switch).
  if (cfg_.normalNoise != built_.normalNoise) {
    built_.normalNoise = cfg_.normalNoise;
    eval_.reset({.dim = built_.noiseDim, .normal = built_.normalNoise}, evalSeed_);
  }
}

std::string Gan::unsupportedReason(const Env& env) const {
  return gan::readTarget(env).pdf.empty() ? "the GAN learns gan1d's target distribution; pick the gan1d env" : "";
}

// ---- Networks, optimisers, the fixed noise ----

namespace {
std::unique_ptr<nn::Optimizer<float>> makeOptimizer(int kind, double lr, double beta1) {
  switch (kind) {
    case Gan::kSgd: return std::make_unique<nn::Sgd<float>>(nn::SgdConfig{.lr = lr});
    case Gan::kRmsProp: return std::make_unique<nn::RmsProp<float>>(nn::RmsPropConfig{.lr = lr});
    default: return std::make_unique<nn::Adam<float>>(nn::AdamConfig{.lr = lr, .beta1 = beta1});
  }
}
const nn::Act kActs[] = {nn::Act::ReLU, nn::Act::LeakyReLU, nn::Act::Tanh};
}  // namespace

void Gan::reset(Env& env, uint64_t seed) {
  if (cfg_.preset != appliedPreset_) paramsChanged();  // a preset set straight in the table, without the hook
  built_ = cfg_;
  rng_.reseed(seed ^ 0x6A17ULL);
  evalSeed_ = seed;
  g_ = gan::Net<float>({.in = built_.noiseDim, .hidden = built_.gHidden, .layers = built_.gLayers,
                        .act = kActs[std::clamp(built_.gActivation, 0, 2)]}, rng_);
  d_ = gan::Net<float>({.in = 1, .hidden = built_.dHidden, .layers = built_.dLayers,
                        .act = kActs[std::clamp(built_.dActivation, 0, 2)],
                        .normFirstLayer = false, .kinkSpread = 8, .mbdKernels = 8, .mbdKernelDim = 4}, rng_);
  dTarget_ = d_;
  optG_ = makeOptimizer(built_.optG, built_.lrG, built_.beta1);
  optD_ = makeOptimizer(built_.optD, built_.lrD, built_.beta1);
  paramsG_ = g_.params(), paramsD_ = d_.params(), paramsTarget_ = dTarget_.params();
  histG_ = {}, histD_ = {};
  targetOn_ = false;
  replay_.clear(), replayNext_ = 0;
  env.reset(seed);
  target_ = gan::readTarget(env);
  const gan::NoiseSpec noise{.dim = built_.noiseDim, .normal = built_.normalNoise};
  eval_.reset(noise, evalSeed_);
  // Virtual batch norm's reference batches, fixed for the run: noise for G, real samples for D.
  const Mat<float> zRef = gan::sampleNoise(noise, 64, rng_);
  g_.setReferenceInputs(zRef);
  const Mat<float> proposals = g_.forward(zRef);
  const Mat<float> realRef = collectReal(gan::unwrapped(env), proposals, 64);
  d_.setReferenceInputs(realRef), dTarget_.setReferenceInputs(realRef);
  log_.clear();
  readOut_ = eval_.evaluate(g_, target_);
  lastDLoss_ = lastGLoss_ = lastDReal_ = lastDFake_ = 0;
  dFrozen_ = gFrozen_ = false;
  iterations_ = 0;
}

void Gan::applySwitches() const {
  const bool penalty = penaltyOn();
  d_.norm = dTarget_.norm = penalty ? gan::Norm::None : gan::Norm(cfg_.normD);
  d_.minibatchDisc = dTarget_.minibatchDisc = !penalty && cfg_.minibatchDisc;
  g_.norm = gan::Norm(cfg_.normG);
}

// ---- The MDP: propose the generated samples in turn until B real samples have been shown ----

Mat<float> Gan::collectReal(Env& mdp, const Mat<float>& proposals, int n) {
  Mat<float> real(1, n);
  int got = 0;
  for (Eigen::Index j = 0; got < n; ++j) {
    double a = proposals(0, j % proposals.cols());
    if (!std::isfinite(a)) a = 0;  // a diverged generator: checkFinite names it, the MDP still needs a number
    const StepResult r = mdp.stepContinuous(std::span<const double>(&a, 1));
    if (r.reward > 0.5) real(0, got++) = mdp.observation()[0];  // reward 1: the real sample was shown
    mdp.reset();                                                // every step ends its episode
  }
  return real;
}

// ---- One D step: L_D on (real, fake) [+ R1, GP, historical averaging], unless frozen ----

void Gan::dStep(const Mat<float>& real, const Mat<float>& generated) {
  const gan::Loss loss = gan::Loss(cfg_.loss);
  const int b = int(generated.cols());
  // Replay: the last ρB columns of the fake batch from the buffer of past samples; then the new samples go in.
  Mat<float> fake = generated;
  if (!cfg_.replay) {
    replay_.clear(), replayNext_ = 0;
  } else {
    const int old = int(std::lround(cfg_.replayFrac * b));
    if (old > 0 && replay_.size() >= size_t(old))
      for (int j = b - old; j < b; ++j) fake(0, j) = replay_[size_t(rng_.below(int(replay_.size())))];
    const size_t cap = size_t(cfg_.replaySize);
    if (replay_.size() > cap) replay_.resize(cap), replayNext_ %= cap;
    for (int j = 0; j < b; ++j) {
      if (replay_.size() < cap) replay_.push_back(generated(0, j));
      else replay_[replayNext_] = generated(0, j), replayNext_ = (replayNext_ + 1) % cap;
    }
  }

  nn::zeroGrad(paramsD_);
  const float label = cfg_.labelSmoothing ? float(cfg_.smoothLabel) : 1.f;
  gan::DLoss<float> l;
  if (!d_.batchCoupled()) {  // one pass over [real | fake]: each sample's D(x) depends on itself only
    Mat<float> both(1, real.cols() + fake.cols());
    both << real, fake;
    const Mat<float>& out = d_.forward(both);
    l = gan::discriminatorLoss<float>(loss, out.leftCols(real.cols()), out.rightCols(fake.cols()), label);
    Mat<float> dOut(1, both.cols());
    dOut << l.dReal, l.dFake;
    d_.backward(dOut);
    lastDReal_ = out.leftCols(real.cols()).mean(), lastDFake_ = out.rightCols(fake.cols()).mean();
    if (gan::isClassifier(loss)) {
      lastDReal_ = (1.f / (1.f + (-out.leftCols(real.cols()).array()).exp())).mean();
      lastDFake_ = (1.f / (1.f + (-out.rightCols(fake.cols()).array()).exp())).mean();
    }
  } else {  // batch norm or minibatch discrimination: real and fake as separate batches, as DCGAN trains them
    const Mat<float> outR = d_.forward(real);
    const Mat<float> outF = d_.forward(fake);
    l = gan::discriminatorLoss<float>(loss, outR, outF, label);
    d_.backward(l.dFake);
    d_.forward(real);
    d_.backward(l.dReal);
    const auto prob = [&](const Mat<float>& o) {
      return gan::isClassifier(loss) ? double((1.f / (1.f + (-o.array()).exp())).mean()) : double(o.mean());
    };
    lastDReal_ = prob(outR), lastDFake_ = prob(outF);
  }
  lastDLoss_ = l.loss;

  // Gradient penalties, through ∂D/∂x (forward-mode tangents; gan_common.hpp).
  if (loss == gan::Loss::WganGp && cfg_.gpLambda > 0) {  // λ·E(|D′(x̂)| − 1)²
    const int n = int(std::min(real.cols(), fake.cols()));
    Mat<float> xHat(1, n);
    for (int j = 0; j < n; ++j) {
      const float e = float(rng_.uniform());
      xHat(0, j) = e * real(0, j) + (1 - e) * fake(0, j);
    }
    const Mat<float> dPrime = d_.forwardTangent(xHat);
    Mat<float> g(1, n);
    for (int j = 0; j < n; ++j) {
      const float v = dPrime(0, j), s = v > 0 ? 1.f : (v < 0 ? -1.f : 0.f);
      g(0, j) = float(2 * cfg_.gpLambda) * (std::abs(v) - 1) * s / float(n);
    }
    d_.penaltyBackward(g);
  }
  if (cfg_.r1Gamma > 0) {  // (γ/2)·E_real D′(x)²
    const Mat<float> dPrime = d_.forwardTangent(real);
    d_.penaltyBackward(dPrime * float(cfg_.r1Gamma / double(real.cols())));
  }
  if (cfg_.histAvg) histD_.penalty(paramsD_, float(cfg_.histLambda));

  // Freezing: D is too far ahead while its loss is below τ_D.
  dFrozen_ = cfg_.freeze && lastDLoss_ < cfg_.freezeD;
  if (!dFrozen_) {
    optD_->setLr(cfg_.lrD);
    optD_->step(paramsD_);
    if (loss == gan::Loss::WganClip)
      for (nn::Param<float>* p : paramsD_) p->value = p->value.cwiseMax(float(-cfg_.clip)).cwiseMin(float(cfg_.clip));
    ++stats_.updates;
  }
  // Historical averaging's θ̄ covers the steps since it was switched on; the target D starts as a copy of D.
  if (cfg_.histAvg) histD_.update(paramsD_);
  else histD_ = {};
  if (cfg_.targetD) gan::polyak(dTarget_, d_, targetOn_ ? cfg_.targetTau : 1.0);
  targetOn_ = cfg_.targetD;
}

// ---- The G step: L_G through D (or the target D) − β·Ĥ [+ historical averaging], unless frozen ----

void Gan::gStep(const Mat<float>& z) {
  const gan::Loss loss = gan::Loss(cfg_.loss);
  const Mat<float> x = g_.forward(z);
  const bool useTarget = cfg_.targetD && targetOn_;
  gan::Net<float>& critic = useTarget ? dTarget_ : d_;
  const gan::GLoss<float> l = gan::generatorLoss<float>(loss, critic.forward(x));
  Mat<float> dx = critic.backward(l.dFake);
  nn::zeroGrad(useTarget ? paramsTarget_ : paramsD_);  // D's parameter gradients from this pass are not D's to use
  lastGLoss_ = l.loss;
  if (cfg_.entropy && x.cols() >= 2) {  // −β·Ĥ; the bandwidth is a constant for the gradient
    double h = cfg_.entropyBandwidth;
    if (h <= 0) {
      const double mean = x.mean(), sd = std::sqrt((x.array() - float(mean)).square().mean());
      h = std::max(1.06 * sd * std::pow(double(x.cols()), -0.2), 1e-3);
    }
    dx -= float(cfg_.entropyCoef) * gan::kdeEntropy<float>(x, float(h)).grad;
  }
  nn::zeroGrad(paramsG_);
  g_.backward(dx);
  if (cfg_.histAvg) histG_.penalty(paramsG_, float(cfg_.histLambda));
  gFrozen_ = cfg_.freeze && lastGLoss_ < cfg_.freezeG;
  if (!gFrozen_) {
    optG_->setLr(cfg_.lrG);
    optG_->step(paramsG_);
    ++stats_.updates;
  }
  if (cfg_.histAvg) histG_.update(paramsG_);
  else histG_ = {};
}

void Gan::iterate(const std::vector<Mat<float>>& real, const std::vector<Mat<float>>& zD, const Mat<float>& zG) {
  applySwitches();
  for (size_t k = 0; k < real.size(); ++k) dStep(real[k], g_.forward(zD[k]));
  gStep(zG);
  ++iterations_;
}

int Gan::trainStep(Env& env, int maxSteps, Metrics& metrics, uint64_t stepBase, int) {
  log_.bind(metrics);
  Env& mdp = gan::unwrapped(env);
  const gan::NoiseSpec noise{.dim = built_.noiseDim, .normal = cfg_.normalNoise};
  for (int i = 0; i < maxSteps; ++i) {
    applySwitches();
    for (int k = 0; k < cfg_.dSteps; ++k) {
      const Mat<float> fake = g_.forward(gan::sampleNoise(noise, cfg_.batch, rng_));
      dStep(collectReal(mdp, fake, cfg_.batch), fake);
    }
    gStep(gan::sampleNoise(noise, cfg_.batch, rng_));
    ++iterations_;

    log_.add(lastDLoss_, lastGLoss_, lastDReal_, lastDFake_);
    if (log_.due(cfg_.logEvery)) {
      readOut_ = eval_.evaluate(g_, target_);
      log_.flush(metrics, double(stepBase + uint64_t(i) + 1), readOut_);
    }
  }
  return maxSteps;
}

// ---- The lens ----

std::vector<std::string> Gan::tricksOn() const {
  std::vector<std::string> on;
  const bool penalty = penaltyOn();
  if (cfg_.freeze) on.push_back("freeze");
  if (cfg_.labelSmoothing) on.push_back("label_smoothing");
  if (cfg_.histAvg) on.push_back("hist_avg");
  if (cfg_.minibatchDisc && !penalty) on.push_back("minibatch_disc");
  if (cfg_.normD != 0 && !penalty) on.push_back("norm_d");
  if (cfg_.normG != 0) on.push_back("norm_g");
  if (cfg_.replay) on.push_back("replay");
  if (cfg_.targetD) on.push_back("target_d");
  if (cfg_.entropy) on.push_back("entropy");
  if (cfg_.r1Gamma > 0) on.push_back("r1_gamma");
  return on;
}

void Gan::fillInsights(Insights& out) const {
  GanInsight lens;
  applySwitches();
  gan::fillLens(lens, g_, cfg_.targetD && targetOn_ ? dTarget_ : d_, gan::Loss(cfg_.loss),
                {.dim = built_.noiseDim, .normal = cfg_.normalNoise}, target_, eval_, evalSeed_ + iterations_);
  lens.dReal = lastDReal_, lens.dFake = lastDFake_;
  lens.dFrozen = dFrozen_, lens.gFrozen = gFrozen_;
  lens.tricks = tricksOn();
  lens.iterations = iterations_;
  out.gan = std::move(lens);
  // Each iteration is k D steps then a G step, whole between two snapshots; the caption names it and a frozen player.
  const std::string k = cfg_.dSteps == 1 ? "a D step" : std::to_string(cfg_.dSteps) + " D steps";
  out.phase = dFrozen_ && gFrozen_ ? "D and G are frozen"
              : dFrozen_           ? "D is frozen: G steps only"
              : gFrozen_           ? "G is frozen: D steps only"
                                   : k + ", then a G step";
}

std::string Gan::checkFinite() const {
  if (!std::isfinite(lastDLoss_)) return "L_D = " + std::to_string(lastDLoss_);
  if (!std::isfinite(lastGLoss_)) return "L_G = " + std::to_string(lastGLoss_);
  for (auto* net : {&g_, &d_})
    for (nn::Param<float>* p : net->params())
      if (!p->value.allFinite())
        return std::string(net == &g_ ? "a generator" : "a discriminator") + " weight is not finite";
  return {};
}

// ---- Saved agents ----

void Gan::describeState(AgentState& s) {
  s.matrices("g", g_.tensors());
  s.matrices("d", d_.tensors());
  s.matrices("d_target", dTarget_.tensors());
  s.optimizer("g_optimizer", *optG_, paramsG_);
  s.optimizer("d_optimizer", *optD_, paramsD_);
  s.counter("iterations", iterations_);
}

void Gan::stateLoaded() {
  applySwitches();
  readOut_ = eval_.evaluate(g_, target_);
}

// ---- Checkpoints ----

void Gan::persist(StateIO& io) {
  io.bounded(appliedPreset_, int(kCustom), "the applied preset");
  io.io(rng_);
  // Virtual batch norm's reference batches were drawn at reset with the noise p_z of then, a live switch since. (The
  // evaluation noise follows p_z now, so reset rebuilds it.)
  for (gan::Net<float>* net : {&g_, &d_, &dTarget_}) {
    Mat<float> ref = net->referenceInputs();
    persistMatrix(io, ref, "a reference batch");
    if (io.reading()) net->setReferenceInputs(ref);
  }
  io.io(targetOn_);
  rl::persist(io, histG_, paramsG_, "G's historical average");
  rl::persist(io, histD_, paramsD_, "D's historical average");
  io.io(replay_);
  uint64_t next = replayNext_;
  io.io(next);
  if (io.reading() && (replay_.empty() ? next != 0 : next >= replay_.size()))
    io.fail("the replay's next slot is outside it");
  replayNext_ = size_t(next);
  readOut_.persist(io);
  log_.persist(io);
  io.io(lastDLoss_), io.io(lastGLoss_), io.io(lastDReal_), io.io(lastDFake_);
  io.io(dFrozen_), io.io(gFrozen_);
}

}  // namespace rl
