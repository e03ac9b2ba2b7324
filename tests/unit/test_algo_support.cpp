// "Can this algorithm run on this env?" has one answer everywhere: the reason the toolbar greys an algorithm with
// (cli::unsupportedReason) is empty exactly when a trainer for the pair can be built. A2C and A3C once answered "no"
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
      const std::string why = cli::unsupportedReason(e.id, a.id);
      bool built = true;
      try {
        cli::makeTrainer({e.id, a.id, 1, {}});
      } catch (const std::exception&) {
        built = false;
      }
      EXPECT_EQ(why.empty(), built) << a.id << " on " << e.id << ": '" << why << "'";
      envs += why.empty();
    }
    EXPECT_GE(envs, 1) << a.id << " runs nowhere";
    runnable += envs > 0;
  }
  EXPECT_EQ(cli::unsupportedReason("gridworld", "a2c"), "");
  EXPECT_EQ(cli::unsupportedReason("invaders", "a3c"), "");
  EXPECT_GE(runnable, 12);
}
