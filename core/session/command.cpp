#include "core/session/command.hpp"

#include <cstdio>
#include <istream>
#include <vector>

#include "core/text.hpp"
#include <sstream>
#include <stdexcept>

namespace rl {

namespace {
std::string num(double v) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}
}  // namespace

std::string formatCommand(const LoggedCommand& c) {
  const Command& k = c.command;
  std::string s = std::to_string(c.atStep) + " ";
  switch (k.type) {
    case Command::Type::Pause: return s + "pause";
    case Command::Type::Resume: return s + "resume";
    case Command::Type::StepOnce: return s + "step";
    case Command::Type::Reset: return s + "reset " + std::to_string(k.seed);
    case Command::Type::SetParam: return s + "set " + k.name + " " + num(k.value);
    case Command::Type::SetSpeed: return s + "speed " + num(k.value);
    case Command::Type::EditEnv: return s + "edit " + k.edit.op + " " + std::to_string(k.edit.index) + " " + num(k.edit.value);
    case Command::Type::HumanAction:
      return k.action >= 0 ? s + "act " + std::to_string(k.action) : s + "actu " + num(k.value);
  }
  return s;
}

LoggedCommand parseCommand(const std::string& line) {
  LoggedCommand c;
  Command& k = c.command;
  auto fail = [&](const std::string& what, std::string_view got) {
    throw std::invalid_argument(what + ", got '" + quoteInput(got) + "'");
  };
  for (char ch : line)  // one line of printable text: no NUL, CR or other control bytes (tabs separate words)
    if ((static_cast<unsigned char>(ch) < 0x20 && ch != '\t') || ch == 0x7F) fail("a line of printable text", line);
  std::vector<std::string_view> w;
  for (size_t i = 0; i < line.size();) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    const size_t j = i;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t') ++i;
    if (i > j) w.emplace_back(line.data() + j, i - j);
  }
  const std::string kForm = "'<step> <verb> [args]' with verb pause|resume|step|reset|set|speed|edit|act|actu";
  if (w.size() < 2) fail(kForm, line);
  unsigned long long step = 0;
  if (!parseUnsigned(w[0], step) || step > (1ULL << 62)) fail("a step count (0 or more) first", w[0]);
  c.atStep = step;
  const std::string_view verb = w[1];
  auto expectArgs = [&](size_t n, const char* form) {
    if (w.size() != n + 2) fail(std::string("'") + form + "'", line);
  };
  auto number = [&](std::string_view t, const char* what) {
    double v = 0;
    if (!parseFiniteDouble(t, v)) fail(std::string(what) + " (a finite decimal number)", t);
    return v;
  };
  auto identifier = [&](std::string_view t, const char* what) {
    for (char ch : t)
      if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_' || ch == '.'))
        fail(std::string(what) + " (letters, digits, '_' or '.')", t);
    return std::string(t);
  };
  if (verb == "pause") expectArgs(0, "<step> pause"), k.type = Command::Type::Pause;
  else if (verb == "resume") expectArgs(0, "<step> resume"), k.type = Command::Type::Resume;
  else if (verb == "step") expectArgs(0, "<step> step"), k.type = Command::Type::StepOnce;
  else if (verb == "reset") {
    expectArgs(1, "<step> reset <seed>");
    k.type = Command::Type::Reset;
    unsigned long long seed = 0;
    if (!parseUnsigned(w[2], seed)) fail("a seed (an integer from 0 to 18446744073709551615)", w[2]);
    k.seed = seed;
  } else if (verb == "set") {
    expectArgs(2, "<step> set <name> <value>");
    k.type = Command::Type::SetParam;
    k.name = identifier(w[2], "a parameter name");
    k.value = number(w[3], "a value");
  } else if (verb == "speed") {
    expectArgs(1, "<step> speed <steps per second>");
    k.type = Command::Type::SetSpeed;
    k.value = number(w[2], "a speed");
    if (k.value < 0) fail("a speed ≥ 0", w[2]);
  } else if (verb == "edit") {
    expectArgs(3, "<step> edit <op> <index> <value>");
    k.type = Command::Type::EditEnv;
    k.edit.op = identifier(w[2], "an edit");
    long long index = 0;
    if (!parseInt(w[3], index) || index < 0 || index > 1000000000) fail("an index ≥ 0", w[3]);
    k.edit.index = int(index);
    k.edit.value = number(w[4], "a value");
  } else if (verb == "act") {
    expectArgs(1, "<step> act <action>");
    k.type = Command::Type::HumanAction;
    long long a = 0;
    if (!parseInt(w[2], a) || a < 0 || a > 1000000) fail("an action index ≥ 0", w[2]);
    k.action = int(a);
  } else if (verb == "actu") {  // continuous human play (the pendulum's torque)
    expectArgs(1, "<step> actu <value>");
    k.type = Command::Type::HumanAction;
    k.action = -1;
    k.value = number(w[2], "an action value");
  } else {
    fail("a verb pause|resume|step|reset|set|speed|edit|act|actu", verb);
  }
  return c;
}

std::vector<LoggedCommand> parseCommandLog(std::istream& in, const std::string& path) {
  std::vector<LoggedCommand> log;
  std::string line;
  int lineNo = 0;
  uint64_t last = 0;
  while (std::getline(in, line)) {
    ++lineNo;
    if (!line.empty() && line.back() == '\r') line.pop_back();  // a log edited on Windows
    if (line.empty() || line[0] == '#') continue;
    const std::string where = path + ":" + std::to_string(lineNo) + ": ";
    try {
      log.push_back(parseCommand(line));
    } catch (const std::invalid_argument& e) {
      throw std::invalid_argument(where + "expected " + e.what());
    }
    if (log.back().atStep < last)
      throw std::invalid_argument(where + "steps must not go back: step " + std::to_string(log.back().atStep) +
                                  " after step " + std::to_string(last));
    last = log.back().atStep;
  }
  if (in.bad()) throw std::invalid_argument(path + ": cannot be read");
  return log;
}

}  // namespace rl
