#include "envs/env_checker.hpp"

#include <bit>
#include <cmath>

#include "core/rng.hpp"

namespace rl {

namespace {

std::string where(int t) { return " (step " + std::to_string(t) + ")"; }

bool sameObs(std::span<const float> a, std::span<const float> b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (!(a[i] == b[i])) return false;
  return true;
}

// A random action valid in env's current state.
struct RandomActor {
  Rng rng;
  std::vector<double> u;
  StepResult act(Env& env, int* discrete) {
    const Space a = env.actionSpace();
    if (a.kind == Space::Kind::Discrete) {
      const uint64_t mask = env.actionMask();
      int k = rng.below(std::popcount(mask)), act = 0;
      for (; act < a.n; ++act)
        if ((mask >> act & 1) && k-- == 0) break;
      *discrete = act;
      return env.step(act);
    }
    u.resize(a.flatSize());
    for (size_t i = 0; i < u.size(); ++i) u[i] = rng.uniform(a.low[i], a.high[i]);
    return env.stepContinuous(u);
  }
};

void checkSpaces(const Env& env, std::vector<std::string>& out) {
  const Space o = env.observationSpace(), a = env.actionSpace();
  for (const Space* s : {&o, &a}) {
    const char* which = s == &o ? "observation space" : "action space";
    if (s->kind == Space::Kind::Discrete && s->n <= 0) out.push_back(std::string(which) + ": Discrete(n) needs n > 0");
    if (s->kind == Space::Kind::Box) {
      if (s->low.size() != s->flatSize() || s->high.size() != s->flatSize())
        out.push_back(std::string(which) + ": Box bounds do not match its shape");
      for (size_t i = 0; i < s->low.size() && i < s->high.size(); ++i)
        if (!(s->low[i] <= s->high[i])) out.push_back(std::string(which) + ": low > high at element " + std::to_string(i));
    }
  }
  if (a.kind == Space::Kind::Discrete && a.n < 64 && (env.actionMask() >> a.n) != 0)
    out.push_back("actionMask offers actions outside the action space");
}

}  // namespace

std::vector<std::string> checkEnv(const std::function<std::unique_ptr<Env>()>& make, const EnvCheckOptions& opt) {
  std::vector<std::string> out;
  auto a = make(), b = make();
  const std::string id = a->info().id;
  checkSpaces(*a, out);
  // reset(seed) gives the same observation again after the env has moved on.
  std::vector<float> first, again;
  {
    const auto o = a->reset(opt.seed);
    first.assign(o.begin(), o.end());
    RandomActor wander{Rng(opt.seed ^ 5)};
    for (int t = 0, unused = 0; t < 5; ++t) wander.act(*a, &unused);
    const auto o2 = a->reset(opt.seed);
    again.assign(o2.begin(), o2.end());
  }
  if (!sameObs(first, again)) out.push_back("reset(seed) twice gave different observations");
  if (!a->observationSpace().contains(first)) out.push_back("the reset observation is outside the observation space");
  a->reset(opt.seed);

  // Two copies with one seed stay in lockstep under the same random actions.
  b->reset(opt.seed);
  RandomActor actorA{Rng(opt.seed ^ 77)}, actorB{Rng(opt.seed ^ 77)};
  int episodeLen = 0, truncations = 0;
  for (int t = 0; t < opt.lockstepSteps; ++t) {
    int actA = -1, actB = -1;
    const StepResult ra = actorA.act(*a, &actA), rb = actorB.act(*b, &actB);
    ++episodeLen;
    if (ra.reward != rb.reward || ra.terminated != rb.terminated || ra.truncated != rb.truncated) {
      out.push_back("two copies with one seed diverged in reward/flags" + where(t));
      break;
    }
    if (!sameObs(a->observation(), b->observation())) {
      out.push_back("two copies with one seed diverged in observation" + where(t));
      break;
    }
    if (!std::isfinite(ra.reward)) out.push_back("non-finite reward" + where(t));
    if (!a->observationSpace().contains(a->observation())) {
      out.push_back("observation outside the observation space" + where(t));
      break;
    }
    if (ra.terminated && !opt.mayTerminate) out.push_back("terminated set on an env that never terminates" + where(t));
    if (opt.expectTruncationAt > 0) {
      const bool shouldTruncate = episodeLen == opt.expectTruncationAt && !ra.terminated;
      if (ra.truncated != shouldTruncate) {
        out.push_back("truncated was " + std::string(ra.truncated ? "set" : "not set") + " after " +
                      std::to_string(episodeLen) + " steps, expected truncation at " +
                      std::to_string(opt.expectTruncationAt) + where(t));
        break;
      }
    }
    truncations += ra.truncated;
    if (ra.terminated || ra.truncated) {
      a->reset();
      b->reset();
      episodeLen = 0;
      if (!sameObs(a->observation(), b->observation())) {
        out.push_back("two copies diverged at an auto-reset" + where(t));
        break;
      }
    }
  }
  if (opt.expectTruncationAt > 0 && opt.lockstepSteps >= opt.expectTruncationAt && truncations == 0)
    out.push_back("no truncation seen within " + std::to_string(opt.lockstepSteps) + " steps");
  for (auto& p : out) p = id + ": " + p;
  return out;
}

}  // namespace rl
