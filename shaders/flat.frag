#version 330 core
// Vertex colour, unchanged: software GL (llvmpipe) rasterises flat triangles far faster than per-pixel procedures.
in vec4 vColor;
out vec4 fragColor;
void main() { fragColor = vColor; }
