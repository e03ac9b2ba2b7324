// Lessons (runs/lesson.hpp): every shipped lesson loads, in both languages; a malformed lesson file is reported
// by name and skipped; each kind of mistake is refused with a message naming the file and field; the check language
// measures what it says (thresholds, comparisons, windows, the short budget's scaled script).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <set>
#include <string>

#include "runs/lesson.hpp"

using namespace rl;
using namespace rl::runs;
using nlohmann::json;

namespace {

namespace fs = std::filesystem;

fs::path freshDir(const std::string& name) {
  const fs::path d = fs::temp_directory_path() / ("rllens_lesson_test_" + name);
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

void writeText(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

// A small valid lesson: tabular Q-learning, one page whose text carries the claim in both languages.
json goodLesson() {
  return json::parse(R"({
    "rllens_lesson": 1,
    "title": {"en": "Tiny", "zh": "小课"},
    "summary": {"en": "A tiny lesson.", "zh": "一节小课。"},
    "lens": "q",
    "concepts": ["TD"],
    "env": "gridworld", "algo": "q-learning", "seed": 1, "sets": ["planning=0", "epsilon=0.3"],
    "commands": ["1000 set epsilon 0"],
    "pages": [{"text": {"en": "Episodes end. Q-learning finishes an episode.", "zh": "回合会结束。Q-learning 能完成一个回合。"},
               "watch": {"en": "Watch the return.", "zh": "观察回报。"}}],
    "check": {"steps": 2000, "short_steps": 1000, "seeds": [1, 2, 3],
              "assert": [{"claim": {"en": "Q-learning finishes an episode.", "zh": "Q-learning 能完成一个回合。"},
                          "metric": "charts/episodic_return", "stat": "count", "op": ">=", "value": 1}]}
  })");
}

// The message parseLesson throws for this lesson JSON ("" when it is accepted).
std::string errorFor(const json& j) {
  try {
    parseLesson(j.dump(), "tiny", "/somewhere/tiny.json");
  } catch (const UsageError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST(Lessons, ShippedLessonsAllLoadInBothLanguages) {
  const LessonSet set = loadLessons(lessonDir());
  for (const std::string& e : set.errors) ADD_FAILURE() << e;
  EXPECT_GE(set.lessons.size(), 20u);
  std::set<std::string> ids;
  for (const Lesson& l : set.lessons) {
    SCOPED_TRACE(l.id);
    EXPECT_TRUE(ids.insert(l.id).second);
    EXPECT_EQ(fs::path(l.path).stem().string(), l.id);
    for (const LessonText* t : {&l.title, &l.summary}) {
      EXPECT_FALSE(t->en.empty());
      EXPECT_FALSE(t->zh.empty());
      EXPECT_NE(t->en, t->zh);  // translated, not copied
    }
    EXPECT_FALSE(l.concepts.empty());
    ASSERT_FALSE(l.steps.empty());
    for (const LessonStep& s : l.steps)
      for (const LessonText* t : {&s.text, &s.watch}) {
        EXPECT_FALSE(t->en.empty());
        EXPECT_FALSE(t->zh.empty());
        EXPECT_NE(t->en, t->zh);
      }
    ASSERT_FALSE(l.check.asserts.empty());
    EXPECT_LE(l.check.shortSteps, l.check.steps);
    // The app builds this run as it is.
    EXPECT_NO_THROW(makeTrainer(l.run));
  }
}

TEST(Lessons, MalformedFileIsReportedByNameAndSkipped) {
  const fs::path dir = freshDir("malformed");
  writeText(dir / "good.json", goodLesson().dump());
  writeText(dir / "broken.json", "{\"rllens_lesson\": 1, \"title\": ");
  json badEnv = goodLesson();
  badEnv["env"] = "moon";
  writeText(dir / "bad-env.json", badEnv.dump());
  writeText(dir / "notes.txt", "not a lesson: ignored");
  const LessonSet set = loadLessons(dir.string());
  ASSERT_EQ(set.lessons.size(), 1u);
  EXPECT_EQ(set.lessons[0].id, "good");
  ASSERT_EQ(set.errors.size(), 2u);
  EXPECT_EQ(set.errors[0].rfind("bad-env.json: env: ", 0), 0u) << set.errors[0];
  EXPECT_EQ(set.errors[1].rfind("broken.json: not JSON", 0), 0u) << set.errors[1];

  const LessonSet none = loadLessons((dir / "missing").string());
  EXPECT_TRUE(none.lessons.empty());
  ASSERT_EQ(none.errors.size(), 1u);
}

TEST(Lessons, EachValidationErrorNamesTheField) {
  ASSERT_EQ(errorFor(goodLesson()), "");
  struct Case {
    const char* what;
    std::function<void(json&)> edit;
    const char* expected;  // the message starts with this
  };
  const std::vector<Case> cases = {
      {"version", [](json& j) { j["rllens_lesson"] = 2; }, "tiny.json: rllens_lesson: "},
      {"unknown field", [](json& j) { j["colour"] = "red"; }, "tiny.json: colour: unknown field"},
      {"missing title", [](json& j) { j.erase("title"); }, "tiny.json: title: missing"},
      {"missing Chinese", [](json& j) { j["title"].erase("zh"); }, "tiny.json: title.zh: missing"},
      {"empty English", [](json& j) { j["summary"]["en"] = ""; }, "tiny.json: summary.en: expected a non-empty string"},
      {"lens", [](json& j) { j["lens"] = "zoom"; }, "tiny.json: lens: expected one of q, policy"},
      {"no concepts", [](json& j) { j["concepts"] = json::array(); }, "tiny.json: concepts: "},
      {"env", [](json& j) { j["env"] = "moon"; }, "tiny.json: env: expected an environment id"},
      {"algo", [](json& j) { j["algo"] = "magic"; }, "tiny.json: algo: expected an algorithm id"},
      {"algo on env", [](json& j) { j["algo"] = "ddpg"; j["sets"] = json::array(); }, "tiny.json: algo: "},
      {"set syntax", [](json& j) { j["sets"] = {"planning"}; }, "tiny.json: sets[0]: expected \"name=value\""},
      {"set value", [](json& j) { j["sets"] = {"planning=lots"}; }, "tiny.json: sets: "},
      {"set name", [](json& j) { j["sets"] = {"wisdom=1"}; }, "tiny.json: sets: "},
      {"seed", [](json& j) { j["seed"] = -1; }, "tiny.json: seed: expected a whole number"},
      {"speed", [](json& j) { j["speed"] = -5; }, "tiny.json: speed: "},
      {"view", [](json& j) { j["view"] = 3; }, "tiny.json: view: expected an object"},
      {"command line", [](json& j) { j["commands"] = {"1000 fly away"}; }, "tiny.json: commands[0]: "},
      {"command parameter", [](json& j) { j["commands"] = {"1000 set wisdom 1"}; }, "tiny.json: commands[0]: "},
      {"command order", [](json& j) { j["commands"] = {"1000 set epsilon 0", "500 set epsilon 1"}; },
       "tiny.json: commands[1]: its step goes back in time"},
      {"no pages", [](json& j) { j["pages"] = json::array(); }, "tiny.json: pages: "},
      {"page watch", [](json& j) { j["pages"][0].erase("watch"); }, "tiny.json: pages[0].watch: missing"},
      {"page order", [](json& j) { j["pages"] = {j["pages"][0], j["pages"][0]}; j["pages"][0]["at_step"] = 500;
                                   j["pages"][1]["at_step"] = 100; }, "tiny.json: pages[1].at_step: "},
      {"check steps", [](json& j) { j["check"]["steps"] = 0; }, "tiny.json: check.steps: "},
      {"short steps", [](json& j) { j["check"]["short_steps"] = 5000; }, "tiny.json: check.short_steps: "},
      {"seeds", [](json& j) { j["check"]["seeds"] = json::array(); }, "tiny.json: check.seeds: "},
      {"no seeds", [](json& j) { j["check"].erase("seeds"); }, "tiny.json: check.seeds: missing"},
      {"two seeds", [](json& j) { j["check"]["seeds"] = {1, 2}; },
       "tiny.json: check.seeds: expected a list of at least 3 seeds"},
      {"a seed twice", [](json& j) { j["check"]["seeds"] = {1, 2, 1}; },
       "tiny.json: check.seeds[2]: seed 1 is listed twice"},
      {"ablation syntax", [](json& j) { j["ablation"] = {"planning"}; },
       "tiny.json: ablation[0]: expected \"name=value\""},
      {"ablation empty", [](json& j) { j["ablation"] = json::array(); }, "tiny.json: ablation: expected at least one"},
      {"ablation name", [](json& j) { j["ablation"] = {"epsilon=0", "wisdom=1"}; }, "tiny.json: ablation[1]: --set: "},
      {"ablation value", [](json& j) { j["ablation"] = {"epsilon=2"}; }, "tiny.json: ablation[0]: --set: "},
      {"no assertions", [](json& j) { j["check"]["assert"] = json::array(); }, "tiny.json: check.assert: "},
      {"stat", [](json& j) { j["check"]["assert"][0]["stat"] = "median"; }, "tiny.json: check.assert[0].stat: "},
      {"op", [](json& j) { j["check"]["assert"][0]["op"] = "=="; }, "tiny.json: check.assert[0].op: "},
      {"value and factor", [](json& j) { j["check"]["assert"][0]["factor"] = 2; },
       "tiny.json: check.assert[0]: expected exactly one of value"},
      {"factor without baseline", [](json& j) { auto& a = j["check"]["assert"][0]; a.erase("value"); a["factor"] = 2; },
       "tiny.json: check.assert[0].against: missing"},
      {"compared with itself", [](json& j) { auto& a = j["check"]["assert"][0]; a.erase("value"); a["factor"] = 2;
                                             a["against"] = json::object(); }, "tiny.json: check.assert[0].against: "},
      {"assertion set", [](json& j) { j["check"]["assert"][0]["sets"] = {"alpha=7"}; }, "tiny.json: check.assert[0].sets: "},
      {"script", [](json& j) { j["check"]["assert"][0]["script"] = "yes"; }, "tiny.json: check.assert[0].script: "},
      {"window", [](json& j) { j["check"]["assert"][0]["window"] = {0.8, 0.2}; }, "tiny.json: check.assert[0].window: "},
      {"claim not in the English text", [](json& j) { j["check"]["assert"][0]["claim"]["en"] = "Something else."; },
       "tiny.json: check.assert[0].claim.en: "},
      {"claim not in the Chinese text", [](json& j) { j["check"]["assert"][0]["claim"]["zh"] = "别的。"; },
       "tiny.json: check.assert[0].claim.zh: "},
      {"not JSON", nullptr, "tiny.json: not JSON"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    std::string message;
    if (c.edit) {
      json j = goodLesson();
      c.edit(j);
      message = errorFor(j);
    } else {
      try {
        parseLesson("{oops", "tiny", "/somewhere/tiny.json");
      } catch (const UsageError& e) {
        message = e.what();
      }
    }
    EXPECT_EQ(message.rfind(c.expected, 0), 0u) << "got: " << message;
    EXPECT_EQ(message.find('\n'), std::string::npos);  // one line
  }
}

TEST(Lessons, CheckMeasuresThresholdsAndComparisons) {
  json j = goodLesson();
  auto& asserts = j["check"]["assert"];
  const json claim = asserts[0]["claim"];
  // An impossible threshold fails; the same metric compared with a run that explores more.
  asserts.push_back({{"claim", claim}, {"metric", "charts/episodic_return"}, {"stat", "count"}, {"op", ">"},
                     {"value", 1e9}});
  asserts.push_back({{"claim", claim}, {"metric", "charts/epsilon"}, {"stat", "mean"}, {"op", "<"}, {"factor", 1},
                     {"against", {{"sets", {"epsilon=0.9"}}}}});
  const Lesson l = parseLesson(j.dump(), "tiny", "tiny.json");
  const CheckResult r = runLessonCheck(l, false);
  ASSERT_EQ(r.results.size(), 3u);
  EXPECT_TRUE(r.results[0].pass) << r.results[0].description;
  EXPECT_GE(r.results[0].measured, 1);
  EXPECT_FALSE(r.results[1].pass) << r.results[1].description;
  EXPECT_TRUE(r.results[2].pass) << r.results[2].description;
  EXPECT_LT(r.results[2].measured, r.results[2].target);
  EXPECT_FALSE(r.pass());
}

TEST(Lessons, ShortBudgetKeepsTheScriptAtTheSameFraction) {
  // The script sets ε to 0 at step 1000 of 2000; with the short budget of 1000 that happens at step 500, so ε is
  // 0 over the second half of either run and 0.3 over the first.
  json j = goodLesson();
  const json claim = j["check"]["assert"][0]["claim"];
  j["check"]["assert"] = {
      {{"claim", claim}, {"metric", "charts/epsilon"}, {"stat", "max"}, {"window", {0.55, 1.0}}, {"op", "<="}, {"value", 0}},
      {{"claim", claim}, {"metric", "charts/epsilon"}, {"stat", "min"}, {"window", {0.0, 0.45}}, {"op", ">="}, {"value", 0.3}}};
  const Lesson l = parseLesson(j.dump(), "tiny", "tiny.json");
  for (bool shortBudget : {false, true}) {
    SCOPED_TRACE(shortBudget);
    const CheckResult r = runLessonCheck(l, shortBudget);
    for (const AssertionResult& a : r.results) EXPECT_TRUE(a.pass) << a.description;
  }
}

TEST(Lessons, MissingMetricFailsAndSaysSo) {
  json j = goodLesson();
  j["check"]["assert"][0]["metric"] = "charts/no_such_metric";
  j["check"]["assert"][0]["stat"] = "mean";
  const Lesson l = parseLesson(j.dump(), "tiny", "tiny.json");
  const CheckResult r = runLessonCheck(l, true);
  ASSERT_EQ(r.results.size(), 1u);
  EXPECT_FALSE(r.results[0].pass);
  EXPECT_NE(r.results[0].description.find("none"), std::string::npos) << r.results[0].description;
}

TEST(Lessons, AComparisonCanLeaveTheScriptOut) {
  // The script sets ε to 0 halfway; the same run without it keeps ε = 0.3, so its mean ε is higher.
  json j = goodLesson();
  const json claim = j["check"]["assert"][0]["claim"];
  j["check"]["assert"] = {{{"claim", claim}, {"metric", "charts/epsilon"}, {"stat", "mean"}, {"op", "<"},
                           {"factor", 0.7}, {"against", {{"script", false}}}}};
  const Lesson l = parseLesson(j.dump(), "tiny", "tiny.json");
  const CheckResult r = runLessonCheck(l, false);
  ASSERT_EQ(r.results.size(), 1u);
  EXPECT_TRUE(r.results[0].pass) << r.results[0].description;
  EXPECT_NEAR(r.results[0].target, 0.7 * 0.3, 1e-9) << r.results[0].description;
  EXPECT_NE(r.results[0].description.find("without the script"), std::string::npos) << r.results[0].description;
}
