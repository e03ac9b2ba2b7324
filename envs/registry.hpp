// The environments the app and CLI offer, by id.
#pragma once
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/env.hpp"

namespace rl {

struct EnvEntry {
  std::string id;       // "gridworld"
  std::string name;     // "GridWorld (REINFORCEjs)"
  std::string summary;  // one line for `rllens list` and the README
  std::function<std::unique_ptr<Env>()> make;
};

const std::vector<EnvEntry>& environments();
const EnvEntry* findEnvironment(const std::string& id);

}  // namespace rl
