#include "app/record/video_writers.hpp"

#include <fcntl.h>
#include <gif_lib.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>

namespace gui {

namespace fs = std::filesystem;

namespace {

inline int key555(const uint8_t* p) { return (p[0] >> 3) << 10 | (p[1] >> 3) << 5 | (p[2] >> 3); }

// 256 colours: a 3×3×3 cube (27) and 5 more greys for coverage, the rest the most frequent RGB555 buckets of the
// samples, each as the mean of the true colours that fell into it (so flat colours come out exact).
std::vector<uint8_t> choosePalette(const std::vector<const uint8_t*>& samples, size_t pixels) {
  struct Bucket {
    uint64_t n = 0, r = 0, g = 0, b = 0;
  };
  std::vector<Bucket> hist(32768);
  for (const uint8_t* f : samples)
    for (size_t i = 0; i < pixels; i += 1) {
      const uint8_t* p = f + i * 3;
      Bucket& b = hist[size_t(key555(p))];
      ++b.n, b.r += p[0], b.g += p[1], b.b += p[2];
    }
  std::vector<uint8_t> pal;
  for (int r = 0; r < 3; ++r)
    for (int g = 0; g < 3; ++g)
      for (int b = 0; b < 3; ++b) pal.insert(pal.end(), {uint8_t(r * 127), uint8_t(g * 127), uint8_t(b * 127)});
  for (int k : {40, 80, 170, 210, 240}) pal.insert(pal.end(), {uint8_t(k), uint8_t(k), uint8_t(k)});
  std::vector<int> order;
  for (int k = 0; k < 32768; ++k)
    if (hist[size_t(k)].n) order.push_back(k);
  const size_t room = 256 - pal.size() / 3;
  const size_t take = std::min(room, order.size());
  std::partial_sort(order.begin(), order.begin() + long(take), order.end(),
                    [&](int a, int b) { return hist[size_t(a)].n > hist[size_t(b)].n; });
  for (size_t i = 0; i < take; ++i) {
    const Bucket& b = hist[size_t(order[i])];
    pal.insert(pal.end(), {uint8_t(b.r / b.n), uint8_t(b.g / b.n), uint8_t(b.b / b.n)});
  }
  pal.resize(256 * 3, 0);
  return pal;
}

}  // namespace

GifWriter::GifWriter(std::string path, int w, int h, const std::vector<const uint8_t*>& samples)
    : path_(std::move(path)), w_(w), h_(h), lut_(32768, -1), cur_(size_t(w) * size_t(h)), prev_(size_t(w) * size_t(h)) {
  if (w < 1 || h < 1 || w > 65535 || h > 65535) throw std::runtime_error("cannot write GIF '" + path_ + "': bad size");
  palette_ = choosePalette(samples, size_t(w) * size_t(h));
  tmp_ = path_ + ".tmp" + std::to_string(::getpid());
  // Our own open(): giflib's EGifOpenFileName creates the file 0600; a picture to share is 0644 like every other
  // file the app writes.
  const int fd = ::open(tmp_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) throw std::runtime_error("cannot write GIF '" + path_ + "': " + std::strerror(errno));
  int err = 0;
  gif_ = EGifOpenFileHandle(fd, &err);  // owns fd from here
  if (!gif_) {
    ::close(fd);
    fs::remove(tmp_);
    throw std::runtime_error("cannot write GIF '" + path_ + "': " + GifErrorString(err));
  }
  EGifSetGifVersion(gif_, true);
  ColorMapObject* map = GifMakeMapObject(256, nullptr);
  for (int i = 0; i < 256; ++i)
    map->Colors[i] = {palette_[size_t(i) * 3], palette_[size_t(i) * 3 + 1], palette_[size_t(i) * 3 + 2]};
  const int ok = EGifPutScreenDesc(gif_, w, h, 8, 0, map);
  GifFreeMapObject(map);
  if (ok != GIF_OK) fail("screen descriptor", gif_->Error);
  // NETSCAPE2.0 application extension: loop count 0 = forever.
  static const GifByteType app[] = {'N', 'E', 'T', 'S', 'C', 'A', 'P', 'E', '2', '.', '0'};
  static const GifByteType loop[] = {1, 0, 0};
  if (EGifPutExtensionLeader(gif_, APPLICATION_EXT_FUNC_CODE) != GIF_OK ||
      EGifPutExtensionBlock(gif_, sizeof app, app) != GIF_OK || EGifPutExtensionBlock(gif_, sizeof loop, loop) != GIF_OK ||
      EGifPutExtensionTrailer(gif_) != GIF_OK)
    fail("loop extension", gif_->Error);
}

GifWriter::~GifWriter() {
  if (!gif_) return;
  int err = 0;
  EGifCloseFile(gif_, &err);
  std::error_code ec;
  fs::remove(tmp_, ec);
}

void GifWriter::fail(const std::string& what, int code) {
  throw std::runtime_error("cannot write GIF '" + path_ + "' (" + what + "): " + GifErrorString(code));
}

uint8_t GifWriter::index(const uint8_t* px) {
  const int k = key555(px);
  int16_t& slot = lut_[size_t(k)];
  if (slot >= 0) return uint8_t(slot);
  // The bucket's centre against every palette entry, nearest in RGB (weighted a little towards green, as eyes are).
  const int r = (k >> 10 & 31) << 3 | 4, g = (k >> 5 & 31) << 3 | 4, b = (k & 31) << 3 | 4;
  int best = 0, bestD = 1 << 30;
  for (int i = 0; i < 256; ++i) {
    const int dr = r - palette_[size_t(i) * 3], dg = g - palette_[size_t(i) * 3 + 1], db = b - palette_[size_t(i) * 3 + 2];
    const int d = 3 * dr * dr + 4 * dg * dg + 2 * db * db;
    if (d < bestD) bestD = d, best = i;
  }
  slot = int16_t(best);
  return uint8_t(best);
}

void GifWriter::addFrame(const uint8_t* rgb, int delayCs) {
  const size_t n = size_t(w_) * size_t(h_);
  for (size_t i = 0; i < n; ++i) cur_[i] = index(rgb + i * 3);
  // The rectangle that changed since the previous frame (the whole picture for the first).
  int x0 = 0, y0 = 0, x1 = w_ - 1, y1 = h_ - 1;
  if (frames_ > 0) {
    x0 = w_, y0 = h_, x1 = -1, y1 = -1;
    for (int y = 0; y < h_; ++y) {
      const uint8_t* a = &cur_[size_t(y) * size_t(w_)];
      const uint8_t* b = &prev_[size_t(y) * size_t(w_)];
      if (std::equal(a, a + w_, b)) continue;
      y0 = std::min(y0, y), y1 = y;
      int l = 0, r = w_ - 1;
      while (a[l] == b[l]) ++l;
      while (a[r] == b[r]) --r;
      x0 = std::min(x0, l), x1 = std::max(x1, r);
    }
    if (x1 < 0) x0 = y0 = x1 = y1 = 0;  // nothing changed: a 1×1 frame keeps the count and the timing
  }
  GraphicsControlBlock gcb{};
  gcb.DisposalMode = DISPOSE_DO_NOT;
  gcb.UserInputFlag = false;
  gcb.DelayTime = std::clamp(delayCs, 0, 65535);
  gcb.TransparentColor = NO_TRANSPARENT_COLOR;
  GifByteType ext[4];
  const size_t len = EGifGCBToExtension(&gcb, ext);
  if (EGifPutExtension(gif_, GRAPHICS_EXT_FUNC_CODE, int(len), ext) != GIF_OK) fail("frame delay", gif_->Error);
  const int fw = x1 - x0 + 1, fh = y1 - y0 + 1;
  if (EGifPutImageDesc(gif_, x0, y0, fw, fh, false, nullptr) != GIF_OK) fail("image descriptor", gif_->Error);
  for (int y = y0; y <= y1; ++y)
    if (EGifPutLine(gif_, &cur_[size_t(y) * size_t(w_) + size_t(x0)], fw) != GIF_OK) fail("image data", gif_->Error);
  std::swap(cur_, prev_);
  ++frames_;
}

void GifWriter::finish() {
  int err = 0;
  GifFileType* g = gif_;
  gif_ = nullptr;
  if (EGifCloseFile(g, &err) != GIF_OK) {
    std::error_code ec;
    fs::remove(tmp_, ec);
    throw std::runtime_error("cannot write GIF '" + path_ + "': " + GifErrorString(err));
  }
  std::error_code ec;
  fs::rename(tmp_, path_, ec);
  if (ec) {
    fs::remove(tmp_, ec);
    throw std::runtime_error("cannot write GIF '" + path_ + "': " + ec.message());
  }
}

bool ffmpegAvailable() {
  static const bool found = [] {
    const char* path = std::getenv("PATH");
    std::string dirs = path ? path : "/usr/bin:/bin";
    size_t start = 0;
    while (start <= dirs.size()) {
      const size_t end = std::min(dirs.find(':', start), dirs.size());
      const std::string dir = dirs.substr(start, end - start);
      if (!dir.empty() && ::access((dir + "/ffmpeg").c_str(), X_OK) == 0) return true;
      start = end + 1;
    }
    return false;
  }();
  return found;
}

namespace {
std::string shellQuote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}
}  // namespace

Mp4Writer::Mp4Writer(std::string path, int w, int h, double fps) : path_(std::move(path)), w_(w), h_(h) {
  if (!ffmpegAvailable()) throw std::runtime_error("cannot write MP4 '" + path_ + "': " + kFfmpegHint);
  if (w % 2 || h % 2) throw std::runtime_error("cannot write MP4 '" + path_ + "': width and height must be even");
  tmp_ = path_ + ".tmp" + std::to_string(::getpid());
  log_ = tmp_ + ".log";
  char rate[32];
  std::snprintf(rate, sizeof rate, "%.3f", std::clamp(fps, 1.0, 120.0));
  // -f mp4: the temp name has no .mp4 extension to guess from. ffmpeg's chatter goes to a log shown on failure.
  const std::string cmd = "ffmpeg -nostdin -loglevel error -y -f rawvideo -pix_fmt rgb24 -s " + std::to_string(w) + "x" +
                          std::to_string(h) + " -r " + rate + " -i - -pix_fmt yuv420p -movflags +faststart -f mp4 " +
                          shellQuote(tmp_) + " 2>" + shellQuote(log_);
  pipe_ = ::popen(cmd.c_str(), "w");
  if (!pipe_) throw std::runtime_error("cannot write MP4 '" + path_ + "': cannot start ffmpeg");
}

Mp4Writer::~Mp4Writer() {
  if (pipe_) ::pclose(pipe_);
  std::error_code ec;
  fs::remove(tmp_, ec);
  fs::remove(log_, ec);
}

void Mp4Writer::addFrame(const uint8_t* rgb) {
  const size_t n = size_t(w_) * size_t(h_) * 3;
  if (std::fwrite(rgb, 1, n, pipe_) != n) throw std::runtime_error("cannot write MP4 '" + path_ + "': ffmpeg stopped");
}

void Mp4Writer::finish() {
  const int status = ::pclose(pipe_);
  pipe_ = nullptr;
  std::error_code ec;
  if (status != 0) {
    std::string why;
    if (FILE* f = std::fopen(log_.c_str(), "r")) {
      char line[256];
      if (std::fgets(line, sizeof line, f)) why = line;
      std::fclose(f);
    }
    while (!why.empty() && (why.back() == '\n' || why.back() == '\r')) why.pop_back();
    throw std::runtime_error("cannot write MP4 '" + path_ + "': ffmpeg failed" + (why.empty() ? "" : ": " + why));
  }
  fs::rename(tmp_, path_, ec);
  if (ec) throw std::runtime_error("cannot write MP4 '" + path_ + "': " + ec.message());
}

int gifDelayCentiseconds(const std::vector<double>& times) {
  std::vector<double> d;
  for (size_t i = 1; i < times.size(); ++i)
    if (times[i] > times[i - 1]) d.push_back(times[i] - times[i - 1]);
  if (d.empty()) return 3;  // ~30 frames a second, the session's publishing rate
  std::nth_element(d.begin(), d.begin() + long(d.size() / 2), d.end());
  return std::clamp(int(std::lround(d[d.size() / 2] * 100.0)), 2, 50);
}

}  // namespace gui
