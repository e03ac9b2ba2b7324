#include <gtest/gtest.h>

#include "core/params.hpp"

using namespace rl;

TEST(Params, ValidateAndParseNameTheParameter) {
  double alpha = 0;
  int steps = 0;
  bool flag = false;
  double mode = 0;
  ParamTable t;
  t.add({"alpha", "α", ParamType::Float, 0.0, 1.0, 0.1, "step size"}, &alpha);
  t.add({"steps", "n", ParamType::Int, 0, 10, 3, "steps"}, &steps);
  t.add({"flag", "f", ParamType::Bool, 0, 1, 1, "flag"}, &flag);
  t.add({"mode", "m", ParamType::Choice, 0, 1, 0, "mode", false, false, {"max", "sarsa"}}, &mode);
  EXPECT_DOUBLE_EQ(alpha, 0.1);
  EXPECT_EQ(steps, 3);
  EXPECT_TRUE(flag);
  t.set("alpha", 0.5);
  EXPECT_DOUBLE_EQ(alpha, 0.5);
  try {
    t.set("alpha", 2.0);
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("'alpha'"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("[0, 1]"), std::string::npos);
  }
  EXPECT_THROW(t.set("steps", 2.5), std::invalid_argument);
  EXPECT_THROW(t.set("nope", 1), std::invalid_argument);
  EXPECT_DOUBLE_EQ(parseValue(*t.find("flag"), "false"), 0.0);
  EXPECT_DOUBLE_EQ(parseValue(*t.find("mode"), "sarsa"), 1.0);
  EXPECT_THROW(parseValue(*t.find("alpha"), "0.1x"), std::invalid_argument);
  EXPECT_THROW(parseValue(*t.find("flag"), "maybe"), std::invalid_argument);
  EXPECT_EQ(formatValue(*t.find("mode"), 1), "sarsa");
  t.resetToDefaults();
  EXPECT_DOUBLE_EQ(alpha, 0.1);
}

// activeWhen: a parameter applies only when another has one of the listed values (the panel greys it otherwise).
TEST(Params, ActiveWhenFollowsTheOtherParameter) {
  rl::ParamTable t;
  double mode = 0, tau = 0.1;
  bool flag = false;
  t.add({.name = "mode", .type = rl::ParamType::Choice, .min = 0, .max = 2, .choices = {"a", "b", "c"}}, &mode);
  t.add({.name = "tau", .max = 1}, &tau);
  t.add({.name = "flag", .type = rl::ParamType::Bool}, &flag);
  t.activeWhen("tau", "mode=b|c");
  t.activeWhen("flag", "mode=a");
  auto find = [&](std::string_view n) { return t.find(n); };
  auto value = [&](std::string_view n) { return t.get(n); };
  EXPECT_FALSE(rl::isActive(*t.find("tau"), find, value));
  EXPECT_TRUE(rl::isActive(*t.find("flag"), find, value));
  t.set("mode", 2);
  EXPECT_TRUE(rl::isActive(*t.find("tau"), find, value));
  EXPECT_FALSE(rl::isActive(*t.find("flag"), find, value));
  EXPECT_TRUE(rl::isActive(*t.find("mode"), find, value));  // no condition: always
}
