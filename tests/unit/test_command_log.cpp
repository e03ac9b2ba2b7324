// The command log parser is strict (a student edits logs by hand): every malformed line is refused with what was
// expected, the offending text quoted escaped and shortened, and file:line; continuous human play reads back.
#include <gtest/gtest.h>

#include <sstream>

#include "core/session/command.hpp"
#include "core/text.hpp"

using namespace rl;

TEST(CommandLog, ContinuousHumanPlayRoundTrips) {
  const LoggedCommand lc{7, Command::humanContinuous(-1.25)};
  const LoggedCommand back = parseCommand(formatCommand(lc));
  EXPECT_EQ(back.command.type, Command::Type::HumanAction);
  EXPECT_EQ(back.command.action, -1);
  EXPECT_DOUBLE_EQ(back.command.value, -1.25);
  EXPECT_EQ(formatCommand(back), "7 actu -1.25");
}

TEST(CommandLog, MalformedLinesAreRefusedSayingWhatWasExpected) {
  const struct {
    std::string line, expect;
  } bad[] = {
      {"-5 pause", "a step count"},        {"5 pause now", "'<step> pause'"},
      {"5 set alpha 0.5xyz", "a value"},   {"5 set alpha 0x1p-2", "a value"},
      {"5 set alpha nan", "a value"},      {"5 set alpha 1e999", "a value"},
      {"5 reset -1", "a seed"},            {"5 reset 18446744073709551616", "a seed"},
      {"5 act -2", "an action index"},     {"5 act 1.5", "an action index"},
      {"5 speed -3", "a speed"},           {"5 edit wall -1 1", "an index"},
      {std::string("5 pause\0", 8), "printable"}, {"5 jump 3", "a verb"},
      {"x set alpha 1", "a step count"},   {"5", "'<step> <verb> [args]'"},
      {"5 set al$pha 1", "a parameter name"},
  };
  for (const auto& b : bad) {
    try {
      parseCommand(b.line);
      ADD_FAILURE() << "accepted: " << quoteInput(b.line);
    } catch (const std::invalid_argument& e) {
      const std::string m = e.what();
      EXPECT_NE(m.find(b.expect), std::string::npos) << m;
      EXPECT_NE(m.find(", got '"), std::string::npos) << m;
      EXPECT_EQ(m.find('\n'), std::string::npos) << m;
    }
  }
}

TEST(CommandLog, FileErrorsNameTheLineAndStepsNeverGoBack) {
  std::istringstream ok("# a comment\n\n10 set alpha 0.5\r\n20 reset 3\n20 step\n");
  const auto log = parseCommandLog(ok, "log.txt");
  ASSERT_EQ(log.size(), 3u);
  EXPECT_EQ(log[1].command.seed, 3u);
  std::istringstream back("10 pause\n5 resume\n");
  try {
    parseCommandLog(back, "log.txt");
    ADD_FAILURE() << "out-of-order steps accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("log.txt:2: steps must not go back"), std::string::npos) << e.what();
  }
  std::istringstream badValue("1 pause\n2 set alpha 0.5xyz\n");
  try {
    parseCommandLog(badValue, "log.txt");
    ADD_FAILURE();
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("log.txt:2: expected a value"), std::string::npos) << e.what();
  }
}

TEST(QuoteInput, EscapesControlsAndBrokenUtf8AndShortens) {
  EXPECT_EQ(quoteInput("a\nb\rc"), "a\\x0Ab\\x0Dc");
  EXPECT_EQ(quoteInput("θ ok"), "θ ok");
  EXPECT_EQ(quoteInput(std::string("\xC3\x28", 2)), "\\xC3(");
  EXPECT_EQ(quoteInput(std::string("\xA7", 1)), "\\xA7");
  const std::string longLine(10000000, 'x');
  const std::string q = quoteInput(longLine);
  EXPECT_EQ(q.size(), 60u + std::string("…").size());
}

TEST(StrictNumbers, WholeTokenFiniteDecimalOnly) {
  double d = 0;
  EXPECT_TRUE(parseFiniteDouble("0.5", d));
  EXPECT_TRUE(parseFiniteDouble("-1e-3", d));
  EXPECT_DOUBLE_EQ(d, -1e-3);
  for (const char* s : {"", " 1", "1 ", "0.5xyz", "0x10", "inf", "nan", "1e400", "--1"})
    EXPECT_FALSE(parseFiniteDouble(s, d)) << s;
  unsigned long long u = 0;
  EXPECT_TRUE(parseUnsigned("18446744073709551615", u));
  EXPECT_FALSE(parseUnsigned("18446744073709551616", u));
  EXPECT_FALSE(parseUnsigned("-1", u));
  EXPECT_FALSE(parseUnsigned("12345678901234567890123", u));
}
