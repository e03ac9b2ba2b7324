#include "app/platform/gl_util.hpp"

#include <stb_image_write.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <vector>

#include "app/platform/platform.hpp"
#include "runs/files.hpp"

namespace gui {

std::string loadShaderSource(const std::string& name) {
  std::vector<std::string> dirs;
  if (const char* env = std::getenv("RLLENS_SHADER_DIR")) dirs.emplace_back(env);
  dirs.emplace_back(RLLENS_SHADER_DIR);
  dirs.emplace_back(RLLENS_INSTALL_SHADER_DIR);
  for (const auto& d : dirs) {
    std::ifstream in(std::filesystem::path(d) / name);
    if (!in) continue;
    std::stringstream ss;
    ss << in.rdbuf();
    std::string src = ss.str();
    // The files say "#version 330 core"; the platform's dialect replaces that line (GLSL ES 3.00 in a browser).
    if (src.rfind("#version", 0) == 0) src = platform::shaderPreamble() + src.substr(std::min(src.find('\n') + 1, src.size()));
    return src;
  }
  throw std::runtime_error("shader '" + name + "' not found (looked in $RLLENS_SHADER_DIR, " RLLENS_SHADER_DIR
                           ", " RLLENS_INSTALL_SHADER_DIR ")");
}

static GLuint compile(GLenum type, const std::string& src, const std::string& file) {
  GLuint s = glCreateShader(type);
  const char* p = src.c_str();
  glShaderSource(s, 1, &p, nullptr);
  glCompileShader(s);
  GLint ok = 0;
  glGetShaderiv(s, GL_COMPILE_STATUS, &ok);
  if (!ok) {
    char log[2048];
    glGetShaderInfoLog(s, sizeof log, nullptr, log);
    glDeleteShader(s);
    throw std::runtime_error("shader '" + file + "' failed to compile: " + log);
  }
  return s;
}

GLuint buildProgram(const std::string& vertFile, const std::string& fragFile) {
  const GLuint vs = compile(GL_VERTEX_SHADER, loadShaderSource(vertFile), vertFile);
  const GLuint fs = compile(GL_FRAGMENT_SHADER, loadShaderSource(fragFile), fragFile);
  const GLuint prog = glCreateProgram();
  glAttachShader(prog, vs);
  glAttachShader(prog, fs);
  glLinkProgram(prog);
  glDeleteShader(vs);
  glDeleteShader(fs);
  GLint ok = 0;
  glGetProgramiv(prog, GL_LINK_STATUS, &ok);
  if (!ok) {
    char log[2048];
    glGetProgramInfoLog(prog, sizeof log, nullptr, log);
    glDeleteProgram(prog);
    throw std::runtime_error("shaders '" + vertFile + "' + '" + fragFile + "' failed to link: " + log);
  }
  return prog;
}

Framebuffer::~Framebuffer() {
  if (fbo_) glDeleteFramebuffers(1, &fbo_);
  if (tex_) glDeleteTextures(1, &tex_);
}

void Framebuffer::ensureSize(int w, int h) {
  if (w < 1) w = 1;
  if (h < 1) h = 1;
  if (fbo_ && w == w_ && h == h_) return;
  if (!fbo_) {
    glGenFramebuffers(1, &fbo_);
    glGenTextures(1, &tex_);
  }
  w_ = w;
  h_ = h;
  glBindTexture(GL_TEXTURE_2D, tex_);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, w, h, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  glBindFramebuffer(GL_FRAMEBUFFER, fbo_);
  glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, tex_, 0);
  if (glCheckFramebufferStatus(GL_FRAMEBUFFER) != GL_FRAMEBUFFER_COMPLETE)
    throw std::runtime_error("viewport framebuffer is incomplete");
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
}

void Framebuffer::bind() const {
  glBindFramebuffer(GL_FRAMEBUFFER, fbo_);
  glViewport(0, 0, w_, h_);
}

void Framebuffer::unbind() { glBindFramebuffer(GL_FRAMEBUFFER, 0); }

DataTexture::~DataTexture() {
  if (tex_) glDeleteTextures(1, &tex_);
}

void DataTexture::upload(int w, int h, const uint8_t* rgba) {
  if (!tex_) glGenTextures(1, &tex_);
  glBindTexture(GL_TEXTURE_2D, tex_);
  if (w != w_ || h != h_) {
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, w, h, 0, GL_RGBA, GL_UNSIGNED_BYTE, rgba);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
    w_ = w;
    h_ = h;
  } else {
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, w, h, GL_RGBA, GL_UNSIGNED_BYTE, rgba);
  }
}

namespace fs = std::filesystem;

void saveFramebufferPng(const std::string& path, int w, int h, unsigned fbo) { saveFramebufferRegionPng(path, 0, 0, w, h, fbo); }

void saveFramebufferRegionPng(const std::string& path, int x, int y, int w, int h, unsigned fbo) {
  std::vector<unsigned char> px(size_t(w) * size_t(h) * 4);
  glBindFramebuffer(GL_READ_FRAMEBUFFER, fbo);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  if (fbo == 0) glReadBuffer(GL_BACK);
  glReadPixels(x, y, w, h, GL_RGBA, GL_UNSIGNED_BYTE, px.data());
  glBindFramebuffer(GL_READ_FRAMEBUFFER, 0);
  // GL rows start at the bottom; PNG rows at the top. Opaque alpha: the window has no transparency.
  std::vector<unsigned char> flipped(px.size());
  for (int y = 0; y < h; ++y)
    std::copy_n(&px[size_t(h - 1 - y) * size_t(w) * 4], size_t(w) * 4, &flipped[size_t(y) * size_t(w) * 4]);
  for (size_t i = 3; i < flipped.size(); i += 4) flipped[i] = 255;
  std::string bytes;
  auto append = [](void* ctx, void* data, int size) { static_cast<std::string*>(ctx)->append(static_cast<char*>(data), size_t(size)); };
  if (!stbi_write_png_to_func(append, &bytes, w, h, 4, flipped.data(), w * 4))
    throw std::runtime_error("cannot encode screenshot '" + path + "'");
  const fs::path parent = fs::path(path).parent_path();
  if (!parent.empty() && !fs::exists(parent))
    throw std::runtime_error("cannot write screenshot '" + path + "': folder '" + parent.string() + "' does not exist");
  rl::runs::writeFileAtomic(path, bytes);
}

}  // namespace gui
