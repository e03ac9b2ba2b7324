#include "runs/files.hpp"

#include <unistd.h>
#include <fcntl.h>
#include <signal.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "core/agent_state.hpp"
#include "core/rl/registry.hpp"
#include "core/text.hpp"

namespace rl::runs {

void checkWritable(const std::string& path, const std::string& flag) {
  namespace fs = std::filesystem;
  const std::string shown = quoteInput(path);
  if (path.empty()) throw UsageError(flag + ": expected a file name, got ''");
  std::error_code ec;
  if (fs::is_directory(path, ec)) throw UsageError(flag + ": cannot write '" + shown + "': it is a directory");
  fs::path dir = fs::path(path).parent_path();
  if (dir.empty()) dir = ".";
  if (!fs::is_directory(dir, ec))
    throw UsageError(flag + ": cannot write '" + shown + "': the folder '" + quoteInput(dir.string()) + "' does not exist");
  if (::access(dir.c_str(), W_OK) != 0)
    throw UsageError(flag + ": cannot write '" + shown + "': " + std::strerror(errno));
}

MetricsFormat metricsFormat(const std::string& path) {
  std::string lower = path;
  for (char& c : lower) c = char(std::tolower(static_cast<unsigned char>(c)));
  auto ends = [&](const char* ext) {
    const size_t n = std::strlen(ext);
    return lower.size() > n && lower.compare(lower.size() - n, n, ext) == 0;
  };
  if (ends(".csv")) return MetricsFormat::Csv;
  if (ends(".jsonl")) return MetricsFormat::JsonLines;
  throw UsageError("--metrics: expected a file name ending in .csv or .jsonl, got '" + quoteInput(path) + "'");
}

namespace {
// Temp files of our own naming ("<name>.tmp<pid>") whose process is gone: a kill at the rename left them behind.
void removeStaleTemps(const std::filesystem::path& target) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path dir = target.parent_path().empty() ? fs::path(".") : target.parent_path();
  const std::string prefix = target.filename().string() + ".tmp";
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    const std::string name = e.path().filename().string();
    if (name.size() <= prefix.size() || name.compare(0, prefix.size(), prefix) != 0) continue;
    const std::string pid = name.substr(prefix.size());
    if (pid.find_first_not_of("0123456789") != std::string::npos || pid.size() > 9) continue;
    const pid_t p = pid_t(std::stol(pid));
    if (p != ::getpid() && ::kill(p, 0) != 0 && errno == ESRCH) fs::remove(e.path(), ec);
  }
}
}  // namespace

void writeFileAtomic(const std::string& path, const std::string& contents) {
  namespace fs = std::filesystem;
  const fs::path target(path);
  const std::string shown = quoteInput(path);
  removeStaleTemps(target);
  const fs::path tmp = target.string() + ".tmp" + std::to_string(::getpid());
  // Write, fsync, then rename: a crash or a pulled USB stick leaves the old file or the new one, never half of one.
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) throw std::runtime_error("cannot write '" + shown + "': " + std::strerror(errno));
  size_t done = 0;
  while (done < contents.size()) {
    const ssize_t n = ::write(fd, contents.data() + done, contents.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const std::string why = std::strerror(errno);
      ::close(fd);
      ::unlink(tmp.c_str());
      throw std::runtime_error("cannot write '" + shown + "': " + why);
    }
    done += size_t(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    const std::string why = std::strerror(errno);
    ::unlink(tmp.c_str());
    throw std::runtime_error("cannot write '" + shown + "': " + why);
  }
  std::error_code ec;
  fs::rename(tmp, target, ec);
  if (ec) {
    std::error_code ignored;
    fs::remove(tmp, ignored);
    throw std::runtime_error("cannot write '" + shown + "': " + ec.message());
  }
}

void writeMetrics(const Metrics& m, const std::string& path) {
  const bool jsonl = metricsFormat(path) == MetricsFormat::JsonLines;
  // Rows in step order across series, like a CleanRL run log.
  struct Row {
    double x;
    size_t series;
    double y;
  };
  std::vector<Row> rows;
  for (size_t i = 0; i < m.series().size(); ++i) {
    const SeriesData& d = m.series()[i].data();
    for (size_t k = 0; k < d.x.size(); ++k) rows.push_back({d.x[k], i, d.y[k]});
  }
  std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) { return a.x < b.x; });
  std::string out = jsonl ? "" : "global_step,metric,value\n";
  char buf[256];
  for (const Row& r : rows) {
    const std::string& name = m.series()[r.series].data().name;
    if (jsonl) std::snprintf(buf, sizeof buf, "{\"global_step\":%.17g,\"metric\":\"%s\",\"value\":%.17g}\n", r.x, name.c_str(), r.y);
    else std::snprintf(buf, sizeof buf, "%.17g,%s,%.17g\n", r.x, name.c_str(), r.y);
    out += buf;
  }
  writeFileAtomic(path, out);
}

namespace {
std::string readAgentBytes(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    throw AgentStateError("'" + quoteInput(path) + "' is a directory, expected a saved agent file");
  std::ifstream f(path, std::ios::binary);
  if (!f) throw AgentStateError("cannot open '" + quoteInput(path) + "': " + std::strerror(errno));
  return std::string((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
}
}  // namespace

// The file's parameters as --set strings, before the user's own: the run is rebuilt with the saved agent's sizes and
// settings, and a --set given on the command line still wins. Refuses another algorithm's or env's file up front.
std::vector<std::string> savedAgentSets(const std::string& path, const RunSpec& run) {
  const std::string shown = quoteInput(path);
  const AgentFileInfo info = readAgentFileInfo(readAgentBytes(path), shown);
  if (info.algo != run.algo || info.env != run.env)
    throw AgentStateError(shown + ": saved by " + quoteInput(info.algo) + " on " + quoteInput(info.env) +
                          "; this run is " + run.algo + " on " + run.env);
  const std::unique_ptr<Agent> agent = findAlgorithm(run.algo)->make();
  std::vector<std::string> sets;
  for (const auto& [name, value] : info.params) {
    const ParamSpec* spec = agent->params().find(name);
    if (!spec) continue;  // a parameter this build no longer has
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.17g", value);  // formatValue's %g would round a learning rate
    sets.push_back(name + "=" + (spec->type == ParamType::Float ? std::string(buf) : formatValue(*spec, value)));
  }
  sets.insert(sets.end(), run.sets.begin(), run.sets.end());
  return sets;
}

void saveAgent(Trainer& t, const std::string& path) { writeFileAtomic(path, saveAgentState(t.agent(), t.env())); }

void loadAgent(Trainer& t, const std::string& path) {
  loadAgentState(t.agent(), t.env(), readAgentBytes(path), quoteInput(path));
}

}  // namespace rl::runs
