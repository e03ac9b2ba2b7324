// The replay ring (app/record/replay_ring.hpp): episodes kept, the oldest dropped, the frame floor, the memory cap, and the
// timeline's scrub position surviving frames dropped at the front.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>

#include "app/record/replay_ring.hpp"

namespace {

rl::Snapshot gridSnapshot(uint64_t step, uint64_t episodes) {
  rl::Snapshot s;
  s.envId = "gridworld";
  s.algoId = "q-learning";
  s.version = step;
  s.lifetimeSteps = step;
  s.episodes = episodes;
  rl::GridRenderState g;
  g.width = g.height = 10;
  g.wall.assign(100, 0);
  g.reward.assign(100, 0.f);
  g.qStar.assign(400, 0.f);
  g.agent = int(step % 100);
  s.render = g;
  rl::QInsight q;
  q.numStates = 100, q.numActions = 4;
  q.table.assign(400, 0.5f);
  q.current.assign(4, 1.f);  // not needed by the viewport: not kept
  s.insights.q = q;
  s.insights.replay = rl::ReplayInsight{};  // a lens's insight: not kept
  return s;
}

}  // namespace

TEST(ReplayRing, KeepsTheLastEpisodesAndDropsTheOldest) {
  gui::ReplayRing ring({.maxEpisodes = 3, .minFrames = 0, .maxBytes = size_t(64) << 20});
  uint64_t step = 0;
  for (uint64_t ep = 0; ep < 6; ++ep)
    for (int k = 0; k < 10; ++k) {
      ++step;
      ring.record(gridSnapshot(step, ep), double(step));
    }
  EXPECT_EQ(ring.episodes(), 3u);
  ASSERT_EQ(ring.size(), 30u);
  EXPECT_EQ(ring[0].episode, 3u);  // episodes 0..2 were dropped, oldest first
  EXPECT_EQ(ring.back().episode, 5u);
  EXPECT_EQ(ring.back().step, step);
  // A frame keeps what the viewport draws, not the lens's insights.
  const rl::Snapshot& f = *ring.back().snap;
  EXPECT_TRUE(std::holds_alternative<rl::GridRenderState>(f.render));
  ASSERT_TRUE(f.insights.q);
  EXPECT_EQ(f.insights.q->table.size(), 400u);
  EXPECT_TRUE(f.insights.q->current.empty());
  EXPECT_FALSE(f.insights.replay);
  EXPECT_TRUE(f.series.empty());
}

TEST(ReplayRing, RecordsOnlyWhenTheStepCountMoves) {
  gui::ReplayRing ring;
  EXPECT_TRUE(ring.record(gridSnapshot(5, 0), 0.0));
  EXPECT_FALSE(ring.record(gridSnapshot(5, 0), 0.1));  // paused: the same step again
  EXPECT_TRUE(ring.record(gridSnapshot(6, 0), 0.2));
  EXPECT_EQ(ring.size(), 2u);
  rl::Snapshot other = gridSnapshot(7, 0);
  other.algoId = "sarsa";  // another run: a fresh timeline
  EXPECT_TRUE(ring.record(other, 0.3));
  EXPECT_EQ(ring.size(), 1u);
}

TEST(ReplayRing, KeepsAFloorOfFramesWhenEpisodesAreShort) {
  // At unlimited speed every published snapshot can be a new episode: the floor keeps a useful film.
  gui::ReplayRing ring({.maxEpisodes = 2, .minFrames = 50, .maxBytes = size_t(64) << 20});
  for (uint64_t i = 1; i <= 200; ++i) ring.record(gridSnapshot(i, i), double(i));
  EXPECT_GE(ring.size(), 50u);
  EXPECT_LE(ring.size(), 51u);
  EXPECT_EQ(ring.back().step, 200u);
}

TEST(ReplayRing, TheMemoryCapWins) {
  const size_t frameBytes = gui::ReplayRing::approxBytes(*gui::ReplayRing::slimCopy(gridSnapshot(1, 0)));
  EXPECT_GT(frameBytes, 400 * sizeof(float));
  gui::ReplayRing ring({.maxEpisodes = 5, .minFrames = 1000, .maxBytes = frameBytes * 20});
  for (uint64_t i = 1; i <= 100; ++i) ring.record(gridSnapshot(i, 0), double(i));
  EXPECT_EQ(ring.size(), 20u);
  EXPECT_LE(ring.bytes(), frameBytes * 20);
  EXPECT_EQ(ring[0].step, 81u);  // the newest 20 stay
}

TEST(ReplayRing, ZeroEpisodesRecordsNothing) {
  gui::ReplayRing ring({.maxEpisodes = 0});
  EXPECT_FALSE(ring.record(gridSnapshot(1, 0), 0.0));
  EXPECT_TRUE(ring.empty());
}

TEST(Timeline, ScrubPositionSurvivesDroppedFrames) {
  gui::ReplayRing ring({.maxEpisodes = 1, .minFrames = 0, .maxBytes = size_t(64) << 20});
  for (uint64_t i = 1; i <= 10; ++i) ring.record(gridSnapshot(i, 0), double(i));
  gui::TimelineState t;
  t.step(ring, -3);  // from live: three frames back from the newest
  ASSERT_TRUE(t.scrubbing);
  EXPECT_EQ(ring[ring.indexOf(t.frameId)].step, 7u);
  ring.record(gridSnapshot(11, 0), 11.0);  // recording goes on while scrubbing
  EXPECT_EQ(ring[ring.indexOf(t.frameId)].step, 7u);
  t.step(ring, -100);
  EXPECT_EQ(ring.indexOf(t.frameId), 0u);  // clamped at the oldest
  t.step(ring, 100);
  EXPECT_EQ(ring[ring.indexOf(t.frameId)].step, 11u);
  for (uint64_t i = 12; i <= 30; ++i) ring.record(gridSnapshot(i, 1), double(i));  // a new episode drops the first
  t.step(ring, -100);
  EXPECT_EQ(ring[ring.indexOf(t.frameId)].step, 12u);
  t.live();
  EXPECT_FALSE(t.scrubbing);
}

TEST(ReplayRing, RecordingIsCheap) {
  // What the UI thread pays per published snapshot (30 a second): reported, not asserted.
  gui::ReplayRing ring;
  std::vector<rl::Snapshot> snaps;
  for (uint64_t i = 1; i < 2000; ++i) snaps.push_back(gridSnapshot(i, i / 100));  // episodes of 100 frames
  const auto t0 = std::chrono::steady_clock::now();
  for (const auto& s : snaps) ring.record(s, 0.0);
  const double us = std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count() / 2000.0;
  std::printf("[ info ] recording a gridworld frame (render state + Q table): %.2f us, %zu bytes; ring of %zu frames "
              "holds %.1f MB\n", us, ring[0].bytes, ring.size(), double(ring.bytes()) / 1e6);
  EXPECT_EQ(ring.size(), 500u);  // the last 5 episodes of 100 frames (above the 300-frame floor)
  EXPECT_EQ(ring[0].episode, 15u);
}

// After a Reset (or a session opened at its saved step, then Reset) the timeline shows the new run only, and counts
// steps as the status bar does: since the reset, not over the session's life (it once said "step 17448" beside a
// status bar at 3.9 k, and kept the old run's episodes at step 0).
TEST(ReplayRing, AResetStartsTheTimelineAfreshCountingStepsSinceTheReset) {
  gui::ReplayRing ring;
  const uint64_t saved = 17000;  // a session opened at its saved step: the lifetime clock starts there
  for (uint64_t t = 1; t <= 50; ++t) {
    rl::Snapshot s = gridSnapshot(saved + t, t / 10);
    s.envSteps = saved + t;
    ring.record(s, double(t));
  }
  ASSERT_EQ(ring.size(), 50u);
  for (uint64_t t = 1; t <= 20; ++t) {  // Reset: the env-step count starts again, the lifetime clock goes on
    rl::Snapshot s = gridSnapshot(saved + 50 + t, t / 10);
    s.envSteps = t;
    ring.record(s, 50.0 + double(t));
  }
  ASSERT_EQ(ring.size(), 20u);
  EXPECT_EQ(ring[0].envStep, 1u);
  EXPECT_EQ(ring[19].envStep, 20u);
  EXPECT_EQ(ring[19].step, saved + 70);
}
