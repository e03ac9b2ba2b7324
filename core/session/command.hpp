// Commands are values. The session applies each at a step boundary and appends it to the command log, so that
// seed + config + command log reproduces a run exactly (DESIGN.md §2).
#pragma once
#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

#include "core/env.hpp"

namespace rl {

struct Command {
  enum class Type { Pause, Resume, StepOnce, Reset, SetParam, SetSpeed, EditEnv, HumanAction };
  Type type = Type::Pause;
  std::string name;    // SetParam: parameter name
  double value = 0.0;  // SetParam: value; SetSpeed: steps per second (0 = unlimited)
  uint64_t seed = 0;   // Reset
  int action = -1;     // HumanAction: the discrete action, or -1 for a continuous one in `value`
  EnvEdit edit;        // EditEnv

  static Command pause() { return {Type::Pause}; }
  static Command resume() { return {Type::Resume}; }
  static Command stepOnce() { return {Type::StepOnce}; }
  static Command reset(uint64_t seed) { Command c{Type::Reset}; c.seed = seed; return c; }
  static Command setParam(std::string name, double v) { Command c{Type::SetParam}; c.name = std::move(name); c.value = v; return c; }
  static Command setSpeed(double stepsPerSecond) { Command c{Type::SetSpeed}; c.value = stepsPerSecond; return c; }
  static Command editEnv(EnvEdit e) { Command c{Type::EditEnv}; c.edit = std::move(e); return c; }
  static Command human(int action) { Command c{Type::HumanAction}; c.action = action; return c; }
  // Human play on a continuous action space: a one-dimensional action (pendulum torque, a GAN sample).
  static Command humanContinuous(double u) { Command c{Type::HumanAction}; c.action = -1; c.value = u; return c; }

  // Whether the command changes what is learned (as opposed to only when it happens).
  bool affectsLearning() const {
    return type == Type::Reset || type == Type::SetParam || type == Type::EditEnv || type == Type::HumanAction;
  }
};

struct LoggedCommand {
  uint64_t atStep = 0;  // env steps completed when the command was applied
  Command command;
};

// One line per command: "<step> <verb> [args]" — e.g. "1200 set alpha 0.5", "3000 edit reward 55 1".
std::string formatCommand(const LoggedCommand& c);
// Parses formatCommand's output strictly (exact word count, whole-token numbers, no control bytes); throws
// std::invalid_argument saying what was expected and quoting what was found ("a seed …, got '-1'").
LoggedCommand parseCommand(const std::string& line);
// A whole command log: '#' comments and blank lines skipped, steps never going back. Errors name path:line.
std::vector<LoggedCommand> parseCommandLog(std::istream& in, const std::string& path);

}  // namespace rl
