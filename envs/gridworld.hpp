// ===================================================================================================================
// GridWorld — the REINFORCEjs 10×10 world (Karpathy's gridworld_dp / gridworld_td demos), editable.
//
// Rules: the agent walks a 10×10 grid. Each step it moves one cell left, up, down or right; moves that would leave
// the grid are not offered, and walking into a wall leaves it where it is. The reward is that of the cell being
// LEFT (plus an optional step cost). The goal cell (+1 by default) is special: every action from it returns the agent
// to the start, ending a lap. Pits (the cliff layout) also send the agent back to the start, without ending the
// lap. With slip noise p, the intended move is replaced by a uniformly random allowed move
// with probability p.
//
// Action:       Discrete(4) — 0 left (x−1), 1 up (y−1), 2 down (y+1), 3 right (x+1); actionMask() offers in-grid moves
// Observation:  Discrete(100) — s = x·10 + y (x column from the left, y row from the top)
// Reward:       reward[s] + step_cost for the state s being left. Default layout: +1 at the goal s = 55,
//               −1 at s = 33, 37, 54, 57, 64, 65, 67, 85, 86
// Start:        s = 0 (top-left); with random_start, a uniformly random open cell (exploring starts)
// Episode end:  the task is continuing. Leaving the goal ends a lap: truncated = true with the next observation the
//               start, so learners bootstrap through it (the value of the start counts, as in REINFORCEjs' DP).
//               On the cliff layout the task is episodic: leaving the goal terminates
// ===================================================================================================================
#pragma once
#include <vector>

#include "core/env.hpp"
#include "core/rng.hpp"
#include "envs/gridworld_solver.hpp"

namespace rl {

class Gridworld final : public Env {
 public:
  static constexpr int kActions = 4;
  enum Action { kLeft = 0, kUp = 1, kDown = 2, kRight = 3 };

  Gridworld();
  std::span<const float> reset(std::optional<uint64_t> seed = std::nullopt) override;
  StepResult step(int action) override;
  std::span<const float> observation() const override { return {&obs_, 1}; }
  Space observationSpace() const override { return Space::discrete(layout_.width * layout_.height); }
  Space actionSpace() const override { return Space::discrete(kActions); }
  uint64_t actionMask() const override { return layout_.allowed[size_t(state_)]; }
  EnvInfo info() const override;
  RenderState renderState() const override;
  // Edits: "reward" (state, value in [−10, 10]), "wall" (state, 0/1), "pit" (state, 0/1), "goal" (state),
  // "start" (state).
  void edit(const EnvEdit& e) override;
  void setDiscountHint(double gamma) override { gammaHint_ = gamma; }
  std::vector<double> evaluatePolicy(const std::vector<float>& pi, double gamma) const override {
    return evaluateGridPolicy(layout_, pi, gamma, stepCost_, slip_);
  }
  // The layout parameter takes effect here (on reset): a new preset replaces the current, edited, layout.
  void paramsChanged() override;
  void persist(StateIO& io) override;  // checkpoints (core/checkpoint.hpp)

  const GridLayout& layout() const { return layout_; }
  int state() const { return state_; }
  double stepCost() const { return stepCost_; }
  double maxAbsReward() const override;  // max over cells of |reward + step cost|
  double slip() const { return slip_; }
  // The exact solution of the current layout for the discount hint (cached; recomputed after edits).
  const GridSolution& solution() const;

 private:
  GridLayout layout_;
  int state_ = 0;
  float obs_ = 0.f;
  int lastAction_ = -1;
  double stepCost_ = 0.0, slip_ = 0.0;
  double layoutChoice_ = 0, builtLayout_ = 0;  // 0 = REINFORCEjs, 1 = cliff
  bool randomStart_ = false;                    // exploring starts: each episode begins in a random open cell
  double gammaHint_ = 0.9;
  Rng rng_;
  uint64_t layoutVersion_ = 1;
  mutable GridSolution solution_;
  mutable uint64_t solvedVersion_ = 0;
  mutable double solvedGamma_ = -1, solvedCost_ = 0, solvedSlip_ = 0;
};

}  // namespace rl
