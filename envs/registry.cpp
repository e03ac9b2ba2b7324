#include "envs/registry.hpp"

#include "envs/gan1d.hpp"
#include "envs/gridworld.hpp"
#include "envs/invaders.hpp"
#include "envs/pendulum.hpp"
#include "envs/wrappers.hpp"

namespace rl {

const std::vector<EnvEntry>& environments() {
  static const std::vector<EnvEntry> table = {
      {"gridworld", "GridWorld",
       "10×10 REINFORCEjs world: walls, ±1 cells, goal returns to start; editable, optional slip and step cost",
       [] { return std::make_unique<Gridworld>(); }},
      {"invaders", "Invaders (MinAtar)",
       "MinAtar Space Invaders, 10×10×6 binary observation, 6 actions, sticky actions 0.1, difficulty ramping",
       [] { return std::make_unique<Invaders>(); }},
      {"pendulum", "Pendulum", "Gymnasium Pendulum-v1: swing up and balance with torque in [−2, 2]; 200-step episodes",
       [] { return std::make_unique<TimeLimit>(std::make_unique<Pendulum>(), 200); }},
      {"pendulum-discrete", "Pendulum (5 torques)",
       "Pendulum-v1 with the torque discretised into 5 actions (−2, −1, 0, 1, 2) for Q-learning",
       [] { return std::make_unique<TimeLimit>(std::make_unique<DiscretizeActions>(std::make_unique<Pendulum>(), 5), 200); }},
      {"gan1d", "GAN 1-D", "1-D target distributions; as an env, Pfau & Vinyals' stateless real-or-generated MDP",
       [] { return std::make_unique<Gan1d>(); }},
  };
  return table;
}

const EnvEntry* findEnvironment(const std::string& id) {
  for (const auto& e : environments())
    if (e.id == id) return &e;
  return nullptr;
}

}  // namespace rl
