#include "app/cli/headless.hpp"
#include "runs/files.hpp"
#include "runs/session_file.hpp"

#include "core/text.hpp"

#include <unistd.h>
#include <cctype>
#include <signal.h>
#include <fcntl.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <cerrno>
#include <cstring>
#include <sstream>

#include "core/agent_state.hpp"
#include "core/rl/registry.hpp"
#include "envs/registry.hpp"

namespace rl::cli {

using namespace runs;

std::string listText() {
  std::ostringstream o;
  auto params = [&](const ParamTable& t) {
    for (const ParamSpec& p : t.specs()) {
      char line[160];
      std::snprintf(line, sizeof line, "      %-12s %-7s %-22s default %-8s ", p.name.c_str(),
                    std::string(typeName(p.type)).c_str(), describeRange(p).c_str(), formatValue(p, p.def).c_str());
      o << line << p.help << (p.needsReset ? " (applies on reset)" : "") << "\n";
    }
  };
  o << "Environments:\n";
  for (const auto& e : environments()) {
    o << "  " << e.id << " — " << e.summary << "\n";
    auto env = e.make();
    o << "    observation " << env->observationSpace().describe() << ", action " << env->actionSpace().describe()
      << "\n";
    params(env->params());
  }
  o << "Algorithms:\n";
  for (const auto& a : algorithms()) {
    o << "  " << a.id << " — " << a.summary << "\n";
    std::string runs, not_;
    for (const auto& e : environments())  // asked as the picker and makeTrainer ask (A2C and A3C need the factory)
      (unsupportedReason(e.id, a.id).empty() ? runs : not_) += (std::string(" ") + e.id);
    o << "    runs on:" << (runs.empty() ? " (none)" : runs) << (not_.empty() ? "" : ";  not on:" + not_) << "\n";
    params(a.make()->params());
  }
  return o.str();
}

int train(const TrainOptions& given) {
  TrainOptions opt = given;
  if (!opt.metricsPath.empty()) {  // before any training: a bad path is found in a second, not after an hour
    checkWritable(opt.metricsPath, "--metrics");
    metricsFormat(opt.metricsPath);
  }
  if (!opt.saveAgentPath.empty()) checkWritable(opt.saveAgentPath, "--save-agent");
  if (!opt.sessionOutPath.empty()) checkWritable(opt.sessionOutPath, "--session-out");
  if (opt.replay && opt.sessionPath.empty()) throw UsageError("--replay: it replays a --session file; give one");
  std::vector<LoggedCommand> log;
  SessionFile sf;
  if (!opt.sessionPath.empty()) {  // the file is the run: env, algo, seed, parameters, command log, steps
    sf = readSessionFile(opt.sessionPath);
    opt.run = sf.run;
    log = sf.commands;
    if (!opt.stepsGiven) opt.steps = sf.steps;
    if (opt.steps == 0)
      throw UsageError("--session '" + quoteInput(opt.sessionPath) + "': it was saved at step 0; give --steps");
    if (!sf.checkpoint.empty() && opt.steps < sf.steps)
      throw UsageError("--steps: the session's checkpoint is at step " + std::to_string(sf.steps) +
                       "; --steps is the step to reach, at least that");
    if (opt.replay && sf.agentLoadedAt >= 0) openSessionTrainer(sf, opt.sessionPath, true);  // refuses, naming why
  }
  // A session with a checkpoint continues from it (--replay re-derives it from the log, then checks it).
  const bool fromCheckpoint = !sf.checkpoint.empty() && !opt.replay;
  const uint64_t selfCheckAt = !sf.checkpoint.empty() && opt.replay ? sf.steps : 0;
  if (!opt.loadAgentPath.empty()) {
    try {
      opt.run.sets = savedAgentSets(opt.loadAgentPath, opt.run);
    } catch (const AgentStateError& e) {
      throw UsageError(std::string("--load-agent: ") + e.what());
    }
  }
  std::unique_ptr<Trainer> t = fromCheckpoint ? openSessionTrainer(sf, opt.sessionPath, false) : makeTrainer(opt.run);
  if (fromCheckpoint) log.clear();  // the checkpoint holds what the log did
  if (!opt.loadAgentPath.empty()) {
    try {
      loadAgent(*t, opt.loadAgentPath);
    } catch (const AgentStateError& e) {
      throw UsageError(std::string("--load-agent: ") + e.what());
    }
  }
  if (!opt.commandsPath.empty()) {
    const std::string shown = quoteInput(opt.commandsPath);
    std::error_code ec;
    if (std::filesystem::is_directory(opt.commandsPath, ec))
      throw UsageError("--commands: expected a command log file, got the directory '" + shown + "'");
    std::ifstream in(opt.commandsPath);
    if (!in) throw UsageError("--commands: cannot open '" + shown + "': " + std::strerror(errno));
    try {
      log = parseCommandLog(in, shown);
    } catch (const std::invalid_argument& e) {
      throw UsageError(std::string("--commands ") + e.what());
    }
  }
  const bool tty = opt.progress && ::isatty(2);
  const uint64_t startSteps = t->lifetimeSteps();  // > 0 when continuing from a checkpoint: rates count this sitting
  const int spsId = t->metrics().id("charts/SPS");
  const auto t0 = std::chrono::steady_clock::now();
  auto lastBar = t0;
  size_t next = 0;
  // Chunks are small enough that a diverging run stops within a few thousand steps of its first non-finite value.
  const uint64_t chunk = 1 << 12;
  uint64_t nextSps = 1 << 20;
  bool warned = false;
  while (t->lifetimeSteps() < opt.steps) {
    uint64_t target = std::min<uint64_t>(opt.steps, t->lifetimeSteps() + chunk);
    while (next < log.size() && !log[next].command.affectsLearning()) ++next;
    if (next < log.size() && log[next].atStep < target) target = std::max(log[next].atStep, t->lifetimeSteps());
    if (selfCheckAt > t->lifetimeSteps() && selfCheckAt < target) target = selfCheckAt;
    if (target > t->lifetimeSteps()) t->advance(int(target - t->lifetimeSteps()));
    while (next < log.size() && log[next].atStep <= t->lifetimeSteps()) {
      if (log[next].command.affectsLearning()) {
        try {
          t->apply(log[next].command);
        } catch (const std::invalid_argument& e) {
          throw UsageError((opt.sessionPath.empty() ? "--commands '" + quoteInput(opt.commandsPath)
                                                    : "--session '" + quoteInput(opt.sessionPath)) +
                           "': " + e.what());
        }
      }
      ++next;
    }
    if (selfCheckAt && t->lifetimeSteps() == selfCheckAt) {  // the file's self-check: the log re-derives its checkpoint
      if (t->checkpoint() != sf.checkpoint) {
        std::fprintf(stderr, "rllens train: --replay: '%s': replaying the log to step %llu does not reach the file's "
                             "checkpoint (the log and the checkpoint disagree)\n",
                     quoteInput(opt.sessionPath).c_str(), (unsigned long long)selfCheckAt);
        return 1;
      }
      std::fprintf(stderr, "rllens train: --replay: the log reaches the file's checkpoint at step %llu, bit for bit\n",
                   (unsigned long long)selfCheckAt);
    }
    if (const std::string w = t->valueWarning(); !w.empty() && !warned) {  // once: the run goes on
      std::fprintf(stderr, "rllens train: warning at step %llu: %s\n", (unsigned long long)t->lifetimeSteps(), w.c_str());
      warned = true;
    }
    if (const std::string bad = t->checkFinite(); !bad.empty()) {
      std::fprintf(stderr, "rllens train: diverged: %s (stopped at step %llu); lower the learning rate or the step size\n",
                   bad.c_str(), (unsigned long long)t->lifetimeSteps());
      if (!opt.metricsPath.empty()) writeMetrics(t->metrics(), opt.metricsPath);
      return 3;
    }
    const auto now = std::chrono::steady_clock::now();
    const double el = std::chrono::duration<double>(now - t0).count();
    if (t->lifetimeSteps() >= nextSps || t->lifetimeSteps() == opt.steps) {  // a point per 2^20 steps and at the end
      t->metrics().add(spsId, double(t->envSteps()), el > 0 ? double(t->lifetimeSteps() - startSteps) / el : 0.0);
      while (nextSps <= t->lifetimeSteps()) nextSps += 1 << 20;
    }
    if (opt.progress && !tty && now - lastBar > std::chrono::seconds(30)) {  // a log line for redirected runs
      lastBar = now;
      std::fprintf(stderr, "step %llu/%llu  %.0f s  %.0f steps/s  %llu episodes  mean return (last 100) %.3f\n",
                   (unsigned long long)t->lifetimeSteps(), (unsigned long long)opt.steps, el,
                   el > 0 ? double(t->lifetimeSteps() - startSteps) / el : 0.0, (unsigned long long)t->episodes(),
                   t->recentMeanReturn());
    }
    if (tty && (now - lastBar > std::chrono::milliseconds(100) || t->lifetimeSteps() == opt.steps)) {
      lastBar = now;
      const double frac = double(t->lifetimeSteps()) / double(opt.steps);
      const int w = 30, fill = int(frac * w);
      std::fprintf(stderr, "\r[%s%s] %5.1f%%  %llu steps", std::string(size_t(fill), '#').c_str(),
                   std::string(size_t(w - fill), '.').c_str(), 100 * frac, (unsigned long long)t->lifetimeSteps());
    }
  }
  if (tty) std::fprintf(stderr, "\n");
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (!opt.metricsPath.empty()) writeMetrics(t->metrics(), opt.metricsPath);
  const size_t n = size_t(std::min<uint64_t>(t->episodes(), EpisodeStatistics::kRecent));
  const double mean = n ? t->recentMeanReturn() : 0.0;
  std::printf("trained %s on %s: %llu steps in %.2f s (%.2f M steps/s), %llu updates, %llu episodes, "
              "mean return (last %zu) %.4f\n",
              opt.run.algo.c_str(), opt.run.env.c_str(), (unsigned long long)t->lifetimeSteps(), secs,
              secs > 0 ? double(t->lifetimeSteps() - startSteps) / secs / 1e6 : 0.0, (unsigned long long)t->updates(),
              (unsigned long long)t->episodes(), n, mean);
  if (!opt.saveAgentPath.empty()) {
    saveAgent(*t, opt.saveAgentPath);
    std::printf("saved the agent to '%s'\n", quoteInput(opt.saveAgentPath).c_str());
  }
  if (!opt.sessionOutPath.empty()) {
    SessionFile out = sf;
    out.run = opt.run;
    out.commands = opt.sessionPath.empty() ? log : sf.commands;
    out.steps = t->lifetimeSteps();
    if (!opt.loadAgentPath.empty()) out.agentLoadedAt = 0;
    const std::string why = takeCheckpoint(*t, out);
    writeSessionFile(opt.sessionOutPath, out);
    std::printf("saved the session to '%s'%s\n", quoteInput(opt.sessionOutPath).c_str(),
                why.empty() ? " with its checkpoint" : (" without a checkpoint: " + why).c_str());
  }
  return 0;
}

}  // namespace rl::cli
