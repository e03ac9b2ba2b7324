// Small OpenGL helpers for the app: shader programs loaded from shaders/, an offscreen framebuffer, float textures.
// Main thread only.
#pragma once
#include <cstdint>
#include <string>

#include "app/platform/gl.hpp"

namespace gui {

// Finds a shader file: $RLLENS_SHADER_DIR, the source tree, then the install prefix. Throws naming the file.
std::string loadShaderSource(const std::string& name);
// Compiles and links; throws std::runtime_error with the GL info log and the file names.
GLuint buildProgram(const std::string& vertFile, const std::string& fragFile);

// An RGBA8 colour target of a fixed pixel size, shown with ImGui::Image.
class Framebuffer {
 public:
  ~Framebuffer();
  void ensureSize(int w, int h);  // (re)creates when the size changes
  void bind() const;              // binds and sets the viewport
  static void unbind();
  GLuint texture() const { return tex_; }
  GLuint id() const { return fbo_; }
  int width() const { return w_; }
  int height() const { return h_; }

 private:
  GLuint fbo_ = 0, tex_ = 0;
  int w_ = 0, h_ = 0;
};

// A w×h RGBA8 texture for per-cell data, sampled with texelFetch.
class DataTexture {
 public:
  ~DataTexture();
  void upload(int w, int h, const uint8_t* rgba);
  GLuint id() const { return tex_; }

 private:
  GLuint tex_ = 0;
  int w_ = 0, h_ = 0;
};


// Reads framebuffer `fbo` (0 = the window's back buffer), w×h pixels, and writes it as an opaque PNG, atomically.
// Throws std::runtime_error naming the path.
void saveFramebufferPng(const std::string& path, int w, int h, unsigned fbo = 0);
// The w×h rectangle at (x, y) of it, in GL coordinates (from the bottom-left corner).
void saveFramebufferRegionPng(const std::string& path, int x, int y, int w, int h, unsigned fbo = 0);

}  // namespace gui
