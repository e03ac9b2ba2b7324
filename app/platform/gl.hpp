// The OpenGL header of the platform the app is built for: desktop GL 3.3 core through glad. A browser build (WebGL 2,
// GLSL ES 3.00) includes <GLES3/gl3.h> here instead; every GL call the app makes exists in both.
#pragma once
#include <glad/gl.h>
