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
  TdBreakdown last;
  double epsilon = 0;
};

struct Insights {
  std::optional<QInsight> q;
};

}  // namespace rl
