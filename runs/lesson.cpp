#include "runs/lesson.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <tuple>

#include "core/rl/registry.hpp"
#include "core/text.hpp"
#include "envs/registry.hpp"

#ifndef RLLENS_LESSON_DIR
#define RLLENS_LESSON_DIR ""
#endif
#ifndef RLLENS_INSTALL_LESSON_DIR
#define RLLENS_INSTALL_LESSON_DIR "/usr/local/share/rllens/lessons"
#endif

namespace rl::runs {

namespace {

constexpr int kLessonVersion = 1;
constexpr size_t kMinSeeds = 3;
const char* const kLenses[] = {"q", "policy", "actor-critic", "gan"};
const char* const kStats[] = {"mean_last", "mean_first", "mean", "max", "min", "last", "count"};
const char* const kOps[] = {">", ">=", "<", "<="};

// Everything wrong with a lesson file is one line: "<file>: <field>: <what was expected>".
struct Ctx {
  std::string file;  // the file name as shown (no directory: lessons are reported by name)
  [[noreturn]] void fail(const std::string& field, const std::string& what) const {
    throw UsageError(file + ": " + field + ": " + what);
  }
};

std::string shortDump(const nlohmann::json& j) {
  std::string s = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return s.size() > 60 ? s.substr(0, 57) + "..." : s;
}

const nlohmann::json& need(const Ctx& c, const nlohmann::json& j, const std::string& key, const std::string& field) {
  if (!j.contains(key)) c.fail(field, "missing");
  return j.at(key);
}

std::string needString(const Ctx& c, const nlohmann::json& j, const std::string& key, const std::string& field) {
  const nlohmann::json& v = need(c, j, key, field);
  if (!v.is_string() || v.get<std::string>().empty()) c.fail(field, "expected a non-empty string, got " + shortDump(v));
  return v.get<std::string>();
}

// A text in both languages: {"en": "...", "zh": "..."}, neither empty — a lesson is never half translated.
LessonText needText(const Ctx& c, const nlohmann::json& j, const std::string& key, const std::string& field) {
  const nlohmann::json& v = need(c, j, key, field);
  if (!v.is_object()) c.fail(field, "expected {\"en\": \"…\", \"zh\": \"…\"}, got " + shortDump(v));
  for (const auto& [k, _] : v.items())
    if (k != "en" && k != "zh") c.fail(field + "." + k, "unknown language (expected en and zh)");
  return {needString(c, v, "en", field + ".en"), needString(c, v, "zh", field + ".zh")};
}

uint64_t needUnsigned(const Ctx& c, const nlohmann::json& j, const std::string& key, const std::string& field) {
  const nlohmann::json& v = need(c, j, key, field);
  if (!v.is_number_unsigned()) c.fail(field, "expected a whole number ≥ 0, got " + shortDump(v));
  return v.get<uint64_t>();
}

double needNumber(const Ctx& c, const nlohmann::json& j, const std::string& key, const std::string& field) {
  const nlohmann::json& v = need(c, j, key, field);
  if (!v.is_number() || !std::isfinite(v.get<double>())) c.fail(field, "expected a number, got " + shortDump(v));
  return v.get<double>();
}

std::vector<std::string> stringList(const Ctx& c, const nlohmann::json& v, const std::string& field, bool isSet) {
  if (!v.is_array()) c.fail(field, isSet ? "expected a list of \"name=value\" strings" : "expected a list of strings");
  std::vector<std::string> out;
  for (size_t i = 0; i < v.size(); ++i) {
    const std::string f = field + "[" + std::to_string(i) + "]";
    if (!v[i].is_string() || v[i].get<std::string>().empty()) c.fail(f, "expected a non-empty string, got " + shortDump(v[i]));
    if (isSet && v[i].get<std::string>().find('=') == std::string::npos)
      c.fail(f, "expected \"name=value\", got " + shortDump(v[i]));
    out.push_back(v[i].get<std::string>());
  }
  return out;
}

void onlyKeys(const Ctx& c, const nlohmann::json& j, std::initializer_list<const char*> keys, const std::string& prefix) {
  for (const auto& [k, _] : j.items()) {
    bool known = false;
    for (const char* key : keys) known |= k == key;
    if (!known) c.fail(prefix + k, "unknown field");
  }
}

template <size_t N>
bool oneOf(const std::string& s, const char* const (&list)[N]) {
  return std::find(std::begin(list), std::end(list), s) != std::end(list);
}

template <size_t N>
std::string joined(const char* const (&list)[N]) {
  std::string out;
  for (const char* s : list) out += (out.empty() ? "" : ", ") + std::string(s);
  return out;
}


// Builds a run to check that every id, --set name and value is valid; field names where the extra sets came from.
// What a lesson's runs are validated with: the preset's trainer, built once, and the other algorithms' runs built
// so far. Building a GAN or DDPG trainer takes a noticeable fraction of a second and the app loads every lesson at
// start, so a variant of the preset's algorithm only sets its extra values on the preset's trainer (which checks
// each name and value), and each other run is built once.
struct Validation {
  std::unique_ptr<Trainer> preset;
  std::set<std::vector<std::string>> built;
};

void checkRun(const Ctx& c, const RunSpec& preset, const std::string& algo, const std::vector<std::string>& extra,
              const std::string& field, Validation& v) {
  RunSpec run = variantRun(preset, algo, extra);
  if (v.preset && run.algo == preset.algo) {
    for (const std::string& kv : extra) {
      const size_t eq = kv.find('=');
      try {
        v.preset->setParamText(kv.substr(0, eq), kv.substr(eq + 1));
      } catch (const std::invalid_argument& e) {
        c.fail(field, std::string("--set: ") + e.what());
      }
    }
    return;
  }
  std::vector<std::string> key = run.sets;
  key.push_back(run.algo);
  if (!v.built.insert(key).second) return;
  try {
    std::unique_ptr<Trainer> t = makeTrainer(run);
    if (!v.preset && run.algo == preset.algo && run.sets == preset.sets) v.preset = std::move(t);
  } catch (const UsageError& e) {
    // An algorithm that cannot run on the env is the algorithm's mistake, not the parameters'.
    const bool algoMismatch = std::string(e.what()).find("cannot run on env") != std::string::npos;
    c.fail(algoMismatch ? (algo.empty() ? "algo" : field.substr(0, field.rfind('.')) + ".algo") : field, e.what());
  } catch (const std::invalid_argument& e) {
    c.fail("algo", e.what());
  }
}

LessonAssertion parseAssertion(const Ctx& c, const nlohmann::json& a, const std::string& field, const RunSpec& run,
                               Validation& built) {
  if (!a.is_object()) c.fail(field, "expected an assertion object");
  onlyKeys(c, a, {"claim", "metric", "minus", "stat", "n", "window", "algo", "sets", "script", "op", "value", "factor",
                  "against"},
           field + ".");
  LessonAssertion out;
  out.claim = needText(c, a, "claim", field + ".claim");
  out.metric = needString(c, a, "metric", field + ".metric");
  if (a.contains("stat")) {
    out.stat = needString(c, a, "stat", field + ".stat");
    if (!oneOf(out.stat, kStats)) c.fail(field + ".stat", "expected one of " + joined(kStats) + ", got '" + quoteInput(out.stat) + "'");
  }
  if (a.contains("n")) {
    const uint64_t n = needUnsigned(c, a, "n", field + ".n");
    if (n < 1 || n > 100000) c.fail(field + ".n", "expected a number of points from 1 to 100000");
    out.n = int(n);
  }
  if (a.contains("window")) {
    const nlohmann::json& w = a.at("window");
    if (!w.is_array() || w.size() != 2 || !w[0].is_number() || !w[1].is_number() || w[0].get<double>() < 0 ||
        w[1].get<double>() > 1 || w[0].get<double>() >= w[1].get<double>())
      c.fail(field + ".window", "expected [from, to], fractions of the budget with 0 ≤ from < to ≤ 1, got " + shortDump(w));
    out.window = {w[0].get<double>(), w[1].get<double>()};
  }
  if (a.contains("minus")) out.minus = needString(c, a, "minus", field + ".minus");
  if (a.contains("algo")) {
    out.algo = needString(c, a, "algo", field + ".algo");
    if (!findAlgorithm(out.algo)) c.fail(field + ".algo", "expected an algorithm id (see `rllens list`), got '" + quoteInput(out.algo) + "'");
  }
  if (a.contains("sets")) out.sets = stringList(c, a.at("sets"), field + ".sets", true);
  if (a.contains("script")) {
    if (!a.at("script").is_boolean()) c.fail(field + ".script", "expected true or false (replay the command log)");
    out.script = a.at("script").get<bool>();
  }
  checkRun(c, run, out.algo, out.sets, field + ".sets", built);
  out.op = needString(c, a, "op", field + ".op");
  if (!oneOf(out.op, kOps)) c.fail(field + ".op", "expected one of " + joined(kOps) + ", got '" + quoteInput(out.op) + "'");
  out.hasValue = a.contains("value");
  out.hasFactor = a.contains("factor");
  if (out.hasValue == out.hasFactor)
    c.fail(field, "expected exactly one of value (a threshold) and factor (a comparison with \"against\")");
  if (out.hasValue) out.value = needNumber(c, a, "value", field + ".value");
  if (out.hasFactor) {
    out.factor = needNumber(c, a, "factor", field + ".factor");
    const nlohmann::json& ag = need(c, a, "against", field + ".against");
    if (!ag.is_object()) c.fail(field + ".against", "expected {\"sets\": [...], \"metric\": ..., \"window\": [...]}");
    onlyKeys(c, ag, {"algo", "sets", "script", "metric", "window"}, field + ".against.");
    if (ag.contains("script")) {
      if (!ag.at("script").is_boolean()) c.fail(field + ".against.script", "expected true or false (replay the command log)");
      out.againstScript = ag.at("script").get<bool>();
    }
    if (ag.contains("algo")) {
      out.againstAlgo = needString(c, ag, "algo", field + ".against.algo");
      if (!findAlgorithm(out.againstAlgo))
        c.fail(field + ".against.algo", "expected an algorithm id (see `rllens list`), got '" + quoteInput(out.againstAlgo) + "'");
    }
    if (ag.contains("sets")) out.against = stringList(c, ag.at("sets"), field + ".against.sets", true);
    checkRun(c, run, out.againstAlgo, out.against, field + ".against.sets", built);
    if (ag.contains("metric")) out.baselineMetric = needString(c, ag, "metric", field + ".against.metric");
    out.baselineWindow = out.window;
    if (ag.contains("window")) {
      const nlohmann::json& w = ag.at("window");
      if (!w.is_array() || w.size() != 2 || !w[0].is_number() || !w[1].is_number() || w[0].get<double>() < 0 ||
          w[1].get<double>() > 1 || w[0].get<double>() >= w[1].get<double>())
        c.fail(field + ".against.window", "expected [from, to] with 0 ≤ from < to ≤ 1, got " + shortDump(w));
      out.baselineWindow = {w[0].get<double>(), w[1].get<double>()};
    }
    if (out.algo == out.againstAlgo && out.sets == out.against && out.script == out.againstScript &&
        out.baselineMetric.empty() &&
        out.window == out.baselineWindow)
      c.fail(field + ".against", "compares a run with itself (give other sets, another metric or another window)");
  } else if (a.contains("against")) {
    c.fail(field + ".against", "only with factor (a threshold claim has no baseline)");
  }
  return out;
}

bool contains(const std::string& hay, const std::string& needle) { return hay.find(needle) != std::string::npos; }

}  // namespace

// The run of an assertion: the preset plus extra sets, or — when the assertion names another algorithm — that
// algorithm on the preset's env and seed with only the extra sets (the preset's sets belong to its algorithm).
RunSpec variantRun(RunSpec run, const std::string& algo, const std::vector<std::string>& extra) {
  if (!algo.empty() && algo != run.algo) run.algo = algo, run.sets.clear();
  run.sets.insert(run.sets.end(), extra.begin(), extra.end());
  return run;
}

std::string lessonDir() {
  std::error_code ec;
  const std::string source = RLLENS_LESSON_DIR;
  if (!source.empty() && std::filesystem::is_directory(source, ec)) return source;
  return RLLENS_INSTALL_LESSON_DIR;
}

Lesson parseLesson(const std::string& text, const std::string& id, const std::string& path) {
  const Ctx c{std::filesystem::path(path).filename().string()};
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    throw UsageError(c.file + ": not JSON (byte " + std::to_string(e.byte) + ")");
  }
  if (!j.is_object()) throw UsageError(c.file + ": expected a JSON object");
  // The id names the lesson on the command line and its test: keep it a plain word.
  if (id.empty() || !std::all_of(id.begin(), id.end(), [](char ch) {
        return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-';
      }))
    throw UsageError(c.file + ": the file name is the lesson id: expected lowercase letters, digits and '-'");
  onlyKeys(c, j, {"rllens_lesson", "title", "summary", "lens", "concepts", "env", "algo", "seed", "sets", "speed",
                  "view", "commands", "pages", "ablation", "check"}, "");
  const nlohmann::json& version = need(c, j, "rllens_lesson", "rllens_lesson");
  if (!version.is_number_integer() || version.get<long long>() != kLessonVersion)
    c.fail("rllens_lesson", "expected the format version " + std::to_string(kLessonVersion) + ", got " + shortDump(version));

  Lesson l;
  l.id = id, l.path = path;
  l.title = needText(c, j, "title", "title");
  l.summary = needText(c, j, "summary", "summary");
  l.lens = needString(c, j, "lens", "lens");
  if (!oneOf(l.lens, kLenses)) c.fail("lens", "expected one of " + joined(kLenses) + ", got '" + quoteInput(l.lens) + "'");
  l.concepts = stringList(c, need(c, j, "concepts", "concepts"), "concepts", false);
  if (l.concepts.empty()) c.fail("concepts", "expected at least one concept");

  const std::string env = needString(c, j, "env", "env");
  if (!findEnvironment(env)) c.fail("env", "expected an environment id (see `rllens list`), got '" + quoteInput(env) + "'");
  const std::string algo = needString(c, j, "algo", "algo");
  if (!findAlgorithm(algo)) c.fail("algo", "expected an algorithm id (see `rllens list`), got '" + quoteInput(algo) + "'");
  l.run.env = env, l.run.algo = algo;
  l.run.seed = needUnsigned(c, j, "seed", "seed");
  if (j.contains("sets")) l.run.sets = stringList(c, j.at("sets"), "sets", true);
  Validation built;  // the preset's trainer and the runs already built (validated) for this lesson
  checkRun(c, l.run, "", {}, "sets", built);
  if (j.contains("speed")) {
    l.speed = needNumber(c, j, "speed", "speed");
    if (l.speed < 0 || l.speed > 1e7) c.fail("speed", "expected steps per second in [0, 10000000] (0 = as fast as possible)");
  }
  if (j.contains("view")) {
    if (!j.at("view").is_object()) c.fail("view", "expected an object");
    l.view = j.at("view");
  }

  if (j.contains("commands")) {
    const nlohmann::json& commands = j.at("commands");
    if (!commands.is_array()) c.fail("commands", "expected a list of command lines");
    uint64_t last = 0;
    for (size_t i = 0; i < commands.size(); ++i) {
      const std::string field = "commands[" + std::to_string(i) + "]";
      if (!commands[i].is_string()) c.fail(field, "expected a command line, got " + shortDump(commands[i]));
      try {
        l.commands.push_back(parseCommand(commands[i].get<std::string>()));
      } catch (const std::invalid_argument& e) {
        c.fail(field, e.what());
      }
      if (l.commands.back().atStep < last) c.fail(field, "its step goes back in time");
      last = l.commands.back().atStep;
    }
    // Each command must apply to this run: a misspelt parameter is found now, not halfway through a class. (The
    // preset's trainer is a scratch copy from here on: only names and values are checked on it.)
    for (size_t i = 0; i < l.commands.size(); ++i) {
      try {
        if (l.commands[i].command.affectsLearning()) built.preset->apply(l.commands[i].command);
      } catch (const std::exception& e) {
        c.fail("commands[" + std::to_string(i) + "]", e.what());
      }
    }
  }

  const nlohmann::json& pages = need(c, j, "pages", "pages");
  if (!pages.is_array() || pages.empty()) c.fail("pages", "expected a list of at least one page");
  uint64_t lastAt = 0;
  for (size_t i = 0; i < pages.size(); ++i) {
    const std::string field = "pages[" + std::to_string(i) + "]";
    if (!pages[i].is_object()) c.fail(field, "expected {\"text\": …, \"watch\": …, \"at_step\": …}");
    onlyKeys(c, pages[i], {"text", "watch", "at_step", "show", "action", "question"}, field + ".");
    LessonStep s;
    s.text = needText(c, pages[i], "text", field + ".text");
    s.watch = needText(c, pages[i], "watch", field + ".watch");
    if (pages[i].contains("show")) {
      const nlohmann::json& show = pages[i].at("show");
      if (!show.is_object()) c.fail(field + ".show", "expected {\"lens\": \"<a lens section's title>\", \"chart\": \"<metric>\"}");
      onlyKeys(c, show, {"lens", "chart"}, field + ".show.");
      if (show.contains("lens")) s.showLens = needString(c, show, "lens", field + ".show.lens");
      if (show.contains("chart")) s.showChart = needString(c, show, "chart", field + ".show.chart");
    }
    if (pages[i].contains("question")) {
      const nlohmann::json& q = pages[i].at("question");
      const std::string qf = field + ".question";
      if (!q.is_object()) c.fail(qf, "expected {\"ask\": {…}, \"options\": [{…}, …], \"answer\": …, \"explain\": {…}}");
      onlyKeys(c, q, {"ask", "options", "answer", "explain", "measure", "reveal_at"}, qf + ".");
      if (q.contains("reveal_at")) s.question.revealAt = needUnsigned(c, q, "reveal_at", qf + ".reveal_at");
      s.hasQuestion = true;
      s.question.ask = needText(c, q, "ask", qf + ".ask");
      const nlohmann::json& opts = need(c, q, "options", qf + ".options");
      if (!opts.is_array() || opts.size() < 2 || opts.size() > 4)
        c.fail(qf + ".options", "expected a list of 2 to 4 answers, each {\"en\": …, \"zh\": …}");
      for (size_t k = 0; k < opts.size(); ++k) {
        nlohmann::json holder = {{"o", opts[k]}};
        s.question.options.push_back(needText(c, holder, "o", qf + ".options[" + std::to_string(k) + "]"));
      }
      const nlohmann::json& ans = need(c, q, "answer", qf + ".answer");
      if (!ans.is_number_unsigned() || ans.get<uint64_t>() >= opts.size())
        c.fail(qf + ".answer", "expected the index of the right answer, 0 to " + std::to_string(opts.size() - 1));
      s.question.answer = int(ans.get<uint64_t>());
      s.question.explain = needText(c, q, "explain", qf + ".explain");
      if (q.contains("measure")) {
        const nlohmann::json& m = q.at("measure");
        if (!m.is_object()) c.fail(qf + ".measure", "expected {\"metric\": …, \"stat\": …, \"n\": …, \"label\": {…}}");
        onlyKeys(c, m, {"metric", "stat", "n", "label"}, qf + ".measure.");
        s.question.metric = needString(c, m, "metric", qf + ".measure.metric");
        if (m.contains("stat")) {
          s.question.stat = needString(c, m, "stat", qf + ".measure.stat");
          if (s.question.stat != "mean_last" && s.question.stat != "last" && s.question.stat != "mean" &&
              s.question.stat != "max" && s.question.stat != "min")
            c.fail(qf + ".measure.stat", "expected one of mean_last, last, mean, max, min");
        }
        if (m.contains("n")) s.question.n = int(needUnsigned(c, m, "n", qf + ".measure.n"));
        s.question.measureLabel = needText(c, m, "label", qf + ".measure.label");
      }
    }
    if (pages[i].contains("action")) {
      const nlohmann::json& all = pages[i].at("action");
      const bool list = all.is_array();
      for (size_t k = 0; k < (list ? all.size() : 1); ++k) {
        const nlohmann::json& act = list ? all[k] : all;
        const std::string af = field + ".action" + (list ? "[" + std::to_string(k) + "]" : "");
        if (!act.is_object()) c.fail(af, "expected {\"label\": {…}, \"pin\": …, \"algo\": …, \"sets\": […]}");
        onlyKeys(c, act, {"label", "pin", "algo", "sets"}, af + ".");
        LessonAction a;
        a.label = needText(c, act, "label", af + ".label");
        if (act.contains("pin")) {
          if (!act.at("pin").is_boolean()) c.fail(af + ".pin", "expected true or false");
          a.pin = act.at("pin").get<bool>();
        }
        if (act.contains("algo")) a.algo = needString(c, act, "algo", af + ".algo");
        if (act.contains("sets")) a.sets = stringList(c, act.at("sets"), af + ".sets", true);
        if (!a.pin && a.algo.empty() && a.sets.empty()) c.fail(af, "does nothing: give pin, algo or sets");
        checkRun(c, l.run, a.algo, a.sets, af + ".sets", built);
        s.actions.push_back(std::move(a));
      }
    }
    if (pages[i].contains("at_step")) {
      s.atStep = needUnsigned(c, pages[i], "at_step", field + ".at_step");
      if (s.atStep != 0 && s.atStep < lastAt) c.fail(field + ".at_step", "pages must become current in order");
      if (s.atStep != 0) lastAt = s.atStep;
    }
    l.steps.push_back(std::move(s));
  }

  const nlohmann::json& check = need(c, j, "check", "check");
  if (!check.is_object()) c.fail("check", "expected an object");
  onlyKeys(c, check, {"steps", "short_steps", "seeds", "assert"}, "check.");
  l.check.steps = needUnsigned(c, check, "steps", "check.steps");
  if (l.check.steps < 1 || l.check.steps > (uint64_t(1) << 32)) c.fail("check.steps", "expected env steps from 1 to 2^32");
  l.check.shortSteps = l.check.steps;
  if (check.contains("short_steps")) {
    l.check.shortSteps = needUnsigned(c, check, "short_steps", "check.short_steps");
    if (l.check.shortSteps < 1 || l.check.shortSteps > l.check.steps)
      c.fail("check.short_steps", "expected env steps from 1 to check.steps");
  }
  {
    // A claim must hold on each seed, not only on average: with fewer than 3 one lucky seed decides it.
    const nlohmann::json& seeds = need(c, check, "seeds", "check.seeds");
    if (!seeds.is_array() || seeds.size() < kMinSeeds)
      c.fail("check.seeds", "expected a list of at least " + std::to_string(kMinSeeds) +
                                " seeds, e.g. [1, 2, 3], got " + shortDump(seeds));
    for (size_t i = 0; i < seeds.size(); ++i) {
      const std::string field = "check.seeds[" + std::to_string(i) + "]";
      if (!seeds[i].is_number_unsigned()) c.fail(field, "expected a whole number ≥ 0");
      if (std::find(l.check.seeds.begin(), l.check.seeds.end(), seeds[i].get<uint64_t>()) != l.check.seeds.end())
        c.fail(field, "seed " + std::to_string(seeds[i].get<uint64_t>()) + " is listed twice (each seed counts once)");
      l.check.seeds.push_back(seeds[i].get<uint64_t>());
    }
  }
  const nlohmann::json& asserts = need(c, check, "assert", "check.assert");
  if (!asserts.is_array() || asserts.empty()) c.fail("check.assert", "expected a list of at least one assertion");
  for (size_t i = 0; i < asserts.size(); ++i)
    l.check.asserts.push_back(parseAssertion(c, asserts[i], "check.assert[" + std::to_string(i) + "]", l.run, built));

  // The ablation is applied like --set on the command line, so its names and values must be valid for the preset.
  if (j.contains("ablation")) {
    l.ablation = stringList(c, j.at("ablation"), "ablation", true);
    if (l.ablation.empty()) c.fail("ablation", "expected at least one \"name=value\" (or leave the field out)");
    for (size_t i = 0; i < l.ablation.size(); ++i)
      checkRun(c, l.run, "", {l.ablation[i]}, "ablation[" + std::to_string(i) + "]", built);
  }

  // The narrative promises exactly what the check asserts: each claim appears word for word in a page, in both
  // languages.
  for (size_t i = 0; i < l.check.asserts.size(); ++i) {
    const LessonText& claim = l.check.asserts[i].claim;
    bool en = false, zh = false;
    for (const LessonStep& s : l.steps) {
      en |= contains(s.text.en, claim.en) || contains(s.watch.en, claim.en);
      zh |= contains(s.text.zh, claim.zh) || contains(s.watch.zh, claim.zh);
    }
    const std::string field = "check.assert[" + std::to_string(i) + "].claim";
    if (!en) c.fail(field + ".en", "the claim must appear word for word in a page's English text or watch prompt");
    if (!zh) c.fail(field + ".zh", "the claim must appear word for word in a page's Chinese text or watch prompt");
  }
  return l;
}

LessonSet loadLessons(const std::string& dir) {
  LessonSet set;
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    set.errors.push_back("'" + quoteInput(dir) + "': no lesson folder here");
    return set;
  }
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec))
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  for (const auto& p : files) {
    const std::string name = p.filename().string();
    try {
      std::ifstream in(p, std::ios::binary);
      if (!in) throw UsageError(quoteInput(name) + ": cannot be read");
      std::stringstream text;
      text << in.rdbuf();
      set.lessons.push_back(parseLesson(text.str(), p.stem().string(), p.string()));
    } catch (const std::exception& e) {
      // Any failure — a bad field, or a run that cannot even be built — skips this lesson only.
      set.errors.push_back(quoteInput(e.what()));
    }
  }
  return set;
}

}  // namespace rl::runs
