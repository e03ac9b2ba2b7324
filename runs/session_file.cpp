#include "runs/session_file.hpp"
#include "runs/files.hpp"

#include <cerrno>
#include <cstring>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <zlib.h>

#include "core/agent_state.hpp"
#include "core/checkpoint.hpp"
#include "core/nn/params_io.hpp"  // fnv1a64
#include "core/rl/registry.hpp"
#include "core/text.hpp"
#include "envs/registry.hpp"

namespace rl::runs {

namespace {

[[noreturn]] void fail(const std::string& shown, const std::string& field, const std::string& what) {
  throw UsageError(shown + ": " + field + ": " + what);
}

// A value as the file has it, cut to 80 bytes (on a character boundary): a message stays one readable line.
std::string brief(const nlohmann::json& j) {
  std::string s = j.dump();
  if (s.size() <= 80) return s;
  size_t k = 77;
  while (k > 0 && (static_cast<unsigned char>(s[k]) & 0xC0) == 0x80) --k;
  return s.substr(0, k) + "…";
}

const nlohmann::json& need(const nlohmann::json& j, const char* key, const std::string& shown) {
  if (!j.contains(key)) fail(shown, key, "missing");
  return j.at(key);
}

constexpr char kB64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string base64(const std::string& in) {
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    const uint32_t v = uint32_t(uint8_t(in[i])) << 16 | uint32_t(uint8_t(in[i + 1])) << 8 | uint8_t(in[i + 2]);
    for (int k = 18; k >= 0; k -= 6) out += kB64[(v >> k) & 63];
  }
  if (i < in.size()) {
    uint32_t v = uint32_t(uint8_t(in[i])) << 16;
    if (i + 1 < in.size()) v |= uint32_t(uint8_t(in[i + 1])) << 8;
    out += kB64[(v >> 18) & 63];
    out += kB64[(v >> 12) & 63];
    out += i + 1 < in.size() ? kB64[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

// Empty optional-like: returns false on a character outside the alphabet or a bad length.
bool unbase64(const std::string& in, std::string& out) {
  if (in.size() % 4) return false;
  int8_t map[256];
  std::memset(map, -1, sizeof map);
  for (int k = 0; k < 64; ++k) map[uint8_t(kB64[k])] = int8_t(k);
  out.clear();
  out.reserve(in.size() / 4 * 3);
  for (size_t i = 0; i < in.size(); i += 4) {
    uint32_t v = 0;
    int pad = 0;
    for (size_t k = 0; k < 4; ++k) {
      const char c = in[i + k];
      if (c == '=' && i + 4 == in.size() && k >= 2) {
        ++pad, v <<= 6;
        continue;
      }
      if (pad || map[uint8_t(c)] < 0) return false;
      v = v << 6 | uint32_t(map[uint8_t(c)]);
    }
    out += char(v >> 16);
    if (pad < 2) out += char(v >> 8 & 255);
    if (pad < 1) out += char(v & 255);
  }
  return true;
}

std::string hex64(uint64_t v) {
  char b[17];
  std::snprintf(b, sizeof b, "%016llx", (unsigned long long)v);
  return b;
}

uint64_t checksum(const std::string& s) {
  return nn::fnv1a64(reinterpret_cast<const unsigned char*>(s.data()), s.size());
}

// Level 1: a large replay buffer compresses in about a second; level 9 would take ten for a few percent.
std::string deflateBytes(const std::string& in) {
  uLongf n = compressBound(uLong(in.size()));
  std::string out(n, '\0');
  if (compress2(reinterpret_cast<Bytef*>(out.data()), &n, reinterpret_cast<const Bytef*>(in.data()), uLong(in.size()),
                1) != Z_OK)
    throw std::runtime_error("the checkpoint could not be compressed");
  out.resize(n);
  return out;
}

void readCheckpoint(const nlohmann::json& c, const std::string& shown, SessionFile& s) {
  if (!c.is_object()) fail(shown, "checkpoint", "expected an object");
  const nlohmann::json& bytes = need(c, "bytes", shown + ": checkpoint");
  if (!bytes.is_number_unsigned() || bytes.get<uint64_t>() > (uint64_t(1) << 34))
    fail(shown, "checkpoint.bytes", "expected the checkpoint's length, a whole number up to 16 GiB");
  const nlohmann::json& sum = need(c, "fnv1a64", shown + ": checkpoint");
  if (!sum.is_string() || sum.get<std::string>().size() != 16)
    fail(shown, "checkpoint.fnv1a64", "expected 16 hexadecimal digits");
  const nlohmann::json& data = need(c, "zlib_base64", shown + ": checkpoint");
  std::string packed;
  if (!data.is_string() || !unbase64(data.get<std::string>(), packed))
    fail(shown, "checkpoint.zlib_base64", "expected base64 text");
  std::string raw(size_t(bytes.get<uint64_t>()), '\0');
  uLongf n = uLongf(raw.size());
  const int rc = uncompress(reinterpret_cast<Bytef*>(raw.data()), &n, reinterpret_cast<const Bytef*>(packed.data()),
                            uLong(packed.size()));
  if (rc != Z_OK || n != raw.size())
    fail(shown, "checkpoint", rc == Z_OK ? "damaged (shorter than its stated length)" : "damaged (does not decompress)");
  if (hex64(checksum(raw)) != sum.get<std::string>()) fail(shown, "checkpoint", "damaged (checksum mismatch)");
  s.checkpoint = std::move(raw);
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
  } catch (const nlohmann::json::exception&) {  // e.g. a number too large for a double (1e999)
    throw UsageError(shown + ": not JSON this reader takes (a number out of range)");
  }
  if (!j.is_object()) throw UsageError(shown + ": expected a JSON object");
  const nlohmann::json& version = need(j, "rllens_session", shown);
  if (!version.is_number_integer()) fail(shown, "rllens_session", "expected the format version, a whole number");
  if (version.get<long long>() != kSessionVersion && version.get<long long>() != 1)
    fail(shown, "rllens_session", "version " + brief(version) + " is not one this build reads (it reads 1 to " +
                                      std::to_string(kSessionVersion) + ")");
  SessionFile s;
  const nlohmann::json& env = need(j, "env", shown);
  if (!env.is_string() || !findEnvironment(env.get<std::string>()))
    fail(shown, "env", "expected an environment id (see `rllens list`), got " + brief(env));
  const nlohmann::json& algo = need(j, "algo", shown);
  if (!algo.is_string() || !findAlgorithm(algo.get<std::string>()))
    fail(shown, "algo", "expected an algorithm id (see `rllens list`), got " + brief(algo));
  const nlohmann::json& seed = need(j, "seed", shown);
  if (!seed.is_number_unsigned()) fail(shown, "seed", "expected a whole number ≥ 0, got " + brief(seed));
  s.run.env = env.get<std::string>(), s.run.algo = algo.get<std::string>(), s.run.seed = seed.get<uint64_t>();
  if (j.contains("sets")) {
    const nlohmann::json& sets = j.at("sets");
    if (!sets.is_array()) fail(shown, "sets", "expected a list of \"name=value\" strings");
    for (size_t i = 0; i < sets.size(); ++i) {
      if (!sets[i].is_string() || sets[i].get<std::string>().find('=') == std::string::npos)
        fail(shown, "sets[" + std::to_string(i) + "]", "expected \"name=value\", got " + brief(sets[i]));
      s.run.sets.push_back(sets[i].get<std::string>());
    }
  }
  if (j.contains("commands")) {
    const nlohmann::json& commands = j.at("commands");
    if (!commands.is_array()) fail(shown, "commands", "expected a list of command lines");
    uint64_t last = 0;
    for (size_t i = 0; i < commands.size(); ++i) {
      const std::string field = "commands[" + std::to_string(i) + "]";
      if (!commands[i].is_string()) fail(shown, field, "expected a command line, got " + brief(commands[i]));
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
  if (!steps.is_number_unsigned()) fail(shown, "steps", "expected a whole number of env steps, got " + brief(steps));
  s.steps = steps.get<uint64_t>();
  if (s.steps > kMaxRunSteps)
    fail(shown, "steps", brief(steps) + " is beyond what a run can reach here (at most " +
                             std::to_string(kMaxRunSteps) + ", the bound of `rllens train --steps`)");
  if (j.contains("checkpoint")) readCheckpoint(j.at("checkpoint"), shown, s);
  if (j.contains("agent_loaded_at")) {
    const nlohmann::json& at = j.at("agent_loaded_at");
    if (!at.is_number_unsigned() || at.get<uint64_t>() > s.steps)
      fail(shown, "agent_loaded_at", "expected the step an agent was loaded at, up to steps, got " + brief(at));
    s.agentLoadedAt = at.get<int64_t>();
  }
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
  if (!s.checkpoint.empty())
    j["checkpoint"] = {{"bytes", s.checkpoint.size()},
                       {"fnv1a64", hex64(checksum(s.checkpoint))},
                       {"zlib_base64", base64(deflateBytes(s.checkpoint))}};
  if (s.agentLoadedAt >= 0) j["agent_loaded_at"] = s.agentLoadedAt;
  return j.dump(2) + "\n";
}

std::unique_ptr<Trainer> openSessionTrainer(const SessionFile& s, const std::string& path, bool replay) {
  const std::string shown = "'" + quoteInput(path) + "'";
  if (replay && s.agentLoadedAt >= 0)
    throw UsageError(shown + ": an agent was loaded from a file at step " + std::to_string(s.agentLoadedAt) +
                     "; the command log alone cannot re-derive this run (open it without --replay)");
  std::unique_ptr<Trainer> t = makeTrainer(s.run);
  if (s.checkpoint.empty() || replay) {
    t->replay(s.commands, s.steps);
    return t;
  }
  try {
    t->restore(s.checkpoint);
  } catch (const CheckpointError& e) {
    throw UsageError(shown + ": checkpoint: " + e.what());
  } catch (const AgentStateError& e) {
    throw UsageError(shown + ": checkpoint: " + e.what());
  } catch (const std::invalid_argument& e) {
    throw UsageError(shown + ": checkpoint: " + e.what());
  }
  if (t->lifetimeSteps() != s.steps)
    throw UsageError(shown + ": checkpoint: it is at step " + std::to_string(t->lifetimeSteps()) +
                     ", the file's steps say " + std::to_string(s.steps));
  return t;
}

std::string takeCheckpoint(Trainer& t, SessionFile& s) {
  try {
    s.checkpoint = t.checkpoint();
    return {};
  } catch (const CheckpointUnsupported& e) {
    s.checkpoint.clear();
    return e.what();
  }
}

void writeSessionFile(const std::string& path, const SessionFile& s) { writeFileAtomic(path, sessionJson(s)); }

}  // namespace rl::runs
