// The GIF writer (app/record/video_writers.hpp) decoded back with giflib: frame count, size, loop extension, delays and
// colours; frames that change only in a corner are stored as that rectangle. And the chart CSV (app/ui/plot_csv.hpp).
#include <gif_lib.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "app/record/video_writers.hpp"
#include "app/ui/plot_csv.hpp"

namespace {

// A flat-coloured frame with a moving square: what the env viewports look like.
std::vector<uint8_t> frame(int w, int h, int k) {
  std::vector<uint8_t> rgb(size_t(w) * size_t(h) * 3);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      uint8_t* p = &rgb[(size_t(y) * size_t(w) + size_t(x)) * 3];
      const bool square = x >= k % (w - 8) && x < k % (w - 8) + 8 && y >= 4 && y < 12;
      p[0] = square ? 255 : 13, p[1] = square ? 217 : 15, p[2] = square ? 51 : 18;
    }
  return rgb;
}

}  // namespace

TEST(GifWriter, DecodesToTheFramesWritten) {
  const std::string path = (std::filesystem::temp_directory_path() / "rllens_test_gif.gif").string();
  const int w = 64, h = 48, n = 20;
  std::vector<std::vector<uint8_t>> frames;
  for (int k = 0; k < n; ++k) frames.push_back(frame(w, h, k));
  {
    gui::GifWriter gif(path, w, h, {frames[0].data(), frames[n - 1].data()});
    for (const auto& f : frames) gif.addFrame(f.data(), 3);
    gif.finish();
  }
  int err = 0;
  GifFileType* g = DGifOpenFileName(path.c_str(), &err);
  ASSERT_NE(g, nullptr) << GifErrorString(err);
  ASSERT_EQ(DGifSlurp(g), GIF_OK) << GifErrorString(g->Error);
  EXPECT_EQ(g->ImageCount, n);
  EXPECT_EQ(g->SWidth, w);
  EXPECT_EQ(g->SHeight, h);
  // Frame 0 is whole; the later ones only the strip where the square moved.
  EXPECT_EQ(g->SavedImages[0].ImageDesc.Width, w);
  EXPECT_EQ(g->SavedImages[5].ImageDesc.Height, 8);
  EXPECT_LT(g->SavedImages[5].ImageDesc.Width, w);
  GraphicsControlBlock gcb;
  ASSERT_EQ(DGifSavedExtensionToGCB(g, 3, &gcb), GIF_OK);
  EXPECT_EQ(gcb.DelayTime, 3);
  // The flat colours come out exact: the background and the square.
  const ColorMapObject* map = g->SColorMap;
  const GifColorType bg = map->Colors[g->SavedImages[0].RasterBits[size_t(h - 1) * size_t(w)]];
  EXPECT_EQ(bg.Red, 13);
  EXPECT_EQ(bg.Green, 15);
  EXPECT_EQ(bg.Blue, 18);
  const GifColorType sq = map->Colors[g->SavedImages[0].RasterBits[size_t(4) * size_t(w) + 2]];
  EXPECT_EQ(sq.Red, 255);
  EXPECT_EQ(sq.Green, 217);
  EXPECT_EQ(sq.Blue, 51);
  bool loops = false;  // NETSCAPE2.0 then the loop count 0 (giflib files blocks before an image under that image)
  const SavedImage& first = g->SavedImages[0];
  for (int i = 0; i + 1 < first.ExtensionBlockCount; ++i) {
    const ExtensionBlock& b = first.ExtensionBlocks[i];
    if (b.Function == APPLICATION_EXT_FUNC_CODE && b.ByteCount == 11 &&
        std::string(reinterpret_cast<char*>(b.Bytes), 11) == "NETSCAPE2.0")
      loops = first.ExtensionBlocks[i + 1].ByteCount == 3 && first.ExtensionBlocks[i + 1].Bytes[0] == 1 &&
              first.ExtensionBlocks[i + 1].Bytes[1] == 0 && first.ExtensionBlocks[i + 1].Bytes[2] == 0;
  }
  EXPECT_TRUE(loops);
  DGifCloseFile(g, &err);
  std::filesystem::remove(path);
}

TEST(GifWriter, UnfinishedLeavesNoFile) {
  const std::string path = (std::filesystem::temp_directory_path() / "rllens_test_gif_abort.gif").string();
  std::filesystem::remove(path);
  {
    const auto f = frame(32, 32, 0);
    gui::GifWriter gif(path, 32, 32, {f.data()});
    gif.addFrame(f.data(), 3);
  }  // destroyed without finish(): an error mid-export
  EXPECT_FALSE(std::filesystem::exists(path));
  for (const auto& e : std::filesystem::directory_iterator(std::filesystem::temp_directory_path()))
    EXPECT_EQ(e.path().filename().string().rfind("rllens_test_gif_abort.gif.tmp", 0), std::string::npos);
}

TEST(GifWriter, EncodesThreeHundredFramesAt800Quickly) {
  // The encoding half of the 300 × 800×800 acceptance (the rendering half runs in tests/gui/export.sh). Reported,
  // not asserted: timing depends on the machine.
  const std::string path = (std::filesystem::temp_directory_path() / "rllens_test_gif_big.gif").string();
  const int w = 800, h = 800, n = 300;
  std::vector<uint8_t> rgb = frame(w, h, 0);
  const auto t0 = std::chrono::steady_clock::now();
  gui::GifWriter gif(path, w, h, {rgb.data()});
  for (int k = 0; k < n; ++k) {
    rgb = frame(w, h, k * 3);
    gif.addFrame(rgb.data(), 3);
  }
  gif.finish();
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("[ info ] GIF encode: %d frames %dx%d in %.2f s (frame synthesis included), %.1f kB\n", n, w, h, s,
              double(std::filesystem::file_size(path)) / 1024.0);
  int err = 0;
  GifFileType* g = DGifOpenFileName(path.c_str(), &err);
  ASSERT_NE(g, nullptr);
  ASSERT_EQ(DGifSlurp(g), GIF_OK);
  EXPECT_EQ(g->ImageCount, n);
  DGifCloseFile(g, &err);
  std::filesystem::remove(path);
}

TEST(GifDelay, MedianIntervalInCentiseconds) {
  EXPECT_EQ(gui::gifDelayCentiseconds({0.0, 0.033, 0.066, 0.1, 0.5}), 3);
  EXPECT_EQ(gui::gifDelayCentiseconds({0.0, 0.05, 0.1, 0.15}), 5);
  EXPECT_EQ(gui::gifDelayCentiseconds({}), 3);
  EXPECT_EQ(gui::gifDelayCentiseconds({0.0, 0.001, 0.002}), 2);  // browsers slow anything faster down
}

TEST(ChartCsv, RawAndSmoothedColumnsForAKnownSeries) {
  const double x[] = {10, 20, 30}, y[] = {1, 3, 5};
  const std::string csv = ui::seriesCsv({{"charts/episodic_return", x, y, 3, 0}}, 0.5);
  // EMA with debias: 0.5/0.5 = 1; (0.25 + 1.5)/(1 − 0.25) = 2.333…; (0.875 + 2.5)/(1 − 0.125) = 3.857…
  EXPECT_EQ(csv,
            "series,x,y,y_smoothed\n"
            "charts/episodic_return,10,1,1\n"
            "charts/episodic_return,20,3,2.33333333\n"
            "charts/episodic_return,30,5,3.85714286\n");
}

TEST(ChartCsv, RingOrderQuotingAndNonFinite) {
  const double y[] = {7, std::numeric_limits<double>::quiet_NaN(), 5};  // a ring: the oldest is at offset 2
  const std::string csv = ui::seriesCsv({{"a, \"b\"", nullptr, y, 3, 2}}, 0.0);
  EXPECT_EQ(csv,
            "series,x,y,y_smoothed\n"
            "\"a, \"\"b\"\"\",0,5,5\n"
            "\"a, \"\"b\"\"\",1,7,7\n"
            "\"a, \"\"b\"\"\",2,nan,nan\n");
}
