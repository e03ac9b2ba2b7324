#include "app/views/mesh.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>

namespace gui {

void Mesh::tri(ImVec2 a, ImVec2 b, ImVec2 c, Rgba col) {
  for (ImVec2 p : {a, b, c}) v.push_back({p.x, p.y, col[0], col[1], col[2], col[3]});
}

void Mesh::quad(ImVec2 a, ImVec2 b, ImVec2 c, ImVec2 d, Rgba col) {
  tri(a, b, c, col);
  tri(a, c, d, col);
}

void Mesh::rect(ImVec2 mn, ImVec2 mx, Rgba col) { quad(mn, {mx.x, mn.y}, mx, {mn.x, mx.y}, col); }

void Mesh::ring(ImVec2 mn, ImVec2 mx, float from, float to, Rgba col) {
  const ImVec2 o0(mn.x + from, mn.y + from), o1(mx.x - from, mx.y - from);
  const ImVec2 i0(mn.x + to, mn.y + to), i1(mx.x - to, mx.y - to);
  rect(o0, {o1.x, i0.y}, col);
  rect({o0.x, i1.y}, o1, col);
  rect({o0.x, i0.y}, {i0.x, i1.y}, col);
  rect({i1.x, i0.y}, {o1.x, i1.y}, col);
}

void Mesh::line(ImVec2 a, ImVec2 b, float width, Rgba col) {
  const float dx = b.x - a.x, dy = b.y - a.y, len = std::max(std::sqrt(dx * dx + dy * dy), 1e-6f);
  const float nx = -dy / len * width * 0.5f, ny = dx / len * width * 0.5f;
  quad({a.x + nx, a.y + ny}, {b.x + nx, b.y + ny}, {b.x - nx, b.y - ny}, {a.x - nx, a.y - ny}, col);
}

void Mesh::arrow(ImVec2 c, ImVec2 d, float len, float w, Rgba col) {
  const ImVec2 n(-d.y, d.x);
  const float head = std::max(len * 0.42f, w * 3.2f), shaft = len - head * 0.9f;
  auto at = [&](float along, float across) {
    return ImVec2(c.x + d.x * along + n.x * across, c.y + d.y * along + n.y * across);
  };
  quad(at(0, -w), at(shaft, -w), at(shaft, w), at(0, w), col);
  tri(at(len, 0), at(shaft - 0.1f * head, head * 0.55f), at(shaft - 0.1f * head, -head * 0.55f), col);
}

void Mesh::disc(ImVec2 c, float r, Rgba col, int n) {
  for (int i = 0; i < n; ++i) {
    const float a0 = 6.2831853f * float(i) / float(n), a1 = 6.2831853f * float(i + 1) / float(n);
    tri(c, {c.x + r * std::cos(a0), c.y + r * std::sin(a0)}, {c.x + r * std::cos(a1), c.y + r * std::sin(a1)}, col);
  }
}

void Mesh::arc(ImVec2 c, float r, float a0, float a1, float width, Rgba col) {
  const int n = std::max(2, int(std::abs(a1 - a0) / 0.08f));
  const float ri = r - width * 0.5f, ro = r + width * 0.5f;
  for (int i = 0; i < n; ++i) {
    const float t0 = a0 + (a1 - a0) * float(i) / float(n), t1 = a0 + (a1 - a0) * float(i + 1) / float(n);
    quad({c.x + ri * std::cos(t0), c.y + ri * std::sin(t0)}, {c.x + ro * std::cos(t0), c.y + ro * std::sin(t0)},
         {c.x + ro * std::cos(t1), c.y + ro * std::sin(t1)}, {c.x + ri * std::cos(t1), c.y + ri * std::sin(t1)}, col);
  }
}

float Mesh::text(const std::string& s, ImVec2 p, float h, Rgba col) {
  // 3×5 glyphs, one row per 3 bits (MSB = left column), top row first.
  auto glyph = [](char ch) -> std::array<uint8_t, 5> {
    switch (ch) {
      case '0': return {7, 5, 5, 5, 7};
      case '1': return {2, 6, 2, 2, 7};
      case '2': return {7, 1, 7, 4, 7};
      case '3': return {7, 1, 3, 1, 7};
      case '4': return {5, 5, 7, 1, 1};
      case '5': return {7, 4, 7, 1, 7};
      case '6': return {7, 4, 7, 5, 7};
      case '7': return {7, 1, 1, 2, 2};
      case '8': return {7, 5, 7, 5, 7};
      case '9': return {7, 5, 7, 1, 7};
      case '+': return {0, 2, 7, 2, 0};
      case '-': return {0, 0, 7, 0, 0};
      case '.': return {0, 0, 0, 0, 2};
      case '/': return {1, 1, 2, 4, 4};
      default: return {0, 0, 0, 0, 0};
    }
  };
  const float px = h / 5.f;
  float x = p.x;
  for (char ch : s) {
    const auto g = glyph(ch);
    for (int row = 0; row < 5; ++row)
      for (int col3 = 0; col3 < 3; ++col3)
        if (g[size_t(row)] >> (2 - col3) & 1)
          rect({x + float(col3) * px, p.y + float(row) * px}, {x + float(col3 + 1) * px, p.y + float(row + 1) * px}, col);
    x += 4.f * px;
  }
  return x - p.x;
}

MeshRenderer::~MeshRenderer() {
  if (program_) glDeleteProgram(program_);
  if (vao_) glDeleteVertexArrays(1, &vao_);
  if (vbo_) glDeleteBuffers(1, &vbo_);
}

void MeshRenderer::draw(const Mesh& m, Framebuffer& target, Rgba clear, bool blend) {
  if (program_ == 0 && error_.empty()) {
    try {
      program_ = buildProgram("flat.vert", "flat.frag");
    } catch (const std::exception& e) {
      error_ = e.what();  // shown in the viewport instead of crashing
    }
  }
  target.bind();
  glClearColor(clear[0] / 255.f, clear[1] / 255.f, clear[2] / 255.f, 1.f);
  glDisable(GL_SCISSOR_TEST);
  glClear(GL_COLOR_BUFFER_BIT);
  if (program_ && !m.v.empty()) {
    if (!vao_) {
      glGenVertexArrays(1, &vao_);
      glGenBuffers(1, &vbo_);
    }
    glBindVertexArray(vao_);
    glBindBuffer(GL_ARRAY_BUFFER, vbo_);
    glBufferData(GL_ARRAY_BUFFER, GLsizeiptr(m.v.size() * sizeof(Mesh::V)), m.v.data(), GL_STREAM_DRAW);
    glEnableVertexAttribArray(0);
    glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, sizeof(Mesh::V), nullptr);
    glEnableVertexAttribArray(1);
    glVertexAttribPointer(1, 4, GL_UNSIGNED_BYTE, GL_TRUE, sizeof(Mesh::V), reinterpret_cast<void*>(offsetof(Mesh::V, r)));
    glUseProgram(program_);
    glUniform2f(glGetUniformLocation(program_, "uResolution"), float(target.width()), float(target.height()));
    if (blend) {
      glEnable(GL_BLEND);
      glBlendFunc(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA);
    } else {
      glDisable(GL_BLEND);
    }
    glDrawArrays(GL_TRIANGLES, 0, GLsizei(m.v.size()));
    glDisable(GL_BLEND);
    glBindVertexArray(0);
    glUseProgram(0);
  }
  Framebuffer::unbind();
}

}  // namespace gui
