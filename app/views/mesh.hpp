// Flat-coloured 2-D geometry in pixel coordinates (y down) and its renderer into a framebuffer, through
// shaders/flat.{vert,frag}. The environment viewports are built from it: software GL (llvmpipe) rasterises flat
// triangles fast, and a fixed-size framebuffer makes viewport screenshots independent of the window size.
#pragma once
#include <imgui.h>

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "app/platform/gl_util.hpp"

namespace gui {

using Rgba = std::array<uint8_t, 4>;

struct Mesh {
  struct V {
    float x, y;
    uint8_t r, g, b, a;
  };
  std::vector<V> v;

  void tri(ImVec2 a, ImVec2 b, ImVec2 c, Rgba col);
  void quad(ImVec2 a, ImVec2 b, ImVec2 c, ImVec2 d, Rgba col);
  void rect(ImVec2 mn, ImVec2 mx, Rgba col);
  // A square ring between insets `from` and `to` (pixels from the outer edge of the box mn–mx).
  void ring(ImVec2 mn, ImVec2 mx, float from, float to, Rgba col);
  // A segment of the given width.
  void line(ImVec2 a, ImVec2 b, float width, Rgba col);
  // An arrow from c along unit direction d: total length len, shaft half-width w.
  void arrow(ImVec2 c, ImVec2 d, float len, float w, Rgba col);
  void disc(ImVec2 c, float r, Rgba col, int segments = 28);
  // An arc of a circle (angles in radians, screen orientation), as a band of the given width.
  void arc(ImVec2 c, float r, float a0, float a1, float width, Rgba col);
  // Digits, '+', '-', '.', '/' and ' ' in a 3×5 block font: `h` is the glyph height in pixels. Returns the width.
  float text(const std::string& s, ImVec2 topLeft, float h, Rgba col);
};

// Draws meshes into a framebuffer. GL objects are created on first use (main thread only).
class MeshRenderer {
 public:
  ~MeshRenderer();
  void draw(const Mesh& m, Framebuffer& target, Rgba clear, bool blend);
  const std::string& error() const { return error_; }

 private:
  GLuint program_ = 0, vao_ = 0, vbo_ = 0;
  std::string error_;
};

}  // namespace gui
