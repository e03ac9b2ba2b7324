// "Can this algorithm run on this env?" has one answer everywhere: the reason the toolbar greys an algorithm with
// (runs::unsupportedReason) is empty exactly when a trainer for the pair can be built. A2C and A3C once answered "no"
// everywhere in the picker because the question was asked of an agent without its env factory.
#include <gtest/gtest.h>

#include "app/cli/headless.hpp"
#include "core/rl/registry.hpp"
#include "envs/registry.hpp"

using namespace rl;

TEST(AlgoSupport, TheGreyingReasonAgreesWithBuildingTheTrainer) {
  int runnable = 0;
  for (const auto& a : algorithms()) {
    if (a.id.rfind("test-", 0) == 0) continue;
    int envs = 0;
    for (const auto& e : environments()) {
      const std::string why = runs::unsupportedReason(e.id, a.id);
      bool built = true;
      try {
        runs::makeTrainer({e.id, a.id, 1, {}});
      } catch (const std::exception&) {
        built = false;
      }
      EXPECT_EQ(why.empty(), built) << a.id << " on " << e.id << ": '" << why << "'";
      envs += why.empty();
    }
    EXPECT_GE(envs, 1) << a.id << " runs nowhere";
    runnable += envs > 0;
  }
  EXPECT_EQ(runs::unsupportedReason("gridworld", "a2c"), "");
  EXPECT_EQ(runs::unsupportedReason("invaders", "a3c"), "");
  EXPECT_GE(runnable, 12);
}

// `rllens list` answers the same question: each algorithm's "runs on:" names exactly the envs a trainer builds for
// (it once said "runs on: (none)" for A2C and A3C, asked without the env factory).
TEST(AlgoSupport, TheListSaysWhereEachAlgorithmRuns) {
  const std::string list = cli::listText();
  for (const auto& a : algorithms()) {
    if (a.id.rfind("test-", 0) == 0) continue;
    const size_t at = list.find("\n  " + a.id + " — ");
    ASSERT_NE(at, std::string::npos) << a.id;
    const size_t runsAt = list.find("    runs on:", at);
    ASSERT_NE(runsAt, std::string::npos) << a.id;
    const std::string line = list.substr(runsAt, list.find('\n', runsAt) - runsAt);
    const std::string runs = line.substr(0, line.find(';'));
    for (const auto& e : environments()) {
      const bool listed = (runs + " ").find(" " + e.id + " ") != std::string::npos;
      EXPECT_EQ(listed, runs::unsupportedReason(e.id, a.id).empty()) << a.id << " on " << e.id << ": " << line;
    }
  }
}
