// The algorithms the app and CLI offer. Each entry builds a fresh agent; parameters come from its ParamTable.
#pragma once
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/agent.hpp"

namespace rl {

struct AlgoEntry {
  std::string id;       // "q-learning"
  std::string name;     // "Tabular Q-learning"
  std::string summary;  // one line for `rllens list` and the README
  std::string lens;     // the lens that shows it best: "q", "policy", "actor-critic", "gan"
  std::function<std::unique_ptr<Agent>()> make;
};

const std::vector<AlgoEntry>& algorithms();
const AlgoEntry* findAlgorithm(const std::string& id);
// For tests: adds an algorithm (e.g. one that diverges on purpose).
void registerAlgorithm(AlgoEntry entry);

}  // namespace rl
