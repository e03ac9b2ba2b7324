// The platform seam: what differs between the places RL Lens runs, chosen at build time (RLLENS_PLATFORM). The
// shell (app/shell) reaches the window's life, the frame loop, folders, signals and the GL dialect only through this
// header. GLFW's window API (key codes, key state, window and framebuffer sizes) is common to both platforms
// (emscripten implements it), so the shell reads keys and sizes through GLFW directly. Today one platform is built:
//   desktop (platform_desktop.cpp): GLFW + OpenGL 3.3 core, a loop that runs until the window closes, files on
//            disk under the user's XDG folders, SIGTERM/SIGINT end the loop as closing the window does.
// A browser build implements the same functions with the browser's main-loop callback, WebGL 2 (GLSL ES 3.00),
// downloads and uploads, and settings in IndexedDB (../shared/notes/web-build.md; DESIGN.md §10).
#pragma once
#include <functional>
#include <optional>
#include <string>

struct GLFWwindow;

namespace gui::platform {

// ---- Folders (created on demand where noted) ----
// Settings: $XDG_CONFIG_HOME/rllens, else ~/.config/rllens (created).
std::string configDir();
// Screenshots and exports: $XDG_PICTURES_DIR/RL Lens, else ~/Pictures/RL Lens.
std::string screenshotDir();
// Saved sessions and agents unless the user picks another folder: ~/Documents/RL Lens (created).
std::string documentsDir();

// ---- Files for the user ----
// A file the app has just written for the user (a screenshot, a saved session or agent, an export): on the desktop
// it is already in their folder; in a browser the page also downloads it to their computer.
void offerFile(const std::string& path);
// Whether files can come from the user's computer by upload (a browser), besides the folders the app lists.
bool uploadsFiles();
// Asks the page for one file (the browser's file picker, filtered by ext); it arrives later through takeUpload,
// written into documentsDir(). tag is the caller's, handed back with the file.
void requestUpload(int tag, const char* ext);
struct Upload {
  int tag = 0;
  std::string path;
};
std::optional<Upload> takeUpload();  // once per frame: a file that has arrived since, if any

// ---- Fonts ----
// DejaVu Sans (every Latin, Greek and math glyph the app draws) and WenQuanYi Micro Hei (the lessons' Chinese): the
// Debian packages' files on the desktop; in a browser, copies packed into the page (the CJK one cut to the
// characters the app uses).
const char* uiFontPath();
const char* cjkFontPath();

// ---- The window ----
// Opens the app's window at w×h with a GL context current and its functions loaded. On failure prints one line
// saying why and what to try instead, and returns nullptr.
GLFWwindow* openWindow(int w, int h, const char* title);
void closeWindow(GLFWwindow* window);
// The GLSL version line for ImGui's renderer ("#version 330 core" on the desktop, "#version 300 es" in a browser).
const char* glslVersion();
// What replaces a shader file's own "#version" line: the version, and in GLSL ES the default float precision.
const char* shaderPreamble();
// Full screen on the primary monitor at its current mode, or back to the rectangle the window had before. False when
// there is no monitor to fill (nothing changes).
bool toggleFullScreen(GLFWwindow* window);
bool isFullScreen(GLFWwindow* window);
// Shows the frame just drawn (desktop: swaps the window's buffers; a browser presents when the callback returns).
void present(GLFWwindow* window);
// Seconds on a monotonic clock (the window system's).
double now();

// ---- The frame loop ----
// Calls frame() once per displayed frame until it returns false, the window is closed or a stop signal arrives, then
// finish() once. On the desktop this returns after finish(); in a browser, frames are the page's animation callbacks
// and this never returns (whoever owns the frame's state keeps it alive: runGui's App is static).
void runFrames(GLFWwindow* window, const std::function<bool()>& frame, const std::function<void()>& finish);
// SIGTERM and SIGINT end the loop as closing the window does (the settings and --state-out are still written).
void installStopSignals();
bool stopRequested();
// True where the app is never shut down but simply left (a browser tab closed): what it keeps across runs (the
// settings) is then saved while it runs.
bool leftWithoutShutdown();

}  // namespace gui::platform
