#include "runs/run_spec.hpp"

#include "core/rl/registry.hpp"
#include "core/text.hpp"
#include "envs/registry.hpp"

namespace rl::runs {

namespace {

std::string envChoices() {
  std::string s;
  for (const auto& e : environments()) s += (s.empty() ? "" : ", ") + e.id;
  return s;
}
std::string algoChoices() {
  std::string s;
  for (const auto& a : algorithms()) s += (s.empty() ? "" : ", ") + a.id;
  return s;
}

}  // namespace

std::unique_ptr<Trainer> makeTrainer(const RunSpec& spec) {
  const EnvEntry* env = findEnvironment(spec.env);
  if (!env) throw UsageError("unknown env '" + quoteInput(spec.env) + "'; valid: " + envChoices());
  const AlgoEntry* algo = findAlgorithm(spec.algo);
  if (!algo) throw UsageError("unknown algorithm '" + quoteInput(spec.algo) + "'; valid: " + algoChoices());
  std::unique_ptr<Trainer> t;
  try {
    std::unique_ptr<Agent> agent = algo->make();
    agent->setEnvFactory(env->make);  // before the Trainer: its constructor resets the agent
    t = std::make_unique<Trainer>(env->make(), std::move(agent), spec.seed);
  } catch (const std::invalid_argument& e) {
    throw UsageError(e.what());
  }
  bool needReset = false;
  for (const std::string& kv : spec.sets) {
    const auto eq = kv.find('=');
    if (eq == std::string::npos || eq == 0)
      throw UsageError("--set: expected name=value, e.g. --set alpha=0.1, got '" + quoteInput(kv) + "'");
    try {
      t->setParamText(kv.substr(0, eq), kv.substr(eq + 1));
    } catch (const std::invalid_argument& e) {
      throw UsageError(std::string("--set: ") + e.what());
    }
    needReset = true;
  }
  // Parameters that only act on reset (initial values, sizes) must hold from step 0.
  if (needReset) t->apply(Command::reset(spec.seed));
  return t;
}

std::string unsupportedReason(const std::string& envId, const std::string& algoId) {
  const EnvEntry* env = findEnvironment(envId);
  const AlgoEntry* algo = findAlgorithm(algoId);
  if (!env || !algo) return "unknown env or algorithm";
  // Built as makeTrainer builds it: agents that run several env copies (A2C, A3C) need the factory to say yes.
  std::unique_ptr<Agent> agent = algo->make();
  agent->setEnvFactory(env->make);
  return agent->unsupportedReason(*env->make());
}

std::vector<Metrics> runOverSeeds(RunSpec spec, const std::vector<uint64_t>& seeds,
                                  const std::vector<LoggedCommand>& script, uint64_t steps,
                                  const std::function<void(const RunSpec&)>& onStart) {
  std::vector<Metrics> out;
  for (uint64_t seed : seeds) {
    spec.seed = seed;
    if (onStart) onStart(spec);
    std::unique_ptr<Trainer> t = makeTrainer(spec);
    t->replay(script, steps);
    out.push_back(t->metrics());
  }
  return out;
}

}  // namespace rl::runs
