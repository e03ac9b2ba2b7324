// How a network sees a raw observation, shared by every network-based agent (DQN, the policy-gradient and
// actor-critic models): Discrete(n) → a one-hot column, Box(d,) → the values, Box(H, W, C) → MinAtar's numpy
// layout H×W×C transposed to the C×H×W that Conv2D reads.
#pragma once
#include <algorithm>

namespace rl {

enum class ObsInput { OneHot, Flat, Image };

// Writes the network input column for one raw observation: inDim floats (one-hot), or H·W·C values.
inline void encodeObservation(ObsInput input, int inDim, int h, int w, int c, const float* obs, float* dst) {
  switch (input) {
    case ObsInput::OneHot:
      std::fill(dst, dst + inDim, 0.f);
      dst[std::clamp(int(obs[0]), 0, inDim - 1)] = 1.f;
      break;
    case ObsInput::Flat: std::copy(obs, obs + inDim, dst); break;
    case ObsInput::Image:
      for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x)
          for (int ch = 0; ch < c; ++ch) dst[(ch * h + y) * w + x] = obs[(y * w + x) * c + ch];
      break;
  }
}

}  // namespace rl
