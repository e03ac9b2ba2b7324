#include "core/session/command.hpp"

#include <cstdio>
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
  std::istringstream in(line);
  LoggedCommand c;
  std::string verb;
  auto fail = [&](const std::string& what) {
    throw std::invalid_argument("command log line '" + line + "': " + what);
  };
  if (!(in >> c.atStep >> verb)) fail("expected '<step> <verb> ...'");
  Command& k = c.command;
  if (verb == "pause") k.type = Command::Type::Pause;
  else if (verb == "resume") k.type = Command::Type::Resume;
  else if (verb == "step") k.type = Command::Type::StepOnce;
  else if (verb == "reset") { k.type = Command::Type::Reset; if (!(in >> k.seed)) fail("expected a seed"); }
  else if (verb == "set") { k.type = Command::Type::SetParam; if (!(in >> k.name >> k.value)) fail("expected 'set <name> <value>'"); }
  else if (verb == "speed") { k.type = Command::Type::SetSpeed; if (!(in >> k.value)) fail("expected a speed"); }
  else if (verb == "edit") {
    k.type = Command::Type::EditEnv;
    if (!(in >> k.edit.op >> k.edit.index >> k.edit.value)) fail("expected 'edit <op> <index> <value>'");
  } else if (verb == "act") { k.type = Command::Type::HumanAction; if (!(in >> k.action)) fail("expected an action"); }
  else fail("unknown verb '" + verb + "', expected pause|resume|step|reset|set|speed|edit|act|actu");
  return c;
}

}  // namespace rl
