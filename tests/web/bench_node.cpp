// `rllens bench` for the browser build's speed table: the same runs/bench.cpp compiled to WebAssembly (simd128,
// threads) and run under node, so wasm's env steps/s can be set beside native's (scripts/web_bench.sh).
//   node rllens_bench_wasm.js ALGO ENV SECONDS [name=value ...]
#include <cstdio>
#include <cstdlib>
#include <exception>

#include "runs/bench.hpp"

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: rllens_bench_wasm ALGO ENV SECONDS [name=value ...]\n");
    return 2;
  }
  rl::runs::RunSpec run;
  run.algo = argv[1];
  run.env = argv[2];
  for (int i = 4; i < argc; ++i) run.sets.push_back(argv[i]);
  try {
    std::puts(rl::runs::benchLine(rl::runs::benchThroughput(run, std::atof(argv[3]))).c_str());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "rllens: %s\n", e.what());
    return 2;
  }
  return 0;
}
