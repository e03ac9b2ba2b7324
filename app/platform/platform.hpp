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

// ---- The window ----
// Opens the app's window at w×h with a GL context current and its functions loaded. On failure prints one line
// saying why and what to try instead, and returns nullptr.
GLFWwindow* openWindow(int w, int h, const char* title);
void closeWindow(GLFWwindow* window);
// The GLSL version line for ImGui's renderer and the app's shaders ("#version 330 core" on the desktop).
const char* glslVersion();
// Full screen on the primary monitor at its current mode, or back to the rectangle the window had before. False when
// there is no monitor to fill (nothing changes).
bool toggleFullScreen(GLFWwindow* window);
bool isFullScreen(GLFWwindow* window);
// Shows the frame just drawn (desktop: swaps the window's buffers; a browser presents when the callback returns).
void present(GLFWwindow* window);
// Seconds on a monotonic clock (the window system's).
double now();

// ---- The frame loop ----
// Calls frame() once per displayed frame until it returns false, the window is closed or a stop signal arrives.
// On the desktop this returns when the loop ends; in a browser, frames are the page's animation callbacks.
void runFrames(GLFWwindow* window, const std::function<bool()>& frame);
// SIGTERM and SIGINT end the loop as closing the window does (the settings and --state-out are still written).
void installStopSignals();
bool stopRequested();

}  // namespace gui::platform
