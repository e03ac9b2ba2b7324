// What an algorithm shows of itself. Each agent fills the insights that apply to it; lenses read them and show a
// greyed panel with a reason when the current algorithm has none (DESIGN.md §4).
#pragma once
#include <optional>
#include <string>
#include <vector>

namespace rl {

// The last TD update, written out with its numbers for the lens.
struct TdBreakdown {
  int state = -1, action = -1, nextState = -1, nextAction = -1;  // nextAction: SARSA's a′ or Q-learning's argmax
  double reward = 0, gamma = 0, nextValue = 0, target = 0, before = 0, after = 0, alpha = 0;
  bool terminal = false;
  std::string rule;  // "max" (Q-learning), "sarsa", "expected" (Expected SARSA) or "mc" (Monte-Carlo return)
  int horizon = 0;   // "mc": steps in the episode the return was computed from
};

struct QInsight {
  int numStates = 0, numActions = 0;
  std::vector<float> table;  // Q(s, a) at s * numActions + a, for small discrete state spaces
  int state = -1;            // the agent's current state
  std::vector<float> current;  // Q(state, ·)
  int chosen = -1;             // the action the agent is about to take in `state` (−1: not decided ahead)
  bool explores = false;       // `chosen` is a random exploratory action, not the greedy one
  TdBreakdown last;
  double epsilon = 0;
  // Distributional (C51) agents: the atoms z_j and, at a·atoms + j, the probability of return z_j for action a in
  // the current state. Empty otherwise.
  std::vector<float> atoms, distribution;
};

// Values over the env's state plane (the pendulum's θ × ω), evaluated by the worker at snapshot time on an nx × ny
// grid of cell centres; cell (i, j) is at index j·nx + i, row 0 at yMin.
struct ValueMap {
  std::string xLabel, yLabel;
  double xMin = 0, xMax = 1, yMin = 0, yMax = 1;
  int nx = 0, ny = 0;
  std::vector<float> value;  // V(s) = max_a Q(s, a)
  std::vector<int> greedy;   // argmax_a Q(s, a)
  std::vector<float> trail;  // this episode's states so far as (x, y) pairs, oldest first; the last is the current
};

// The replay buffer as the lens shows it.
struct ReplayInsight {
  int size = 0, capacity = 0;
  int newest = -1;              // slot of the newest transition (ages count back from it, wrapping)
  bool prioritized = false;
  double beta = 0;              // importance-sampling exponent now
  std::vector<int> lastBatch;   // slots of the last sampled batch
  // Prioritized: histogram of log10 p^α over the stored transitions (a sample of them when the buffer is large).
  std::vector<float> priorityHist;
  double logPMin = 0, logPMax = 0;
};

struct Insights {
  std::optional<QInsight> q;
  std::optional<ValueMap> valueMap;
  std::optional<ReplayInsight> replay;
};

}  // namespace rl
