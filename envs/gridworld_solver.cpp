#include "envs/gridworld_solver.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>

namespace rl {

int GridLayout::move(int s, int a) const {
  int cx = x(s), cy = y(s);
  switch (a) {
    case 0: --cx; break;
    case 1: --cy; break;
    case 2: ++cy; break;
    case 3: ++cx; break;
  }
  if (cx < 0 || cy < 0 || cx >= width || cy >= height) return s;
  return index(cx, cy);
}

int GridLayout::successor(int s, int a) const {
  if (s == goal || pit[size_t(s)]) return start;
  const int ns = move(s, a);
  return wall[size_t(ns)] ? s : ns;
}

void GridLayout::recomputeAllowed() {
  allowed.assign(size_t(numStates()), 0);
  for (int s = 0; s < numStates(); ++s)
    for (int a = 0; a < 4; ++a)
      if (move(s, a) != s) allowed[size_t(s)] |= uint8_t(1u << a);
}

GridLayout GridLayout::reinforcejsDefault() {
  GridLayout g;
  g.wall.assign(100, 0);
  g.reward.assign(100, 0.0);
  for (int s : {12, 22, 32, 42, 43, 44, 45, 46, 47, 62, 72, 82}) g.wall[size_t(s)] = 1;
  for (int s : {33, 37, 54, 57, 64, 65, 67, 85, 86}) g.reward[size_t(s)] = -1.0;
  g.goal = 55;
  g.reward[55] = 1.0;
  g.start = 0;
  g.pit.assign(100, 0);
  g.recomputeAllowed();
  return g;
}

GridLayout GridLayout::cliff() {
  GridLayout g;
  g.wall.assign(100, 0);
  g.reward.assign(100, 0.0);
  g.pit.assign(100, 0);
  g.start = g.index(0, 9);
  g.goal = g.index(9, 9);
  g.goalTerminates = true;  // episodic, as in Sutton & Barto's example 6.6
  g.reward[size_t(g.goal)] = 1.0;
  for (int x = 1; x <= 8; ++x) {
    g.pit[size_t(g.index(x, 9))] = 1;
    g.reward[size_t(g.index(x, 9))] = -10.0;
  }
  g.recomputeAllowed();
  return g;
}

// Q(s, a) under V: with probability 1 − slip the intended move, otherwise a uniform allowed move.
static double backup(const GridLayout& g, const std::vector<double>& v, int s, int a, double gamma, double stepCost,
                     double slip) {
  const uint8_t allowed = g.allowed[size_t(s)];
  const double r = g.reward[size_t(s)] + stepCost;
  if (s == g.goal && g.goalTerminates) return r;
  const double intended = v[size_t(g.successor(s, a))];
  if (slip <= 0.0) return r + gamma * intended;
  double mean = 0.0;
  for (int b = 0; b < 4; ++b)
    if (allowed >> b & 1) mean += v[size_t(g.successor(s, b))];
  mean /= std::popcount(allowed);
  return r + gamma * ((1.0 - slip) * intended + slip * mean);
}

GridSolution solveGridworld(const GridLayout& g, double gamma, double stepCost, double slip, double tol,
                            int maxSweeps) {
  const int n = g.numStates();
  GridSolution sol;
  sol.v.assign(size_t(n), 0.0);
  sol.q.assign(size_t(n) * 4, -std::numeric_limits<double>::infinity());
  sol.policy.assign(size_t(n), 0);
  std::vector<double> next(size_t(n), 0.0);

  auto qValue = [&](const std::vector<double>& v, int s, int a) { return backup(g, v, s, a, gamma, stepCost, slip); };

  for (sol.sweeps = 0; sol.sweeps < maxSweeps; ++sol.sweeps) {
    double delta = 0.0;
    for (int s = 0; s < n; ++s) {
      if (g.wall[size_t(s)]) continue;
      double best = -std::numeric_limits<double>::infinity();
      for (int a = 0; a < 4; ++a)
        if (g.allowed[size_t(s)] >> a & 1) best = std::max(best, qValue(sol.v, s, a));
      next[size_t(s)] = best;
      delta = std::max(delta, std::abs(best - sol.v[size_t(s)]));
    }
    sol.v.swap(next);
    sol.residual = delta;
    if (delta <= tol) break;
  }
  for (int s = 0; s < n; ++s) {
    if (g.wall[size_t(s)]) continue;
    double best = -std::numeric_limits<double>::infinity();
    for (int a = 0; a < 4; ++a) {
      if (!(g.allowed[size_t(s)] >> a & 1)) continue;
      sol.q[size_t(s) * 4 + size_t(a)] = qValue(sol.v, s, a);
      best = std::max(best, sol.q[size_t(s) * 4 + size_t(a)]);
    }
    for (int a = 0; a < 4; ++a)
      if ((g.allowed[size_t(s)] >> a & 1) && sol.q[size_t(s) * 4 + size_t(a)] >= best - 1e-9)
        sol.policy[size_t(s)] |= uint8_t(1u << a);
  }
  return sol;
}

std::vector<double> evaluateGridPolicy(const GridLayout& g, const std::vector<float>& pi, double gamma,
                                       double stepCost, double slip, double tol, int maxSweeps) {
  const int n = g.numStates();
  std::vector<double> v(size_t(n), 0.0), next(size_t(n), 0.0);
  if (pi.size() != size_t(n) * 4) return {};
  for (int sweep = 0; sweep < maxSweeps; ++sweep) {
    double delta = 0.0;
    for (int s = 0; s < n; ++s) {
      if (g.wall[size_t(s)]) continue;
      // Σ_a π(a|s)·Q(s, a) over the allowed actions, π renormalised over them (a policy may put mass on none else).
      double sum = 0.0, mass = 0.0;
      for (int a = 0; a < 4; ++a) {
        if (!(g.allowed[size_t(s)] >> a & 1)) continue;
        const double p = pi[size_t(s) * 4 + size_t(a)];
        sum += p * backup(g, v, s, a, gamma, stepCost, slip), mass += p;
      }
      next[size_t(s)] = mass > 0 ? sum / mass : 0.0;
      delta = std::max(delta, std::abs(next[size_t(s)] - v[size_t(s)]));
    }
    v.swap(next);
    if (delta <= tol) break;
  }
  return v;
}

}  // namespace rl
