#include "envs/registry.hpp"

#include "envs/gridworld.hpp"

namespace rl {

const std::vector<EnvEntry>& environments() {
  static const std::vector<EnvEntry> table = {
      {"gridworld", "GridWorld",
       "10×10 REINFORCEjs world: walls, ±1 cells, goal returns to start; editable, optional slip and step cost",
       [] { return std::make_unique<Gridworld>(); }},
  };
  return table;
}

const EnvEntry* findEnvironment(const std::string& id) {
  for (const auto& e : environments())
    if (e.id == id) return &e;
  return nullptr;
}

}  // namespace rl
