// What the learning-curve strip draws for an algorithm: each algorithm names its charts (Agent::charts), so the view
// draws exactly the series the agent logs instead of guessing from metric names. Plain data, no GUI: the trainer puts
// the plan in every Snapshot and app/views/charts_view.cpp lays it out.
//
// Three layouts, one row of charts each:
//   ValueBased      return, episode length, TD loss, and a fourth chart picked with radio buttons (mean Q, ε, σ)
//   PolicyGradient  return, an optional fixed diagnostic (KL, gradient variance) and a third picked from a dropdown;
//                   with no diagnostics, the return alone (the default)
//   Gan             its own charts (losses, D, distance to the target, mode coverage) over training iterations
// When the row is too narrow for all of them, fewer, wider charts are drawn: those of the lowest rank (1 = the most
// telling).
#pragma once
#include <string>
#include <vector>

#include "core/env.hpp"

namespace rl {

struct Chart {
  std::string metric;   // the series drawn (CleanRL's name); the ui-map names the plot "plot_<metric>"
  std::string metric2;  // a companion series on the same axes (old_approx_kl beside approx_kl); empty: none
  std::string title;
  std::string yLabel;
  std::string xLabel = "env steps";
  std::string label;  // its entry in the picker (the ui-map's "chart_<metric>"), when it is one of the choices
  std::string help;   // what it measures and what a healthy value looks like; empty: none
  int rank = 1;       // when the row is narrow: drawn if its rank is within the number of charts that fit
  bool operator==(const Chart&) const = default;
};

enum class ChartLayout { ValueBased, PolicyGradient, Gan };

struct ChartPlan {
  ChartLayout layout = ChartLayout::PolicyGradient;
  std::vector<Chart> charts;   // always there, left to right
  std::vector<Chart> choices;  // the picked chart, right of them (empty: none); the first is picked by default
  int pickRank = 1;            // the picked chart's rank
  // The charts in the row: the fixed ones and the picked one.
  int count() const { return int(charts.size()) + (choices.empty() ? 0 : 1); }
  bool operator==(const ChartPlan&) const = default;
};

// The charts of the trainer's episode statistics (every agent but the GAN's).
Chart returnChart(const EnvInfo& env);
Chart lengthChart(const EnvInfo& env);

// Value-based agents: return, length, TD loss and the fourth chart from `fourth` (in the radio buttons' order).
ChartPlan valueBasedCharts(const EnvInfo& env, std::vector<Chart> fourth);
// Policy-gradient agents: return, `fixed` (metric empty: none) and the third chart from `choices`.
ChartPlan policyGradientCharts(const EnvInfo& env, Chart fixed, std::vector<Chart> choices);
// An agent that logs nothing of its own: the return alone.
ChartPlan returnOnlyCharts(const EnvInfo& env);
// The GAN agents: losses, D(real) and D(fake), W1 and, for targets with several modes, the least-covered mode's mass.
ChartPlan ganCharts(bool multiModalTarget);

// The charts the agents choose from (CleanRL's names and the texts the pickers and tooltips show).
namespace charts {
// Value-based agents' fourth chart.
Chart meanQ();       // losses/q_values
Chart epsilon();     // charts/epsilon
Chart noiseScale();  // charts/noise_scale (NoisyNet)
// Policy-gradient diagnostics.
Chart approxKl();           // losses/approx_kl with losses/old_approx_kl
Chart clipFraction();       // losses/clipfrac
Chart policyLoss();         // losses/policy_loss
Chart valueLoss();          // losses/value_loss
Chart entropy();            // losses/entropy
Chart explainedVariance();  // losses/explained_variance
Chart learningRate();       // charts/learning_rate
Chart klBeta();             // charts/kl_beta (PPO's adaptive KL penalty)
Chart gradientVariance();   // losses/grad_var_no_baseline with losses/grad_var_baseline (REINFORCE)
// What every policy-gradient agent logs: policy loss, value loss and entropy, in the dropdown's order.
std::vector<Chart> policyAndValue();
}  // namespace charts

}  // namespace rl
