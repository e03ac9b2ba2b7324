// The browser's entry point: the same app as `rllens` with no arguments, started from the page's address instead of a
// command line. Query fields (all optional): env, algo, seed, lesson, lang (en|zh), lens, classroom (1), theme
// (dark|projector), scale (1–3), speed (steps/s, 0 = Max), paused (1), ui_map (a path in the page's file system where
// the app keeps the rectangles of its named controls, for the browser test).
#include <emscripten.h>

#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>

#include "app/shell/app.hpp"

namespace {

// location.search as name → value (percent-decoded by the page).
std::map<std::string, std::string> queryFields() {
  // \u0001 between a name and its value, \u0002 after each pair: neither can be typed into an address.
  const char* raw = emscripten_run_script_string(
      "(function(){let o='';for(const [k,v] of new URLSearchParams(window.location.search))"
      "o+=k+'\\u0001'+v+'\\u0002';return o;})()");
  std::map<std::string, std::string> fields;
  const std::string s = raw ? raw : "";
  for (size_t pos = 0; pos < s.size();) {
    const size_t sep = s.find('\1', pos), end = s.find('\2', pos);
    if (sep == std::string::npos || end == std::string::npos || sep > end) break;
    fields[s.substr(pos, sep - pos)] = s.substr(sep + 1, end - sep - 1);
    pos = end + 1;
  }
  return fields;
}

}  // namespace

int main() {
  gui::GuiOptions opt;
  auto q = queryFields();
  auto has = [&](const char* k) { return q.count(k) > 0 && !q[k].empty(); };
  if (has("env") || has("algo")) {
    opt.runGiven = true;
    if (has("env")) opt.run.env = q["env"];
    if (has("algo")) opt.run.algo = q["algo"];
  }
  if (has("seed")) opt.run.seed = std::strtoull(q["seed"].c_str(), nullptr, 10);
  if (has("lesson")) opt.lesson = q["lesson"];
  if (has("lang")) opt.lessonLang = q["lang"];
  if (has("lens")) opt.lens = q["lens"];
  if (q["classroom"] == "1") opt.classroom = true;
  if (has("theme")) opt.theme = q["theme"], opt.classroom = true;
  if (has("scale")) opt.uiScale = float(std::atof(q["scale"].c_str())), opt.classroom = true;
  if (has("speed")) opt.speed = std::atof(q["speed"].c_str());
  if (q["paused"] == "1") opt.paused = true;
  if (has("ui_map")) opt.uiMap = q["ui_map"];
  opt.width = EM_ASM_INT({ return window.innerWidth; });
  opt.height = EM_ASM_INT({ return window.innerHeight; });
  return gui::runGui(opt);
}
