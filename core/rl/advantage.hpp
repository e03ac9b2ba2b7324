// The advantage estimators an actor-critic chooses between, on one recorded episode (AdvantageEpisode): TD errors,
// the Monte-Carlo return, n-step returns and GAE(λ). Pure functions: the lens recomputes them as its γ, λ and n
// sliders move, without touching training.
#pragma once
#include <algorithm>
#include <vector>

#include "core/insights.hpp"

namespace rl {

struct AdvantageCurves {
  std::vector<float> delta;  // δ_t = r_t + γV(s_{t+1}) − V(s_t)  (V(s_T) = bootstrap, or 0 after a termination)
  std::vector<float> ret;    // G_t = r_t + γG_{t+1}, G_T = V(s_T) (0 after a termination): the Monte-Carlo return
  std::vector<float> nStep;  // G_t^(n) = Σ_{k<n} γ^k r_{t+k} + γ^n V(s_{t+n}), truncated at the episode's end
  std::vector<float> gae;    // Â_t = Σ_k (γλ)^k δ_{t+k}: λ = 0 is δ_t, λ = 1 is G_t − V(s_t)
};

inline AdvantageCurves advantageCurves(const AdvantageEpisode& e, double gamma, double lambda, int n) {
  const int T = int(std::min(e.rewards.size(), e.values.size()));
  AdvantageCurves c;
  c.delta.resize(size_t(T)), c.ret.resize(size_t(T)), c.nStep.resize(size_t(T)), c.gae.resize(size_t(T));
  const double vEnd = e.terminated ? 0.0 : double(e.bootstrap);
  auto V = [&](int t) { return t < T ? double(e.values[size_t(t)]) : vEnd; };
  double G = vEnd, A = 0;
  for (int t = T - 1; t >= 0; --t) {
    const double r = e.rewards[size_t(t)];
    const double d = r + gamma * V(t + 1) - V(t);
    G = r + gamma * G;
    A = d + gamma * lambda * A;
    c.delta[size_t(t)] = float(d), c.ret[size_t(t)] = float(G), c.gae[size_t(t)] = float(A);
  }
  n = std::max(1, n);
  for (int t = 0; t < T; ++t) {
    double g = 0, disc = 1;
    int k = 0;
    for (; k < n && t + k < T; ++k) g += disc * e.rewards[size_t(t + k)], disc *= gamma;
    g += disc * V(t + k);  // V(s_{t+n}), or the episode's end value
    c.nStep[size_t(t)] = float(g);
  }
  return c;
}

}  // namespace rl
