// Animated GIF and MP4 writers for the replay export. GL-free: they take top-down RGB8 frames (w·h·3 bytes) from
// whoever renders them (app/views/replay_export.cpp renders the viewport off-screen).
//
// GIF: one 256-colour palette for the whole film, chosen from a few sample frames (the most frequent RGB555 colours
// — the viewports are flat-shaded, so a handful of colours cover almost every pixel — plus a coarse colour cube so
// nothing unforeseen lands far off). Pixels map through a 32K RGB555 lookup table filled lazily. Each frame after
// the first stores only the rectangle that changed (disposal "leave in place"), which keeps LZW work and file size
// small for the pendulum and the invaders. Loops forever (NETSCAPE2.0).
// MP4: raw RGB piped to `ffmpeg` (H.264 in yuv420p, so w and h must be even).
// Both write to a temp file beside the target and rename it into place when finished: never half a file.
#pragma once
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

struct GifFileType;

namespace gui {

class GifWriter {
 public:
  // samples: a few frames spread over the film, for the palette. Throws std::runtime_error naming the path.
  GifWriter(std::string path, int w, int h, const std::vector<const uint8_t*>& samples);
  ~GifWriter();  // not finished: the temp file is removed
  GifWriter(const GifWriter&) = delete;
  GifWriter& operator=(const GifWriter&) = delete;
  void addFrame(const uint8_t* rgb, int delayCentiseconds);
  void finish();
  int frames() const { return frames_; }

 private:
  uint8_t index(const uint8_t* px);
  void fail(const std::string& what, int code);
  std::string path_, tmp_;
  int w_, h_, frames_ = 0;
  GifFileType* gif_ = nullptr;
  std::vector<uint8_t> palette_;    // 256 × RGB
  std::vector<int16_t> lut_;        // RGB555 → palette index, −1 until first asked
  std::vector<uint8_t> cur_, prev_; // palette indices of this and the previous frame
};

// `ffmpeg` on PATH (checked once).
bool ffmpegAvailable();
#ifdef __EMSCRIPTEN__
inline constexpr const char* kFfmpegHint = "MP4 export needs the desktop app (it runs ffmpeg); GIF works here";
#else
inline constexpr const char* kFfmpegHint = "install ffmpeg: apt install ffmpeg";
#endif

class Mp4Writer {
 public:
  Mp4Writer(std::string path, int w, int h, double fps);  // throws naming the path (or what to install)
  ~Mp4Writer();
  Mp4Writer(const Mp4Writer&) = delete;
  Mp4Writer& operator=(const Mp4Writer&) = delete;
  void addFrame(const uint8_t* rgb);
  void finish();

 private:
  std::string path_, tmp_, log_;
  int w_, h_;
  FILE* pipe_ = nullptr;
};

// The GIF frame delay for frames recorded at these times (seconds): the median interval, in centiseconds, 2 to 50.
int gifDelayCentiseconds(const std::vector<double>& times);

}  // namespace gui
