#include "app/cli/lesson.hpp"

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

namespace rl::cli {

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

// The run of an assertion: the preset plus extra sets, or — when the assertion names another algorithm — that
// algorithm on the preset's env and seed with only the extra sets (the preset's sets belong to its algorithm).
RunSpec variantRun(RunSpec run, const std::string& algo, const std::vector<std::string>& extra) {
  if (!algo.empty() && algo != run.algo) run.algo = algo, run.sets.clear();
  run.sets.insert(run.sets.end(), extra.begin(), extra.end());
  return run;
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

std::string setsLabel(const std::vector<std::string>& sets) {
  if (sets.empty()) return "";
  std::string out = " [";
  for (size_t i = 0; i < sets.size(); ++i) out += (i ? " " : "") + sets[i];
  return out + "]";
}

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
  std::map<std::tuple<std::string, std::vector<std::string>, bool>, std::vector<Metrics>> runs;
  auto runsFor = [&](const std::string& algo, const std::vector<std::string>& extra,
                     bool withScript) -> const std::vector<Metrics>& {
    const RunSpec probe = variantRun(lesson.run, algo, extra);
    // The script is the preset algorithm's; another algorithm runs without it.
    withScript = withScript && probe.algo == lesson.run.algo && !script.empty();
    auto it = runs.find({algo, extra, withScript});
    if (it != runs.end()) return it->second;
    const PlannedRun plan = planRun(lesson, algo, extra, overrides);
    if (log && !plan.skipped.empty())
      *log << "  " << plan.spec.algo << " has no parameter for" << setsLabel(plan.skipped) << ": its runs go without\n";
    std::vector<Metrics> out;
    for (uint64_t seed : lesson.check.seeds) {
      RunSpec spec = plan.spec;
      spec.seed = seed;
      if (log) *log << "  running " << spec.algo << " on " << spec.env << " seed " << seed << setsLabel(spec.sets)
                    << (withScript ? " with the script" : "") << ", " << budget << " steps\n" << std::flush;
      std::unique_ptr<Trainer> t = makeTrainer(spec);
      t->replay(withScript ? script : std::vector<LoggedCommand>{}, budget);
      out.push_back(t->metrics());
    }
    return runs.emplace(std::tuple{algo, extra, withScript}, std::move(out)).first->second;
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

std::string lessonListText(const LessonSet& set) {
  std::ostringstream out;
  for (const Lesson& l : set.lessons) {
    out << l.id << "  [" << l.lens << "]  " << l.title.en << "\n    " << l.summary.en << "\n    concepts: ";
    for (size_t i = 0; i < l.concepts.size(); ++i) out << (i ? ", " : "") << l.concepts[i];
    out << "\n";
  }
  return out.str();
}

int lessonCheckCommand(const std::string& dir, const std::string& id, bool shortBudget,
                       const std::vector<std::string>& sets, bool ablate) {
  LessonSet set = loadLessons(dir);
  const Lesson* lesson = nullptr;
  for (const Lesson& l : set.lessons)
    if (l.id == id) lesson = &l;
  if (!lesson) {
    // The file may be there but malformed: its error says why, which "unknown" would hide.
    const std::string prefix = id + ".json:";
    for (const std::string& e : set.errors)
      if (e.rfind(prefix, 0) == 0) throw UsageError(e);
    std::string ids;
    for (const Lesson& l : set.lessons) ids += (ids.empty() ? "" : ", ") + l.id;
    throw UsageError("lesson: unknown id '" + quoteInput(id) + "' (lessons: " + (ids.empty() ? "none" : ids) + ")");
  }
  if (ablate && lesson->ablation.empty())
    throw UsageError("--ablate: lesson '" + lesson->id + "' names no ablation (its \"ablation\" field)");
  // The ablation goes through the same path as --set, first, so that a --set given as well still wins.
  std::vector<std::string> overrides = ablate ? lesson->ablation : std::vector<std::string>{};
  overrides.insert(overrides.end(), sets.begin(), sets.end());
  checkOverrides(*lesson, overrides);  // a bad --set is one line and exit 2, before any run

  const uint64_t budget = shortBudget ? lesson->check.shortSteps : lesson->check.steps;
  std::cout << "lesson " << lesson->id << ": " << lesson->title.en << " (" << budget << " steps"
            << (shortBudget ? ", short budget" : "") << ", " << lesson->check.seeds.size() << " seeds)\n";
  if (ablate)
    std::cout << "ablation: the concept switched off with --set" << setsLabel(lesson->ablation)
              << " on every run of the check; its claims should now fail\n";
  if (!sets.empty()) std::cout << "--set" << setsLabel(sets) << " on every run of the check\n";
  std::cout << std::flush;
  const CheckResult r = runLessonCheck(*lesson, shortBudget, &std::cout, overrides);
  for (size_t i = 0; i < r.results.size(); ++i) {
    std::string detail = r.results[i].detail;
    for (size_t p = detail.find('\n'); p != std::string::npos; p = detail.find('\n', p + 1))
      detail.insert(p + 1, "      ");  // the detail lines line up under the description
    std::cout << (r.results[i].pass ? "PASS  " : "FAIL  ") << lesson->check.asserts[i].claim.en << "\n      "
              << r.results[i].description << "\n      " << detail << "\n";
  }
  if (ablate)
    std::cout << (r.pass() ? "all claims hold even with the concept switched off: the check does not test it\n"
                           : "a claim does not hold with the concept switched off, as it should\n");
  else
    std::cout << (r.pass() ? "all claims hold\n" : "a claim does not hold\n");
  return r.pass() ? 0 : 1;
}

}  // namespace rl::cli
