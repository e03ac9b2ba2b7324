#include "app/cli/rollout.hpp"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <ostream>
#include <sstream>

#include "app/cli/headless.hpp"
#include "envs/registry.hpp"

namespace rl::cli {

namespace {

std::vector<std::string> tokens(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (const auto hash = line.find('#'); hash != std::string::npos) line.resize(hash);
    for (char& c : line)
      if (c == ',' || c == '\t' || c == '\r') c = ' ';
    std::stringstream words(line);
    for (std::string w; words >> w;) out.push_back(w);
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
      throw UsageError(flag + ": env '" + opt.env + "' has no parameter '" + name + "'; valid: " + valid);
    }
    try {
      env.params().set(name, parseValue(*spec, value));
    } catch (const std::invalid_argument& e) {
      throw UsageError(flag + ": " + e.what());
    }
  };
  for (const std::string& kv : opt.sets) {
    const auto eq = kv.find('=');
    if (eq == std::string::npos || eq == 0) throw UsageError("--set '" + kv + "': expected name=value");
    set(kv.substr(0, eq), kv.substr(eq + 1), "--set");
  }
  if (!opt.init.empty()) {
    for (std::string kv : tokens(opt.init)) {
      const auto eq = kv.find('=');
      if (eq == std::string::npos || eq == 0) throw UsageError("--init '" + kv + "': expected name=value, e.g. theta=1");
      set("init_" + kv.substr(0, eq), kv.substr(eq + 1), "--init");
    }
    set("random_init", "false", "--init");
  }
  env.paramsChanged();
}

}  // namespace

void rollout(const RolloutOptions& opt, std::ostream& out) {
  if (opt.format != "jsonl") throw UsageError("--format '" + opt.format + "': expected jsonl");
  const EnvEntry* entry = findEnvironment(opt.env);
  if (!entry) {
    std::string valid;
    for (const auto& e : environments()) valid += (valid.empty() ? "" : ", ") + e.id;
    throw UsageError("unknown env '" + opt.env + "'; valid: " + valid);
  }
  auto env = entry->make();
  applySettings(*env, opt);

  // Actions: a file when the argument names one, else an inline list.
  std::string text = opt.actions;
  if (std::filesystem::is_regular_file(opt.actions)) {
    std::ifstream in(opt.actions);
    std::stringstream ss;
    ss << in.rdbuf();
    text = ss.str();
  }
  const std::vector<std::string> words = tokens(text);
  if (words.empty()) throw UsageError("--actions: no actions given (a file or a list like 5,1,1,5)");
  const Space a = env->actionSpace();
  std::vector<int> discrete;
  std::vector<std::vector<double>> continuous;
  for (size_t t = 0; t < words.size(); ++t) {
    const std::string& w = words[t];
    const std::string at = "--actions: step " + std::to_string(t) + ": '" + w + "' ";
    if (a.kind == Space::Kind::Discrete) {
      size_t used = 0;
      long v = -1;
      try {
        v = std::stol(w, &used);
      } catch (...) {
        used = 0;
      }
      if (used != w.size() || v < 0 || v >= a.n)
        throw UsageError(at + "is not an action of " + a.describe() + " (expected an integer 0.." + std::to_string(a.n - 1) + ")");
      discrete.push_back(int(v));
    } else {
      std::vector<double> u;
      std::stringstream parts(w);
      for (std::string p; std::getline(parts, p, ':');) {
        size_t used = 0;
        double v = NAN;
        try {
          v = std::stod(p, &used);
        } catch (...) {
          used = 0;
        }
        if (used != p.size() || !std::isfinite(v)) throw UsageError(at + "has a value that is not a finite number");
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
