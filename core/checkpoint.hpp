// Checkpoints: everything a run needs to continue exactly where it stopped, beyond what a saved agent holds.
//
// A saved agent (core/agent_state.hpp) carries the learned state: networks, targets, optimiser moments, tables. A
// checkpoint adds the rest, the run's *runtime* state: the replay buffer, the episode in progress, the rollout being
// collected, every RNG stream, the env's own state, the counters schedules read and the metrics so far. With both, a
// fresh Trainer built from the same run continues bit for bit as the uninterrupted run would.
//
// Each class names its runtime state once, in `persist(StateIO&)`, as a sequence of `io.io(member)` calls: the same
// function writes (saving) and reads (loading), so the two can never disagree on the order. Loading always targets a
// freshly built Trainer, which is swapped in only when the whole checkpoint read cleanly — a damaged file changes
// nothing of the running session.
//
// Encoding: little-endian PODs; a vector is a u64 count then its elements; a string a u64 byte count then the bytes;
// an Rng its 4 state words, its cached spare normal and the flag. `section("name")` writes the name, and on reading
// checks it, so a checkpoint written by another algorithm or another build says where it stopped fitting.
#pragma once
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "core/rng.hpp"

namespace rl {

// Bumped whenever any class's persist() changes what it reads or writes: a checkpoint of another version is refused
// by number, not half-read.
inline constexpr uint32_t kCheckpointVersion = 1;

class CheckpointError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Thrown by a class that has no checkpoint support (the session is then saved as its command log alone).
class CheckpointUnsupported : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class StateIO {
 public:
  static StateIO writer() { return StateIO(); }
  static StateIO reader(std::string_view bytes) { return StateIO(bytes); }

  bool reading() const { return reading_; }
  const std::string& bytes() const { return out_; }
  bool done() const { return pos_ == in_.size(); }

  // A named marker: written as the name, checked on reading.
  void section(std::string_view name);

  template <class T>
    requires(std::is_arithmetic_v<T> || std::is_enum_v<T>)
  void io(T& v) {
    if (!reading_) {
      out_.append(reinterpret_cast<const char*>(&v), sizeof v);
      return;
    }
    need(sizeof v, "a value");
    std::memcpy(&v, in_.data() + pos_, sizeof v);
    pos_ += sizeof v;
    if constexpr (std::is_same_v<T, bool>) {
      unsigned char b;
      std::memcpy(&b, &v, 1);
      if (b > 1) fail("a flag is neither 0 nor 1");
    }
  }

  template <class T>
    requires(std::is_arithmetic_v<T> && !std::is_same_v<T, bool>)
  void io(std::vector<T>& v) {
    uint64_t n = v.size();
    io(n);
    if (!reading_) {
      if (n) out_.append(reinterpret_cast<const char*>(v.data()), n * sizeof(T));
      return;
    }
    if (n > (in_.size() - pos_) / sizeof(T)) fail("a list runs past the end");
    v.resize(size_t(n));
    if (n) std::memcpy(v.data(), in_.data() + pos_, n * sizeof(T));
    pos_ += n * sizeof(T);
  }
  // A vector whose length the reader already knows (a table sized by reset): a different length is refused.
  template <class T>
  void fixed(std::vector<T>& v, const char* what) {
    const size_t was = v.size();
    io(v);
    if (reading_ && v.size() != was)
      fail(std::string(what) + " has " + std::to_string(v.size()) + " entries, this run has " + std::to_string(was));
  }
  void io(std::string& s);
  void io(Rng& r) { r.persist(*this); }
  // A count the reader checks against an upper bound before sizing anything by it.
  template <class T>
  void bounded(T& v, T most, const char* what) {
    io(v);
    if (reading_ && (v < T(0) || v > most)) fail(std::string(what) + " is out of range");
  }

  // A count this run already fixed (workers, env copies): written, and on reading checked against it.
  void sameCount(size_t have, const char* what) {
    uint64_t n = have;
    io(n);
    if (reading_ && n != have)
      fail("it holds " + std::to_string(n) + " " + what + ", this run has " + std::to_string(have));
  }

  [[noreturn]] void fail(const std::string& what) const;

 private:
  StateIO() = default;
  explicit StateIO(std::string_view in) : reading_(true), in_(in) {}
  void need(size_t n, const char* what) const {
    if (n > in_.size() - pos_) fail(std::string("truncated while reading ") + what);
  }
  bool reading_ = false;
  std::string out_;
  std::string_view in_;
  size_t pos_ = 0;
  std::string lastSection_ = "start";
};

}  // namespace rl
