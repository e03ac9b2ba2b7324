// `rllens train` on a diverging run: it stops at the first non-finite value with exit 3 naming the quantity, and
// no metrics file (or series) ever holds a non-finite number.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>

#include "app/cli/headless.hpp"
#include "core/rl/registry.hpp"

using namespace rl;

namespace {
// Logs a finite value every step until step 100, then NaN every step (its parameters stay finite: only the metric
// says it diverged, as a loss does before the weights follow).
class NanMetricAgent final : public Agent {
 public:
  std::string id() const override { return "test-nan-metric"; }
  std::string unsupportedReason(const Env&) const override { return {}; }
  void reset(Env& env, uint64_t seed) override { env.reset(seed); }
  int trainStep(Env& env, int maxSteps, Metrics& m, uint64_t base, int) override {
    const int id = m.id("losses/test_value");
    for (int i = 0; i < maxSteps; ++i) {
      auto r = env.step(3);
      if (r.terminated || r.truncated) env.reset();
      const uint64_t x = base + uint64_t(i) + 1;
      m.add(id, double(x), x < 100 ? 1.0 / double(x) : std::numeric_limits<double>::quiet_NaN());
    }
    return maxSteps;
  }
};
}  // namespace

TEST(TrainDivergence, StopsAtFirstNonFiniteWithExit3AndFiniteMetrics) {
  registerAlgorithm({"test-nan-metric", "NaN metric", "", "q", [] { return std::make_unique<NanMetricAgent>(); }});
  const auto dir = std::filesystem::temp_directory_path() / ("rllens_div_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  cli::TrainOptions opt;
  opt.run = {"gridworld", "test-nan-metric", 1, {}};
  opt.steps = 1000000;
  opt.metricsPath = (dir / "m.csv").string();
  opt.progress = false;
  testing::internal::CaptureStderr();
  const int code = cli::train(opt);
  const std::string err = testing::internal::GetCapturedStderr();
  EXPECT_EQ(code, 3);
  EXPECT_NE(err.find("losses/test_value = nan at step 100"), std::string::npos) << err;
  EXPECT_EQ(std::count(err.begin(), err.end(), '\n'), 1) << err;
  std::ifstream in(opt.metricsPath);
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string csv = ss.str();
  EXPECT_NE(csv.find("losses/test_value"), std::string::npos);
  EXPECT_EQ(csv.find("nan"), std::string::npos);
  EXPECT_EQ(csv.find("inf"), std::string::npos);
  // It stopped within one chunk of the divergence, not at the end of the run.
  auto t = runs::makeTrainer({"gridworld", "test-nan-metric", 1, {}});
  t->advance(150);
  EXPECT_EQ(t->checkFinite(), "losses/test_value = nan at step 100");
  EXPECT_EQ(t->metrics().find("losses/test_value")->data().rawCount, 99u);
  std::filesystem::remove_all(dir);
}
