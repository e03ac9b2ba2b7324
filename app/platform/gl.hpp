// The OpenGL header of the platform the app is built for: desktop GL 3.3 core through glad, or WebGL 2 (OpenGL ES
// 3.0) in the browser. Every GL call the app makes exists in both.
#pragma once
#ifdef __EMSCRIPTEN__
#include <GLES3/gl3.h>
#else
#include <glad/gl.h>
#endif
