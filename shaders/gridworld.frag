#version 330 core
// GridWorld viewport: each cell is coloured by V, or split into four triangles coloured by Q(s, a) (CS188 style).
// uCell (RGBA32F, one texel per cell): r = value shown in the cell, g = wall flag, b = reward, a = allowed-action bits.
// uQ    (RGBA32F, one texel per cell): Q for left, up, down, right.
uniform sampler2D uCell;
uniform sampler2D uQ;
uniform vec2 uResolution;  // pixels
uniform vec2 uGrid;        // cells (width, height)
uniform int uMode;         // 0 = V per cell, 1 = Q triangles
uniform float uScale;      // |value| that maps to full colour
uniform vec2 uAgent;       // agent cell
uniform vec2 uSelected;    // selected cell (-1 = none)
uniform vec2 uGoal;
uniform vec2 uStart;
out vec4 fragColor;

vec3 ramp(float v) {
  // Diverging: red (negative) ← dark slate (0) → green (positive); a mild gamma keeps small values visible
  // while the ordering of larger ones stays readable.
  float t = clamp(v / max(uScale, 1e-6), -1.0, 1.0);
  float m = pow(abs(t), 0.7);
  vec3 zero = vec3(0.16, 0.18, 0.22);
  vec3 pos = vec3(0.15, 0.72, 0.38);
  vec3 neg = vec3(0.86, 0.26, 0.24);
  return mix(zero, t >= 0.0 ? pos : neg, m);
}

bool allowed(float bits, int a) { return (int(bits + 0.5) >> a & 1) == 1; }

void main() {
  vec2 px = vec2(gl_FragCoord.x, uResolution.y - gl_FragCoord.y);  // y down, like the grid
  vec2 p = px / uResolution * uGrid;
  ivec2 c = ivec2(floor(p));
  vec2 f = fract(p) - 0.5;  // −0.5..0.5 within the cell
  float cellPx = uResolution.x / uGrid.x;
  float aa = 1.0 / cellPx;  // one pixel, in cell units
  vec4 cell = texelFetch(uCell, c, 0);
  vec3 col;
  if (cell.g > 0.5) {
    // Wall: slate with diagonal hatching.
    float h = step(0.5, fract((p.x + p.y) * 3.0));
    col = mix(vec3(0.33, 0.36, 0.42), vec3(0.28, 0.31, 0.36), h);
  } else if (uMode == 1) {
    int a = abs(f.x) > abs(f.y) ? (f.x < 0.0 ? 0 : 3) : (f.y < 0.0 ? 1 : 2);
    vec4 q = texelFetch(uQ, c, 0);
    float qa = a == 0 ? q.x : a == 1 ? q.y : a == 2 ? q.z : q.w;
    col = allowed(cell.a, a) ? ramp(qa) : vec3(0.11, 0.12, 0.14);
    float diag = abs(abs(f.x) - abs(f.y));
    col = mix(vec3(0.06), col, smoothstep(0.0, 1.5 * aa, diag));  // triangle edges
  } else {
    col = ramp(cell.r);
  }
  // Reward cells: a coloured inset ring.
  float edge = 0.5 - max(abs(f.x), abs(f.y));  // distance to the cell border, cell units
  if (cell.g < 0.5 && abs(cell.b) > 1e-6) {
    vec3 rc = cell.b > 0.0 ? vec3(0.35, 0.95, 0.5) : vec3(1.0, 0.4, 0.35);
    float ring = smoothstep(0.03, 0.03 + aa, edge) * (1.0 - smoothstep(0.075, 0.075 + aa, edge));
    col = mix(col, rc, ring);
  }
  if (ivec2(uGoal) == c) {  // goal: gold ring
    float ring = smoothstep(0.03, 0.03 + aa, edge) * (1.0 - smoothstep(0.1, 0.1 + aa, edge));
    col = mix(col, vec3(1.0, 0.82, 0.25), ring);
  }
  if (ivec2(uStart) == c) {  // start: a small blue corner mark
    if (f.x < -0.32 && f.y < -0.32) col = mix(col, vec3(0.35, 0.6, 1.0), 0.9);
  }
  // Grid lines.
  col = mix(vec3(0.05, 0.06, 0.07), col, smoothstep(0.0, 1.2 * aa, edge));
  // Selected cell: white outline.
  if (ivec2(uSelected) == c) col = mix(vec3(1.0), col, smoothstep(0.02, 0.02 + 2.0 * aa, edge));
  // Agent: a yellow disc with a dark rim.
  if (ivec2(uAgent) == c) {
    float r = length(f);
    float disc = 1.0 - smoothstep(0.2, 0.2 + aa, r);
    float rim = 1.0 - smoothstep(0.235, 0.235 + aa, r);
    col = mix(col, vec3(0.05), rim);
    col = mix(col, vec3(1.0, 0.85, 0.2), disc);
  }
  fragColor = vec4(col, 1.0);
}
