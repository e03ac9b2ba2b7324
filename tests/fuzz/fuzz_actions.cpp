// libFuzzer target: `rllens env rollout --actions LIST` on the discrete gridworld and the continuous pendulum.
#include <sstream>
#include <stdexcept>
#include <string>

#include "runs/run_spec.hpp"
#include "app/cli/rollout.hpp"
#include "fuzz_util.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 4096) return 0;  // a list, not a file: keep each run short
  const std::string list(reinterpret_cast<const char*>(data), size);
  // Never read a file off the fuzzer's input: a path-like list is refused before any file is opened.
  if (list.find('/') != std::string::npos || list.find(".txt") != std::string::npos) return 0;
  for (const char* env : {"gridworld", "pendulum"}) {
    rl::cli::RolloutOptions opt;
    opt.env = env;
    opt.actions = list;
    std::ostringstream out;
    try {
      rl::cli::rollout(opt, out);
    } catch (const rl::runs::UsageError& e) {
      rlfuzz::checkMessage(e.what());
    }
  }
  return 0;
}
