// Replay for the DQN family: an n-step accumulator and one ring buffer that samples uniformly or by priority.
//
//   NStepAccumulator  turns the stream of one-step transitions into n-step ones *at insert time*: it holds the last
//                     n steps and emits (s_t, a_t, R = Σ_{k<n} γ^k r_{t+k}, s_{t+n}, discount = γ^n). At an episode
//                     end it flushes every held step with its shorter sum; discount = γ^k when the episode was cut
//                     (truncated: bootstrap from the final observation) and 0 when it terminated. So the learner's
//                     target is always y = R + discount · Q̂(s′, ·) and knows nothing about n.
//   ReplayBuffer      a ring of `capacity` transitions; observations as floats, or as one byte per element for
//                     binary observation spaces (invaders: 120 MB instead of 480 MB at 100k). Uniform: indices drawn with
//                     replacement, as CleanRL's (SB3) buffer does. Prioritized (Schaul et al. 2016, proportional
//                     variant): P(i) = p_i^α / Σ_k p_k^α from a SumTree, drawn stratified (one draw in each of n equal
//                     slices of the total); importance weights w_i = (N·P(i))^−β divided by the largest w of the
//                     batch; new transitions get the largest priority seen so far, so each is replayed at least
//                     once soon; updatePriorities(|δ|) sets p = |δ| + ε after each batch.
#pragma once
#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstdint>
#include <vector>

#include "core/rl/sum_tree.hpp"
#include "core/rng.hpp"

namespace rl {

class ReplayBuffer {
 public:
  ReplayBuffer() = default;
  // prioritized = false ignores alpha. alpha ∈ [0, 1]: 0 is uniform, 1 fully proportional to |δ|.
  // binary: every observation element is 0 or 1 (Space::binary), stored in a byte.
  ReplayBuffer(int capacity, int obsDim, bool prioritized = false, double alpha = 0.6, bool binary = false)
      : capacity_(capacity), obsDim_(obsDim), prioritized_(prioritized), binary_(binary), alpha_(alpha) {
    assert(capacity > 0 && obsDim > 0);
    if (prioritized) tree_.resize(capacity);
  }

  // Stores one (n-step) transition, overwriting the oldest when full. Storage grows with the fill level, so a large
  // capacity costs memory only as transitions arrive (invaders at 100k: 2 × 600 bytes each, about 120 MB full).
  void add(const float* obs, int action, float reward, const float* nextObs, float discount, uint64_t nextMask) {
    const size_t i = size_t(next_), d = size_t(obsDim_);
    if (i >= action_.size()) {  // still filling: append a slot
      if (binary_) bytes_.resize((i + 1) * d), nextBytes_.resize((i + 1) * d);
      else obs_.resize((i + 1) * d), nextObs_.resize((i + 1) * d);
      action_.push_back(0), reward_.push_back(0.f), discount_.push_back(0.f), nextMask_.push_back(0);
    }
    if (binary_) {
      for (size_t k = 0; k < d; ++k) bytes_[i * d + k] = obs[k] != 0.f, nextBytes_[i * d + k] = nextObs[k] != 0.f;
    } else {
      std::copy(obs, obs + d, obs_.begin() + ptrdiff_t(i * d));
      std::copy(nextObs, nextObs + d, nextObs_.begin() + ptrdiff_t(i * d));
    }
    action_[i] = action;
    reward_[i] = reward;
    discount_[i] = discount;
    nextMask_[i] = nextMask;
    if (prioritized_) tree_.set(next_, std::pow(maxPriority_, alpha_));
    next_ = (next_ + 1) % capacity_;
    size_ = std::min(size_ + 1, capacity_);
  }

  // Draws n indices into `idx` and their importance weights into `weights` (all 1 when uniform). β ∈ [0, 1].
  void sample(int n, Rng& rng, double beta, std::vector<int>& idx, std::vector<float>& weights) const {
    assert(size_ > 0);
    idx.resize(size_t(n));
    weights.assign(size_t(n), 1.f);
    if (!prioritized_) {
      for (int k = 0; k < n; ++k) idx[size_t(k)] = rng.below(size_);
      return;
    }
    const double total = tree_.total(), slice = total / n;
    double maxW = 0;
    std::vector<double> w(static_cast<size_t>(n));
    for (int k = 0; k < n; ++k) {
      const double prefix = std::min((k + rng.uniform()) * slice, std::nextafter(total, 0.0));
      const int i = tree_.find(prefix);
      idx[size_t(k)] = i;
      const double P = tree_.get(i) / total;  // P(i) = p_i^α / Σ p^α
      w[size_t(k)] = std::pow(double(size_) * P, -beta);
      maxW = std::max(maxW, w[size_t(k)]);
    }
    for (int k = 0; k < n; ++k) weights[size_t(k)] = float(w[size_t(k)] / maxW);
  }

  // p_i = |δ_i| + ε, stored as p_i^α. No-op for a uniform buffer.
  void updatePriorities(const std::vector<int>& idx, const std::vector<float>& absTd, double eps = 1e-6) {
    if (!prioritized_) return;
    for (size_t k = 0; k < idx.size(); ++k) {
      const double p = std::abs(double(absTd[k])) + eps;
      maxPriority_ = std::max(maxPriority_, p);
      tree_.set(idx[k], std::pow(p, alpha_));
    }
  }

  int size() const { return size_; }
  int capacity() const { return capacity_; }
  int obsDim() const { return obsDim_; }
  bool prioritized() const { return prioritized_; }
  int newest() const { return size_ == 0 ? -1 : (next_ + capacity_ - 1) % capacity_; }  // slot of the last add
  // Observation of slot i. A binary buffer decodes it into a scratch row: the pointer stays valid until the next
  // obs() call (nextObs() has its own row).
  const float* obs(int i) const { return binary_ ? decode(bytes_, i, scratch_) : &obs_[size_t(i) * size_t(obsDim_)]; }
  const float* nextObs(int i) const {
    return binary_ ? decode(nextBytes_, i, nextScratch_) : &nextObs_[size_t(i) * size_t(obsDim_)];
  }
  bool binary() const { return binary_; }
  size_t observationBytes() const {  // memory held by stored observations
    return binary_ ? bytes_.size() + nextBytes_.size() : (obs_.size() + nextObs_.size()) * sizeof(float);
  }
  int action(int i) const { return action_[size_t(i)]; }
  float reward(int i) const { return reward_[size_t(i)]; }      // the n-step return R
  float discount(int i) const { return discount_[size_t(i)]; }  // γ^k, 0 after termination
  uint64_t nextMask(int i) const { return nextMask_[size_t(i)]; }
  // Sampling weight p_i^α of slot i (0 when uniform): what the GUI's priority histogram shows.
  double priority(int i) const { return prioritized_ ? tree_.get(i) : 0.0; }
  double maxPriority() const { return maxPriority_; }
  const SumTree& tree() const { return tree_; }

  // Checkpoints (core/checkpoint.hpp): the stored transitions, the ring's position, the largest priority and the
  // tree. The shape (capacity, observation size, storage, prioritized) is the reset's; on reading, every length,
  // position and action is checked against it, and a slot not yet filled must have priority 0 so none is drawn.
  template <class IO>
  void persist(IO& io, int numActions) {
    io.bounded(size_, capacity_, "the replay fill level");
    io.bounded(next_, capacity_ - 1, "the replay write position");
    if (io.reading() && size_ < capacity_ && next_ != size_) io.fail("the replay write position is not its fill level");
    io.io(maxPriority_);
    if (io.reading() && !(maxPriority_ >= 1.0)) io.fail("the largest priority is below its start");
    io.io(obs_), io.io(nextObs_), io.io(reward_), io.io(discount_);
    persistBits(io, bytes_), persistBits(io, nextBytes_);
    io.io(action_);
    io.io(nextMask_);
    if (prioritized_) tree_.persist(io);
    if (!io.reading()) return;
    const size_t n = size_t(size_), rows = n * size_t(obsDim_);
    const bool shaped = binary_
                            ? bytes_.size() == rows && nextBytes_.size() == rows && obs_.empty() && nextObs_.empty()
                            : obs_.size() == rows && nextObs_.size() == rows && bytes_.empty() && nextBytes_.empty();
    if (!shaped || reward_.size() != n || discount_.size() != n || action_.size() != n || nextMask_.size() != n)
      io.fail("the replay's lists do not match its fill level");
    for (int a : action_)
      if (a < 0 || a >= numActions) io.fail("a replayed action is out of range");
    if (prioritized_)
      for (int i = size_; i < capacity_; ++i)
        if (tree_.get(i) != 0.0) io.fail("an empty replay slot has a priority");
  }

 private:
  // Binary observations (MinAtar's planes) travel eight to a byte: a full Invaders buffer is 120 MB as bytes, 15 MB
  // packed, so a checkpoint of it compresses and opens in a fraction of the time.
  template <class IO>
  static void persistBits(IO& io, std::vector<uint8_t>& v) {
    uint64_t n = v.size();
    io.io(n);
    std::vector<uint8_t> packed;
    if (!io.reading()) {
      packed.assign(size_t((n + 7) / 8), 0);
      for (size_t i = 0; i < v.size(); ++i)
        if (v[i]) packed[i >> 3] = uint8_t(packed[i >> 3] | (1u << (i & 7)));
    }
    io.io(packed);
    if (!io.reading()) return;
    if (packed.size() != (n + 7) / 8) io.fail("the packed observations have another length");
    v.resize(size_t(n));
    for (size_t i = 0; i < v.size(); ++i) v[i] = uint8_t((packed[i >> 3] >> (i & 7)) & 1u);
  }

  const float* decode(const std::vector<uint8_t>& from, int i, std::vector<float>& row) const {
    const size_t d = size_t(obsDim_);
    row.resize(d);
    for (size_t k = 0; k < d; ++k) row[k] = float(from[size_t(i) * d + k]);
    return row.data();
  }

  int capacity_ = 0, obsDim_ = 0, size_ = 0, next_ = 0;
  bool prioritized_ = false, binary_ = false;
  double alpha_ = 0.6, maxPriority_ = 1.0;
  std::vector<float> obs_, nextObs_, reward_, discount_;
  std::vector<uint8_t> bytes_, nextBytes_;
  mutable std::vector<float> scratch_, nextScratch_;
  std::vector<int> action_;
  std::vector<uint64_t> nextMask_;
  SumTree tree_;
};

class NStepAccumulator {
 public:
  NStepAccumulator(int n = 1, double gamma = 0.99, int obsDim = 1) : n_(n), gamma_(gamma), obsDim_(obsDim) {}

  // Adds step (s, a, r, s′) and emits the n-step transitions it completes through
  // emit(const float* s, int a, float R, const float* s′, float discount, uint64_t nextMask).
  template <class Emit>
  void push(const float* obs, int action, float reward, const float* nextObs, bool terminated, bool truncated,
            uint64_t nextMask, Emit&& emit) {
    steps_.push_back({std::vector<float>(obs, obs + obsDim_), action, reward});
    const bool ended = terminated || truncated;
    if (!ended && int(steps_.size()) < n_) return;
    // Emit the oldest held step (all of them at an episode end), each with R = Σ_k γ^k r_{t+k} up to s′.
    while (!steps_.empty()) {
      double R = 0, g = 1;
      for (const Step& s : steps_) R += g * s.reward, g *= gamma_;
      emit(steps_.front().obs.data(), steps_.front().action, float(R), nextObs, terminated ? 0.f : float(g),
           nextMask);
      steps_.erase(steps_.begin());
      if (!ended) break;
    }
  }
  void clear() { steps_.clear(); }
  // Checkpoints (core/checkpoint.hpp): the steps held, at most n − 1 (a full window is emitted at once). γ is
  // set before every push, n and the observation size by the reset.
  template <class IO>
  void persist(IO& io, int numActions) {
    uint64_t held = steps_.size();
    io.bounded(held, uint64_t(n_ - 1), "the n-step steps held");
    steps_.resize(size_t(held), Step{std::vector<float>(size_t(obsDim_)), 0, 0.f});
    for (Step& s : steps_) {
      io.fixed(s.obs, "an n-step observation");
      io.bounded(s.action, numActions - 1, "an n-step action");
      io.io(s.reward);
    }
  }
  void setGamma(double gamma) { gamma_ = gamma; }
  int held() const { return int(steps_.size()); }

 private:
  struct Step {
    std::vector<float> obs;
    int action;
    float reward;
  };
  int n_;
  double gamma_;
  int obsDim_;
  std::vector<Step> steps_;
};

}  // namespace rl
