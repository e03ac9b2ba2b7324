// Exact planning on a gridworld layout: synchronous value iteration to a fixed point (Bellman optimality
// backup V(s) ← max_a Σ_a′ P(a′|a) [R(s) + c + γ V(next(s, a′))]), then Q* and the greedy policy π*.
#pragma once
#include <cstdint>
#include <vector>

namespace rl {

struct GridLayout {
  int width = 10, height = 10;
  std::vector<uint8_t> wall;     // per state
  std::vector<double> reward;    // per state, for leaving it
  std::vector<uint8_t> allowed;  // per state: bit a set when action a stays on the grid
  std::vector<uint8_t> pit;      // per state: leaving a pit (a cliff cell) returns the agent to the start
  int goal = 55, start = 0;
  bool goalTerminates = false;   // episodic (cliff): leaving the goal ends the episode with no future value

  int numStates() const { return width * height; }
  int x(int s) const { return s / height; }
  int y(int s) const { return s % height; }
  int index(int x, int y) const { return x * height + y; }
  // The cell reached by action a from s, ignoring walls and the goal rule; s itself when a leaves the grid.
  int move(int s, int a) const;
  // The successor of (s, a) under the rules: the start from the goal or a pit, s when bumping a wall.
  int successor(int s, int a) const;
  void recomputeAllowed();
  static GridLayout reinforcejsDefault();
  // Sutton & Barto's cliff walk on our grid: start bottom-left, goal bottom-right, the cells between them pits
  // (reward −10, back to the start), open ground above.
  static GridLayout cliff();
};

struct GridSolution {
  std::vector<double> v;        // V*(s); 0 on walls
  std::vector<double> q;        // Q*(s, a) at s * 4 + a; −inf for actions not offered
  std::vector<uint8_t> policy;  // bit a set when a is greedy for s (ties within 1e-9)
  int sweeps = 0;
  double residual = 0;
};

// Value iteration until max |ΔV| ≤ tol (or maxSweeps).
GridSolution solveGridworld(const GridLayout& g, double gamma, double stepCost, double slip, double tol = 1e-13,
                            int maxSweeps = 100000);

// Iterative policy evaluation (Sutton & Barto §4.1): V^π(s) = Σ_a π(a|s)·Σ P(s′|s,a)[R(s) + c + γV^π(s′)] for a
// stochastic policy π(a|s) at s·4 + a, swept until max |ΔV| ≤ tol. 0 on walls; empty when pi has the wrong size.
std::vector<double> evaluateGridPolicy(const GridLayout& g, const std::vector<float>& pi, double gamma,
                                       double stepCost, double slip, double tol = 1e-10, int maxSweeps = 20000);

}  // namespace rl
