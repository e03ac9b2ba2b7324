// libFuzzer target: a run's checkpoint (Trainer::restore) on arbitrary bytes. The first byte picks the run — tabular
// Q-learning on the gridworld, DQN on the gridworld (a network, an optimiser and a replay buffer), or Q-learning on
// the cliff with slip — the rest is the checkpoint. It either restores (and the run then trains on) or is refused
// with one valid-UTF-8 line; never a crash, a sanitizer report or an allocation sized by the input.
#include <cstdlib>
#include <stdexcept>
#include <string>

#include "runs/run_spec.hpp"
#include "core/agent_state.hpp"
#include "core/checkpoint.hpp"
#include "fuzz_util.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  static const rl::runs::RunSpec runs[] = {
      {"gridworld", "q-learning", 1, {}},
      {"gridworld", "dqn", 1, {"learning_starts=50", "buffer_size=200", "hidden=8"}},
      {"gridworld", "q-learning", 1, {"layout=cliff", "slip=0.1"}},
  };
  const rl::runs::RunSpec& run = runs[data[0] % 3];
  auto t = rl::runs::makeTrainer(run);
  const std::string_view bytes(reinterpret_cast<const char*>(data + 1), size - 1);
  try {
    t->restore(bytes);
  } catch (const rl::CheckpointError& e) {
    rlfuzz::checkMessage(e.what());
    return 0;
  } catch (const rl::AgentStateError& e) {
    rlfuzz::checkMessage(e.what());
    return 0;
  } catch (const std::invalid_argument& e) {  // a parameter value out of its range
    rlfuzz::checkMessage(e.what());
    return 0;
  }
  t->advance(64);  // what restored must run
  return 0;
}
