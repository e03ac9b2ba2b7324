// Runs the real rllens binary for the CLI tests: its exit status and everything it printed (stdout + stderr).
#pragma once
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <string>

namespace rl::testutil {

struct CliResult {
  int code = -1;
  std::string out;  // stdout + stderr
};

// `env` is prepended to the command line ("XDG_CONFIG_HOME=/tmp/x").
inline CliResult runRllens(const std::string& args, const std::string& env = "") {
  const std::string cmd = env + " " RLLENS_BIN " " + args + " 2>&1";
  CliResult r;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return r;
  std::array<char, 4096> buf;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), n);
  const int status = pclose(p);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

}  // namespace rl::testutil
