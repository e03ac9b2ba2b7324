#include "app/cli/rollout.hpp"
#include "core/text.hpp"
#include "runs/run_spec.hpp"

#include <cmath>
#include <cstring>
#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <ostream>
#include <sstream>

#include "app/cli/headless.hpp"
#include "envs/registry.hpp"

namespace rl::cli {

using runs::UsageError;

namespace {

// Words separated by commas, spaces, tabs or newlines ('#' starts a comment). An empty item between two commas
// ("5,,1") is an error, not something to drop silently.
std::vector<std::string> tokens(const std::string& text, const char* flag) {
  std::vector<std::string> out;
  std::stringstream lines(text);
  int lineNo = 0;
  for (std::string line; std::getline(lines, line);) {
    ++lineNo;
    if (const auto hash = line.find('#'); hash != std::string::npos) line.resize(hash);
    for (char& c : line)
      if (c == '\t' || c == '\r') c = ' ';
    std::stringstream items(line);
    bool first = true;
    for (std::string item; std::getline(items, item, ',');) {
      std::stringstream words(item);
      int n = 0;
      for (std::string w; words >> w; ++n) out.push_back(w);
      if (n == 0 && !first)
        throw UsageError(std::string(flag) + ": line " + std::to_string(lineNo) + ": an empty item between commas in '" +
                         quoteInput(line) + "'");
      first = false;
    }
    if (!line.empty() && line.find_last_not_of(' ') != std::string::npos && line[line.find_last_not_of(' ')] == ',')
      throw UsageError(std::string(flag) + ": line " + std::to_string(lineNo) + ": a trailing comma in '" +
                       quoteInput(line) + "'");
  }
  return out;
}

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

void applySettings(Env& env, const RolloutOptions& opt) {
  auto set = [&](const std::string& name, const std::string& value, const std::string& flag) {
    const ParamSpec* spec = env.params().find(name);
    if (!spec) {
      std::string valid;
      for (const auto& s : env.params().specs()) valid += (valid.empty() ? "" : ", ") + s.name;
      throw UsageError(flag + ": env '" + quoteInput(opt.env) + "' has no parameter '" + quoteInput(name) + "'; valid: " + valid);
    }
    try {
      env.params().set(name, parseValue(*spec, value));
    } catch (const std::invalid_argument& e) {
      throw UsageError(flag + ": " + e.what());
    }
  };
  for (const std::string& kv : opt.sets) {
    const auto eq = kv.find('=');
    if (eq == std::string::npos || eq == 0) throw UsageError("--set: expected name=value, got '" + quoteInput(kv) + "'");
    set(kv.substr(0, eq), kv.substr(eq + 1), "--set");
  }
  if (!opt.init.empty()) {
    for (std::string kv : tokens(opt.init, "--init")) {
      const auto eq = kv.find('=');
      if (eq == std::string::npos || eq == 0) throw UsageError("--init: expected name=value, e.g. theta=1, got '" + quoteInput(kv) + "'");
      set("init_" + kv.substr(0, eq), kv.substr(eq + 1), "--init");
    }
    set("random_init", "false", "--init");
  }
  env.paramsChanged();
}

}  // namespace

void rollout(const RolloutOptions& opt, std::ostream& out) {
  if (opt.format != "jsonl") throw UsageError("--format: expected jsonl, got '" + quoteInput(opt.format) + "'");
  const EnvEntry* entry = findEnvironment(opt.env);
  if (!entry) {
    std::string valid;
    for (const auto& e : environments()) valid += (valid.empty() ? "" : ", ") + e.id;
    throw UsageError("unknown env '" + quoteInput(opt.env) + "'; valid: " + valid);
  }
  auto env = entry->make();
  applySettings(*env, opt);

  // Actions: a file when the argument names one, else an inline list.
  std::string text = opt.actions;
  std::error_code ec;
  const bool looksLikePath = opt.actions.find('/') != std::string::npos || opt.actions.find(".txt") != std::string::npos ||
                             std::filesystem::exists(opt.actions, ec);
  if (looksLikePath) {  // a file: it must be one, and readable
    if (std::filesystem::is_directory(opt.actions, ec))
      throw UsageError("--actions: expected a file of actions or a list like 5,1,1,5, got the directory '" +
                       quoteInput(opt.actions) + "'");
    std::ifstream in(opt.actions);
    if (!in) throw UsageError("--actions: cannot open '" + quoteInput(opt.actions) + "': " + std::strerror(errno));
    std::stringstream ss;
    ss << in.rdbuf();
    if (in.bad()) throw UsageError("--actions: cannot read '" + quoteInput(opt.actions) + "'");
    text = ss.str();
  }
  const std::vector<std::string> words = tokens(text, "--actions");
  if (words.empty()) throw UsageError("--actions: no actions given (a file or a list like 5,1,1,5)");
  const Space a = env->actionSpace();
  std::vector<int> discrete;
  std::vector<std::vector<double>> continuous;
  for (size_t t = 0; t < words.size(); ++t) {
    const std::string& w = words[t];
    const std::string at = "--actions: step " + std::to_string(t) + ": '" + quoteInput(w) + "' ";
    if (a.kind == Space::Kind::Discrete) {
      long long v = -1;
      if (!parseInt(w, v) || v < 0 || v >= a.n)
        throw UsageError(at + "is not an action of " + a.describe() + " (expected an integer 0.." + std::to_string(a.n - 1) + ")");
      discrete.push_back(int(v));
    } else {
      std::vector<double> u;
      std::stringstream parts(w);
      for (std::string p; std::getline(parts, p, ':');) {
        double v = NAN;
        if (!parseFiniteDouble(p, v)) throw UsageError(at + "has a value that is not a finite decimal number");
        u.push_back(v);
      }
      if (u.size() != a.flatSize())
        throw UsageError(at + "has " + std::to_string(u.size()) + " values, expected " + std::to_string(a.flatSize()) +
                         " for " + a.describe() + " (separate them with ':')");
      continuous.push_back(std::move(u));
    }
  }

  env->reset(opt.seed);
  const size_t steps = a.kind == Space::Kind::Discrete ? discrete.size() : continuous.size();
  for (size_t t = 0; t < steps; ++t) {
    StepResult r;
    std::string action;
    if (a.kind == Space::Kind::Discrete) {
      r = env->step(discrete[t]);
      action = std::to_string(discrete[t]);
    } else {
      r = env->stepContinuous(continuous[t]);
      action = continuous[t].size() == 1 ? num(continuous[t][0]) : "[" + [&] {
        std::string s;
        for (double v : continuous[t]) s += (s.empty() ? "" : ",") + num(v);
        return s;
      }() + "]";
    }
    std::string line = "{\"t\":" + std::to_string(t) + ",\"action\":" + action + ",\"reward\":" + num(r.reward) +
                       ",\"terminated\":" + (r.terminated ? "true" : "false") +
                       ",\"truncated\":" + (r.truncated ? "true" : "false") + ",\"obs\":[";
    const auto o = env->observation();
    for (size_t i = 0; i < o.size(); ++i) line += (i ? "," : "") + num(o[i]);
    line += "]";
    if (const std::string d = env->stepDetail(); !d.empty()) line += "," + d;
    out << line << "}\n";
    if (r.terminated || r.truncated) env->reset();
  }
}

}  // namespace rl::cli
