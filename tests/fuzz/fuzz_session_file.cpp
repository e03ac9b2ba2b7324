// libFuzzer target: the session-file reader (rllens FILE.rllens, `rllens train --session`) on arbitrary bytes, then
// — when the file carries a checkpoint — opening it, as the app and the CLI do. Every refusal is one valid-UTF-8
// line; nothing crashes, and no size in the file (steps, the checkpoint's length) is trusted before it is checked.
#include <unistd.h>

#include <cstdio>
#include <stdexcept>
#include <string>

#include "runs/session_file.hpp"
#include "fuzz_util.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::string path = "/tmp/rllens-fuzz-session-" + std::to_string(::getpid()) + ".rllens";
  FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) return 0;
  std::fwrite(data, 1, size, f);
  std::fclose(f);
  try {
    const rl::runs::SessionFile s = rl::runs::readSessionFile(path);
    if (!s.checkpoint.empty()) rl::runs::openSessionTrainer(s, path, false);  // a log-only file would replay its steps
  } catch (const rl::runs::UsageError& e) {
    rlfuzz::checkMessage(e.what());
  } catch (const std::invalid_argument& e) {
    rlfuzz::checkMessage(e.what());
  }
  return 0;
}
