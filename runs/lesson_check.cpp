#include "runs/lesson.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>
#include <tuple>

#include "core/text.hpp"

namespace rl::runs {

std::string setsLabel(const std::vector<std::string>& sets) {
  if (sets.empty()) return "";
  std::string out = " [";
  for (size_t i = 0; i < sets.size(); ++i) out += (i ? " " : "") + sets[i];
  return out + "]";
}

namespace {

// The points of one series in a window of x (global steps), as stored.
std::vector<double> pointsIn(const SeriesData& d, double from, double to) {
  std::vector<double> y;
  for (size_t i = 0; i < d.x.size(); ++i)
    if (d.x[i] >= from && d.x[i] <= to) y.push_back(d.y[i]);
  return y;
}

}  // namespace

// NaN when there is nothing to measure (the assertion then fails and says so).
double statOf(const std::vector<double>& y, const std::string& stat, int n) {
  if (stat == "count") return double(y.size());
  if (y.empty()) return NAN;
  auto mean = [](auto b, auto e) {
    double s = 0;
    for (auto i = b; i != e; ++i) s += *i;
    return s / double(e - b);
  };
  const size_t k = std::min(y.size(), size_t(n));
  if (stat == "mean_last") return mean(y.end() - long(k), y.end());
  if (stat == "mean_first") return mean(y.begin(), y.begin() + long(k));
  if (stat == "mean") return mean(y.begin(), y.end());
  if (stat == "max") return *std::max_element(y.begin(), y.end());
  if (stat == "min") return *std::min_element(y.begin(), y.end());
  return y.back();  // last
}

namespace {


std::string num(double v) {
  if (std::isnan(v)) return "none";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.4g", v);
  return buf;
}

// The bare name a --set value or a scripted "set" command changes: "algo.double" and "double" are the same switch.
std::string bareName(const std::string& name) {
  if (name.rfind("env.", 0) == 0) return name.substr(4);
  if (name.rfind("algo.", 0) == 0) return name.substr(5);
  return name;
}
std::string overrideName(const std::string& kv) { return kv.substr(0, kv.find('=')); }

// Whether a run's algorithm or env has the parameter an override names (env. and algo. read as the Trainer reads
// them).
bool hasParam(Trainer& t, const std::string& kv) {
  const std::string name = overrideName(kv), bare = bareName(name);
  const bool onlyEnv = name.rfind("env.", 0) == 0, onlyAlgo = name.rfind("algo.", 0) == 0;
  return (!onlyEnv && t.agent().params().find(bare)) || (!onlyAlgo && t.env().params().find(bare));
}

// One run of the check with the overrides appended. A run of another algorithm than the preset's takes only the
// overrides its algorithm or the env has: the others (a learning rate for a random policy) are listed in skipped.
struct PlannedRun {
  RunSpec spec;
  std::vector<std::string> skipped;
};
PlannedRun planRun(const Lesson& lesson, const std::string& algo, const std::vector<std::string>& extra,
                   const std::vector<std::string>& overrides) {
  PlannedRun p{variantRun(lesson.run, algo, extra), {}};
  if (overrides.empty()) return p;
  if (p.spec.algo == lesson.run.algo) {
    p.spec.sets.insert(p.spec.sets.end(), overrides.begin(), overrides.end());
    return p;
  }
  std::unique_ptr<Trainer> scratch = makeTrainer(p.spec);
  for (const std::string& kv : overrides) (hasParam(*scratch, kv) ? p.spec.sets : p.skipped).push_back(kv);
  return p;
}

std::string joinedValues(const std::vector<double>& v) {
  std::string out;
  for (double x : v) out += (out.empty() ? "" : ", ") + num(x);
  return out;
}

// "measured (seeds 1, 2, 3): 0.1, 0.2, 0.3; mean 0.2, spread 0.1–0.3"
std::string sideLine(const std::string& label, const std::vector<uint64_t>& seeds, const std::vector<double>& v,
                     double mean) {
  std::string seedList;
  for (uint64_t s : seeds) seedList += (seedList.empty() ? "" : ", ") + std::to_string(s);
  std::string line = label + " (seeds " + seedList + "): " + joinedValues(v) + "; mean " + num(mean) + ", spread ";
  const bool missing = std::any_of(v.begin(), v.end(), [](double x) { return std::isnan(x); });
  if (missing || v.empty()) return line + "none";
  const auto [lo, hi] = std::minmax_element(v.begin(), v.end());
  return line + num(*lo) + "–" + num(*hi);
}

}  // namespace

CheckResult runLessonCheck(const Lesson& lesson, bool shortBudget, std::ostream* log,
                           const std::vector<std::string>& overrides) {
  const uint64_t budget = shortBudget ? lesson.check.shortSteps : lesson.check.steps;
  // The scripted commands keep their place in the story: with the short budget they happen at the same fraction of
  // the run (a switch at step 20 000 of 60 000 happens at 5 000 of 15 000).
  std::vector<LoggedCommand> script = lesson.commands;
  if (budget != lesson.check.steps)
    for (LoggedCommand& lc : script)
      lc.atStep = uint64_t(std::llround(double(lc.atStep) * double(budget) / double(lesson.check.steps)));
  // An override pins its parameter for the whole run: a scripted command that would set it again (double-dqn's
  // "set double 1") would switch the concept back on halfway, so it is dropped.
  std::set<std::string> pinned;
  for (const std::string& kv : overrides) pinned.insert(bareName(overrideName(kv)));
  std::erase_if(script, [&](const LoggedCommand& lc) {
    const bool drop = lc.command.type == Command::Type::SetParam && pinned.count(bareName(lc.command.name)) > 0;
    if (drop && log)
      *log << "  the script's '" << formatCommand(lc) << "' is dropped: --set pins " << lc.command.name << "\n";
    return drop;
  });

  // One run per distinct extra sets and seed, shared by every assertion that needs it.
  std::map<std::tuple<std::string, std::vector<std::string>, bool>, std::vector<Metrics>> byRun;
  auto runsFor = [&](const std::string& algo, const std::vector<std::string>& extra,
                     bool withScript) -> const std::vector<Metrics>& {
    const RunSpec probe = variantRun(lesson.run, algo, extra);
    // The script is the preset algorithm's; another algorithm runs without it.
    withScript = withScript && probe.algo == lesson.run.algo && !script.empty();
    auto it = byRun.find({algo, extra, withScript});
    if (it != byRun.end()) return it->second;
    const PlannedRun plan = planRun(lesson, algo, extra, overrides);
    if (log && !plan.skipped.empty())
      *log << "  " << plan.spec.algo << " has no parameter for" << setsLabel(plan.skipped) << ": its runs go without\n";
    std::vector<Metrics> out = runOverSeeds(
        plan.spec, lesson.check.seeds, withScript ? script : std::vector<LoggedCommand>{}, budget,
        [&](const RunSpec& spec) {
          if (log) *log << "  running " << spec.algo << " on " << spec.env << " seed " << spec.seed << setsLabel(spec.sets)
                        << (withScript ? " with the script" : "") << ", " << budget << " steps\n" << std::flush;
        });
    return byRun.emplace(std::tuple{algo, extra, withScript}, std::move(out)).first->second;
  };
  // The stat of a metric on each seed (NaN where a seed has nothing to measure).
  auto measure = [&](const std::string& algo, const std::vector<std::string>& extra, bool withScript,
                     const std::string& metric, std::pair<double, double> window, const LessonAssertion& a) {
    auto statIn = [&](const Metrics& m, const std::string& name) {
      const MetricSeries* s = m.find(name);
      if (!s && a.stat == "count") return 0.0;  // a series never written has no points: count 0, not unknown
      return s ? statOf(pointsIn(s->data(), window.first * double(budget), window.second * double(budget)), a.stat, a.n)
               : NAN;
    };
    std::vector<double> perSeed;
    for (const Metrics& m : runsFor(algo, extra, withScript))
      perSeed.push_back(a.minus.empty() ? statIn(m, metric) : statIn(m, metric) - statIn(m, a.minus));
    return perSeed;
  };
  // The mean over seeds; NaN if any seed has nothing to measure (a missing seed must not vanish into the mean).
  auto meanOf = [](const std::vector<double>& v) {
    double sum = 0;
    for (double x : v) sum += x;
    return v.empty() ? NAN : sum / double(v.size());
  };

  CheckResult result;
  for (const LessonAssertion& a : lesson.check.asserts) {
    AssertionResult r;
    r.measuredPerSeed = measure(a.algo, a.sets, a.script, a.metric, a.window, a);
    r.measured = meanOf(r.measuredPerSeed);
    std::string statName = a.stat == "mean_last" || a.stat == "mean_first" ? a.stat + "(" + std::to_string(a.n) + ")" : a.stat;
    auto windowLabel = [&](std::pair<double, double> w) {
      if (w.first == 0 && w.second == 1) return std::string();
      return " in steps " + std::to_string(uint64_t(w.first * double(budget))) + "–" +
             std::to_string(uint64_t(w.second * double(budget)));
    };
    const std::string quantity = a.minus.empty() ? a.metric : a.metric + " − " + a.minus;
    auto runLabel = [&](const std::string& algo, const std::vector<std::string>& sets, bool withScript) {
      return (algo.empty() || algo == lesson.run.algo ? "" : " (" + algo + ")") + setsLabel(sets) +
             (withScript || lesson.commands.empty() ? "" : " without the script");
    };
    r.description = statName + " of " + quantity + runLabel(a.algo, a.sets, a.script) + windowLabel(a.window) + " = " + num(r.measured);
    r.detail = sideLine("measured", lesson.check.seeds, r.measuredPerSeed, r.measured);
    double base = NAN;
    if (a.hasValue) {
      r.target = a.value;
      r.targetPerSeed.assign(r.measuredPerSeed.size(), a.value);
      r.description += " " + a.op + " " + num(a.value);
    } else {
      const std::string bm = a.baselineMetric.empty() ? a.metric : a.baselineMetric;
      r.baselinePerSeed = measure(a.againstAlgo, a.against, a.againstScript, bm, a.baselineWindow, a);
      base = meanOf(r.baselinePerSeed);
      r.target = a.factor * base;
      for (double b : r.baselinePerSeed) r.targetPerSeed.push_back(a.factor * b);
      r.description += " " + a.op + " " + num(a.factor) + " × " + num(base) + " = " + num(r.target) + " (" + statName +
                       " of " + (a.minus.empty() ? bm : bm + " − " + a.minus) + runLabel(a.againstAlgo, a.against, a.againstScript) +
                       windowLabel(a.baselineWindow) + ")";
      r.detail += "\n" + sideLine("baseline", lesson.check.seeds, r.baselinePerSeed, base);
    }
    auto holds = [&](double m, double t) {
      if (std::isnan(m) || std::isnan(t)) return false;
      return a.op == ">" ? m > t : a.op == ">=" ? m >= t : a.op == "<" ? m < t : m <= t;
    };
    // A comparison pairs the measured run and the baseline of the same seed: they share the seed's env and
    // initialisation, so the pair isolates the switch.
    std::string where;
    bool everySeed = true;
    for (size_t i = 0; i < r.measuredPerSeed.size(); ++i) {
      const bool ok = holds(r.measuredPerSeed[i], r.targetPerSeed[i]);
      r.seedPass.push_back(ok);
      everySeed &= ok;
      where += (where.empty() ? "" : ", ") + std::string("seed ") + std::to_string(lesson.check.seeds[i]) +
               (ok ? " yes (" : " NO (") + num(r.measuredPerSeed[i]) + " " + a.op + " " + num(r.targetPerSeed[i]) + ")";
    }
    r.meanPass = holds(r.measured, r.target);
    r.detail += "\nholds on: " + where + "; mean " + (r.meanPass ? "yes (" : "NO (") + num(r.measured) + " " + a.op +
                " " + num(r.target) + ")";
    r.pass = r.meanPass && everySeed;
    result.results.push_back(std::move(r));
  }
  return result;
}

void checkOverrides(const Lesson& lesson, const std::vector<std::string>& overrides) {
  if (overrides.empty()) return;
  // Names and values must be valid for the preset (makeTrainer says "--set: …" naming the parameter) ...
  makeTrainer(variantRun(lesson.run, "", overrides));
  // ... and each run of the check must accept the values it takes, found now rather than after minutes of runs.
  std::set<std::pair<std::string, std::vector<std::string>>> seen;
  auto probe = [&](const std::string& algo, const std::vector<std::string>& extra) {
    if (seen.insert({algo, extra}).second) makeTrainer(planRun(lesson, algo, extra, overrides).spec);
  };
  for (const LessonAssertion& a : lesson.check.asserts) {
    probe(a.algo, a.sets);
    if (a.hasFactor) probe(a.againstAlgo, a.against);
  }
}

}  // namespace rl::runs
