#include "envs/gridworld.hpp"

#include "core/checkpoint.hpp"

#include <bit>
#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

namespace rl {

Gridworld::Gridworld() : layout_(GridLayout::reinforcejsDefault()) {
  params_.add({"step_cost", "step cost", ParamType::Float, -1.0, 1.0, 0.0,
               "Added to every reward (REINFORCEjs's TD demo uses −0.01: a small price for wandering)"}, &stepCost_);
  params_.add({"slip", "slip noise", ParamType::Float, 0.0, 1.0, 0.0,
               "Probability that the intended move is replaced by a uniformly random allowed move"}, &slip_);
  params_.add({"layout", "layout", ParamType::Choice, 0, 1, 0,
               "REINFORCEjs's default world, or Sutton & Barto's cliff walk (pits along the bottom edge)", true, false,
               {"reinforcejs", "cliff"}},
              &layoutChoice_);
  params_.add({"random_start", "random start", ParamType::Bool, 0, 1, 0,
               "Begin each episode in a uniformly random open cell (exploring starts, Sutton & Barto §5.3) instead of "
               "the start cell; values and the optimal policy do not change"},
              &randomStart_);
  state_ = layout_.start;
  obs_ = float(state_);
}

void Gridworld::paramsChanged() {
  if (layoutChoice_ == builtLayout_) return;
  layout_ = layoutChoice_ == 1 ? GridLayout::cliff() : GridLayout::reinforcejsDefault();
  builtLayout_ = layoutChoice_;
  state_ = layout_.start;
  obs_ = float(state_);
  ++layoutVersion_;
}

std::span<const float> Gridworld::reset(std::optional<uint64_t> seed) {
  if (seed) rng_.reseed(*seed);
  state_ = layout_.start;
  if (randomStart_) {  // exploring starts: a uniformly random cell that is neither a wall nor a pit
    std::vector<int> open;
    for (int s = 0; s < layout_.numStates(); ++s)
      if (!layout_.wall[size_t(s)] && !layout_.pit[size_t(s)]) open.push_back(s);
    state_ = open[size_t(rng_.below(int(open.size())))];
  }
  obs_ = float(state_);
  lastAction_ = -1;
  return observation();
}

StepResult Gridworld::step(int action) {
  const int s = state_;
  const uint8_t allowed = layout_.allowed[size_t(s)];
  int a = action;
  if (slip_ > 0.0 && rng_.uniform() < slip_) {  // slip: a uniformly random allowed move instead
    int k = rng_.below(std::popcount(allowed));
    for (a = 0; a < kActions; ++a)
      if ((allowed >> a & 1) && k-- == 0) break;
  }
  StepResult r;
  r.reward = layout_.reward[size_t(s)] + stepCost_;
  // A move off the grid is not offered; if one is sent anyway the agent stays put (like a wall).
  const bool teleport = s == layout_.goal || layout_.pit[size_t(s)];
  state_ = (allowed >> a & 1) || teleport ? layout_.successor(s, a) : s;
  // Leaving the goal ends a lap: continuing task, bootstrap from the start — or, on an episodic layout (the cliff),
  // the episode: no future value.
  if (s == layout_.goal) (layout_.goalTerminates ? r.terminated : r.truncated) = true;
  obs_ = float(state_);
  lastAction_ = action;
  return r;
}

EnvInfo Gridworld::info() const {
  EnvInfo i{"gridworld", "GridWorld",
          "The agent walks a 10×10 grid: left, up, down or right; moves off the grid are not offered and walls block. "
          "The reward is that of the cell being LEFT (plus the step cost). From the goal every action returns the "
          "agent to the start, ending a lap. With slip noise p the intended move is replaced by a random one with "
          "probability p. The task is continuing, so values are discounted sums over laps.",
          {"left", "up", "down", "right"}};
  i.human.style = HumanPlay::Style::PerKey;
  i.human.keyAction = {0, 3, 1, 2, -1};  // by HumanKey: ← → ↑ ↓ (Fire unused); actions are left, up, down, right
  i.human.hint = "arrow keys move the agent";
  i.episodeNoun = "lap";  // a continuing task: its episodes are laps from start to goal
  return i;
}

void Gridworld::edit(const EnvEdit& e) {
  const int n = layout_.numStates();
  if (e.index < 0 || e.index >= n)
    throw std::invalid_argument("gridworld edit '" + e.op + "': cell " + std::to_string(e.index) +
                                " is outside the grid, expected 0.." + std::to_string(n - 1));
  const size_t i = size_t(e.index);
  if (e.op == "reward") {
    if (!(e.value >= -10.0 && e.value <= 10.0))
      throw std::invalid_argument("gridworld edit 'reward': value must be in [-10, 10]");
    layout_.reward[i] = e.value;
  } else if (e.op == "wall") {
    const bool on = e.value != 0.0;
    if (on && (e.index == layout_.start || e.index == layout_.goal))
      throw std::invalid_argument("gridworld edit 'wall': the start and the goal cannot be walls");
    layout_.wall[i] = on;
    if (on) layout_.pit[i] = 0;
    if (on && state_ == e.index) state_ = layout_.start, obs_ = float(state_);  // walled in: back to the start
  } else if (e.op == "pit") {
    const bool on = e.value != 0.0;
    if (on && (e.index == layout_.start || e.index == layout_.goal || layout_.wall[i]))
      throw std::invalid_argument("gridworld edit 'pit': the start, the goal and walls cannot be pits");
    layout_.pit[i] = on;
  } else if (e.op == "goal") {
    if (layout_.wall[i]) throw std::invalid_argument("gridworld edit 'goal': cell " + std::to_string(e.index) + " is a wall");
    layout_.goal = e.index;
    layout_.pit[i] = 0;
  } else if (e.op == "start") {
    if (layout_.wall[i]) throw std::invalid_argument("gridworld edit 'start': cell " + std::to_string(e.index) + " is a wall");
    layout_.start = e.index;
    layout_.pit[i] = 0;
  } else {
    throw std::invalid_argument("gridworld has no edit '" + e.op + "', expected reward|wall|pit|goal|start");
  }
  ++layoutVersion_;
}

const GridSolution& Gridworld::solution() const {
  if (solvedVersion_ != layoutVersion_ || solvedGamma_ != gammaHint_ || solvedCost_ != stepCost_ || solvedSlip_ != slip_) {
    solution_ = solveGridworld(layout_, gammaHint_, stepCost_, slip_, 1e-10, 5000);
    solvedVersion_ = layoutVersion_;
    solvedGamma_ = gammaHint_;
    solvedCost_ = stepCost_;
    solvedSlip_ = slip_;
  }
  return solution_;
}

RenderState Gridworld::renderState() const {
  GridRenderState g;
  g.width = layout_.width;
  g.height = layout_.height;
  g.wall = layout_.wall;
  g.reward.assign(layout_.reward.begin(), layout_.reward.end());
  g.goal = layout_.goal;
  g.start = layout_.start;
  g.agent = state_;
  g.lastAction = lastAction_;
  g.stepCost = float(stepCost_);
  g.slip = float(slip_);
  g.layoutVersion = layoutVersion_;
  const GridSolution& sol = solution();
  g.vStar.assign(sol.v.begin(), sol.v.end());
  g.qStar.assign(sol.q.begin(), sol.q.end());
  g.actionMask = layout_.allowed;
  g.pit = layout_.pit;
  return g;
}

double Gridworld::maxAbsReward() const {
  double m = std::abs(stepCost_);
  for (float r : layout_.reward) m = std::max(m, std::abs(double(r) + stepCost_));
  return m;
}

}  // namespace rl

namespace rl {

void Gridworld::persist(StateIO& io) {
  io.section("gridworld");
  const int n = layout_.numStates();
  io.fixed(layout_.wall, "the wall map");
  io.fixed(layout_.reward, "the reward map");
  io.fixed(layout_.allowed, "the allowed-moves map");
  io.fixed(layout_.pit, "the pit map");
  io.bounded(layout_.goal, n - 1, "the goal cell");
  io.bounded(layout_.start, n - 1, "the start cell");
  io.io(layout_.goalTerminates);
  io.bounded(state_, n - 1, "the agent's cell");
  io.io(obs_), io.io(lastAction_);
  if (io.reading() && obs_ != float(state_)) io.fail("the observation is not the agent's cell");
  io.io(stepCost_), io.io(slip_), io.io(layoutChoice_), io.io(builtLayout_), io.io(randomStart_), io.io(gammaHint_);
  io.io(rng_);
  io.io(layoutVersion_);
  if (io.reading()) solvedVersion_ = 0;  // the exact solution is recomputed for the restored layout
}

}  // namespace rl
