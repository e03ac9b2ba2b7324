// The GAN run literally as an actor-critic on gan1d's stateless MDP (Pfau & Vinyals 2016, "Connecting Generative
// Adversarial Networks and Actor-Critic Methods" §2.3).
//
// The MDP: at every step the actor proposes an action aₜ; a fair coin rₜ ∈ {0, 1} decides what the environment shows,
//   sₜ = rₜ·x_real + (1 − rₜ)·aₜ,   x_real ~ p_data,   reward rₜ,
// and the episode ends. The actor is blind: it sees no state, it maps its own noise zₜ ~ p_z to aₜ = μ_θ(zₜ) (a
// deterministic policy, as in DPG; the noise is its randomness). The critic Q_w(s) = σ(f_w(s)) predicts the reward of
// what it is shown. The actor cannot affect the reward — whatever it proposes, a shown action pays 0 — so it can only
// follow the critic's gradient with respect to what it shows.
//
// One iteration (one step of the session) on a batch of 2B transitions, the first B of each kind the MDP shows:
//   critic:  w ← w − α_w·∇_w (1/2B)Σₜ CE(Q_w(sₜ), rₜ)                          (cross-entropy on the reward)
//   actor:   θ ← θ + α_θ·(1/B)Σₜ c(Q_w(sₜ))·∂Q_w(s)/∂s|ₛₜ · ∂sₜ/∂aₜ · ∂μ_θ(zₜ)/∂θ   (after the critic's step)
// with ∂sₜ/∂aₜ = 1 − rₜ: the critic's gradient reaches the actor only through the samples it was shown — zero when
// the real sample was shown. c(Q) = ∂J/∂Q is the scaling from Q to the GAN's generator objective J:
//   minimax         J = −log(1 − Q)   c = 1/(1 − Q)   (the actor ascends the critic's own cross-entropy on fakes)
//   non-saturating  J = log Q         c = 1/Q
//   plain DPG       J = Q             c = 1           (DDPG's ∂Q/∂a as it stands)
// With Q = σ(D) the critic is the discriminator and L_critic = L_D of gan_common.hpp; with c of minimax (or
// non-saturating) the actor's step is exactly the generator's step of `gan` with that loss, arithmetic for arithmetic
// (tests/unit/test_gan.cpp: GanAsAc.SameUpdateAsGan).
#pragma once
#include <vector>

#include "core/agent.hpp"
#include "core/rl/gan_common.hpp"
#include "core/rng.hpp"

namespace rl {

class GanAsAc final : public Agent {
 public:
  enum Objective { kMinimax = 0, kNonSaturating = 1, kPlain = 2 };
  enum Optim { kAdam = 0, kSgd = 1, kRmsProp = 2 };
  struct Config {
    int objective = kMinimax;
    int batch = 128;
    bool normalNoise = true;
    int noiseDim = 4, actorHidden = 32, actorLayers = 2, criticHidden = 32, criticLayers = 2, activation = 1;
    int optActor = kAdam, optCritic = kAdam;
    double lrActor = 5e-4, lrCritic = 5e-4, beta1 = 0.5;
    int logEvery = 100;
  };
  // One step of the MDP as the critic and the actor see it.
  struct Transition {
    float shown = 0;   // sₜ
    float reward = 0;  // rₜ: 1 when the real sample was shown
  };

  GanAsAc();
  std::string id() const override { return "gan-as-ac"; }
  std::string unsupportedReason(const Env& env) const override;
  void reset(Env& env, uint64_t seed) override;
  // Saved agents (core/agent_state.hpp): actor, critic, both optimisers and the iteration count.
  void describeState(AgentState& s) override;
  void stateLoaded() override;
  // Checkpoints (core/checkpoint.hpp): the RNG, the last read-out and update, the sums since the last point.
  void persist(StateIO& io) override;
  int trainStep(Env& env, int maxSteps, Metrics& metrics, uint64_t stepBase, int forcedAction) override;
  ChartPlan charts(const EnvInfo&) const override { return ganCharts(!target_.modes.empty()); }
  void fillInsights(Insights& out) const override;
  std::string checkFinite() const override;
  void envChanged(const Env& env) override { target_ = gan::readTarget(env); }
  void paramsChanged() override;

  // One update from 2B transitions and the actor's noise zₜ at each (column t), for tests.
  void update(const std::vector<Transition>& batch, const nn::Mat<float>& z);
  gan::Net<float>& actor() { return actor_; }
  gan::Net<float>& critic() { return critic_; }
  const gan::ReadOut& lastReadOut() const { return readOut_; }

 private:
  Config cfg_, built_;
  Rng rng_;
  uint64_t evalSeed_ = 0;
  mutable gan::Net<float> actor_, critic_;
  std::unique_ptr<nn::Optimizer<float>> optActor_, optCritic_;
  std::vector<nn::Param<float>*> paramsActor_, paramsCritic_;
  gan::TargetTable target_;
  mutable gan::Evaluator eval_;
  gan::ReadOut readOut_;
  gan::MetricLog log_;
  std::vector<Transition> batch_;
  nn::Mat<float> z_;
  double lastCriticLoss_ = 0, lastActorLoss_ = 0, lastQReal_ = 0, lastQFake_ = 0;
  uint64_t iterations_ = 0;
};

}  // namespace rl
