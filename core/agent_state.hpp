// Saved agents: the learned state of any algorithm in one versioned file, and the all-or-nothing load.
//
// Each agent names its learned state once, in Agent::describeState, as a list of references (tables, networks,
// optimiser moments, the counters its schedules read); saving writes those, loading checks the file against them.
// The replay buffer, the running episode and the lens's caches are not saved: a loaded agent starts a fresh episode
// with the learned values, optimiser and schedules where they were.
//
// File format "RL Lens saved agent", version 1. Binary, little-endian; str = u32 byte length + UTF-8 bytes:
//
//   field                         what
//   magic "RLLENSAG"              8 bytes
//   u32 version                   kAgentFormatVersion
//   u64 file length               every byte, checksum included (a cut-short file says so before the checksum)
//   str algorithm, str env        Agent::id(), the env's info().id
//   str observation, str action   the env's spaces, Space::describe(): "Box(10,10,6,)", "Discrete(6)"
//   u32 P, P × (str name, f64)    the agent's ParamTable values when it was saved
//   u32 R, R × record             str name, u8 kind, u64 payload length, payload (below)
//   u64 checksum                  FNV-1a-64 of every byte before it
//
// Record payloads by kind: 1 matrix (u32 rows, u32 cols, rows·cols f32 column-major); 2 vector (u8 element type:
// 1 f32, 2 f64, 3 i32, 4 u32, 5 u8, 6 u64; u64 count; the elements); 3 counter (u64); 4 number (f64);
// 5 optimiser (i64 step count t, u32 L state lists, per list u32 count then count × (u32 rows, u32 cols, f32 data)).
// Networks are one matrix record per tensor of Layer::tensors(), named "<network>/<tensor>", e.g.
// "online/0.Conv2D.weight", so BatchNorm's running statistics travel with the weights.
//
// loadAgentState checks, in order: the magic, the version, the length (truncated / trailing bytes), the checksum,
// the algorithm and the env ids, the spaces, then every record's name, kind and shape against the agent's
// description, decoding each into a temporary. Only when all of it checked are the temporaries swapped in (no
// throw from there on) and stateLoaded() called. Any failure throws AgentStateError with one line naming the file
// and the problem, and the agent is exactly as it was.
#pragma once
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/agent.hpp"
#include "core/nn/layer.hpp"
#include "core/nn/optim.hpp"

namespace rl {

class AgentStateError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

inline constexpr uint32_t kAgentFormatVersion = 1;

// The list of named references an agent fills in describeState. Every reference must stay valid until the save or
// load that asked for it returns.
class AgentState {
 public:
  struct Entry {
    std::string name;
    uint8_t kind = 0;
    std::function<void(std::string& out)> write;  // appends the payload
    // Decodes a payload into a temporary and returns the swap that puts it in place (which must not throw); throws
    // std::runtime_error with the rest of a sentence ("is 64×32, expected 128×32") when it does not fit.
    std::function<std::function<void()>(std::string_view payload)> stage;
  };

  void matrix(std::string name, nn::Mat<float>& m);  // the shape must match on load
  void network(const std::string& name, nn::Layer<float>& net);  // "<name>/<tensor name>" per tensor
  void tensors(const std::string& name, const std::vector<nn::NamedTensor<float>>& ts);
  void matrices(const std::string& name, const std::vector<nn::Mat<float>*>& ms);  // "<name>/<index>"
  // The optimiser's moments and step count; each moment list is empty (before the first step) or shaped like params.
  void optimizer(std::string name, nn::Optimizer<float>& opt, std::vector<nn::Param<float>*> params);
  // Fixed-length vectors (tables): the length must match on load.
  void vector(std::string name, std::vector<float>& v);
  void vector(std::string name, std::vector<double>& v);
  void vector(std::string name, std::vector<int>& v);
  void vector(std::string name, std::vector<uint32_t>& v);
  void vector(std::string name, std::vector<uint8_t>& v);
  void vector(std::string name, std::vector<uint64_t>& v);
  void counter(std::string name, uint64_t& v);
  void number(std::string name, double& v);

  const std::vector<Entry>& entries() const { return entries_; }

 private:
  template <class V>
  void podVector(std::string name, std::vector<V>& v, uint8_t code);
  std::vector<Entry> entries_;
};

// The agent's saved-agent file as bytes (the caller writes them, atomically).
std::string saveAgentState(Agent& agent, const Env& env);
// Loads a saved-agent file's bytes into agent (built and reset on env); `path` names the file in messages.
void loadAgentState(Agent& agent, const Env& env, std::string_view bytes, const std::string& path);
// Reads path whole and loads it; "cannot open" is an AgentStateError too.
void loadAgentFile(Agent& agent, const Env& env, const std::string& path);

// The header of a saved-agent file (magic, version, length and checksum checked), for front ends that want to know
// what it holds before building a run for it.
struct AgentFileInfo {
  std::string algo, env, observation, action;
  std::vector<std::pair<std::string, double>> params;
  size_t records = 0;
};
AgentFileInfo readAgentFileInfo(std::string_view bytes, const std::string& path);
std::string readFileBytes(const std::string& path);  // throws AgentStateError "<path>: cannot open …"

}  // namespace rl
