// Shared by the learning tests of the policy agents: how many gridworld cells a learned policy acts optimally in.
#pragma once
#include <algorithm>
#include <variant>

#include "core/session/snapshot.hpp"
#include "core/session/trainer.hpp"

namespace rl::testutil {

// Reachable, non-goal cells whose greedy action under π (argmax π(a|s) over the allowed actions) is optimal by the
// exact solver's Q* (ties allowed: any action within 1e-4 of max Q*). *total receives the number of such cells.
inline int optimalCells(Trainer& t, int* total) {
  Snapshot s;
  t.fillSnapshot(s);
  const auto& g = std::get<GridRenderState>(s.render);
  const PolicyInsight& pi = *s.insights.policy;
  int ok = 0, n = 0;
  for (int st = 0; st < g.width * g.height; ++st) {
    if (g.wall[size_t(st)] || st == g.goal) continue;
    ++n;
    int best = -1;
    float qMax = -1e30f;
    for (int a = 0; a < 4; ++a) {
      if (!(g.actionMask[size_t(st)] >> a & 1)) continue;
      if (best < 0 || pi.table[size_t(st) * 4 + size_t(a)] > pi.table[size_t(st) * 4 + size_t(best)]) best = a;
      qMax = std::max(qMax, g.qStar[size_t(st) * 4 + size_t(a)]);
    }
    if (g.qStar[size_t(st) * 4 + size_t(best)] >= qMax - 1e-4f) ++ok;
  }
  *total = n;
  return ok;
}

}  // namespace rl::testutil
