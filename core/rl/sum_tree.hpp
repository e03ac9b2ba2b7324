// SumTree: a complete binary tree over `capacity` non-negative leaf values where every inner node holds the sum of
// its children, so prioritized replay (Schaul et al. 2016, Appendix B.2.1) can both change one priority and draw an
// index with probability p_i / Σp in O(log capacity).
//
// Layout: the classic array heap. Node 1 is the root, node k has children 2k and 2k+1, leaf i sits at node
// base + i where base is the smallest power of two ≥ capacity (unused leaves stay 0 and are never drawn).
#pragma once
#include <algorithm>
#include <cassert>
#include <vector>

namespace rl {

class SumTree {
 public:
  explicit SumTree(int capacity = 0) { resize(capacity); }

  void resize(int capacity) {
    capacity_ = capacity;
    base_ = 1;
    while (base_ < capacity) base_ *= 2;
    node_.assign(size_t(2 * base_), 0.0);
  }
  int capacity() const { return capacity_; }
  double total() const { return node_[1]; }
  double get(int i) const { return node_[size_t(base_ + i)]; }

  // Sets leaf i to p ≥ 0 and refreshes the sums on its path to the root.
  void set(int i, double p) {
    assert(i >= 0 && i < capacity_ && p >= 0.0);
    size_t k = size_t(base_ + i);
    node_[k] = p;
    for (k /= 2; k >= 1; k /= 2) node_[k] = node_[2 * k] + node_[2 * k + 1];
  }

  // The leaf whose cumulative range [Σ_{j<i} p_j, Σ_{j≤i} p_j) contains `prefix`, for prefix ∈ [0, total()).
  // Descends from the root: go left when the prefix falls inside the left subtree's sum, else subtract it and go
  // right. Rounding can leave the walk on a zero leaf at the right edge; it then steps back to the last positive one.
  int find(double prefix) const {
    size_t k = 1;
    while (k < size_t(base_)) {
      const double left = node_[2 * k];
      if (prefix < left) k = 2 * k;
      else prefix -= left, k = 2 * k + 1;
    }
    int i = int(k) - base_;
    if (i >= capacity_) i = capacity_ - 1;
    while (i > 0 && get(i) <= 0.0) --i;
    return i;
  }

  // Checkpoints (core/checkpoint.hpp): the leaves only. Every inner node is always exactly the sum of its two
  // children (set() refreshes the whole path), so summing bottom-up on reading gives the same bits.
  template <class IO>
  void persist(IO& io) {
    std::vector<double> leaves(node_.begin() + base_, node_.begin() + base_ + capacity_);
    io.fixed(leaves, "the priority tree");
    if (!io.reading()) return;
    for (double p : leaves)
      if (p < 0.0) io.fail("a priority is negative");
    std::copy(leaves.begin(), leaves.end(), node_.begin() + base_);
    for (size_t k = size_t(base_) - 1; k >= 1; --k) node_[k] = node_[2 * k] + node_[2 * k + 1];
  }

 private:
  int capacity_ = 0, base_ = 1;
  std::vector<double> node_;
};

}  // namespace rl
