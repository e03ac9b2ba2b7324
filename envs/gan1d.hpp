// ===================================================================================================================
// GAN 1-D toy — target distributions for a one-dimensional GAN, and Pfau & Vinyals' stateless MDP.
//
// Rules: a generator (the actor) proposes a number x. The environment flips a fair coin: heads it shows a real
// sample drawn from the target distribution and pays 1; tails it shows the actor's x and pays 0. A critic that
// predicts the reward of what it is shown is exactly a GAN discriminator; the actor is rewarded for samples the
// critic mistakes for real ("Connecting Generative Adversarial Networks and Actor-Critic Methods", 2016).
//
// Action:       Box(1,) the proposed sample x in [−8, 8]
// Observation:  Box(1,) the sample shown after the step (0 at reset): it carries nothing the actor could use
// Reward:       1 when the real sample was shown, 0 when the actor's was
// Start:        a single step per episode: every step terminates
// Targets:      gaussian N(4, 0.5²), two modes ½N(−2, 0.5²) + ½N(2, 0.5²), three modes ⅓ each at −3, 0, 3 (σ 0.5),
//               uniform U[−3, 3], and a drawn density (a histogram the user paints, 64 bins over [−8, 8])
// ===================================================================================================================
#pragma once
#include <array>
#include <deque>
#include <string>
#include <vector>

#include "core/env.hpp"
#include "core/rng.hpp"

namespace rl {

class Target1d {
 public:
  enum class Kind { Gaussian, TwoModes, ThreeModes, Uniform, Drawn };
  static constexpr double kLo = -8, kHi = 8;
  static constexpr int kBins = 64;

  explicit Target1d(Kind kind = Kind::Gaussian);
  Kind kind() const { return kind_; }
  std::string name() const;
  double sample(Rng& rng) const;
  std::vector<double> sample(Rng& rng, int n) const;
  double pdf(double x) const;
  // The drawn density: bin weights (≥ 0, not all zero); bin i covers [kLo + i·w, kLo + (i+1)·w), w = (kHi − kLo)/kBins.
  void setBin(int bin, double weight);
  const std::array<double, kBins>& bins() const { return bins_; }

 private:
  struct Mode {
    double weight, mean, sd;
  };
  Kind kind_;
  std::vector<Mode> modes_;
  std::array<double, kBins> bins_{};
};

class Gan1d final : public Env {
 public:
  double maxAbsReward() const override { return 1.0; }  // real (1) or generated (0)
  Gan1d();
  std::span<const float> reset(std::optional<uint64_t> seed = std::nullopt) override;
  StepResult stepContinuous(std::span<const double> action) override;
  std::span<const float> observation() const override { return {&obs_, 1}; }
  Space observationSpace() const override { return Space::box({Target1d::kLo}, {Target1d::kHi}, {1}); }
  Space actionSpace() const override { return Space::box({Target1d::kLo}, {Target1d::kHi}, {1}); }
  EnvInfo info() const override;
  RenderState renderState() const override;
  // Edits: "bin" (index 0..63, weight ≥ 0) paints the drawn density and selects it.
  void edit(const EnvEdit& e) override;
  void paramsChanged() override { target_ = withBins(Target1d(Target1d::Kind(int(targetIndex_)))); }
  std::string stepDetail() const override;
  void persist(StateIO& io) override;  // checkpoints (core/checkpoint.hpp)

  const Target1d& target() const { return target_; }
  bool lastShownReal() const { return lastReal_; }

 private:
  Target1d withBins(Target1d t) const;
  double targetIndex_ = 0;  // a Choice parameter
  Target1d target_;
  std::array<double, Target1d::kBins> drawn_{};
  Rng rng_;
  float obs_ = 0.f;
  bool lastReal_ = false;
  std::deque<float> real_, fake_;
};

}  // namespace rl
