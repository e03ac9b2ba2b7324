#include "app/cli/session_file.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/rl/registry.hpp"
#include "core/text.hpp"
#include "envs/registry.hpp"

namespace rl::cli {

namespace {

[[noreturn]] void fail(const std::string& shown, const std::string& field, const std::string& what) {
  throw UsageError(shown + ": " + field + ": " + what);
}

const nlohmann::json& need(const nlohmann::json& j, const char* key, const std::string& shown) {
  if (!j.contains(key)) fail(shown, key, "missing");
  return j.at(key);
}

}  // namespace

SessionFile readSessionFile(const std::string& path) {
  const std::string shown = "'" + quoteInput(path) + "'";
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) throw UsageError(shown + ": expected a session file, got a directory");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw UsageError("cannot open session file " + shown + ": " + std::strerror(errno));
  std::stringstream text;
  text << in.rdbuf();
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(text.str());
  } catch (const nlohmann::json::parse_error& e) {
    throw UsageError(shown + ": not JSON (byte " + std::to_string(e.byte) + ")");
  }
  if (!j.is_object()) throw UsageError(shown + ": expected a JSON object");
  const nlohmann::json& version = need(j, "rllens_session", shown);
  if (!version.is_number_integer()) fail(shown, "rllens_session", "expected the format version, a whole number");
  if (version.get<long long>() != kSessionVersion)
    fail(shown, "rllens_session", "version " + version.dump() + " is not one this build reads (it reads " +
                                      std::to_string(kSessionVersion) + ")");
  SessionFile s;
  const nlohmann::json& env = need(j, "env", shown);
  if (!env.is_string() || !findEnvironment(env.get<std::string>()))
    fail(shown, "env", "expected an environment id (see `rllens list`), got " + env.dump());
  const nlohmann::json& algo = need(j, "algo", shown);
  if (!algo.is_string() || !findAlgorithm(algo.get<std::string>()))
    fail(shown, "algo", "expected an algorithm id (see `rllens list`), got " + algo.dump());
  const nlohmann::json& seed = need(j, "seed", shown);
  if (!seed.is_number_unsigned()) fail(shown, "seed", "expected a whole number ≥ 0, got " + seed.dump());
  s.run.env = env.get<std::string>(), s.run.algo = algo.get<std::string>(), s.run.seed = seed.get<uint64_t>();
  if (j.contains("sets")) {
    const nlohmann::json& sets = j.at("sets");
    if (!sets.is_array()) fail(shown, "sets", "expected a list of \"name=value\" strings");
    for (size_t i = 0; i < sets.size(); ++i) {
      if (!sets[i].is_string() || sets[i].get<std::string>().find('=') == std::string::npos)
        fail(shown, "sets[" + std::to_string(i) + "]", "expected \"name=value\", got " + sets[i].dump());
      s.run.sets.push_back(sets[i].get<std::string>());
    }
  }
  if (j.contains("commands")) {
    const nlohmann::json& commands = j.at("commands");
    if (!commands.is_array()) fail(shown, "commands", "expected a list of command lines");
    uint64_t last = 0;
    for (size_t i = 0; i < commands.size(); ++i) {
      const std::string field = "commands[" + std::to_string(i) + "]";
      if (!commands[i].is_string()) fail(shown, field, "expected a command line, got " + commands[i].dump());
      try {
        s.commands.push_back(parseCommand(commands[i].get<std::string>()));
      } catch (const std::invalid_argument& e) {
        fail(shown, field, e.what());
      }
      if (s.commands.back().atStep < last) fail(shown, field, "its step goes back in time");
      last = s.commands.back().atStep;
    }
  }
  const nlohmann::json& steps = need(j, "steps", shown);
  if (!steps.is_number_unsigned()) fail(shown, "steps", "expected a whole number of env steps, got " + steps.dump());
  s.steps = steps.get<uint64_t>();
  if (j.contains("view")) {
    if (!j.at("view").is_object()) fail(shown, "view", "expected an object");
    s.view = j.at("view");
  }
  // The run itself must build: every --set name and value is checked now, not after an hour of training.
  try {
    makeTrainer(s.run);
  } catch (const UsageError& e) {
    fail(shown, "sets", e.what());
  } catch (const std::invalid_argument& e) {
    fail(shown, "algo", e.what());
  }
  return s;
}

std::string sessionJson(const SessionFile& s) {
  nlohmann::json j;
  j["rllens_session"] = kSessionVersion;
  j["env"] = s.run.env;
  j["algo"] = s.run.algo;
  j["seed"] = s.run.seed;
  j["sets"] = s.run.sets;
  j["commands"] = nlohmann::json::array();
  for (const LoggedCommand& c : s.commands) j["commands"].push_back(formatCommand(c));
  j["steps"] = s.steps;
  j["view"] = s.view;
  return j.dump(2) + "\n";
}

void writeSessionFile(const std::string& path, const SessionFile& s) { writeFileAtomic(path, sessionJson(s)); }

}  // namespace rl::cli
