// Shared by the determinism tests: two trainers' metrics compared bit for bit (x and y of every point), series by
// series. Wall-clock rates (charts/SPS, A3C's charts/pushes_per_second) are not part of a run's curves and are
// skipped. Returns how many points were compared, so a test can check that it compared something.
#pragma once
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <string>

#include "core/session/trainer.hpp"

namespace rl::testutil {

inline int expectSameMetrics(const Trainer& a, const Trainer& b, const std::string& label) {
  EXPECT_EQ(a.metrics().series().size(), b.metrics().series().size()) << label;
  int compared = 0;
  for (size_t i = 0; i < std::min(a.metrics().series().size(), b.metrics().series().size()); ++i) {
    const SeriesData& x = a.metrics().series()[i].data();
    const SeriesData& y = b.metrics().series()[i].data();
    EXPECT_EQ(x.name, y.name);
    if (x.name == "charts/SPS" || x.name == "charts/pushes_per_second") continue;
    EXPECT_EQ(x.y.size(), y.y.size()) << label << " " << x.name;
    if (x.y.size() != y.y.size()) continue;
    for (size_t k = 0; k < x.y.size(); ++k, ++compared) {
      EXPECT_EQ(std::memcmp(&x.x[k], &y.x[k], sizeof(double)), 0) << label << " " << x.name;
      EXPECT_EQ(std::memcmp(&x.y[k], &y.y[k], sizeof(double)), 0) << label << " " << x.name;
    }
  }
  return compared;
}

}  // namespace rl::testutil
