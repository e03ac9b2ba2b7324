// The ImGui-free half of the plot widget: ring buffer order, TensorBoard EMA, axis ticks, nearest-x, ranges, labels.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "app/ui/plot_math.hpp"

using namespace ui;

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

std::vector<int> contents(const RingBuffer<int>& rb) {
  std::vector<int> v;
  for (int i = 0; i < rb.size(); ++i) v.push_back(rb[i]);
  return v;
}

// True when step = m·10^k with m in {1, 2, 5}.
bool isNiceStep(double step) {
  const double k = std::floor(std::log10(step) + 1e-9);
  const double m = step / std::pow(10.0, k);
  return std::abs(m - 1.0) < 1e-6 || std::abs(m - 2.0) < 1e-6 || std::abs(m - 5.0) < 1e-6;
}
}  // namespace

TEST(RingBuffer, KeepsInsertionOrderBeforeFilling) {
  RingBuffer<int> rb(4);
  EXPECT_EQ(rb.capacity(), 4);
  EXPECT_TRUE(rb.empty());
  rb.push(1);
  rb.push(2);
  EXPECT_EQ(rb.size(), 2);
  EXPECT_EQ(contents(rb), (std::vector<int>{1, 2}));
}

TEST(RingBuffer, WrapsAroundOldestFirst) {
  RingBuffer<int> rb(3);
  for (int v = 1; v <= 7; ++v) rb.push(v);
  EXPECT_EQ(rb.size(), 3);
  EXPECT_EQ(contents(rb), (std::vector<int>{5, 6, 7}));
  // The raw view a PlotSeries uses reads the same logical order.
  std::vector<int> viaRaw;
  for (int i = 0; i < rb.size(); ++i) viaRaw.push_back(rb.raw()[(rb.oldestOffset() + i) % rb.size()]);
  EXPECT_EQ(viaRaw, (std::vector<int>{5, 6, 7}));
}

TEST(RingBuffer, RawViewBeforeFillingStartsAtZero) {
  RingBuffer<int> rb(5);
  rb.push(10);
  rb.push(11);
  EXPECT_EQ(rb.oldestOffset(), 0);
  EXPECT_EQ(rb.raw()[0], 10);
  EXPECT_EQ(rb.raw()[1], 11);
}

TEST(RingBuffer, ClearThenRefill) {
  RingBuffer<int> rb(2);
  rb.push(1);
  rb.push(2);
  rb.push(3);
  rb.clear();
  EXPECT_EQ(rb.size(), 0);
  rb.push(9);
  EXPECT_EQ(contents(rb), (std::vector<int>{9}));
  rb[0] = 8;
  EXPECT_EQ(rb[0], 8);
}

TEST(EmaSmooth, ZeroSmoothingIsIdentity) {
  const std::vector<double> y = {3.0, -1.0, 4.0, 1.5};
  std::vector<double> out;
  emaSmooth(y.data(), int(y.size()), 0.0, out);
  EXPECT_EQ(out, y);
}

TEST(EmaSmooth, MatchesHandComputedDebiasedValues) {
  // s = 0.5: last_k = 0.5·last + 0.5·y, shown as last_k / (1 − 0.5^k).
  //   k=1: 0.5 / 0.5 = 1;  k=2: 1.25 / 0.75 = 5/3;  k=3: 2.125 / 0.875 = 17/7.
  const std::vector<double> y = {1.0, 2.0, 3.0};
  std::vector<double> out;
  emaSmooth(y.data(), 3, 0.5, out);
  ASSERT_EQ(out.size(), 3u);
  EXPECT_DOUBLE_EQ(out[0], 1.0);  // debias makes the first point the data point, not 0.5
  EXPECT_DOUBLE_EQ(out[1], 5.0 / 3.0);
  EXPECT_DOUBLE_EQ(out[2], 17.0 / 7.0);
}

TEST(EmaSmooth, HighSmoothingStaysAnchoredByDebias) {
  // s = 0.9, y = {10, 0}: last = 1, 0.9 → shown 1/0.1 = 10, 0.9/0.19.
  const std::vector<double> y = {10.0, 0.0};
  std::vector<double> out;
  emaSmooth(y.data(), 2, 0.9, out);
  EXPECT_NEAR(out[0], 10.0, 1e-12);
  EXPECT_NEAR(out[1], 0.9 / 0.19, 1e-12);
}

TEST(EmaSmooth, ConstantSeriesStaysConstant) {
  const std::vector<double> y(50, 7.25);
  std::vector<double> out;
  emaSmooth(y.data(), 50, 0.99, out);
  for (double v : out) EXPECT_NEAR(v, 7.25, 1e-9);
}

TEST(EmaSmooth, NonFiniteIsCarriedThroughWithoutPoisoning) {
  const std::vector<double> y = {1.0, kNaN, 3.0, kInf, 3.0};
  std::vector<double> out;
  emaSmooth(y.data(), 5, 0.5, out);
  EXPECT_DOUBLE_EQ(out[0], 1.0);
  EXPECT_TRUE(std::isnan(out[1]));
  // The NaN is skipped: the third point is the second finite one, 1.75 / 0.75.
  EXPECT_DOUBLE_EQ(out[2], 1.75 / 0.75);
  EXPECT_TRUE(std::isinf(out[3]));
  EXPECT_DOUBLE_EQ(out[4], (1.75 * 0.5 + 1.5) / 0.875);
}

TEST(EmaSmooth, SmoothingIsClampedAndEmptyInputWorks) {
  const std::vector<double> y = {2.0, 4.0};
  std::vector<double> out;
  emaSmooth(y.data(), 2, 1.0, out);  // treated as 0.999, never a divide by zero
  EXPECT_DOUBLE_EQ(out[0], 2.0);
  // Second point weights y2 by 1/(1 + s): (0.999·0.002 + 0.001·4) / (1 − 0.999²).
  EXPECT_NEAR(out[1], (0.999 * 0.002 + 0.001 * 4.0) / (1.0 - 0.999 * 0.999), 1e-9);
  emaSmooth(y.data(), 2, -0.5, out);  // negative → no smoothing
  EXPECT_EQ(out, y);
  emaSmooth(nullptr, 0, 0.6, out);
  EXPECT_TRUE(out.empty());
}

TEST(NiceTicks, KnownRanges) {
  EXPECT_EQ(niceTicks(0.0, 1.0, 5), (std::vector<double>{0.0, 0.5, 1.0}));
  EXPECT_EQ(niceTicks(-3.0, 7.0, 6), (std::vector<double>{-2.0, 0.0, 2.0, 4.0, 6.0}));
  const std::vector<double> t = niceTicks(0.0, 100.0, 11);
  ASSERT_EQ(t.size(), 11u);
  EXPECT_DOUBLE_EQ(t[3], 30.0);
}

TEST(NiceTicks, StepsAreOneTwoFiveAndCoverTheRange) {
  const double ranges[][2] = {{0, 1},      {-3.7, 12.2},  {0.001, 0.0047}, {1e5, 3.4e6}, {-250, -10},
                              {0.3, 0.31}, {-1e-6, 1e-6}, {17, 19},        {0, 4000},    {-0.5, 123456}};
  for (const auto& r : ranges) {
    for (int maxTicks : {3, 5, 8, 12}) {
      const std::vector<double> t = niceTicks(r[0], r[1], maxTicks);
      SCOPED_TRACE(testing::Message() << "[" << r[0] << ", " << r[1] << "] maxTicks " << maxTicks);
      ASSERT_GE(t.size(), 1u);
      EXPECT_LE(int(t.size()), maxTicks);
      const double span = r[1] - r[0];
      for (double v : t) {
        EXPECT_GE(v, r[0] - 1e-9 * span);
        EXPECT_LE(v, r[1] + 1e-9 * span);
      }
      if (t.size() < 2) continue;
      const double step = t[1] - t[0];
      EXPECT_TRUE(isNiceStep(step)) << "step " << step;
      for (size_t i = 1; i < t.size(); ++i) EXPECT_NEAR(t[i] - t[i - 1], step, 1e-9 * step);
      // Covering: no gap at either end as wide as a step.
      EXPECT_LT(t.front() - r[0], step * (1 + 1e-9));
      EXPECT_LT(r[1] - t.back(), step * (1 + 1e-9));
      // Ticks are multiples of the step, so they print cleanly.
      EXPECT_NEAR(t[0] / step, std::round(t[0] / step), 1e-6);
    }
  }
}

TEST(NiceTicks, ZeroCrossingHasExactZero) {
  const std::vector<double> t = niceTicks(-0.3, 0.7, 6);
  bool hasZero = false;
  for (double v : t) hasZero = hasZero || v == 0.0;
  EXPECT_TRUE(hasZero);
}

TEST(NiceTicks, DegenerateAndReversedRanges) {
  const std::vector<double> same = niceTicks(5.0, 5.0, 5);
  ASSERT_GE(same.size(), 2u);
  bool hasFive = false;
  for (double v : same) hasFive = hasFive || std::abs(v - 5.0) < 1e-12;
  EXPECT_TRUE(hasFive);
  const std::vector<double> zero = niceTicks(0.0, 0.0, 5);
  ASSERT_GE(zero.size(), 2u);
  EXPECT_LE(zero.front(), 0.0);
  EXPECT_GE(zero.back(), 0.0);
  EXPECT_EQ(niceTicks(10.0, 0.0, 5), niceTicks(0.0, 10.0, 5));
  EXPECT_TRUE(niceTicks(kNaN, 1.0, 5).empty());
  EXPECT_TRUE(niceTicks(0.0, kInf, 5).empty());
  EXPECT_FALSE(niceTicks(0.0, 1.0, 0).empty());  // maxTicks below 2 is treated as 2
}

TEST(LogTicks, PowersOfTenOverManyDecades) {
  const std::vector<double> t = logTicks(1.0, 1e4);
  const std::vector<double> expected = {1.0, 10.0, 100.0, 1000.0, 10000.0};
  ASSERT_EQ(t.size(), expected.size());
  for (size_t i = 0; i < t.size(); ++i) EXPECT_NEAR(t[i], expected[i], 1e-9 * expected[i]);
  const std::vector<double> inner = logTicks(0.003, 45.0);  // 4 decades: no 2/5 multiples
  const std::vector<double> innerExpected = {0.01, 0.1, 1.0, 10.0};
  ASSERT_EQ(inner.size(), innerExpected.size());
  for (size_t i = 0; i < inner.size(); ++i) EXPECT_NEAR(inner[i], innerExpected[i], 1e-9 * innerExpected[i]);
}

TEST(LogTicks, ShortRangeAddsTwoAndFiveMultiples) {
  const std::vector<double> t = logTicks(0.5, 20.0);
  const std::vector<double> expected = {0.5, 1.0, 2.0, 5.0, 10.0, 20.0};
  ASSERT_EQ(t.size(), expected.size());
  for (size_t i = 0; i < t.size(); ++i) EXPECT_NEAR(t[i], expected[i], 1e-9 * expected[i]);
}

TEST(LogTicks, InvalidOrTinyRanges) {
  EXPECT_TRUE(logTicks(0.0, 10.0).empty());
  EXPECT_TRUE(logTicks(-1.0, 10.0).empty());
  EXPECT_TRUE(logTicks(3.0, 4.0).empty());     // no 1/2/5 multiple inside
  EXPECT_EQ(logTicks(100.0, 1.0).size(), 3u);  // reversed is swapped
}

TEST(NearestIndex, EdgesTiesAndInterior) {
  const std::vector<double> x = {0.0, 1.0, 2.0, 4.0, 8.0};
  EXPECT_EQ(nearestIndex(x.data(), 0, 1.0), -1);
  EXPECT_EQ(nearestIndex(x.data(), 5, -100.0), 0);
  EXPECT_EQ(nearestIndex(x.data(), 5, 100.0), 4);
  EXPECT_EQ(nearestIndex(x.data(), 5, 0.0), 0);
  EXPECT_EQ(nearestIndex(x.data(), 5, 8.0), 4);
  EXPECT_EQ(nearestIndex(x.data(), 5, 2.9), 2);
  EXPECT_EQ(nearestIndex(x.data(), 5, 3.1), 3);
  EXPECT_EQ(nearestIndex(x.data(), 5, 3.0), 2);  // tie goes to the lower index
  EXPECT_EQ(nearestIndex(x.data(), 5, 6.5), 4);
  EXPECT_EQ(nearestIndex(x.data(), 1, 42.0), 0);
  EXPECT_EQ(nearestIndex(x.data(), 5, kNaN), -1);
}

TEST(NearestIndex, ByAccessorOverRingOrder) {
  // Physical storage {30, 40, 10, 20} with the oldest at offset 2: logical x = 10, 20, 30, 40.
  const double raw[] = {30, 40, 10, 20};
  const int offset = 2;
  auto xAt = [&](int i) { return raw[(offset + i) % 4]; };
  EXPECT_EQ(nearestIndexBy(4, 26.0, xAt), 2);
  EXPECT_EQ(nearestIndexBy(4, 11.0, xAt), 0);
  EXPECT_EQ(nearestIndexBy(4, 99.0, xAt), 3);
}

TEST(DataRange, FiniteAndPositiveOnly) {
  const std::vector<double> v = {kNaN, -2.0, 0.0, 3.0, kInf, 0.5, -kInf};
  const Range all = dataRange(v.data(), int(v.size()));
  EXPECT_EQ(all.lo, -2.0);
  EXPECT_EQ(all.hi, 3.0);
  const Range pos = dataRange(v.data(), int(v.size()), true);
  EXPECT_EQ(pos.lo, 0.5);
  EXPECT_EQ(pos.hi, 3.0);
  EXPECT_TRUE(dataRange(v.data(), 0).empty());
  const std::vector<double> bad = {kNaN, kInf};
  EXPECT_TRUE(dataRange(bad.data(), 2).empty());
  Range r;
  r.include(all);
  r.include(Range{});  // including an empty range changes nothing
  EXPECT_EQ(r.lo, -2.0);
  EXPECT_EQ(r.hi, 3.0);
}

TEST(DataRange, Padding) {
  const Range p = padRange({0.0, 10.0}, 0.05);
  EXPECT_DOUBLE_EQ(p.lo, -0.5);
  EXPECT_DOUBLE_EQ(p.hi, 10.5);
  const Range flat = padRange({4.0, 4.0}, 0.05);
  EXPECT_LT(flat.lo, 4.0);
  EXPECT_GT(flat.hi, 4.0);
  const Range zero = padRange({0.0, 0.0}, 0.05);
  EXPECT_DOUBLE_EQ(zero.lo, -0.5);
  EXPECT_DOUBLE_EQ(zero.hi, 0.5);
  const Range empty = padRange(Range{}, 0.05);
  EXPECT_EQ(empty.lo, 0.0);
  EXPECT_EQ(empty.hi, 1.0);
  const Range logP = padRangeLog({1.0, 100.0}, 0.5);  // one decade of padding on each side in log space
  EXPECT_NEAR(logP.lo, 0.1, 1e-12);
  EXPECT_NEAR(logP.hi, 1000.0, 1e-9);
}

TEST(FormatTick, CompactLabels) {
  EXPECT_EQ(formatTick(1.2e6), "1.2M");
  EXPECT_EQ(formatTick(35000.0), "35k");
  EXPECT_EQ(formatTick(0.05), "0.05");
  EXPECT_EQ(formatTick(1e-4), "1e-4");
  EXPECT_EQ(formatTick(-3.0), "-3");
  EXPECT_EQ(formatTick(0.0), "0");
  EXPECT_EQ(formatTick(1500.0), "1.5k");
  EXPECT_EQ(formatTick(1234567.0), "1.235M");
  EXPECT_EQ(formatTick(999999.0), "1M");  // rounds into the next suffix, not "1000k"
  EXPECT_EQ(formatTick(123.456), "123.5");
  EXPECT_EQ(formatTick(0.1 + 0.2), "0.3");  // float noise from k·step does not leak into labels
  EXPECT_EQ(formatTick(1.5e-5), "1.5e-5");
  EXPECT_EQ(formatTick(-2.5e-7), "-2.5e-7");
  EXPECT_EQ(formatTick(1e12), "1T");
  EXPECT_EQ(formatTick(2e15), "2e15");
  EXPECT_EQ(formatTick(-4.2e9), "-4.2G");
  EXPECT_EQ(formatTick(0.001), "0.001");
  EXPECT_EQ(formatTick(kNaN), "nan");
  EXPECT_EQ(formatTick(-kInf), "-inf");
}
