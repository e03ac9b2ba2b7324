// Plain-data pictures of an environment for the app's viewport. Envs fill them; they never draw.
#pragma once
#include <array>
#include <cstdint>
#include <string>
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
  std::vector<uint8_t> pit;               // per state: leaving it returns the agent to the start (cliff cells)
};

struct InvadersRenderState {
  std::array<uint16_t, 10> aliens{}, friendly{}, enemy{};  // bit c of row r = cell (r, c), rows from the top
  int cannon = 5, direction = -1, score = 0, rampIndex = 0, moveInterval = 12, shotCooldown = 0, lastAction = 0;
  bool terminal = false;
};

struct PendulumRenderState {
  double theta = 0, thetaDot = 0, torque = 0, maxTorque = 2;
  int stepInEpisode = 0, timeLimit = 200;
  double lastReward = 0;
};

struct Gan1dRenderState {
  double lo = -8, hi = 8;          // x range shown
  std::vector<float> density;      // target pdf on `density.size()` points over [lo, hi]
  std::vector<float> real, fake;   // recent shown samples of each kind
  std::string target;              // name of the target distribution
};

using RenderState = std::variant<std::monostate, GridRenderState, InvadersRenderState, PendulumRenderState, Gan1dRenderState>;

}  // namespace rl
