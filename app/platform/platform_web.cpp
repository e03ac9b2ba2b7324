// The browser platform (platform.hpp): emscripten's GLFW on a canvas, WebGL 2 (GLSL ES 3.00), the page's animation
// frames as the loop, folders in the page's in-memory file system (settings kept in IndexedDB by the page's shell).
#include "app/platform/platform.hpp"

#include <emscripten.h>
#include <emscripten/html5.h>

#include "app/platform/gl.hpp"
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>

// The PNG encoder's one definition (the desktop links Debian's libstb).
#define STB_IMAGE_WRITE_IMPLEMENTATION
#include <stb_image_write.h>

namespace gui::platform {

namespace fs = std::filesystem;

namespace {

std::string ensured(const fs::path& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  return dir.string();
}

// The loop's state outlives runFrames: the page calls back after it has returned.
struct Loop {
  GLFWwindow* window = nullptr;
  std::function<bool()> frame;
  std::function<void()> finish;
  bool done = false;
};
Loop gLoop;

void onAnimationFrame() {
  if (gLoop.done) return;
  // The canvas fills the page: follow the browser window's size.
  const int w = EM_ASM_INT({ return window.innerWidth; }), h = EM_ASM_INT({ return window.innerHeight; });
  int cw = 0, ch = 0;
  glfwGetWindowSize(gLoop.window, &cw, &ch);
  if (w > 0 && h > 0 && (w != cw || h != ch)) glfwSetWindowSize(gLoop.window, w, h);
  if (!gLoop.frame()) {
    gLoop.done = true;
    emscripten_cancel_main_loop();
    gLoop.finish();
  }
}

}  // namespace

// /home/web is mounted on IndexedDB by the page (web/shell.html) before main runs, so settings survive a reload.
std::string configDir() { return ensured("/home/web/.config/rllens"); }
std::string screenshotDir() { return ensured("/home/web/Pictures/RL Lens"); }
std::string documentsDir() { return ensured("/home/web/Documents/RL Lens"); }

void offerFile(const std::string& path) {
  EM_ASM({
    const path = UTF8ToString($0);
    const url = URL.createObjectURL(new Blob([FS.readFile(path)]));
    const a = document.createElement('a');
    a.href = url;
    a.download = path.split('/').pop();
    document.body.appendChild(a);
    a.click();
    setTimeout(() => { URL.revokeObjectURL(url); a.remove(); }, 2000);
  }, path.c_str());
}

bool uploadsFiles() { return true; }

void requestUpload(int tag, const char* ext) {
  const std::string dir = documentsDir();
  EM_ASM({
    const tag = $0;
    const ext = UTF8ToString($1);
    const dir = UTF8ToString($2);
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = ext;
    input.onchange = () => {
      const file = input.files[0];
      if (!file) return;
      file.arrayBuffer().then((buf) => {
        const path = dir + '/' + file.name.split('/').join('_');
        FS.writeFile(path, new Uint8Array(buf));
        (Module.rllensUploads = Module.rllensUploads || []).push(tag + String.fromCharCode(1) + path);
      });
    };
    input.click();
  }, tag, ext, dir.c_str());
}

std::optional<Upload> takeUpload() {
  const std::string next = emscripten_run_script_string(
      "(Module.rllensUploads && Module.rllensUploads.length) ? Module.rllensUploads.shift() : ''");
  const size_t sep = next.find('\1');
  if (sep == std::string::npos) return std::nullopt;
  return Upload{std::atoi(next.substr(0, sep).c_str()), next.substr(sep + 1)};
}

const char* uiFontPath() { return "/rllens/fonts/DejaVuSans.ttf"; }
const char* cjkFontPath() { return "/rllens/fonts/wqy-microhei-subset.ttf"; }

GLFWwindow* openWindow(int w, int h, const char* title) {
  if (!glfwInit()) {
    std::fprintf(stderr, "rllens: cannot start GLFW on this page.\n");
    return nullptr;
  }
  glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_ES_API);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
  GLFWwindow* window = glfwCreateWindow(w, h, title, nullptr, nullptr);
  if (!window) {
    std::fprintf(stderr, "rllens: this browser gave no WebGL 2 context.\n");
    return nullptr;
  }
  glfwMakeContextCurrent(window);
  return window;
}

void closeWindow(GLFWwindow* window) {
  glfwDestroyWindow(window);
  glfwTerminate();
}

const char* glslVersion() { return "#version 300 es"; }
const char* shaderPreamble() { return "#version 300 es\nprecision highp float;\n"; }

double now() { return glfwGetTime(); }

bool isFullScreen(GLFWwindow*) { return EM_ASM_INT({ return document.fullscreenElement ? 1 : 0; }) != 0; }

bool toggleFullScreen(GLFWwindow*) {
  // The page's own full screen (a user gesture: F11 or the menu); the canvas follows the window's size.
  EM_ASM({
    if (document.fullscreenElement) document.exitFullscreen();
    else document.documentElement.requestFullscreen();
  });
  return true;
}

void present(GLFWwindow*) {}  // the browser shows the canvas when the frame's callback returns

void runFrames(GLFWwindow* window, const std::function<bool()>& frame, const std::function<void()>& finish) {
  gLoop = {window, frame, finish, false};
  emscripten_set_main_loop(onAnimationFrame, 0, true);  // never returns: the page calls back each frame
}

void installStopSignals() {}
bool stopRequested() { return false; }
bool leftWithoutShutdown() { return true; }

}  // namespace gui::platform
