// Shared by the tabular agents: what the Q-values lens reads from a Q table, and the divergence check over it.
#pragma once
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "core/insights.hpp"

namespace rl {

inline QInsight tableInsight(const std::vector<float>& Q, int nS, int nA, int state, const TdBreakdown& last,
                             double epsilon) {
  QInsight qi;
  qi.numStates = nS;
  qi.numActions = nA;
  qi.table = Q;
  qi.state = state;
  qi.current.assign(Q.begin() + long(state) * nA, Q.begin() + long(state + 1) * nA);
  qi.last = last;
  qi.epsilon = epsilon;
  return qi;
}

// The classroom caption's words for the last action of an ε-greedy or Boltzmann agent: greedy when Q(s,a) before its
// update (last.before) was at least every other action's Q(s,·), which that update did not change.
inline std::string explorationPhase(const std::vector<float>& Q, int nA, const TdBreakdown& last) {
  if (last.state < 0 || last.action < 0) return "starting: no action taken yet";
  const float* q = &Q[size_t(last.state) * size_t(nA)];
  for (int a = 0; a < nA; ++a)
    if (a != last.action && double(q[a]) > last.before + 1e-9) return "exploring: random action";
  return "exploiting: greedy action";
}

inline double maxAbsEntry(const std::vector<float>& Q) {
  double m = 0;
  for (float q : Q) m = std::max(m, double(std::abs(q)));
  return m;
}

// Empty when every entry is finite, else the first bad one, e.g. "Q(s=12, a=3) = nan".
inline std::string firstNonFinite(const std::vector<float>& Q, int nA) {
  for (size_t i = 0; i < Q.size(); ++i) {
    if (std::isfinite(Q[i])) continue;
    char buf[96];
    std::snprintf(buf, sizeof buf, "Q(s=%d, a=%d) = %g", int(i / size_t(nA)), int(i % size_t(nA)), double(Q[i]));
    return buf;
  }
  return {};
}

}  // namespace rl
