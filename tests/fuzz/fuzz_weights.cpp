// libFuzzer target: the weights-file loader on arbitrary bytes. It either loads (a valid file for this network) or
// throws WeightsFileError naming the file, and never leaves the network half-changed.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "core/nn/nn.hpp"
#include "core/rng.hpp"
#include "fuzz_util.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::string path = "/tmp/rllens-fuzz-weights-" + std::to_string(::getpid()) + ".bin";
  static rl::nn::SequentialF net = [] {
    rl::Rng rng(1);
    rl::nn::SequentialF n;
    n.add(rl::nn::Linear<float>(3, 4, rng));
    n.add(rl::nn::Activation<float>(rl::nn::Act::Tanh));
    n.add(rl::nn::Linear<float>(4, 2, rng));
    return n;
  }();
  FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) return 0;
  std::fwrite(data, 1, size, f);
  std::fclose(f);
  std::vector<float> before;
  for (auto* p : net.params()) before.insert(before.end(), p->value.data(), p->value.data() + p->value.size());
  try {
    rl::nn::loadWeights(path, net);
  } catch (const rl::nn::WeightsFileError& e) {
    rlfuzz::checkMessage(e.what());
    std::vector<float> after;
    for (auto* p : net.params()) after.insert(after.end(), p->value.data(), p->value.data() + p->value.size());
    if (after != before) std::abort();  // a refused file must not change the network
  }
  return 0;
}
