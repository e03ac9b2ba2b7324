// On-policy plumbing shared by REINFORCE and PPO: the rollout buffer, discounted returns (reward-to-go), GAE(γ, λ)
// and a linear schedule. Header-only; the return/advantage functions are free functions on plain vectors so a test
// can check them by hand.
//
// Ends of episodes (Gymnasium's distinction, DESIGN.md §3):
//   terminated  the MDP ended: nothing follows, V(s_{t+1}) = 0.
//   truncated   the episode was cut (time limit, a gridworld lap): the future is real but unseen, so bootstrap from
//               V of the final observation, which the buffer keeps in finalValue (the env has already been reset
//               when the next row is written, so values[t+1] belongs to another episode).
//   the rollout's last row, neither: bootstrap from V of the next observation (lastValue), as CleanRL's next_value.
#pragma once
#include <algorithm>
#include <cstdint>
#include <limits>
#include <vector>

#include "core/checkpoint.hpp"

namespace rl {

struct RolloutBuffer {
  int obsDim = 0;
  int actDim = 0;                  // continuous action size; 0 for discrete actions
  std::vector<float> obs;          // size()·obsDim raw observations, back to back
  std::vector<int> actions;        // discrete actions
  std::vector<float> actionsC;     // size()·actDim continuous actions (the unclipped samples)
  std::vector<uint64_t> masks;     // allowed actions at collection (discrete)
  std::vector<float> logProb;      // log π_θold(a|s) at collection
  std::vector<float> values;       // V_old(s) at collection (0 without a critic)
  std::vector<float> rewards;
  std::vector<uint8_t> terminated, truncated;
  std::vector<float> finalValue;   // V(final observation) of a truncated step, else 0

  void configure(int obsSize, int actSize) {
    obsDim = obsSize, actDim = actSize;
    clear();
  }
  void clear() {
    obs.clear(), actions.clear(), actionsC.clear(), masks.clear(), logProb.clear(), values.clear();
    rewards.clear(), terminated.clear(), truncated.clear(), finalValue.clear();
  }
  int size() const { return int(rewards.size()); }
  // Appends another buffer's rows (PPO's num_envs: one buffer per env copy, joined into one batch for the update).
  void append(const RolloutBuffer& b) {
    auto cat = [](auto& dst, const auto& src) { dst.insert(dst.end(), src.begin(), src.end()); };
    cat(obs, b.obs), cat(actions, b.actions), cat(actionsC, b.actionsC), cat(masks, b.masks), cat(logProb, b.logProb);
    cat(values, b.values), cat(rewards, b.rewards), cat(terminated, b.terminated), cat(truncated, b.truncated);
    cat(finalValue, b.finalValue);
  }
  // Checkpoints (core/checkpoint.hpp): the rows collected so far, so a rollout cut by the checkpoint is completed, not
  // restarted. obsDim and actDim were fixed by configure(); a reader refuses more than maxRows rows, lists of another
  // length and discrete actions outside [0, numActions) (the update indexes log π by them).
  void persist(StateIO& io, int maxRows, int numActions) {
    uint64_t n = uint64_t(size());
    io.bounded(n, uint64_t(maxRows), "a rollout's length");
    io.io(obs), io.io(actions), io.io(actionsC), io.io(masks), io.io(logProb), io.io(values), io.io(rewards);
    io.io(terminated), io.io(truncated), io.io(finalValue);
    if (!io.reading()) return;
    const size_t rows = size_t(n);
    if (obs.size() != rows * size_t(obsDim) || actions.size() != rows || actionsC.size() != rows * size_t(actDim) ||
        masks.size() != rows || logProb.size() != rows || values.size() != rows || rewards.size() != rows ||
        terminated.size() != rows || truncated.size() != rows || finalValue.size() != rows)
      io.fail("a rollout's lists differ in length");
    if (actDim == 0)
      for (int a : actions)
        if (a < 0 || a >= numActions) io.fail("a rollout's action is outside the action space");
  }
  const float* obsAt(int t) const { return &obs[size_t(t) * size_t(obsDim)]; }
  const float* actionAt(int t) const { return &actionsC[size_t(t) * size_t(actDim)]; }

  // One transition: s_t, a_t (discrete `action` or continuous `actionC`), log π(a_t|s_t), V(s_t), then what the env
  // returned. finalValue is read only when truncated.
  void push(const float* s, int action, const float* actionC, uint64_t mask, float logP, float value, float reward,
            bool term, bool trunc, float finalV = 0.f) {
    obs.insert(obs.end(), s, s + obsDim);
    actions.push_back(action);
    if (actDim > 0) actionsC.insert(actionsC.end(), actionC, actionC + actDim);
    masks.push_back(mask);
    logProb.push_back(logP);
    values.push_back(value);
    rewards.push_back(reward);
    terminated.push_back(term ? 1 : 0);
    truncated.push_back(trunc ? 1 : 0);
    finalValue.push_back(trunc && !term ? finalV : 0.f);
  }
};

// Discounted return-to-go G_t = r_t + γ·G_{t+1}, restarted at every episode end:
//   G_t = r_t                          on termination,
//   G_t = r_t + γ·finalValue_t         on truncation (pass zeros for pure Monte-Carlo returns),
//   G_{T−1} = r + γ·lastValue          on the last row when the episode continues past the rollout.
inline std::vector<float> discountedReturns(const std::vector<float>& rewards, const std::vector<uint8_t>& terminated,
                                            const std::vector<uint8_t>& truncated,
                                            const std::vector<float>& finalValue, float lastValue, double gamma) {
  const int n = int(rewards.size());
  std::vector<float> G(size_t(n), 0.f);
  double next = lastValue;
  for (int t = n - 1; t >= 0; --t) {
    const size_t i = size_t(t);
    if (terminated[i]) next = 0.0;
    else if (truncated[i]) next = finalValue.empty() ? 0.0 : finalValue[i];
    next = rewards[i] + gamma * next;
    G[i] = float(next);
  }
  return G;
}

// GAE(γ, λ) (Schulman et al. 2016, eq. 16):  δ_t = r_t + γ·V_{t+1}·(1 − term_t) − V_t,
//   Â_t = δ_t + γλ·Â_{t+1}·(1 − done_t),  done = terminated ∨ truncated,
// with V_{t+1} = finalValue_t after a truncation, values[t+1] inside an episode and lastValue after the last row.
// Returns Â; the critic's targets are R_t = Â_t + V_t (CleanRL's `returns = advantages + values`).
inline std::vector<float> gae(const std::vector<float>& rewards, const std::vector<float>& values,
                              const std::vector<uint8_t>& terminated, const std::vector<uint8_t>& truncated,
                              const std::vector<float>& finalValue, float lastValue, double gamma, double lambda) {
  const int n = int(rewards.size());
  std::vector<float> advantages(size_t(n), 0.f);
  double nextAdvantage = 0.0;
  for (int t = n - 1; t >= 0; --t) {
    const size_t i = size_t(t);
    const bool last = t == n - 1;
    double nextValue = last ? lastValue : values[i + 1];
    if (truncated[i]) nextValue = finalValue[i];
    if (terminated[i]) nextValue = 0.0;
    const bool done = terminated[i] || truncated[i];
    if (done || last) nextAdvantage = 0.0;
    const double delta = rewards[i] + gamma * nextValue - values[i];
    nextAdvantage = delta + gamma * lambda * nextAdvantage;
    advantages[i] = float(nextAdvantage);
  }
  return advantages;
}

// The n-step advantage (Mnih et al. 2016):  Â_t = Σ_{k<m} γ^k r_{t+k} + γ^m·V_end − V_t, m ≤ n, where the sum stops
// early at an episode's end (V_end = 0 after a termination, finalValue after a truncation) or at the rollout's last
// row (V_end = lastValue); otherwise V_end = V(s_{t+n}) = values[t+n].
inline std::vector<float> nStepAdvantages(const std::vector<float>& rewards, const std::vector<float>& values,
                                          const std::vector<uint8_t>& terminated,
                                          const std::vector<uint8_t>& truncated,
                                          const std::vector<float>& finalValue, float lastValue, double gamma, int n) {
  const int T = int(rewards.size());
  n = std::max(1, n);
  std::vector<float> advantages(size_t(T), 0.f);
  for (int t = 0; t < T; ++t) {
    double g = 0, discount = 1, vEnd = 0;
    for (int k = 0;; ++k) {
      const size_t i = size_t(t + k);
      g += discount * rewards[i];
      discount *= gamma;
      if (terminated[i]) { vEnd = 0; break; }
      if (truncated[i]) { vEnd = finalValue[i]; break; }
      if (t + k == T - 1) { vEnd = lastValue; break; }
      if (k == n - 1) { vEnd = values[i + 1]; break; }
    }
    advantages[size_t(t)] = float(g + discount * vEnd - values[size_t(t)]);
  }
  return advantages;
}

// GAE over N env copies (PPO's num_envs): each copy's rows are one time sequence, so Â runs backwards within a copy
// and never across copies; copy i bootstraps its last row from lastValues[i] = V(its next observation). Returns the
// advantages of copy 0's rows, then copy 1's… (the order RolloutBuffer::append joins them in).
inline std::vector<float> gaePerEnv(const std::vector<RolloutBuffer>& perEnv, const std::vector<float>& lastValues,
                                    double gamma, double lambda) {
  std::vector<float> advantages;
  for (size_t i = 0; i < perEnv.size(); ++i) {
    const RolloutBuffer& b = perEnv[i];
    const std::vector<float> a = gae(b.rewards, b.values, b.terminated, b.truncated, b.finalValue, lastValues[i],
                                     gamma, lambda);
    advantages.insert(advantages.end(), a.begin(), a.end());
  }
  return advantages;
}

// Explained variance of the critic: 1 − Var(R − V)/Var(R), NaN when every return is the same (Var(R) = 0).
inline double explainedVariance(const float* returns, const float* values, int n) {
  double mr = 0, md = 0;
  for (int t = 0; t < n; ++t) mr += returns[t], md += returns[t] - values[t];
  mr /= n, md /= n;
  double vr = 0, vd = 0;
  for (int t = 0; t < n; ++t) {
    const double r = returns[t], d = r - values[t];
    vr += (r - mr) * (r - mr), vd += (d - md) * (d - md);
  }
  return vr == 0 ? std::numeric_limits<double>::quiet_NaN() : 1.0 - vd / vr;
}

// Linear schedule from `start` (fraction 0) to `end` (fraction 1), clamped: CleanRL's anneal_lr uses
// lr·(1 − (update − 1)/num_updates), i.e. linearSchedule(lr, 0, (update − 1)/num_updates).
inline double linearSchedule(double start, double end, double fraction) {
  return start + (end - start) * std::clamp(fraction, 0.0, 1.0);
}

}  // namespace rl
