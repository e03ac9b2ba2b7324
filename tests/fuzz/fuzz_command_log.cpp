// libFuzzer target: the command-log parser. Any input either parses or is refused with one valid-UTF-8 line.
#include <cstdlib>
#include <sstream>
#include <stdexcept>

#include "core/session/command.hpp"
#include "fuzz_util.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
  try {
    for (const rl::LoggedCommand& c : rl::parseCommandLog(in, "fuzz.log")) {
      // What parses formats back to a line that parses to the same command.
      const std::string line = rl::formatCommand(c);
      if (rl::formatCommand(rl::parseCommand(line)) != line) std::abort();
    }
  } catch (const std::invalid_argument& e) {
    rlfuzz::checkMessage(e.what());
  }
  return 0;
}
