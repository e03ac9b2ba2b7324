// Plain-data pictures of an environment for the app's viewport. Envs fill them; they never draw.
#pragma once
#include <cstdint>
#include <variant>
#include <vector>

namespace rl {

struct GridRenderState {
  int width = 0, height = 0;              // cells; state s = x * height + y (REINFORCEjs convention)
  std::vector<uint8_t> wall;              // per state
  std::vector<float> reward;              // per state: reward for leaving the state
  int goal = -1;                          // the state whose every action returns to the start
  int start = 0;
  int agent = 0;                          // current state
  int lastAction = -1;
  float stepCost = 0.f;
  float slip = 0.f;
  uint64_t layoutVersion = 0;             // changes whenever walls/rewards/goal change
  // Exact solution of the current layout (value iteration), for the V*/π* overlay and |Q − Q*|.
  std::vector<float> vStar;               // per state
  std::vector<float> qStar;               // per state × 4 actions
  std::vector<uint8_t> actionMask;        // per state: bit a set when action a is offered
};

using RenderState = std::variant<std::monostate, GridRenderState>;

}  // namespace rl
