// Uniform choice among the allowed actions, shared by every agent that explores (ε-greedy, exploring starts, the
// random policy), so they draw from the RNG the same way.
#pragma once
#include <algorithm>
#include <bit>
#include <cstdint>

#include "core/rng.hpp"

namespace rl {

// Bit a of `mask` set when action a of n is allowed; with n ≥ 64 every action is. One rng.below draw.
inline int randomAllowedAction(Rng& rng, uint64_t mask, int n) {
  if (n >= 64) return int(rng.below(n));
  mask &= (1ULL << n) - 1;
  int k = int(rng.below(std::max(1, std::popcount(mask))));
  for (int a = 0; a < n; ++a)
    if ((mask >> a & 1) && k-- == 0) return a;
  return 0;
}

}  // namespace rl
