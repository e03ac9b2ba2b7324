// Divergence before any NaN: value estimates beyond the largest possible return |r|max / (1 − γ) give a warning
// naming the estimate and the bound (the run goes on); the CLI prints it once.
#include <gtest/gtest.h>

#include "app/cli/headless.hpp"
#include "core/rl/registry.hpp"

using namespace rl;

namespace {
class BigValueAgent final : public Agent {
 public:
  explicit BigValueAgent(double v) : v_(v) { params_.add({.name = "gamma", .max = 0.999, .def = 0.9}, &gamma_); }
  std::string id() const override { return "test-big-value"; }
  std::string unsupportedReason(const Env&) const override { return {}; }
  void reset(Env& env, uint64_t seed) override { env.reset(seed); }
  int trainStep(Env& env, int maxSteps, Metrics&, uint64_t, int) override {
    for (int i = 0; i < maxSteps; ++i)
      if (auto r = env.step(3); r.terminated || r.truncated) env.reset();
    return maxSteps;
  }
  double valueMagnitude() const override { return v_; }

 private:
  double v_, gamma_ = 0.9;
};
}  // namespace

TEST(ValueWarning, BeyondTheLargestPossibleReturnIsNamed) {
  registerAlgorithm({"test-big-value", "big", "", "q", [] { return std::make_unique<BigValueAgent>(1.8e8); }});
  registerAlgorithm({"test-small-value", "small", "", "q", [] { return std::make_unique<BigValueAgent>(9.0); }});
  // Gridworld: |r|max = 1 (the ±1 cells, no step cost), γ 0.9: the bound is 10.
  auto big = runs::makeTrainer({"gridworld", "test-big-value", 1, {}});
  const std::string w = big->valueWarning();
  EXPECT_NE(w.find("|Q| = 1.8e+08"), std::string::npos) << w;
  EXPECT_NE(w.find("= 10:"), std::string::npos) << w;
  EXPECT_EQ(big->checkFinite(), "");  // a warning, not a stop
  auto small = runs::makeTrainer({"gridworld", "test-small-value", 1, {}});
  EXPECT_EQ(small->valueWarning(), "");
  // With a step cost of −1 the largest |r| is 2 (a −1 cell left at a cost): the bound doubles.
  auto costly = runs::makeTrainer({"gridworld", "test-small-value", 1, {"step_cost=-1"}});
  EXPECT_DOUBLE_EQ(costly->env().maxAbsReward(), 2.0);

  cli::TrainOptions opt;
  opt.run = {"gridworld", "test-big-value", 1, {}};
  opt.steps = 20000;
  opt.progress = false;
  testing::internal::CaptureStderr();
  testing::internal::CaptureStdout();
  EXPECT_EQ(cli::train(opt), 0);  // it trains to the end
  testing::internal::GetCapturedStdout();
  const std::string err = testing::internal::GetCapturedStderr();
  EXPECT_EQ(std::count(err.begin(), err.end(), '\n'), 1) << err;  // once
  EXPECT_NE(err.find("beyond the largest possible return"), std::string::npos) << err;
}
