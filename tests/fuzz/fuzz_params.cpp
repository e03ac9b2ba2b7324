// libFuzzer target: parameter values as --set and the command log give them, "name=value", against DQN's and PPO's
// tables on the gridworld (every type: float, int, bool, choice; qualified names env./algo.).
#include <memory>
#include <stdexcept>
#include <string>

#include "runs/run_spec.hpp"
#include "fuzz_util.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static std::unique_ptr<rl::Trainer> dqn = rl::runs::makeTrainer({"gridworld", "dqn", 1, {}});
  static std::unique_ptr<rl::Trainer> ppo = rl::runs::makeTrainer({"gridworld", "ppo", 1, {}});
  const std::string s(reinterpret_cast<const char*>(data), size);
  const size_t eq = s.find('=');
  if (eq == std::string::npos) return 0;
  for (rl::Trainer* t : {dqn.get(), ppo.get()}) {
    try {
      t->setParamText(s.substr(0, eq), s.substr(eq + 1));
    } catch (const std::invalid_argument& e) {
      rlfuzz::checkMessage(e.what());
    }
  }
  return 0;
}
