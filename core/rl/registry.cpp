#include "core/rl/registry.hpp"

#include "core/rl/a2c.hpp"
#include "core/rl/a3c.hpp"
#include "core/rl/actor_critic.hpp"
#include "core/rl/ddpg.hpp"
#include "core/rl/dqn.hpp"
#include "core/rl/gan.hpp"
#include "core/rl/gan_as_ac.hpp"
#include "core/rl/ppo.hpp"
#include "core/rl/random_agent.hpp"
#include "core/rl/reinforce.hpp"
#include "core/rl/tabular_mc.hpp"
#include "core/rl/tabular_q.hpp"

namespace rl {

namespace {
std::vector<AlgoEntry>& table() {
  static std::vector<AlgoEntry> t = {
      {"q-learning", "Tabular Q-learning", "off-policy TD control: Q(s,a) += α(r + γ max Q(s′,·) − Q(s,a)); Dyna planning",
       "q", [] { return std::make_unique<TabularQ>(TabularQ::Rule::QLearning); }},
      {"sarsa", "Tabular SARSA", "on-policy TD control: Q(s,a) += α(r + γ Q(s′,a′) − Q(s,a)); Dyna planning", "q",
       [] { return std::make_unique<TabularQ>(TabularQ::Rule::Sarsa); }},
      {"expected-sarsa", "Tabular Expected SARSA",
       "Q(s,a) += α(r + γ Σ π(a′|s′) Q(s′,a′) − Q(s,a)): SARSA's target without its sampling noise", "q",
       [] { return std::make_unique<TabularQ>(TabularQ::Rule::ExpectedSarsa); }},
      {"mc-control", "Monte-Carlo control", "every-visit constant-α MC: Q(s,a) moves toward the return that followed",
       "q", [] { return std::make_unique<TabularMc>(); }},
      {"dqn", "DQN", "deep Q-network; every trick a switch: target net, replay (uniform/prioritized), double, dueling, "
       "n-step, NoisyNet, C51", "q", [] { return std::make_unique<Dqn>(); }},
      {"reinforce", "REINFORCE",
       "Monte-Carlo policy gradient over whole episodes, Ψ·∇log π; switches: baseline (none / mean / learned V), "
       "reward-to-go, normalisation", "policy", [] { return std::make_unique<Reinforce>(); }},
      {"ppo", "PPO",
       "proximal policy optimization: GAE, epochs of minibatches on min(r·Â, clip(r, 1±ε)·Â); objective switch clip / "
       "adaptive KL / none / vanilla", "policy", [] { return std::make_unique<Ppo>(); }},
      {"actor-critic", "Actor-critic (one-step)",
       "online, one env step at a time: δ = r + γV(s′) − V(s); w += α_w·δ·∇V(s), θ += α_θ·δ·∇log π(a|s); "
       "eligibility traces λ", "actor-critic", [] { return std::make_unique<ActorCritic>(); }},
      {"a2c", "A2C",
       "synchronous advantage actor-critic: N workers' n-step segments meet at a barrier, one step on −Â·log π + "
       "c_v(V − R)² − c_H·H; Â by TD(0) / n-step / GAE(λ) / MC", "actor-critic", [] { return std::make_unique<A2c>(); }},
      {"a3c", "A3C",
       "asynchronous advantage actor-critic on real threads: each worker pushes its segment's gradient to the global "
       "network when ready and pulls θ back; staleness measured. Not bit-for-bit reproducible with > 1 worker",
       "actor-critic", [] { return std::make_unique<A3c>(); }},
      {"ddpg", "DDPG / TD3",
       "deterministic actor μ_θ(s), critic Q_φ(s,a), replay, Polyak targets θ′ ← τθ + (1 − τ)θ′; "
       "∇_θ J = E[∂Q/∂a·∂μ_θ/∂θ]; TD3 switches: twin min Q′, delayed actor (d), target smoothing (σ_targ, c)",
       "actor-critic", [] { return std::make_unique<Ddpg>(); }},
      {"gan", "GAN",
       "generator z → x against discriminator x → logit: minimax, non-saturating, least-squares, WGAN (clip / GP), "
       "R1; k D steps; Pfau & Vinyals' Table 1 tricks as switches (freezing, label smoothing, historical averaging, "
       "minibatch discrimination, (virtual) batch norm) and the actor-critic ones (replay, target D, entropy)",
       "gan", [] { return std::make_unique<Gan>(); }},
      {"gan-as-ac", "GAN as actor-critic",
       "the GAN literally as an actor-critic on the stateless MDP: a blind actor μ(z), a critic Q(s) trained by "
       "cross-entropy on the reward, the actor along c(Q)·∂Q/∂s·∂s/∂a with ∂s/∂a = 0 when the real sample was shown",
       "gan", [] { return std::make_unique<GanAsAc>(); }},
      {"random", "Random policy", "uniform random actions: the baseline every curve is compared with; learns nothing",
       "", [] { return std::make_unique<RandomAgent>(); }},
  };
  return t;
}
}  // namespace

const std::vector<AlgoEntry>& algorithms() { return table(); }

const AlgoEntry* findAlgorithm(const std::string& id) {
  for (const auto& a : table())
    if (a.id == id) return &a;
  return nullptr;
}

void registerAlgorithm(AlgoEntry entry) { table().push_back(std::move(entry)); }

}  // namespace rl
