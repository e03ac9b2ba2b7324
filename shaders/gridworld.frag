#version 330 core
// GridWorld viewport. Each cell is split into four triangles (left, up, down, right) whose colours the app has
// already computed from Q(s, a) (CS188 style), or one colour from V(s). Kept cheap on purpose: classrooms often run
// on software GL (llvmpipe), where every per-pixel instruction counts.
// uCells: (5·W) × H RGBA8. Texels 5x+0..3 = colours of cell x's triangles; texel 5x+4 = flags:
//   r = wall, g = reward sign (0 none, 0.5 negative, 1 positive), b = goal, a = start.
uniform sampler2D uCells;
uniform vec2 uResolution;  // pixels
uniform vec2 uGrid;        // cells (width, height)
uniform int uMode;         // 0 = one colour per cell (V), 1 = four triangles (Q)
uniform vec2 uAgent;       // agent cell
uniform vec2 uSelected;    // selected cell (-1 = none)
out vec4 fragColor;

// 1 inside (x > 0), 0 outside, with a one-pixel linear ramp: cheap anti-aliasing.
float inside(float x, float aa) { return clamp(x / aa + 0.5, 0.0, 1.0); }

void main() {
  vec2 px = vec2(gl_FragCoord.x, uResolution.y - gl_FragCoord.y);  // y down, like the grid
  vec2 p = px / uResolution * uGrid;
  ivec2 c = ivec2(floor(p));
  vec2 f = fract(p) - 0.5;  // −0.5..0.5 within the cell
  float aa = uGrid.x / uResolution.x;  // one pixel in cell units
  vec4 flags = texelFetch(uCells, ivec2(c.x * 5 + 4, c.y), 0);
  vec3 col;
  float edge = 0.5 - max(abs(f.x), abs(f.y));  // distance to the cell border, cell units
  if (flags.r > 0.5) {
    // Wall: slate with diagonal hatching.
    col = fract((p.x + p.y) * 3.0) < 0.5 ? vec3(0.33, 0.36, 0.42) : vec3(0.28, 0.31, 0.36);
  } else {
    int a = uMode == 1 ? (abs(f.x) > abs(f.y) ? (f.x < 0.0 ? 0 : 3) : (f.y < 0.0 ? 1 : 2)) : 0;
    col = texelFetch(uCells, ivec2(c.x * 5 + a, c.y), 0).rgb;
    if (uMode == 1) col = mix(vec3(0.06), col, inside(abs(abs(f.x) - abs(f.y)) - 0.75 * aa, aa));  // triangle edges
    if (flags.g > 0.25) {  // reward cells: a coloured inset ring
      vec3 rc = flags.g > 0.75 ? vec3(0.35, 0.95, 0.5) : vec3(1.0, 0.4, 0.35);
      col = mix(col, rc, inside(edge - 0.03, aa) * inside(0.075 - edge, aa));
    }
    if (flags.b > 0.5) col = mix(col, vec3(1.0, 0.82, 0.25), inside(edge - 0.03, aa) * inside(0.1 - edge, aa));
    if (flags.a > 0.5 && f.x < -0.32 && f.y < -0.32) col = vec3(0.35, 0.6, 1.0);  // start: a blue corner mark
  }
  col = mix(vec3(0.05, 0.06, 0.07), col, inside(edge - 0.6 * aa, aa));  // grid lines
  if (ivec2(uSelected) == c) col = mix(vec3(1.0), col, inside(edge - 0.02 - aa, aa));
  if (ivec2(uAgent) == c) {  // the agent: a yellow disc with a dark rim
    float r = length(f);
    col = mix(col, vec3(0.05), inside(0.235 - r, aa));
    col = mix(col, vec3(1.0, 0.85, 0.2), inside(0.2 - r, aa));
  }
  fragColor = vec4(col, 1.0);
}
