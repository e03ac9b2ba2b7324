// Rng: the one random source every stochastic function takes by reference (DESIGN.md §7).
// xoshiro256** seeded through splitmix64: fast, 256-bit state, and — unlike std::uniform_*_distribution — its
// derived draws are defined here, so a seed gives the same numbers on every compiler and standard library.
#pragma once
#include <cmath>
#include <cstdint>
#include <numbers>

namespace rl {

class Rng {
 public:
  explicit Rng(uint64_t seed = 0) { reseed(seed); }

  void reseed(uint64_t seed) {
    uint64_t x = seed;
    for (auto& s : state_) s = splitmix64(x);
    haveSpare_ = false;
  }

  uint64_t next() {
    const uint64_t result = rotl(state_[1] * 5, 7) * 9;
    const uint64_t t = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = rotl(state_[3], 45);
    return result;
  }

  // Uniform double in [0, 1) from the top 53 bits.
  double uniform() { return double(next() >> 11) * 0x1.0p-53; }
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }

  // Uniform integer in [0, n), n > 0 (Lemire's multiply-shift; the tiny bias for n << 2^32 is irrelevant here).
  int below(int n) { return int((uint64_t(uint32_t(next() >> 32)) * uint64_t(n)) >> 32); }

  // Standard normal (Marsaglia polar method, one spare cached).
  double normal() {
    if (haveSpare_) {
      haveSpare_ = false;
      return spare_;
    }
    double u, v, s;
    do {
      u = uniform(-1.0, 1.0);
      v = uniform(-1.0, 1.0);
      s = u * u + v * v;
    } while (s >= 1.0 || s == 0.0);
    const double m = std::sqrt(-2.0 * std::log(s) / s);
    spare_ = v * m;
    haveSpare_ = true;
    return u * m;
  }

  // A child seed, for handing independent streams to sub-components (env, agent, ...).
  uint64_t split() { return next() ^ 0x9e3779b97f4a7c15ULL; }

  // Checkpoints (core/checkpoint.hpp): the whole stream state, so a continued run draws the same numbers.
  template <class IO>
  void persist(IO& io) {
    for (auto& s : state_) io.io(s);
    io.io(spare_);
    io.io(haveSpare_);
  }

 private:
  static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  static uint64_t splitmix64(uint64_t& x) {
    uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  uint64_t state_[4];
  double spare_ = 0.0;
  bool haveSpare_ = false;
};

}  // namespace rl
