#!/usr/bin/env bash
# GUI end-to-end test: the real app in a real window on the (virtual) display, driven with xdotool.
#   1. opens on the default lesson and plays ≥ 120 frames
#   2. clicks a gridworld cell, then the cell editor's "+1" button (real controls, real pointer events)
#   3. writes a screenshot; the test decodes the PNG and checks the grid's pixels
#   4. the app exits 0, and its state shows the cell's new reward and the logged edit
# Usage: e2e.sh <rllens binary> <output dir>.  Needs DISPLAY (the README's test command runs ctest under xvfb-run).
set -euo pipefail
bin=$1
out=$2
rm -rf "$out"
mkdir -p "$out/config"
export XDG_CONFIG_HOME="$out/config"
if [ -z "${DISPLAY:-}" ]; then
  echo "e2e: DISPLAY is not set; run the tests under xvfb-run (./test.sh does)" >&2
  exit 1
fi
command -v xdotool >/dev/null || { echo "e2e: xdotool is not installed (apt-get install xdotool)" >&2; exit 1; }

"$bin" --size 1280x800 --frames 900 --speed 30 --screenshot "$out/shot.png" --ui-map "$out/map.json" \
  --state-out "$out/state.json" > "$out/app.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT

# Reads a JSON field path from the ui map, e.g. `mapget frame` or `mapget items viewport`.
map="$out/map.json"  # the ui map mapget reads; later sections point it at their own run's map
mapget() { python3 - "$map" "$@" <<'PY'
import json, sys
try:
    d = json.load(open(sys.argv[1]))
    for k in sys.argv[2:]:
        d = d[k]
    print(" ".join(str(int(v)) for v in d) if isinstance(d, list) else d)
except Exception:
    print("")
PY
}
waitfor() {  # waitfor <seconds> <command...>: polls until the command prints something non-empty and not 0
  local deadline=$((SECONDS + $1)); shift
  until v=$("$@") && [ -n "$v" ] && [ "$v" != "0" ]; do
    [ $SECONDS -lt $deadline ] || { echo "e2e: timed out waiting for: $*" >&2; cat "$out/app.log" >&2; exit 1; }
    kill -0 $pid 2>/dev/null || { echo "e2e: the app exited early" >&2; cat "$out/app.log" >&2; exit 1; }
    sleep 0.1
  done
  echo "$v"
}
frame_at_least() { f=$(mapget frame); [ -n "$f" ] && [ "$f" -ge "$1" ] && echo 1 || echo ""; }

waitfor 60 frame_at_least 120 >/dev/null
wid=$(xdotool search --sync --name '^RL Lens$' | head -1)
read -r vx vy vw vh < <(mapget items viewport)
# Cell (x=3, y=6) is state s = 36, reward 0 in the default layout.
cx=$((vx + vw * 35 / 100)); cy=$((vy + vh * 65 / 100))
xdotool mousemove --window "$wid" "$cx" "$cy"; sleep 0.3; xdotool click 1; sleep 0.3
read -r bx by bw bh < <(waitfor 30 mapget items cell_reward_plus1)
xdotool mousemove --window "$wid" $((bx + bw / 2)) $((by + bh / 2)); sleep 0.3; xdotool click 1; sleep 0.3

# Keyboard: Space pauses; Right steps once each; Human mode's arrow keys move the agent (a learning step too).
steps_now() { mapget env_steps; }
running_is() { [ "$(mapget running)" = "$1" ] && echo 1 || echo ""; }
xdotool key --window "$wid" space
waitfor 20 running_is False >/dev/null
n0=$(steps_now)
for _ in 1 2 3; do xdotool key --window "$wid" Right; sleep 0.15; done
steps_are() { [ "$(steps_now)" = "$1" ] && echo 1 || echo ""; }
waitfor 20 steps_are $((n0 + 3)) >/dev/null
read -r hx hy hw hh < <(mapget items human)
xdotool mousemove --window "$wid" $((hx + hh / 2)) $((hy + hh / 2)); sleep 0.3; xdotool click 1; sleep 0.3
human_on() { [ "$(mapget human)" = "True" ] && echo 1 || echo ""; }
waitfor 20 human_on >/dev/null
xdotool key --window "$wid" Down
waitfor 20 steps_are $((n0 + 4)) >/dev/null
# Move the pointer off the grid so no tooltip covers the screenshot.
xdotool mousemove --window "$wid" 5 790

set +e
wait $pid
code=$?
set -e
trap - EXIT
[ $code -eq 0 ] || { echo "e2e: the app exited with $code" >&2; cat "$out/app.log" >&2; exit 1; }

PYTHONPATH="$(dirname "$0")" python3 - "$out" "$vx" "$vy" "$vw" "$vh" <<'PY'
import json, sys
from png_check import read_png
out, vx, vy, vw, vh = sys.argv[1], *map(int, sys.argv[2:])
state = json.load(open(f"{out}/state.json"))
assert state["frames"] >= 120, state["frames"]
assert state["reward"][36] == 1.0, f"cell 36 reward is {state['reward'][36]}, expected 1"
assert any(c.endswith("edit reward 36 1") for c in state["commands"]), state["commands"]
assert state["env_steps"] > 0, "the agent never moved"
assert state["running"] is False, "Space should have paused training"
cmds = [c.split(" ", 1)[1] for c in state["commands"]]
assert "pause" in cmds and cmds.count("step") >= 3 and "act 2" in cmds, cmds
import os
settings = json.load(open(f"{out}/config/rllens/settings.json"))
assert settings["window_width"] == 1280 and settings["window_height"] == 800, settings

w, h, px = read_png(f"{out}/shot.png")
assert (w, h) == (1280, 800), (w, h)
cell = vw / 10
def at(cx, cy, fx, fy):  # pixel at fraction (fx, fy) inside cell (cx, cy)
    return px(int(vx + (cx + fx) * cell), int(vy + (cy + fy) * cell))
# Walls (slate grey, blue-ish): the y = 2 row at x = 1..4 and 6..8, and the x = 4 column.
for x, y in [(1, 2), (3, 2), (7, 2), (4, 5)]:
    r, g, b = at(x, y, 0.5, 0.3)
    assert 55 <= r <= 120 and 60 <= g <= 125 and b >= r + 5, f"wall ({x},{y}) pixel {r, g, b}"
# A −1 cell (3, 3) has a red ring; the edited cell (3, 6) now has a green (+) ring; the goal (5, 5) a gold one.
r, g, b = at(3, 3, 0.5, 0.055)
assert r > 180 and g < 140, f"-1 ring pixel {r, g, b}"
r, g, b = at(3, 6, 0.5, 0.055)
assert g > 180 and r < 150, f"+1 ring pixel on the edited cell {r, g, b}"
r, g, b = at(5, 5, 0.5, 0.065)
assert r > 200 and g > 160 and b < 120, f"goal ring pixel {r, g, b}"
# Grid lines are dark between cells.
r, g, b = px(int(vx + 5 * cell), int(vy + 8.5 * cell))
assert max(r, g, b) < 60, f"grid line pixel {r, g, b}"
print("e2e: OK — cell 36 reward 1; Space/Right/Human keys applied; screenshot shows walls, rings and grid lines")
PY

# An unwritable screenshot path: a one-line error naming the path before any window opens, exit status 2.
set +e
msg=$("$bin" --size 640x480 --frames 5 --screenshot /nonexistent-dir/shot.png 2>&1)
code=$?
set -e
[ $code -eq 2 ] || { echo "e2e: unwritable screenshot path exited $code, expected 2: $msg" >&2; exit 1; }
echo "$msg" | grep -q "/nonexistent-dir/shot.png" || { echo "e2e: error does not name the path: $msg" >&2; exit 1; }
echo "e2e: OK — unwritable screenshot path reported: $msg"

# Viewport screenshots have a fixed size whatever the window size; every env renders.
for env in invaders pendulum gan1d; do
  "$bin" --env "$env" --algo random --size 1000x700 --frames 40 --viewport-screenshot "$out/view-$env.png" > "$out/app-$env.log" 2>&1 \
    || { echo "e2e: $env viewport screenshot failed" >&2; cat "$out/app-$env.log" >&2; exit 1; }
  PYTHONPATH="$(dirname "$0")" python3 - "$out/view-$env.png" "$env" <<'PY'
import sys
from png_check import read_png
w, h, px = read_png(sys.argv[1])
expected = (800, 500) if sys.argv[2] == "gan1d" else (800, 800)
assert (w, h) == expected, f"{sys.argv[2]}: viewport screenshot is {w}x{h}, expected {expected}"
# Not blank: a grid of samples shows many distinct colours (a cleared framebuffer shows one).
colours = {px(x, y) for x in range(0, w, 7) for y in range(0, h, 7)}
assert len(colours) >= 8, f"{sys.argv[2]}: only {len(colours)} distinct colours in the viewport"
if sys.argv[2] == "gan1d":  # the overlay's text is in the PNG too: the axis numbers under the axis
    grey = sum(1 for x in range(w // 8, w) for y in range(int(h * 0.735), int(h * 0.79))
               if all(130 <= c <= 220 for c in px(x, y)) and max(px(x, y)) - min(px(x, y)) < 30)
    assert grey > 40, f"gan1d: no axis text in the viewport screenshot ({grey} text pixels)"
PY
done
echo "e2e: OK — invaders, pendulum and gan1d viewports render at a fixed 800-px width"

# The Q lens on DQN + pendulum: the worker's value map and greedy-action map are drawn. After ~20k steps V has
# structure (many colours of the sequential map) and the greedy map uses more than one action colour.
"$bin" --env pendulum-discrete --algo dqn --size 1600x1000 --speed 0 --frames 400 --screenshot "$out/dqn-pendulum.png" \
  --ui-map "$out/map-dqn.json" > "$out/app-dqn.log" 2>&1 || { echo "e2e: DQN pendulum run failed" >&2; cat "$out/app-dqn.log" >&2; exit 1; }
PYTHONPATH="$(dirname "$0")" python3 - "$out/dqn-pendulum.png" "$out/map-dqn.json" <<'PY'
import json, sys
from png_check import read_png
w, h, px = read_png(sys.argv[1])
items = json.load(open(sys.argv[2]))["items"]
for name, least in (("value_map", 12), ("greedy_map", 2)):
    assert name in items, f"{name} not drawn (ui map has {sorted(items)})"
    x, y, mw, mh = (int(v) for v in items[name])
    assert mw > 60 and mh > 60 and x + mw <= w and y + mh <= h, f"{name} rect {items[name]}"
    # Sample inside, away from the axes through the centre and the current-state dot's neighbourhood.
    colours = {px(x + i * mw // 23, y + j * mh // 23) for i in range(1, 23) for j in range(1, 23)}
    assert len(colours) >= least, f"{name}: {len(colours)} distinct colours, expected >= {least}"
print("e2e: OK — DQN's V(θ, ω) and greedy-action heatmaps render with structure")
PY

# The policy-gradient lens, PPO on the pendulum: the ratio histogram is drawn; switching the objective from clip to
# none from the parameter panel while training runs widens it. F12 saves a picture before the switch and one after;
# on both, the share of the histogram's bar pixels outside the band [1−ε, 1+ε] is measured.
export XDG_PICTURES_DIR="$out/pictures"
map="$out/map-ppo.json"
"$bin" --env pendulum --algo ppo --set anneal_lr=false --size 1280x800 --speed 0 --ui-map "$map" \
  > "$out/app-ppo.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
psteps_above() { local v; v=$(mapget env_steps); [ -n "$v" ] && [ "$v" -gt "$1" ] && echo 1 || echo ""; }
shots() { ls "$out/pictures/RL Lens" 2>/dev/null | wc -l; }
shots_are() { [ "$(shots)" -ge "$1" ] && echo 1 || echo ""; }
waitfor 120 psteps_above 60000 >/dev/null
read -r hx hy hw hh < <(waitfor 20 mapget items ratio_histogram)
wid=$(xdotool search --sync --name '^RL Lens$' | head -1)
xdotool mousemove --window "$wid" 5 790; sleep 0.3
xdotool key --window "$wid" F12
waitfor 20 shots_are 1 >/dev/null
read -r ox oy ow oh < <(waitfor 20 mapget items param_objective)
xdotool mousemove --window "$wid" $((ox + ow / 2)) $((oy + oh / 2)); sleep 0.2; xdotool click 1; sleep 0.3
read -r nx ny nw nh < <(waitfor 20 mapget items param_objective_none)
xdotool mousemove --window "$wid" $((nx + nw / 2)) $((ny + nh / 2)); sleep 0.2; xdotool click 1; sleep 0.3
xdotool mousemove --window "$wid" 5 790
s0=$(mapget env_steps)
waitfor 120 psteps_above $((s0 + 40000)) >/dev/null
read -r hx hy hw hh < <(waitfor 20 mapget items ratio_histogram)
xdotool key --window "$wid" F12
waitfor 20 shots_are 2 >/dev/null
kill -TERM $pid; wait $pid 2>/dev/null || true
trap - EXIT
PYTHONPATH="$(dirname "$0")" python3 - "$out/pictures/RL Lens" "$hx" "$hy" "$hw" "$hh" <<'PY'
import os, sys
from png_check import read_png
folder, x, y, w, h = sys.argv[1], *map(int, sys.argv[2:])
files = sorted(os.listdir(folder), key=lambda f: os.path.getmtime(os.path.join(folder, f)))
def outside_share(path):
    _, _, px = read_png(path)
    b0, b1 = x + w * 3 // 8, x + w * 5 // 8  # the band on the lens's fixed axis [1 − 4ε, 1 + 4ε]
    inside = outside = 0
    for i in range(x, x + w):
        for j in range(y, y + h - 16):
            r, g, b = px(i, j)
            if (g > 150 and r < 130 and b < 130) or (r > 200 and g < 110 and b < 110):  # a bar: Â > 0 or Â < 0
                if b0 + 2 <= i <= b1 - 2: inside += 1
                elif i < b0 - 2 or i > b1 + 2: outside += 1
    assert inside + outside > 200, f"{path}: no histogram bars ({inside + outside} bar pixels)"
    return outside / (inside + outside)
clip, none = (outside_share(os.path.join(folder, f)) for f in files[:2])
assert none > 0.4 and none > 2 * clip, f"share of ratio mass outside the band: clip {clip:.2f}, none {none:.2f}"
print(f"e2e: OK — PPO's ratio histogram: {clip:.0%} of the bars outside the clip band with clip, {none:.0%} after "
      "switching to none")
PY

# The policy lens on the gridworld: π(·|s) bars and the ratio histogram draw for PPO.
"$bin" --env gridworld --algo ppo --size 1280x800 --speed 0 --frames 300 --screenshot "$out/ppo-grid.png" \
  --ui-map "$out/map-ppo-grid.json" > "$out/app-ppo-grid.log" 2>&1 || { echo "e2e: PPO gridworld run failed" >&2; cat "$out/app-ppo-grid.log" >&2; exit 1; }
PYTHONPATH="$(dirname "$0")" python3 - "$out/ppo-grid.png" "$out/map-ppo-grid.json" <<'PY'
import json, sys
from png_check import read_png
w, h, px = read_png(sys.argv[1])
m = json.load(open(sys.argv[2]))
assert m["lens"] == "policy", m["lens"]
x, y, rw, rh = (int(v) for v in m["items"]["ratio_histogram"])
bars = sum(1 for i in range(x, x + rw, 2) for j in range(y, y + rh - 16, 2)
           if (lambda c: (c[1] > 150 and c[0] < 130 and c[2] < 130) or (c[0] > 200 and c[1] < 110 and c[2] < 110))(px(i, j)))
assert bars > 30, f"gridworld: only {bars} bar pixels in the ratio histogram"
print("e2e: OK — the policy lens draws on the gridworld (ratio histogram with bars)")
PY

# Human play on the pendulum runs in real time: holding → for ~1.5 s applies torque +2 at 20 steps a second (about
# 30 steps, not one per key repeat); SIGTERM then ends the app as closing the window does (state written, exit 0).
"$bin" --env pendulum --algo random --size 1280x800 --paused --ui-map "$out/map-human.json" \
  --state-out "$out/state-human.json" > "$out/app-human.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
map="$out/map-human.json"
read -r hx hy hw hh < <(waitfor 60 mapget items human)
wid=$(xdotool search --sync --name '^RL Lens$' | head -1)
xdotool mousemove --window "$wid" $((hx + hh / 2)) $((hy + hh / 2)); sleep 0.3; xdotool click 1; sleep 0.5
xdotool mousemove --window "$wid" 5 790; sleep 0.2
xdotool keydown --window "$wid" Right; sleep 1.5; xdotool keyup --window "$wid" Right; sleep 0.5
kill -TERM $pid
set +e; wait $pid; code=$?; set -e
trap - EXIT
[ $code -eq 0 ] || { echo "e2e: SIGTERM exit status $code, expected 0 (shut down as on window close)" >&2; cat "$out/app-human.log" >&2; exit 1; }
python3 - "$out/state-human.json" <<'PY'
import json, sys
state = json.load(open(sys.argv[1]))
pushes = [c for c in state["commands"] if c.split(" ", 1)[1] == "actu 2"]
assert 15 <= len(pushes) <= 45, f"{len(pushes)} torque steps while → was held ~1.5 s (expected ~30 at 20/s)"
assert state["env_steps"] >= 15, state["env_steps"]
print(f"e2e: OK — holding → on the pendulum applied +2 for {len(pushes)} real-time steps; SIGTERM wrote the state")
PY

# Divergence without NaN: DQN with lr 0.1, MSE, no target network and no clipping drives |Q| far past the largest
# possible return |r|max/(1 − γ); the status line says so (a warning: training goes on).
"$bin" --env pendulum-discrete --algo dqn --set lr=0.1 --set loss=mse --set target=off --set max_grad_norm=0 \
  --size 1280x800 --speed 0 --frames 300 --ui-map "$out/map-warn.json" > "$out/app-warn.log" 2>&1 \
  || { echo "e2e: the diverging DQN run failed" >&2; cat "$out/app-warn.log" >&2; exit 1; }
python3 - "$out/map-warn.json" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
assert "beyond the largest possible return" in m["status"], f"status line: {m['status']!r}"
assert m["running"], "a warning must not pause training"
print("e2e: OK — the status line warns: " + m["status"][:90] + "…")
PY

# The actor-critic lens: the one-step actor-critic on the gridworld draws the advantage curves (several coloured
# series in the plot's rectangle, from the ui map).
"$bin" --env gridworld --algo actor-critic --size 1280x800 --speed 0 --frames 240 --screenshot "$out/ac.png" \
  --ui-map "$out/map-ac.json" > "$out/app-ac.log" 2>&1 || { echo "e2e: actor-critic run failed" >&2; cat "$out/app-ac.log" >&2; exit 1; }
PYTHONPATH="$(dirname "$0")" python3 - "$out/ac.png" "$out/map-ac.json" <<'PY'
import json, sys
from png_check import read_png
w, h, px = read_png(sys.argv[1])
m = json.load(open(sys.argv[2]))
assert m["lens"] == "actor-critic", m["lens"]
x, y, pw, ph = (int(v) for v in m["items"]["advantage_plot"])
series = {"V": (79, 195, 247), "delta": (239, 83, 80), "G - V": (255, 241, 118)}  # GAE(0) lies under δ
found = {k: 0 for k in series}
for i in range(x, min(w, x + pw), 2):
    for j in range(y + 30, min(h, y + ph), 2):
        c = px(i, j)
        for k, ref in series.items():
            if all(abs(a - b) < 25 for a, b in zip(c, ref)): found[k] += 1
assert all(v > 5 for v in found.values()), f"advantage curves not drawn: {found}"
print(f"e2e: OK — the actor-critic lens draws the advantage curves ({found})")
PY
