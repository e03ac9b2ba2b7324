#include "core/agent_state.hpp"

#include <bit>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <map>

#include "core/nn/params_io.hpp"  // fnv1a64
#include "core/text.hpp"

namespace rl {

static_assert(std::endian::native == std::endian::little, "the saved-agent format is little-endian; add byte swaps");

namespace {
constexpr char kMagic[8] = {'R', 'L', 'L', 'E', 'N', 'S', 'A', 'G'};
enum Kind : uint8_t { kMatrix = 1, kVector = 2, kCounter = 3, kNumber = 4, kOptimizer = 5 };

const char* kindName(uint8_t k) {
  switch (k) {
    case kMatrix: return "matrix";
    case kVector: return "vector";
    case kCounter: return "counter";
    case kNumber: return "number";
    case kOptimizer: return "optimiser";
  }
  return "unknown kind";
}

template <class V>
void put(std::string& out, V v) {
  out.append(reinterpret_cast<const char*>(&v), sizeof v);
}
void putString(std::string& out, std::string_view s) {
  put(out, uint32_t(s.size()));
  out += s;
}
void putMatrix(std::string& out, const nn::Mat<float>& m) {
  put(out, uint32_t(m.rows()));
  put(out, uint32_t(m.cols()));
  out.append(reinterpret_cast<const char*>(m.data()), size_t(m.size()) * sizeof(float));
}

std::string shapeText(uint64_t rows, uint64_t cols) { return std::to_string(rows) + "×" + std::to_string(cols); }

// Bounds-checked reader; running off the end throws std::runtime_error(what) with the field named.
class Reader {
 public:
  explicit Reader(std::string_view bytes) : bytes_(bytes) {}
  template <class V>
  V get(const char* field) {
    V v;
    need(sizeof v, field);
    std::memcpy(&v, bytes_.data() + pos_, sizeof v);
    pos_ += sizeof v;
    return v;
  }
  std::string_view take(uint64_t n, const char* field) {
    need(n, field);
    std::string_view s = bytes_.substr(pos_, size_t(n));
    pos_ += size_t(n);
    return s;
  }
  std::string getString(const char* field) { return std::string(take(get<uint32_t>(field), field)); }
  nn::Mat<float> getMatrix(const char* field) {
    const auto rows = get<uint32_t>(field), cols = get<uint32_t>(field);
    const std::string_view data = take(uint64_t(rows) * cols * sizeof(float), field);
    nn::Mat<float> m(rows, cols);
    if (m.size()) std::memcpy(m.data(), data.data(), data.size());
    return m;
  }
  bool done() const { return pos_ == bytes_.size(); }
  size_t pos() const { return pos_; }

 private:
  void need(uint64_t n, const char* field) {
    if (bytes_.size() - pos_ < n) throw std::runtime_error(std::string("ends inside the ") + field);
  }
  std::string_view bytes_;
  size_t pos_ = 0;
};

// A staged payload must be consumed exactly: a longer one is a different layout, not a bigger table.
void expectEnd(const Reader& r) {
  if (!r.done()) throw std::runtime_error("has an unexpected layout (trailing bytes in its record)");
}
}  // namespace

// ---- Describing the state ----

void AgentState::matrix(std::string name, nn::Mat<float>& m) {
  entries_.push_back({std::move(name), kMatrix, [&m](std::string& out) { putMatrix(out, m); },
                      [&m](std::string_view payload) -> std::function<void()> {
                        Reader r(payload);
                        auto tmp = std::make_shared<nn::Mat<float>>(r.getMatrix("matrix"));
                        expectEnd(r);
                        if (tmp->rows() != m.rows() || tmp->cols() != m.cols())
                          throw std::runtime_error("is " + shapeText(uint64_t(tmp->rows()), uint64_t(tmp->cols())) +
                                                   ", expected " + shapeText(uint64_t(m.rows()), uint64_t(m.cols())));
                        return [&m, tmp] { m.swap(*tmp); };
                      }});
}

void AgentState::network(const std::string& name, nn::Layer<float>& net) { tensors(name, net.tensors()); }

void AgentState::tensors(const std::string& name, const std::vector<nn::NamedTensor<float>>& ts) {
  for (const nn::NamedTensor<float>& t : ts) matrix(name + "/" + t.name, *t.value);
}

void AgentState::matrices(const std::string& name, const std::vector<nn::Mat<float>*>& ms) {
  for (size_t i = 0; i < ms.size(); ++i) matrix(name + "/" + std::to_string(i), *ms[i]);
}

void AgentState::optimizer(std::string name, nn::Optimizer<float>& opt, std::vector<nn::Param<float>*> params) {
  auto write = [&opt](std::string& out) {
    put(out, int64_t(opt.steps()));
    const auto lists = opt.stateLists();
    put(out, uint32_t(lists.size()));
    for (const std::vector<nn::Mat<float>>* list : lists) {
      put(out, uint32_t(list->size()));
      for (const nn::Mat<float>& m : *list) putMatrix(out, m);
    }
  };
  auto stage = [&opt, params](std::string_view payload) -> std::function<void()> {
    Reader r(payload);
    const auto t = r.get<int64_t>("optimiser step count");
    const auto lists = opt.stateLists();
    const auto count = r.get<uint32_t>("optimiser state");
    if (count != lists.size())
      throw std::runtime_error("has " + std::to_string(count) + " state lists, expected " +
                               std::to_string(lists.size()) + " (saved with another optimiser)");
    auto tmp = std::make_shared<std::vector<std::vector<nn::Mat<float>>>>(count);
    for (uint32_t l = 0; l < count; ++l) {
      const auto n = r.get<uint32_t>("optimiser state");
      if (n != 0 && n != params.size())
        throw std::runtime_error("has " + std::to_string(n) + " moments, expected 0 or " +
                                 std::to_string(params.size()));
      for (uint32_t i = 0; i < n; ++i) {
        nn::Mat<float> m = r.getMatrix("optimiser state");
        const nn::Mat<float>& p = params[i]->value;
        if (m.rows() != p.rows() || m.cols() != p.cols())
          throw std::runtime_error("moment " + std::to_string(i) + " is " +
                                   shapeText(uint64_t(m.rows()), uint64_t(m.cols())) + ", expected " +
                                   shapeText(uint64_t(p.rows()), uint64_t(p.cols())));
        (*tmp)[l].push_back(std::move(m));
      }
    }
    expectEnd(r);
    return [&opt, tmp, t] {
      const auto lists = opt.stateLists();
      for (size_t l = 0; l < lists.size(); ++l) lists[l]->swap((*tmp)[l]);
      opt.setSteps(t);
    };
  };
  entries_.push_back({std::move(name), kOptimizer, write, stage});
}

template <class V>
void AgentState::podVector(std::string name, std::vector<V>& v, uint8_t code) {
  auto write = [&v, code](std::string& out) {
    put(out, code);
    put(out, uint64_t(v.size()));
    out.append(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(V));
  };
  auto stage = [&v, code](std::string_view payload) -> std::function<void()> {
    Reader r(payload);
    if (r.get<uint8_t>("vector") != code) throw std::runtime_error("has another element type");
    const auto n = r.get<uint64_t>("vector");
    if (n != v.size())
      throw std::runtime_error("has " + std::to_string(n) + " entries, expected " + std::to_string(v.size()));
    const std::string_view data = r.take(n * sizeof(V), "vector");
    expectEnd(r);
    auto tmp = std::make_shared<std::vector<V>>(size_t(n));
    if (n) std::memcpy(tmp->data(), data.data(), data.size());
    return [&v, tmp] { v.swap(*tmp); };
  };
  entries_.push_back({std::move(name), kVector, write, stage});
}

void AgentState::vector(std::string name, std::vector<float>& v) { podVector(std::move(name), v, 1); }
void AgentState::vector(std::string name, std::vector<double>& v) { podVector(std::move(name), v, 2); }
void AgentState::vector(std::string name, std::vector<int>& v) { podVector(std::move(name), v, 3); }
void AgentState::vector(std::string name, std::vector<uint32_t>& v) { podVector(std::move(name), v, 4); }
void AgentState::vector(std::string name, std::vector<uint8_t>& v) { podVector(std::move(name), v, 5); }
void AgentState::vector(std::string name, std::vector<uint64_t>& v) { podVector(std::move(name), v, 6); }

void AgentState::counter(std::string name, uint64_t& v) {
  entries_.push_back({std::move(name), kCounter, [&v](std::string& out) { put(out, v); },
                      [&v](std::string_view payload) -> std::function<void()> {
                        Reader r(payload);
                        const auto x = r.get<uint64_t>("counter");
                        expectEnd(r);
                        return [&v, x] { v = x; };
                      }});
}

void AgentState::number(std::string name, double& v) {
  entries_.push_back({std::move(name), kNumber, [&v](std::string& out) { put(out, v); },
                      [&v](std::string_view payload) -> std::function<void()> {
                        Reader r(payload);
                        const auto x = r.get<double>("number");
                        expectEnd(r);
                        return [&v, x] { v = x; };
                      }});
}

// ---- Saving ----

std::string saveAgentState(Agent& agent, const Env& env) {
  AgentState state;
  agent.describeState(state);
  std::string out(kMagic, sizeof kMagic);
  put(out, kAgentFormatVersion);
  const size_t lengthAt = out.size();
  put(out, uint64_t(0));  // the file length, filled in below
  putString(out, agent.id());
  putString(out, env.info().id);
  putString(out, env.observationSpace().describe());
  putString(out, env.actionSpace().describe());
  const auto& specs = agent.params().specs();
  put(out, uint32_t(specs.size()));
  for (const ParamSpec& s : specs) {
    putString(out, s.name);
    put(out, agent.params().get(s.name));
  }
  put(out, uint32_t(state.entries().size()));
  std::string payload;
  for (const AgentState::Entry& e : state.entries()) {
    putString(out, e.name);
    put(out, e.kind);
    payload.clear();
    e.write(payload);
    put(out, uint64_t(payload.size()));
    out += payload;
  }
  const uint64_t length = out.size() + sizeof(uint64_t);
  std::memcpy(out.data() + lengthAt, &length, sizeof length);
  put(out, nn::fnv1a64(reinterpret_cast<const unsigned char*>(out.data()), out.size()));
  return out;
}

// ---- Loading ----

namespace {
struct Record {
  std::string name;
  uint8_t kind;
  std::string_view payload;
};
struct Parsed {
  AgentFileInfo info;
  std::vector<Record> records;
};

// Everything up to the records, checked; throws AgentStateError naming path.
Parsed parse(std::string_view bytes, const std::string& path) {
  auto fail = [&](const std::string& what) { return AgentStateError(path + ": " + what); };
  if (bytes.size() < sizeof kMagic || bytes.substr(0, sizeof kMagic) != std::string_view(kMagic, sizeof kMagic))
    throw fail("not an RL Lens saved agent (bad magic)");
  Parsed p;
  try {
    Reader r(bytes);
    r.take(sizeof kMagic, "magic");
    if (bytes.size() < sizeof kMagic + sizeof(uint32_t) + 2 * sizeof(uint64_t))
      throw fail("damaged (truncated: " + std::to_string(bytes.size()) + " bytes, shorter than the header)");
    const auto version = r.get<uint32_t>("version");
    if (version != kAgentFormatVersion)
      throw fail("saved-agent format version " + std::to_string(version) + ", this build reads version " +
                 std::to_string(kAgentFormatVersion));
    const auto length = r.get<uint64_t>("file length");
    if (bytes.size() < length)
      throw fail("damaged (truncated: " + std::to_string(bytes.size()) + " bytes, the header announces " +
                 std::to_string(length) + ")");
    if (bytes.size() > length)
      throw fail("damaged (" + std::to_string(bytes.size() - length) + " trailing bytes after the checksum)");
    uint64_t stored;
    std::memcpy(&stored, bytes.data() + bytes.size() - sizeof stored, sizeof stored);
    if (stored != nn::fnv1a64(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size() - sizeof stored))
      throw fail("damaged (checksum mismatch)");

    Reader body(bytes.substr(0, bytes.size() - sizeof stored));
    body.take(sizeof kMagic + sizeof version + sizeof length, "header");
    p.info.algo = body.getString("algorithm id");
    p.info.env = body.getString("env id");
    p.info.observation = body.getString("observation space");
    p.info.action = body.getString("action space");
    const auto nParams = body.get<uint32_t>("parameter count");
    for (uint32_t i = 0; i < nParams; ++i) {
      std::string name = body.getString("parameter name");
      p.info.params.emplace_back(std::move(name), body.get<double>("parameter value"));
    }
    const auto nRecords = body.get<uint32_t>("record count");
    for (uint32_t i = 0; i < nRecords; ++i) {
      Record rec;
      rec.name = body.getString("record name");
      rec.kind = body.get<uint8_t>("record kind");
      rec.payload = body.take(body.get<uint64_t>("record length"), "record");
      p.records.push_back(std::move(rec));
    }
    if (!body.done()) throw fail("damaged (bytes after the last record)");
    p.info.records = p.records.size();
  } catch (const AgentStateError&) {
    throw;
  } catch (const std::runtime_error& e) {  // a Reader ran off the end of a consistent, checksummed file
    throw fail(std::string("damaged (the file ") + e.what() + ")");
  }
  return p;
}

// " (saved with hidden=64; this run has hidden=128)" for the parameters that differ, to explain a shape mismatch.
std::string paramHint(const AgentFileInfo& info, const ParamTable& now) {
  std::string saved, current;
  int n = 0;
  for (const auto& [name, value] : info.params) {
    const ParamSpec* spec = now.find(name);
    if (!spec || now.get(name) == value || n == 3) continue;
    saved += (n ? ", " : "") + name + "=" + formatValue(*spec, value);
    current += (n ? ", " : "") + name + "=" + formatValue(*spec, now.get(name));
    ++n;
  }
  return n ? " (saved with " + saved + "; this run has " + current + ")" : "";
}
}  // namespace

AgentFileInfo readAgentFileInfo(std::string_view bytes, const std::string& path) { return parse(bytes, path).info; }

void loadAgentState(Agent& agent, const Env& env, std::string_view bytes, const std::string& path) {
  const Parsed p = parse(bytes, path);
  auto fail = [&](const std::string& what) { return AgentStateError(path + ": " + what); };
  const std::string envId = env.info().id;
  if (p.info.algo != agent.id() || p.info.env != envId)
    throw fail("saved by " + quoteInput(p.info.algo) + " on " + quoteInput(p.info.env) + "; this run is " +
               agent.id() + " on " + envId);
  const std::string obs = env.observationSpace().describe(), act = env.actionSpace().describe();
  if (p.info.observation != obs || p.info.action != act)
    throw fail("saved for observation " + quoteInput(p.info.observation) + ", action " + quoteInput(p.info.action) +
               "; this env has " + obs +
               ", " + act);

  AgentState state;
  agent.describeState(state);
  std::map<std::string_view, const Record*> byName;
  for (const Record& r : p.records)
    if (!byName.emplace(r.name, &r).second)
      throw fail("damaged (the record '" + quoteInput(r.name) + "' appears twice)");
  const std::string hint = paramHint(p.info, agent.params());
  std::vector<std::function<void()>> commits;
  for (const AgentState::Entry& e : state.entries()) {
    const auto it = byName.find(e.name);
    if (it == byName.end())
      throw fail("has no '" + e.name + "' (saved by another build of " + agent.id() + "?)" + hint);
    const Record& r = *it->second;
    if (r.kind != e.kind)
      throw fail("'" + e.name + "' is a " + kindName(r.kind) + ", expected a " + kindName(e.kind) + hint);
    try {
      commits.push_back(e.stage(r.payload));
    } catch (const std::runtime_error& err) {
      throw fail("'" + e.name + "' " + err.what() + hint);
    }
    byName.erase(it);
  }
  if (!byName.empty())
    throw fail("has '" + quoteInput(byName.begin()->first) + "', which this " + agent.id() + " does not" + hint);

  // Everything checked and decoded: swap it in.
  for (const auto& commit : commits) commit();
  agent.stateLoaded();
}

std::string readFileBytes(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) throw AgentStateError(path + ": cannot open: " + std::strerror(errno));
  std::string bytes((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  if (f.bad()) throw AgentStateError(path + ": cannot read: " + std::strerror(errno));
  return bytes;
}

void loadAgentFile(Agent& agent, const Env& env, const std::string& path) {
  loadAgentState(agent, env, readFileBytes(path), path);
}

}  // namespace rl
