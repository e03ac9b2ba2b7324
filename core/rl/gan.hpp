// A generative adversarial network on gan1d (Goodfellow et al. 2014), every stabilising trick of Pfau & Vinyals 2016
// Table 1 a live switch, and the actor-critic tricks carried over to it. One step of the session is one training
// iteration:
//
//   repeat k times (D steps):  z₁..z_B ~ p_z,  x̃ⱼ = G(zⱼ);  x₁..x_B real samples from the MDP (below)
//                              θ_D ← θ_D − α_D·∇[L_D(x, x̃) + penalties]        (skipped when frozen)
//   G step:                    z₁..z_B ~ p_z,  x̃ⱼ = G(zⱼ)
//                              θ_G ← θ_G − α_G·∇[L_G(D(x̃)) − β·Ĥ(x̃) + penalty]  (skipped when frozen)
//
// The losses (minimax, non-saturating, least squares, Wasserstein with weight clipping or gradient penalty), R1 and
// the gradient penalty are written out in gan_common.hpp. Real samples come from the environment itself: gan1d is
// Pfau & Vinyals' stateless MDP — the generator's x̃ⱼ are its actions, a fair coin shows either a real sample
// (reward 1) or the action (reward 0) — and the real batch is the first B real samples it shows.
//
// The tricks (each a parameter; the lens lists them in Table 1's two columns):
//   freezing            skip the step of the player that is too far ahead: D's when L_D < τ_D, G's when L_G < τ_G
//   label smoothing     one-sided: the real label t = 0.9 instead of 1 (Salimans et al. 2016 §3.4)
//   historical avg.     λ‖θ − θ̄‖² on both players, θ̄ the mean of their past θ since the switch went on
//                       (Salimans et al. 2016 §3.3)
//   minibatch discr.    D sees o(xᵢ)_b = Σⱼ exp(−‖M_{i,b} − M_{j,b}‖₁) of its batch (Salimans et al. 2016 §3.2)
//   batch norm          in D (not its input layer) and/or G: batch statistics (Ioffe & Szegedy 2015; DCGAN), or
//                       virtual batch norm: a fixed reference batch's statistics (Salimans et al. 2016 §3.4)
//   from actor-critic:  replay buffer — a fraction ρ of D's fake batch drawn from the last N generated samples
//                       (DQN's replay; Shrivastava et al. 2017's image history);
//                       target D — G follows a Polyak-averaged copy θ′_D ← τθ_D + (1 − τ)θ′_D (DDPG's target),
//                       a copy of D when the switch goes on;
//                       entropy bonus — G maximises β·Ĥ, Ĥ the leave-one-out kernel estimate of −E log p_G (A3C's)
//   penalties           R1 γ (Mescheder et al. 2018) with any loss; WGAN-GP's λ. Both need ∂D/∂x per sample, so
//                       while one is on, D's batch norm and minibatch discrimination are bypassed (Gulrajani et al.
//                       2017 use no batch norm in a penalised critic).
//
// Presets (`preset`): "stabilised" (the defaults, measured in tests/unit/test_gan.cpp), "collapse" (fails on
// purpose on the two-modes target), "custom" (what any other edit turns it into). Choosing one sets every
// parameter it lists at once; they are all live, so it takes effect at the next iteration.
//
// Metrics every `log_every` iterations: losses/d_loss, losses/g_loss (means over the interval, without
// penalties), charts/d_real, charts/d_fake (mean D; σ(D) for the classifier losses), and from 4096 samples of fixed
// noise charts/js, charts/w1 and, for targets with several modes, charts/mode_mass_k and charts/mode_mass_min.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "core/agent.hpp"
#include "core/rl/gan_common.hpp"
#include "core/rng.hpp"

namespace rl {

class Gan final : public Agent {
 public:
  enum Preset { kStabilised = 0, kCollapse = 1, kCustom = 2 };
  enum Optim { kAdam = 0, kSgd = 1, kRmsProp = 2 };

  struct Config {
    int preset = kStabilised;
    int loss = int(gan::Loss::NonSaturating);
    double clip = 0.01, gpLambda = 10.0, r1Gamma = 10.0;
    int dSteps = 1, batch = 128;
    bool normalNoise = true;  // live
    int noiseDim = 4;         // on reset
    int gHidden = 32, gLayers = 2, dHidden = 32, dLayers = 2, gActivation = 1, dActivation = 1;  // on reset
    int optG = kAdam, optD = kAdam;                                                             // on reset
    double lrG = 5e-4, lrD = 5e-4, beta1 = 0.5;
    bool freeze = false;
    double freezeD = 0.3, freezeG = 0.3;
    bool labelSmoothing = false;
    double smoothLabel = 0.9;
    bool histAvg = false;
    double histLambda = 1e-3;
    bool minibatchDisc = false;
    int normD = 0, normG = 0;
    bool replay = false;
    int replaySize = 6400;
    double replayFrac = 0.5;
    bool targetD = false;
    double targetTau = 0.01;
    bool entropy = false;
    double entropyCoef = 0.1, entropyBandwidth = 0;  // 0: Silverman's rule from the batch
    int logEvery = 100;
  };

  Gan();
  std::string id() const override { return "gan"; }
  std::string unsupportedReason(const Env& env) const override;
  void reset(Env& env, uint64_t seed) override;
  // Saved agents (core/agent_state.hpp): G, D, the target D, both optimisers and the iteration count.
  void describeState(AgentState& s) override;
  void stateLoaded() override;
  // Checkpoints (core/checkpoint.hpp): the RNG, the reference batches, the tricks' state (historical averages, the
  // replay of fakes, whether the target D follows), the last read-out and iteration, the sums since the last point.
  void persist(StateIO& io) override;
  int trainStep(Env& env, int maxSteps, Metrics& metrics, uint64_t stepBase, int forcedAction) override;
  ChartPlan charts(const EnvInfo&) const override { return ganCharts(!target_.modes.empty()); }
  void fillInsights(Insights& out) const override;
  std::string checkFinite() const override;
  void paramsChanged() override;
  void envChanged(const Env& env) override { target_ = gan::readTarget(env); }

  // The settings a preset sets; stabilised is every default.
  static std::vector<std::pair<std::string, double>> presetValues(int preset);

  // One iteration on given data, for tests: D steps on (real[k], G(zD[k])), then the G step on G(zG).
  void iterate(const std::vector<nn::Mat<float>>& real, const std::vector<nn::Mat<float>>& zD,
               const nn::Mat<float>& zG);
  gan::Net<float>& generator() { return g_; }
  gan::Net<float>& discriminator() { return d_; }
  const Config& config() const { return cfg_; }
  // The last read-out (from the last metrics point) and the trick names switched on now.
  const gan::ReadOut& lastReadOut() const { return readOut_; }
  std::vector<std::string> tricksOn() const;

 private:
  void applySwitches() const;  // the live switches onto the (mutable) networks
  nn::Mat<float> collectReal(Env& mdp, const nn::Mat<float>& proposals, int n);
  void dStep(const nn::Mat<float>& real, const nn::Mat<float>& fake);
  void gStep(const nn::Mat<float>& z);
  bool penaltyOn() const { return cfg_.r1Gamma > 0 || gan::Loss(cfg_.loss) == gan::Loss::WganGp; }

  Config cfg_, built_;
  int appliedPreset_ = kStabilised;
  Rng rng_;
  uint64_t evalSeed_ = 0;
  mutable gan::Net<float> g_, d_, dTarget_;
  std::unique_ptr<nn::Optimizer<float>> optG_, optD_;
  std::vector<nn::Param<float>*> paramsG_, paramsD_, paramsTarget_;
  bool targetOn_ = false;  // the target D has been following D since the switch went on
  nn::HistoricalAverage<float> histG_, histD_;
  std::vector<float> replay_;  // ring buffer of generated samples
  size_t replayNext_ = 0;
  gan::TargetTable target_;
  mutable gan::Evaluator eval_;
  gan::ReadOut readOut_;
  gan::MetricLog log_;

  // The last iteration, for metrics, the lens and checkFinite.
  double lastDLoss_ = 0, lastGLoss_ = 0, lastDReal_ = 0, lastDFake_ = 0;
  bool dFrozen_ = false, gFrozen_ = false;
  uint64_t iterations_ = 0;
};

}  // namespace rl
