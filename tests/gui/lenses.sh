#!/usr/bin/env bash
# GUI end-to-end test of the actor-critic lens's views, in the real app under the (virtual) display:
#   1. A2C on the pendulum, paused: dragging the lens's λ slider from 0.9 to 0 recomputes the advantage curves at
#      once — the GAE(λ) curve (green, drawn on top) moves onto the TD error δ (red), so the red pixels disappear
#      under it in the very next screenshot; nothing was trained in between (env steps unchanged).
#   2. DDPG on the pendulum: the pathwise view draws Q₁(s, a) over the torque range (blue) and μ(s) on it (yellow).
#   3. A3C on the pendulum: the worker lanes are drawn, one per worker thread.
#   4. The GAN on gan1d (a tall window, so the whole lens is on screen): the density view draws the target (blue) and
#      the generated density (orange) where the ui map says, and the Dirac-GAN portrait draws its vector field and
#      trajectory.
# Usage: lenses.sh <rllens binary> <output dir>.  Needs DISPLAY and xdotool.
set -euo pipefail
bin=$1
out=$2
rm -rf "$out"
mkdir -p "$out/config" "$out/pictures"
export XDG_CONFIG_HOME="$out/config" XDG_PICTURES_DIR="$out/pictures"
[ -n "${DISPLAY:-}" ] || { echo "lenses: DISPLAY is not set; run under xvfb-run" >&2; exit 1; }
command -v xdotool >/dev/null || { echo "lenses: xdotool is not installed" >&2; exit 1; }
here=$(cd "$(dirname "$0")" && pwd)

map=""
. "$(dirname "$0")/lib.sh"  # mapget, waitfor, steps_above
running_is() { [ "$(mapget running)" = "$1" ] && echo 1 || echo ""; }
shots() { ls "$out/pictures/RL Lens" 2>/dev/null | wc -l; }
shots_are() { [ "$(shots)" -ge "$1" ] && echo 1 || echo ""; }

# ---- 1. λ in the advantage view ----
map="$out/map-a2c.json"; log="$out/app-a2c.log"
"$bin" --env pendulum --algo a2c --size 1280x800 --speed 0 --ui-map "$map" > "$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
waitfor 60 steps_above 3000 >/dev/null
wid=$(xdotool search --sync --name '^RL Lens$' | head -1)
xdotool mousemove --window "$wid" 5 790; sleep 0.2
xdotool key --window "$wid" space
waitfor 20 running_is False >/dev/null
sleep 0.5
s0=$(mapget env_steps)
xdotool key --window "$wid" F12
waitfor 20 shots_are 1 >/dev/null
read -r lx ly lw lh < <(waitfor 20 mapget items adv_lambda)
read -r px py pw ph < <(waitfor 20 mapget items advantage_plot)
# Drag the slider's grab from λ = 0.9 to its left end (λ = 0), then screenshot at once.
xdotool mousemove --window "$wid" $((lx + lw * 9 / 10)) $((ly + lh / 2)); sleep 0.2
xdotool mousedown 1; sleep 0.1
xdotool mousemove --window "$wid" $((lx + lw / 2)) $((ly + lh / 2)); sleep 0.1
xdotool mousemove --window "$wid" $((lx - 40)) $((ly + lh / 2)); sleep 0.1
xdotool mouseup 1
xdotool mousemove --window "$wid" 5 790
xdotool key --window "$wid" F12
waitfor 20 shots_are 2 >/dev/null
s1=$(mapget env_steps)
[ "$s0" = "$s1" ] || { echo "lenses: training ran while paused ($s0 → $s1 env steps)" >&2; exit 1; }
kill -TERM $pid; wait $pid 2>/dev/null || true
PYTHONPATH="$here" python3 - "$out/pictures/RL Lens" "$px" "$py" "$pw" "$ph" <<'PY'
import os, sys
from png_check import read_png
folder, x, y, w, h = sys.argv[1], *map(int, sys.argv[2:])
files = sorted(os.listdir(folder), key=lambda f: os.path.getmtime(os.path.join(folder, f)))
def count(path):
    _, _, px = read_png(os.path.join(folder, path))
    red = green = 0
    for i in range(x, x + w):
        for j in range(y + 30, y + h):
            c = px(i, j)
            if all(abs(a - b) < 30 for a, b in zip(c, (239, 83, 80))): red += 1
            if all(abs(a - b) < 30 for a, b in zip(c, (102, 187, 106))): green += 1
    return red, green
(r0, g0), (r1, g1) = count(files[0]), count(files[1])
assert g0 > 50 and g1 > 50, f"the GAE curve is not drawn: {g0}, {g1} green pixels"
assert r0 > 30, f"the δ curve is not visible at λ = 0.9: {r0} red pixels"
assert r1 < 0.5 * r0, f"dragging λ to 0 did not move GAE onto δ: red pixels {r0} → {r1}"
print(f"lenses: OK — λ 0.9 → 0 in one frame: δ's visible pixels {r0} → {r1} (GAE(0) = δ now covers it)")
PY

# ---- 2. DDPG's pathwise view ----
map="$out/map-ddpg.json"; log="$out/app-ddpg.log"
"$bin" --env pendulum --algo ddpg --size 1280x800 --speed 0 --frames 240 --screenshot "$out/ddpg.png" \
  --ui-map "$map" > "$log" 2>&1 || { echo "lenses: DDPG run failed" >&2; cat "$log" >&2; exit 1; }
PYTHONPATH="$here" python3 - "$out/ddpg.png" "$map" <<'PY'
import json, sys
from png_check import read_png
w, h, px = read_png(sys.argv[1])
m = json.load(open(sys.argv[2]))
assert m["lens"] == "actor-critic", m["lens"]
x, y, pw, ph = (int(v) for v in m["items"]["pathwise_plot"])
blue = yellow = 0
for i in range(x, min(w, x + pw)):
    for j in range(y, min(h, y + ph)):
        c = px(i, j)
        if all(abs(a - b) < 30 for a, b in zip(c, (79, 195, 247))): blue += 1
        if all(abs(a - b) < 30 for a, b in zip(c, (255, 200, 60))): yellow += 1
assert blue > 100, f"Q(s, a) curve not drawn: {blue} blue pixels"
assert yellow > 20, f"μ(s) and ∂Q/∂a not drawn: {yellow} yellow pixels"
print(f"lenses: OK — DDPG's pathwise view: Q₁(s, a) curve ({blue} px), μ(s) with its arrow ({yellow} px)")
PY

# ---- 3. A3C's worker lanes ----
map="$out/map-a3c.json"; log="$out/app-a3c.log"
"$bin" --env pendulum --algo a3c --size 1280x800 --speed 0 --frames 200 --screenshot "$out/a3c.png" \
  --ui-map "$map" > "$log" 2>&1 || { echo "lenses: A3C run failed" >&2; cat "$log" >&2; exit 1; }
python3 - "$map" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
assert m["algo"] == "a3c", m.get("algo")
assert "workers_lanes" in m["items"], "no worker lanes in the A3C lens"
x, y, w, h = m["items"]["workers_lanes"]
assert h > 80, f"worker lanes too small: {h} px"
print("lenses: OK — A3C's worker lanes drawn")
PY

# ---- 4. The GAN lens: density view and Dirac-GAN portrait ----
map="$out/map-gan.json"; log="$out/app-gan.log"
"$bin" --env gan1d --algo gan --size 1400x2000 --speed 0 --frames 300 --screenshot "$out/gan.png" \
  --ui-map "$map" > "$log" 2>&1 || { echo "lenses: GAN run failed" >&2; cat "$log" >&2; exit 1; }
PYTHONPATH="$here" python3 - "$out/gan.png" "$map" <<'PY'
import json, sys
from png_check import read_png
w, h, px = read_png(sys.argv[1])
m = json.load(open(sys.argv[2]))
assert m["lens"] == "gan", m["lens"]
def count(rect, test):
    x, y, rw, rh = (int(v) for v in rect)
    return sum(1 for i in range(x, min(w, x + rw)) for j in range(y, min(h, y + rh)) if test(px(i, j)))
near = lambda ref: (lambda c: all(abs(a - b) < 30 for a, b in zip(c, ref)))
blue = count(m["items"]["gan_density"], lambda c: c[2] > c[0] + 30 and c[2] > 60)  # the target's line and fill
orange = count(m["items"]["gan_density"], near((255, 167, 38)))
assert blue > 80 and orange > 80, f"density view: target {blue} px, generated {orange} px"
colours = set()
x, y, rw, rh = (int(v) for v in m["items"]["dirac_portrait"])
for i in range(x, min(w, x + rw), 3):
    for j in range(y, min(h, y + rh), 3):
        colours.add(tuple(v // 16 for v in px(i, j)[:3]))
traj = count(m["items"]["dirac_portrait"], lambda c: c[0] > 200 and 110 < c[1] < 210 and c[2] < 110)
assert len(colours) > 8 and traj > 60, f"Dirac portrait: {len(colours)} colours, {traj} trajectory pixels"
print(f"lenses: OK — GAN density view (target {blue} px, generated {orange} px), Dirac portrait ({traj} px of "
      f"trajectory, {len(colours)} colours)")
PY
trap - EXIT
echo "lenses: all OK"
