#include "core/charts.hpp"

#include <utility>

namespace rl {

namespace {
// A chart that can be picked: its picker label is also its y label.
Chart pickable(std::string metric, std::string metric2, std::string label, std::string title, std::string help = {}) {
  Chart c;
  c.metric = std::move(metric), c.metric2 = std::move(metric2), c.title = std::move(title);
  c.yLabel = label, c.label = std::move(label), c.help = std::move(help);
  return c;
}
Chart fixedChart(std::string metric, std::string metric2, std::string title, std::string yLabel, int rank,
                 std::string xLabel = "env steps") {
  Chart c;
  c.metric = std::move(metric), c.metric2 = std::move(metric2), c.title = std::move(title);
  c.yLabel = std::move(yLabel), c.xLabel = std::move(xLabel), c.rank = rank;
  return c;
}
}  // namespace

Chart returnChart(const EnvInfo& env) {
  return fixedChart("charts/episodic_return", "", "Return per " + env.episodeNoun, "return", 1);
}

Chart lengthChart(const EnvInfo& env) {
  const std::string& noun = env.episodeNoun;  // a continuing task's episodes are laps from start to goal
  return fixedChart("charts/episodic_length", "", noun == "episode" ? "Episode length" : "Steps per " + noun, "steps",
                    1);
}

// Narrow: return, then the TD loss, then the fourth chart, then the episode length.
ChartPlan valueBasedCharts(const EnvInfo& env, std::vector<Chart> fourth) {
  ChartPlan p;
  p.layout = ChartLayout::ValueBased;
  const bool extra = !fourth.empty();
  Chart length = lengthChart(env);
  length.rank = extra ? 4 : 3;
  p.charts = {returnChart(env), length, fixedChart("losses/td_loss", "", "TD loss", "loss", 2)};
  p.choices = std::move(fourth);
  p.pickRank = 3;
  return p;
}

// Narrow: return, then the fixed diagnostic, then the picked one.
ChartPlan policyGradientCharts(const EnvInfo& env, Chart fixed, std::vector<Chart> choices) {
  ChartPlan p;
  p.layout = ChartLayout::PolicyGradient;
  p.charts = {returnChart(env)};
  if (!fixed.metric.empty()) {
    fixed.rank = 2;
    p.charts.push_back(std::move(fixed));
  }
  p.choices = std::move(choices);
  p.pickRank = int(p.charts.size()) + 1;
  return p;
}

ChartPlan returnOnlyCharts(const EnvInfo& env) { return policyGradientCharts(env, {}, {}); }

// Narrow: the distance to the target and (multi-modal) the least-covered mode first, then the losses.
ChartPlan ganCharts(bool modes) {
  const char* it = "iterations";  // one GAN step is one training iteration
  const int all = modes ? 4 : 3;
  ChartPlan p;
  p.layout = ChartLayout::Gan;
  p.charts = {fixedChart("losses/d_loss", "losses/g_loss", "Losses of D and G", "loss", all == 4 ? 3 : 2, it),
              fixedChart("charts/d_real", "charts/d_fake", "Mean D(real) and D(fake)", "D", all, it),
              fixedChart("charts/w1", "", "Wasserstein-1 to the target", "W1", 1, it)};
  if (modes)
    p.charts.push_back(fixedChart("charts/mode_mass_min", "", "Mass on the least-covered mode", "mass", 2, it));
  return p;
}

namespace charts {

Chart meanQ() { return pickable("losses/q_values", "", "mean Q", "Mean Q of taken actions"); }
Chart epsilon() { return pickable("charts/epsilon", "", "ε", "Exploration ε"); }
Chart noiseScale() { return pickable("charts/noise_scale", "", "noise σ", "NoisyNet noise scale (mean |σ|)"); }

// Policy-gradient diagnostics (CleanRL's names), each with what it measures and what a healthy value looks like.
Chart approxKl() {
  return pickable("losses/approx_kl", "losses/old_approx_kl", "KL", "KL(π_old, π) per update",
                  "approx_kl: the k3 estimate mean((r − 1) − log r), unbiased and never negative; "
                  "old_approx_kl: mean(−log r), the naive estimate, which can go negative. How far one update moved "
                  "the policy. Healthy PPO: about 0.001–0.02. It can rise while clipfrac falls: clipping only stops "
                  "the gradient of clipped samples, not the drift of the others.");
}
Chart clipFraction() {
  return pickable("losses/clipfrac", "", "clipfrac", "Clip fraction",
                  "The fraction of samples whose ratio left "
                  "[1−ε, 1+ε] (their gradient is zero). Healthy: 0.05–0.3. Near 0: "
                  "the step is too timid; near 1: the learning rate or the epochs are too much.");
}
Chart policyLoss() {
  return pickable("losses/policy_loss", "", "policy loss", "Policy loss",
                  "The surrogate objective's negative. Its level "
                  "says little (advantages are normalised, the data changes every rollout); watch it for spikes, not "
                  "trends.");
}
Chart valueLoss() {
  return pickable("losses/value_loss", "", "value loss", "Value loss",
                  "Squared error of V(s) against the returns. It "
                  "grows when the returns grow; it should fall relative to the return's scale.");
}
Chart entropy() {
  return pickable("losses/entropy", "", "entropy", "Policy entropy",
                  "How random the policy is. It should fall slowly as "
                  "the policy commits; a sudden collapse early means premature convergence (raise ent_coef).");
}
Chart explainedVariance() {
  return pickable("losses/explained_variance", "", "expl. var", "Explained variance",
                  "1 − Var(returns "
                  "− V)/Var(returns): how much of the returns the critic predicts. 1 is perfect, 0 no better than "
                  "a constant, negative worse than a constant (common early, or when the returns' scale jumps).");
}
Chart learningRate() {
  return pickable("charts/learning_rate", "", "lr", "Learning rate",
                  "The optimiser's step size now (annealed linearly "
                  "to 0 when anneal_lr is on).");
}
Chart klBeta() {
  return pickable("charts/kl_beta", "", "β", "KL penalty β",
                  "PPO1's adaptive coefficient: doubled when "
                  "the KL of an update exceeds 1.5·d, halved when it falls below d/1.5.");
}
Chart gradientVariance() {
  return pickable("losses/grad_var_no_baseline", "losses/grad_var_baseline", "grad var", "Gradient variance",
                  "REINFORCE: the variance across a batch's episodes of the gradient estimate, without the baseline "
                  "(grad_var_no_baseline) and with it (grad_var_baseline), on the same episodes. The baseline leaves "
                  "the expectation alone and cuts the variance.");
}

std::vector<Chart> policyAndValue() { return {policyLoss(), valueLoss(), entropy()}; }

}  // namespace charts

}  // namespace rl
