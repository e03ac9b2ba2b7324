// numpy.random.RandomState's generator, for MinAtar-exact sticky actions: MT19937 seeded like std::mt19937(seed),
// and rand() built from two 32-bit outputs a, b as ((a >> 5) · 2^26 + (b >> 6)) / 2^53.
#pragma once
#include <cstdint>
#include <random>
#include <sstream>
#include <string>

namespace rl {

class NumpyRandomState {
 public:
  explicit NumpyRandomState(uint32_t seed = 0) : mt_(seed) {}
  void seed(uint32_t s) { mt_.seed(s); }
  // Checkpoints: the generator's whole state in the standard library's text form (624 words and the position).
  std::string state() const {
    std::ostringstream out;
    out << mt_;
    return out.str();
  }
  bool setState(const std::string& s) {
    std::istringstream in(s);
    std::mt19937 mt;
    in >> mt;
    if (in.fail()) return false;
    mt_ = mt;
    return true;
  }
  double rand() {
    const uint32_t a = uint32_t(mt_()) >> 5, b = uint32_t(mt_()) >> 6;
    return (double(a) * 67108864.0 + double(b)) / 9007199254740992.0;
  }

 private:
  std::mt19937 mt_;
};

}  // namespace rl
