// The desktop platform (platform.hpp): GLFW, OpenGL 3.3 core through glad, XDG folders, POSIX signals.
#include "app/platform/platform.hpp"

#include "app/platform/gl.hpp"
// glad first, then GLFW without its own GL header.
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <thread>

namespace gui::platform {

namespace fs = std::filesystem;

namespace {

std::string home() {
  const char* h = std::getenv("HOME");
  return h && *h ? h : ".";
}

volatile std::sig_atomic_t gStopRequested = 0;
extern "C" void onStopSignal(int) { gStopRequested = 1; }

}  // namespace

std::string configDir() {
  const char* x = std::getenv("XDG_CONFIG_HOME");
  const fs::path dir = (x && *x ? fs::path(x) : fs::path(home()) / ".config") / "rllens";
  std::error_code ec;
  fs::create_directories(dir, ec);
  return dir.string();
}

std::string screenshotDir() {
  const char* x = std::getenv("XDG_PICTURES_DIR");
  return ((x && *x ? fs::path(x) : fs::path(home()) / "Pictures") / "RL Lens").string();
}

std::string documentsDir() {
  const fs::path dir = fs::path(home()) / "Documents" / "RL Lens";
  std::error_code ec;
  fs::create_directories(dir, ec);
  return dir.string();
}

void offerFile(const std::string&) {}  // already in the folder the user chose
bool uploadsFiles() { return false; }
void requestUpload(int, const char*) {}
std::optional<Upload> takeUpload() { return std::nullopt; }

const char* uiFontPath() { return "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"; }
const char* cjkFontPath() { return "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"; }

GLFWwindow* openWindow(int w, int h, const char* title) {
  if (!std::getenv("DISPLAY") && !std::getenv("WAYLAND_DISPLAY")) {
    std::fprintf(stderr, "rllens: no display found (DISPLAY is not set). Run it under `xvfb-run rllens`, or use the "
                         "headless commands: rllens list | train | bench.\n");
    return nullptr;
  }
  // Software GL (Mesa llvmpipe: Xvfb, VMs, classrooms without GPUs) rasterises in the app's own thread, not on
  // rasterizer threads of its own: Debian 12's llvmpipe (Mesa 22.3) can free a fence while its rasterizer thread is
  // still signalling it, which corrupts the heap — the app crashed in malloc in one of three runs of nine lessons'
  // GUI walks at Max speed (about forty launches), and ThreadSanitizer reports the race inside llvmpipe's fence
  // code, nowhere else. Without rasterizer threads there is nothing to race. On 2 cores frame time and training throughput stay the same
  // (measured: Invaders + A2C at Max, 1920×1080, p50 frame 24–28 ms and 4.6–5.4 k steps/s either way), and the
  // training thread keeps its core. No effect on hardware drivers; a user's own LP_NUM_THREADS wins.
  if (!std::getenv("LP_NUM_THREADS")) setenv("LP_NUM_THREADS", "0", 0);
  glfwSetErrorCallback([](int code, const char* msg) { std::fprintf(stderr, "rllens: GLFW error %d: %s\n", code, msg); });
  if (!glfwInit()) {
    std::fprintf(stderr, "rllens: cannot open a window (GLFW failed to initialise the display). Try `xvfb-run rllens` "
                         "or the headless commands: rllens list | train | bench.\n");
    return nullptr;
  }
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  GLFWwindow* window = glfwCreateWindow(w, h, title, nullptr, nullptr);
  if (!window) {
    std::fprintf(stderr, "rllens: cannot create an OpenGL 3.3 window on this display.\n");
    glfwTerminate();
    return nullptr;
  }
  glfwMakeContextCurrent(window);
  glfwSwapInterval(1);
  if (!gladLoadGL(glfwGetProcAddress)) {
    std::fprintf(stderr, "rllens: cannot load OpenGL 3.3 functions.\n");
    return nullptr;
  }
  return window;
}

void closeWindow(GLFWwindow* window) {
  glfwDestroyWindow(window);
  glfwTerminate();
}

const char* glslVersion() { return "#version 330 core"; }
const char* shaderPreamble() { return "#version 330 core\n"; }

double now() { return glfwGetTime(); }

namespace {
int gWindowed[4] = {0, 0, 0, 0};  // x, y, w, h before going full screen
}  // namespace

bool isFullScreen(GLFWwindow* window) { return glfwGetWindowMonitor(window) != nullptr; }

bool toggleFullScreen(GLFWwindow* window) {
  if (isFullScreen(window)) {
    glfwSetWindowMonitor(window, nullptr, gWindowed[0], gWindowed[1], gWindowed[2], gWindowed[3], GLFW_DONT_CARE);
    return true;
  }
  GLFWmonitor* monitor = glfwGetPrimaryMonitor();
  const GLFWvidmode* mode = monitor ? glfwGetVideoMode(monitor) : nullptr;
  if (!mode) return false;
  glfwGetWindowPos(window, &gWindowed[0], &gWindowed[1]);
  glfwGetWindowSize(window, &gWindowed[2], &gWindowed[3]);
  glfwSetWindowMonitor(window, monitor, 0, 0, mode->width, mode->height, mode->refreshRate);
  return true;
}

void present(GLFWwindow* window) { glfwSwapBuffers(window); }

void runFrames(GLFWwindow* window, const std::function<bool()>& frame, const std::function<void()>& finish) {
  using Clock = std::chrono::steady_clock;
  // 60 FPS cap: virtual displays do not block on vsync.
  const auto budget = std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(1.0 / 60.0));
  auto last = Clock::now();
  while (!glfwWindowShouldClose(window) && !gStopRequested) {
    glfwPollEvents();
    if (!frame()) break;
    const auto next = last + budget;
    if (Clock::now() < next) std::this_thread::sleep_until(next);
    last = Clock::now();
  }
  finish();
}

void installStopSignals() {
  std::signal(SIGTERM, onStopSignal);
  std::signal(SIGINT, onStopSignal);
}

bool stopRequested() { return gStopRequested != 0; }

bool leftWithoutShutdown() { return false; }

}  // namespace gui::platform
