// ===================================================================================================================
// Invaders — MinAtar's Space Invaders (Young & Tian 2019), rule for rule.
//
// Rules: you are the cannon on the bottom row. A 4×6 block of aliens marches sideways, stepping down a row and turning
// each time it reaches an edge; it speeds up as it thins out. Fire (one shot in flight every 5 steps) to destroy
// aliens: +1 each. The alien nearest your column shoots down at you every 10 steps. You lose when an enemy bullet or
// an alien reaches you, or when the aliens reach the bottom row. Clear a wave and a new one appears — faster, when
// difficulty ramping is on.
//
// Action:       Discrete(6) — 0 no-op, 1 left, 2 up, 3 right, 4 down, 5 fire (up and down do nothing); with
//               minimal_actions, Discrete(4) — no-op, left, right, fire
// Observation:  Box(10, 10, 6) of 0/1 floats, [row][col][channel], rows from the top: 0 cannon, 1 alien,
//               2 alien moving left, 3 alien moving right, 4 friendly bullet, 5 enemy bullet
// Reward:       +1 per alien destroyed (also on the terminal step)
// Start:        cannon in column 5, aliens in rows 0–3 × columns 2–7 moving left
// Episode end:  terminated when you are hit or the aliens land; no time limit
// Sticky actions: with probability p the previous effective action repeats (MinAtar's numpy generator, so a seeded
// run equals MinAtar's).
// ===================================================================================================================
#pragma once
#include <array>

#include "core/env.hpp"
#include "envs/mt19937.hpp"

namespace rl {

class Invaders final : public Env {
 public:
  double maxAbsReward() const override { return 1.0; }  // one friendly bullet hits at most one alien a step
  static constexpr int kRows = 10, kCols = 10, kChannels = 6;
  enum Channel { kCannon = 0, kAlien, kAlienLeft, kAlienRight, kFriendlyBullet, kEnemyBullet };

  Invaders();
  std::span<const float> reset(std::optional<uint64_t> seed = std::nullopt) override;
  StepResult step(int action) override;
  std::span<const float> observation() const override;
  Space observationSpace() const override;
  Space actionSpace() const override { return Space::discrete(minimalActions_ ? 4 : 6); }
  EnvInfo info() const override;
  RenderState renderState() const override;
  std::string stepDetail() const override;
  void persist(StateIO& io) override;  // checkpoints (core/checkpoint.hpp)

  // The 600 bytes (0/1) of the state in C order (row·10 + col)·6 + channel, hashed with FNV-1a 64.
  uint64_t stateHash() const;
  int effectiveAction() const { return lastAction_; }  // in the full action set
  bool terminal() const { return terminal_; }

 private:
  using Rows = std::array<uint16_t, kRows>;  // bit c of row r = cell (r, c)
  void materialise() const;

  // Parameters.
  double sticky_ = 0.1;
  bool ramping_ = true, minimalActions_ = false;
  // Game state.
  Rows aliens_{}, friendly_{}, enemy_{};
  int pos_ = 5, direction_ = -1, moveInterval_ = 12, moveTimer_ = 12, shotTimer_ = 10, playerShotTimer_ = 0;
  int rampIndex_ = 0, score_ = 0;
  bool terminal_ = false;
  // Sticky actions (not reset by reset(), as in MinAtar).
  NumpyRandomState random_;
  int lastAction_ = 0;
  // Observation, built on demand.
  mutable std::array<float, kRows * kCols * kChannels> obs_{};
  mutable bool obsDirty_ = true;
};

}  // namespace rl
