#version 330 core
// A full-viewport triangle pair; the fragment shader does the drawing procedurally.
const vec2 kCorners[6] = vec2[](vec2(-1, -1), vec2(1, -1), vec2(1, 1), vec2(-1, -1), vec2(1, 1), vec2(-1, 1));
void main() { gl_Position = vec4(kCorners[gl_VertexID], 0.0, 1.0); }
