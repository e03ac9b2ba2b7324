#include "core/checkpoint.hpp"

namespace rl {

void StateIO::section(std::string_view name) {
  std::string s(name);
  if (!reading_) {
    io(s);
    lastSection_ = std::move(s);
    return;
  }
  std::string found;
  uint64_t n = 0;
  io(n);
  if (n > 64 || n > in_.size() - pos_) fail("expected the part '" + s + "'");
  found.assign(in_.data() + pos_, size_t(n));
  pos_ += size_t(n);
  if (found != s) fail("expected the part '" + s + "'");
  lastSection_ = std::move(s);
}

void StateIO::io(std::string& s) {
  uint64_t n = s.size();
  io(n);
  if (!reading_) {
    out_ += s;
    return;
  }
  if (n > in_.size() - pos_) fail("a text runs past the end");
  s.assign(in_.data() + pos_, size_t(n));
  pos_ += size_t(n);
}

void StateIO::fail(const std::string& what) const {
  throw CheckpointError("checkpoint damaged or from another build: " + what + " (in the part '" + lastSection_ +
                        "', byte " + std::to_string(pos_) + ")");
}

}  // namespace rl

// ---- The defaults of the contracts that name their runtime state ----

#include "core/agent.hpp"
#include "core/insights.hpp"
#include "core/env.hpp"
#include "core/metrics.hpp"
#include "core/text.hpp"

namespace rl {

void persist(StateIO& io, TdBreakdown& td) {
  io.io(td.state), io.io(td.action), io.io(td.nextState), io.io(td.nextAction);
  io.io(td.reward), io.io(td.gamma), io.io(td.nextValue), io.io(td.target), io.io(td.before), io.io(td.after);
  io.io(td.alpha), io.io(td.terminal);
  std::string rule = tdRuleName(td.rule);  // by name: the checkpoint does not depend on the enum's order
  io.io(rule);
  if (io.reading()) {
    bool known = false;
    for (TdRule r : {TdRule::Max, TdRule::Sarsa, TdRule::Expected, TdRule::Double, TdRule::MonteCarlo})
      if (rule == tdRuleName(r)) td.rule = r, known = true;
    if (!known) io.fail("the last TD update names an unknown rule");
  }
  io.io(td.horizon), io.io(td.gradientStep), io.io(td.loss);
  io.io(td.batch), io.io(td.lossName);
}

void persist(StateIO& io, ActorCriticStep& s) {
  io.io(s.valid), io.io(s.reward), io.io(s.gamma), io.io(s.value), io.io(s.nextValue), io.io(s.delta);
  io.io(s.terminal), io.io(s.logProb), io.io(s.action), io.io(s.actionValue), io.io(s.valueAfter);
  io.io(s.logProbAfter), io.io(s.alphaCritic), io.io(s.alphaActor), io.io(s.lambda), io.io(s.batch), io.io(s.target);
  io.io(s.estimator), io.io(s.criticError), io.io(s.actorFrozen), io.io(s.criticFrozen), io.io(s.criticTarget);
}

void Env::persist(StateIO&) {
  throw CheckpointUnsupported("the env '" + info().id + "' cannot be checkpointed yet");
}

void Agent::persist(StateIO&) {
  throw CheckpointUnsupported("the algorithm '" + id() + "' cannot be checkpointed yet");
}

void Agent::persistBase(StateIO& io) {
  io.section("agent base");
  io.io(stats_.updates);
  io.io(presetEnv_);
}

void MetricSeries::persist(StateIO& io) {
  io.io(d_.x);
  io.io(d_.y);
  if (io.reading() && d_.x.size() != d_.y.size()) io.fail("a metric's x and y differ in length");
  io.io(d_.rawCount);
  io.io(d_.last);
  io.io(d_.stride);
  uint64_t capacity = capacity_;
  io.io(capacity);
  if (io.reading() && (capacity != capacity_ || d_.x.size() > capacity_ || d_.stride == 0))
    io.fail("the metric '" + d_.name + "' does not fit this build's series");
  io.io(accX_);
  io.io(accY_);
  io.io(accN_);
}

void Metrics::persist(StateIO& io) {
  io.section("metrics");
  // Wall-clock rates belong to the sitting that measured them (and the CLI adds charts/SPS where the app does not):
  // a checkpoint leaves them out, so the same run checkpointed live and replayed gives the same bytes. The others go
  // by name, in the order they were created, so a restored run creates them in the same order.
  const auto wallClock = [](const std::string& n) { return n == "charts/SPS" || n == "charts/pushes_per_second"; };
  std::vector<size_t> kept;
  for (size_t i = 0; i < series_.size(); ++i)
    if (!wallClock(series_[i].data().name)) kept.push_back(i);
  uint64_t n = kept.size();
  io.bounded(n, uint64_t(4096), "the number of metrics");
  for (size_t k = 0; k < size_t(n); ++k) {
    std::string name = io.reading() ? std::string() : series_[kept[k]].data().name;
    io.io(name);
    if (io.reading() && (name.empty() || name.size() > 200 || wallClock(name) || quoteInput(name, 200) != name))
      io.fail("a metric's name does not fit");  // (not echoed: it may be anything)
    series_[size_t(io.reading() ? id(name) : int(kept[k]))].persist(io);
  }
  io.io(badName_);
  io.io(badX_);
  io.io(badY_);
}

}  // namespace rl
