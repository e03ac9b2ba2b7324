#include "core/session/trainer.hpp"
#include "core/agent_state.hpp"
#include "core/checkpoint.hpp"
#include "core/text.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace rl {

Trainer::Trainer(std::unique_ptr<Env> env, std::unique_ptr<Agent> agent, uint64_t seed)
    : env_(std::make_unique<EpisodeStatistics>(std::move(env), metrics_, envSteps_)),
      agent_(std::move(agent)),
      seed_(seed) {
  if (auto why = agent_->unsupportedReason(env_->inner()); !why.empty())
    throw std::invalid_argument("algorithm '" + agent_->id() + "' cannot run on env '" + env_->info().id + "': " + why);
  syncDiscountHint();
  agent_->reset(*env_, seed_);
}

void Trainer::syncDiscountHint() {
  if (agent_->params().find("gamma")) env_->setDiscountHint(agent_->params().get("gamma"));
}

Trainer::Target Trainer::findParam(const std::string& qualified, const ParamSpec** spec) {
  std::string name = qualified;
  bool onlyEnv = false, onlyAlgo = false;
  if (name.rfind("env.", 0) == 0) name = name.substr(4), onlyEnv = true;
  else if (name.rfind("algo.", 0) == 0) name = name.substr(5), onlyAlgo = true;
  if (!onlyEnv)
    if (const ParamSpec* s = agent_->params().find(name)) return *spec = s, Target{&agent_->params(), false};
  if (!onlyAlgo)
    if (const ParamSpec* s = env_->params().find(name)) return *spec = s, Target{&env_->params(), true};
  std::string valid;
  for (const auto& v : paramViews()) valid += (valid.empty() ? "" : ", ") + v.spec.name;
  throw std::invalid_argument("unknown parameter '" + quoteInput(qualified) + "' for " + agent_->id() + " on " +
                              env_->info().id + "; valid: " + valid);
}

void Trainer::setParamText(const std::string& name, const std::string& text) {
  const ParamSpec* spec = nullptr;
  findParam(name, &spec);
  apply(Command::setParam(name, parseValue(*spec, text)));
}

void Trainer::apply(const Command& c) {
  charts_.reset();  // a reset, a parameter or an env edit may change which series the agent logs
  switch (c.type) {
    case Command::Type::Reset:
      seed_ = c.seed;
      metrics_.clear();
      seriesCache_.clear();
      seriesCacheVersion_.clear();
      envSteps_ = 0;
      episodesAtReset_ = env_->episodes();
      env_->paramsChanged();
      agent_->reset(*env_, seed_);
      updatesAtReset_ = agent_->stats().updates;
      pendingReset_.clear();
      break;
    case Command::Type::SetParam: {
      const ParamSpec* spec = nullptr;
      Target t = findParam(c.name, &spec);
      t.table->set(spec->name, c.value);  // validates; throws naming the parameter
      if (spec->needsReset) {
        pendingReset_.insert(spec->name);
      } else if (t.env) {
        env_->paramsChanged();
        agent_->envChanged(*env_);  // agents with env copies mirror the value
      } else {
        agent_->paramsChanged();
      }
      syncDiscountHint();
      break;
    }
    case Command::Type::EditEnv:
      env_->edit(c.edit);  // throws (nothing changed) when the edit does not apply
      agent_->envEdited(c.edit);
      agent_->envChanged(*env_);
      break;
    case Command::Type::HumanAction: {
      const Space a = env_->actionSpace();
      if (a.kind == Space::Kind::Discrete) {
        if (c.action < 0 || c.action >= a.n)
          throw std::invalid_argument("human action " + std::to_string(c.action) + " is not in " + a.describe());
        advance(1, c.action);  // the agent takes the step and learns from it
      } else {
        // Continuous human play steps the env directly: agents learn from their own actions only.
        if (a.flatSize() != 1 || c.action >= 0 || !std::isfinite(c.value))
          throw std::invalid_argument("human action: expected one value for " + a.describe());
        const double u = std::clamp(c.value, a.low[0], a.high[0]);
        const StepResult r = env_->stepContinuous(std::span<const double>(&u, 1));
        env_->endCall();
        if (r.terminated || r.truncated) env_->reset();
        ++envSteps_;
        ++lifetimeSteps_;
      }
      break;
    }
    default: break;
  }
}

int Trainer::advance(int maxSteps, int forcedAction) {
  if (maxSteps <= 0) return 0;
  int n = 0;
  try {
    n = agent_->trainStep(*env_, maxSteps, metrics_, envSteps_, forcedAction);
  } catch (...) {
    env_->endCall();
    throw;
  }
  env_->endCall();
  envSteps_ += uint64_t(n);
  lifetimeSteps_ += uint64_t(n);
  return n;
}

void Trainer::replay(const std::vector<LoggedCommand>& log, uint64_t total) {
  auto runTo = [&](uint64_t target) {
    while (lifetimeSteps_ < target) {
      const uint64_t left = target - lifetimeSteps_;
      if (advance(int(left > 65536 ? 65536 : left)) == 0) break;
    }
  };
  for (const LoggedCommand& lc : log) {
    if (!lc.command.affectsLearning()) continue;
    runTo(lc.atStep);
    apply(lc.command);
  }
  runTo(total);
}

namespace {
// Every parameter of a table by name and value; on reading, each is set (validated) in this run's table.
void persistParams(StateIO& io, ParamTable& t, const char* whose) {
  uint64_t n = t.specs().size();
  io.bounded(n, uint64_t(1024), "the number of parameters");
  std::vector<std::pair<std::string, double>> values;
  if (!io.reading())
    for (const ParamSpec& s : t.specs()) values.emplace_back(s.name, t.get(s.name));
  values.resize(size_t(n));
  for (auto& [name, value] : values) {
    io.io(name);
    io.io(value);
    if (!io.reading()) continue;
    if (!t.find(name)) io.fail(std::string(whose) + " has no parameter '" + quoteInput(name) + "'");
    try {
      t.set(name, value);
    } catch (const std::invalid_argument& e) {
      io.fail(e.what());
    }
  }
}
}  // namespace

// After the learned state, the same order both ways: the agent's runtime state, the env's, the metrics.
void Trainer::persistRuntime(StateIO& io) {
  agent_->persistBase(io);
  io.section("agent");
  agent_->persist(io);
  io.section("env");
  env_->persist(io);
  metrics_.persist(io);
  io.section("end");
}

std::string Trainer::checkpoint() {
  if (!pendingReset_.empty())
    throw CheckpointUnsupported("'" + *pendingReset_.begin() + "' was changed and applies on the next reset");
  StateIO io = StateIO::writer();
  io.section("rllens checkpoint");
  uint32_t version = kCheckpointVersion;
  io.io(version);
  std::string algo = agent_->id(), env = env_->info().id;
  io.io(algo), io.io(env);
  io.io(seed_), io.io(envSteps_), io.io(lifetimeSteps_), io.io(updatesAtReset_), io.io(episodesAtReset_);
  io.section("parameters");
  persistParams(io, agent_->params(), "the algorithm");
  persistParams(io, env_->params(), "the env");
  io.section("learned");
  std::string learned = saveAgentState(*agent_, *env_);
  io.io(learned);
  persistRuntime(io);
  return io.bytes();
}

void Trainer::restore(std::string_view bytes) {
  StateIO io = StateIO::reader(bytes);
  io.section("rllens checkpoint");
  uint32_t version = 0;
  io.io(version);
  if (version != kCheckpointVersion)
    io.fail("checkpoint format version " + std::to_string(version) + ", this build reads version " +
            std::to_string(kCheckpointVersion));
  std::string algo, env;
  io.io(algo), io.io(env);
  if (algo != agent_->id() || env != env_->info().id)
    io.fail("it holds '" + quoteInput(algo) + "' on '" + quoteInput(env) + "', this run is '" + agent_->id() +
            "' on '" + env_->info().id + "'");
  uint64_t seed = 0, envSteps = 0, lifetime = 0, updatesAtReset = 0, episodesAtReset = 0;
  io.io(seed), io.io(envSteps), io.io(lifetime), io.io(updatesAtReset), io.io(episodesAtReset);
  io.section("parameters");
  persistParams(io, agent_->params(), "the algorithm");
  persistParams(io, env_->params(), "the env");
  // Rebuild the agent with the checkpoint's parameters (network sizes, buffers). A reset may adjust some of them
  // from a switch it has not seen yet (DDPG's td3 sets its three switches): then the checkpoint's values go in
  // again and the second reset, the switch now seen, builds exactly what the checkpointed run had.
  const auto values = [&] {
    std::vector<double> v;
    for (const ParamTable* t : {&agent_->params(), &env_->params()})
      for (const ParamSpec& s : t->specs()) v.push_back(t->get(s.name));
    return v;
  };
  const std::vector<double> wanted = values();
  syncDiscountHint();
  apply(Command::reset(seed));
  if (values() != wanted) {
    size_t k = 0;
    for (ParamTable* t : {&agent_->params(), &env_->params()})
      for (const ParamSpec& s : t->specs()) t->set(s.name, wanted[k++]);
    syncDiscountHint();
    apply(Command::reset(seed));
    if (values() != wanted) io.fail("the parameters do not survive a reset of this build's algorithm");
  }
  io.section("learned");
  std::string learned;
  io.io(learned);
  loadAgentState(*agent_, *env_, learned, "checkpoint");
  persistRuntime(io);
  if (!io.done()) io.fail("bytes after the end");
  envSteps_ = envSteps, lifetimeSteps_ = lifetime, updatesAtReset_ = updatesAtReset, episodesAtReset_ = episodesAtReset;
  seriesCache_.clear(), seriesCacheVersion_.clear(), charts_.reset();
}

std::vector<ParamView> Trainer::paramViews() const {
  std::vector<ParamView> out;
  for (int owner = 0; owner < 2; ++owner) {
    const ParamTable& t = owner == 0 ? agent_->params() : env_->params();
    for (const ParamSpec& s : t.specs())
      out.push_back({s, t.get(s.name), owner == 1, pendingReset_.count(s.name) > 0});
  }
  return out;
}

void Trainer::fillSnapshot(Snapshot& s) {
  const EnvInfo info = env_->info();
  s.envId = info.id;
  s.envInfo = info;
  s.algoId = agent_->id();
  s.seed = seed_;
  s.envSteps = envSteps_;
  s.lifetimeSteps = lifetimeSteps_;
  s.updates = updates();
  s.episodes = episodes();
  s.lastReturn = env_->lastReturn();
  s.currentReturn = env_->currentReturn();
  // Copy only series that changed since the last snapshot; unchanged ones share the previous immutable copy.
  const auto& all = metrics_.series();
  seriesCache_.resize(all.size());
  seriesCacheVersion_.resize(all.size(), ~0ULL);
  for (size_t i = 0; i < all.size(); ++i) {
    if (seriesCacheVersion_[i] != all[i].version() || !seriesCache_[i]) {
      seriesCache_[i] = std::make_shared<const SeriesData>(all[i].data());
      seriesCacheVersion_[i] = all[i].version();
    }
  }
  s.series = seriesCache_;
  if (!charts_) charts_ = std::make_shared<const ChartPlan>(agent_->charts(info));
  s.charts = charts_;
  s.render = env_->renderState();
  s.insights = Insights{};
  agent_->fillInsights(s.insights);
  agent_->fillEnvInsights(*env_, s.insights);
  s.params = paramViews();
}

std::string Trainer::valueWarning() const {
  const double v = agent_->valueMagnitude(), rMax = env_->maxAbsReward();
  if (!(v > 0) || !std::isfinite(rMax) || !agent_->params().find("gamma")) return {};
  const double gamma = agent_->params().get("gamma");
  if (gamma >= 1.0) return {};
  const double bound = rMax / (1.0 - gamma);
  if (v <= bound * 1.05 + 1e-9) return {};
  char buf[240];
  std::snprintf(buf, sizeof buf,
                "|Q| = %.3g, beyond the largest possible return |r|max/(1 − γ) = %.3g/(1 − %.3g) = %.3g: the value "
                "estimates are diverging (lower the learning rate)",
                v, rMax, gamma, bound);
  return buf;
}

}  // namespace rl
