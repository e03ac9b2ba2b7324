#!/usr/bin/env bash
# GUI end-to-end test of classroom mode, in the real app under the (virtual) display:
#   1. Started with --classroom at 1×: the caption line is shown; the Classroom popup's "Step and Reset" box hides
#      both buttons at once (a click, as a teacher would); the choice is saved at exit.
#   2. Restarted without flags: still in classroom mode (the settings file), Step and Reset still absent.
#      F9 leaves classroom mode: they come back, the caption goes.
#   3. At --ui-scale 2 the Play button is about twice as tall as at 1×: the fonts were re-rasterised at 32 px, the
#      style's sizes scaled with them. F9 then rebuilds the atlas at 1× mid-run: back to the 1× height.
#   4. At 2× on 1920×1080 the world keeps >= 55 % of the height for every env, and the lens shows the panel the
#      teacher picked, at the top of the lens column, with the other panels not drawn.
# Usage: classroom.sh <rllens binary> <output dir>.  Needs DISPLAY and xdotool.
set -euo pipefail
bin=$1
out=$2
rm -rf "$out"
mkdir -p "$out/config"
export XDG_CONFIG_HOME="$out/config"
[ -n "${DISPLAY:-}" ] || { echo "classroom: DISPLAY is not set; run under xvfb-run" >&2; exit 1; }
command -v xdotool >/dev/null || { echo "classroom: xdotool is not installed" >&2; exit 1; }
map=""; log=""; pid=0
. "$(dirname "$0")/lib.sh"  # mapget, waitfor
has() { [ -n "$(mapget items "$1")" ] && echo 1 || echo ""; }
lacks() {  # every named control absent from a map that has the Play button (so the map is a real frame's)
  python3 - "$map" "$@" <<'PY'
import json, sys
try:
    items = json.load(open(sys.argv[1]))["items"]
    print(1 if "play" in items and not any(k in items for k in sys.argv[2:]) else "")
except Exception:
    print("")
PY
}
click() {  # the centre of a control in the ui map
  read -r x y w h <<< "$(mapget items "$1")"
  xdotool mousemove --window "$wid" $((x + w / 2)) $((y + h / 2)); sleep 0.2
  xdotool click --window "$wid" 1; sleep 0.3
}
start() {  # start <name> <flags...>
  map="$out/map-$1.json"; log="$out/app-$1.log"; shift
  "$bin" --env gridworld --algo q-learning --size 1280x800 --paused --ui-map "$map" "$@" > "$log" 2>&1 &
  pid=$!
  trap 'kill $pid 2>/dev/null || true' EXIT
  waitfor 30 has play >/dev/null
  wid=$(xdotool search --sync --name '^RL Lens$' | head -1)
}
stop() {
  kill -TERM $pid; wait $pid || { echo "classroom: the app did not exit cleanly" >&2; cat "$log" >&2; exit 1; }
  trap - EXIT
}

# ---- 1. Hide Step and Reset from the Classroom popup ----
start one --classroom --ui-scale 1 --theme projector
waitfor 10 has caption >/dev/null
h1=$(mapget items play | cut -d' ' -f4)
click classroom
waitfor 10 has classroom_hide_step_reset >/dev/null
click classroom_hide_step_reset
xdotool key --window "$wid" Escape
waitfor 10 lacks step reset >/dev/null
stop
python3 - "$out/config/rllens/settings.json" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))["classroom"]
assert c["enabled"] is True and c["theme"] == "projector" and c["scale"] == 1, c
assert "step_reset" in c["hidden"], c
PY

# ---- 2. After a restart: still hidden; F9 brings them back ----
start two
waitfor 10 has caption >/dev/null
waitfor 10 lacks step reset >/dev/null
xdotool mousemove --window "$wid" 640 790; sleep 0.2
xdotool key --window "$wid" F9
waitfor 10 has step >/dev/null
waitfor 10 lacks caption >/dev/null
stop

# ---- 3. 2×: the fonts and the frames around them twice as tall ----
start three --ui-scale 2
waitfor 10 has caption >/dev/null
h2=$(mapget items play | cut -d' ' -f4)
# F9 mid-run: the atlas is rebuilt at 1× between two frames, the Play button shrinks back.
play_height_is() { [ "$(mapget items play | cut -d' ' -f4)" = "$1" ] && echo 1 || echo ""; }
xdotool mousemove --window "$wid" 640 790; sleep 0.2
xdotool key --window "$wid" F9
waitfor 10 play_height_is "$h1" >/dev/null
stop
python3 -c "
h1, h2 = $h1, $h2
assert 1.8 <= h2 / h1 <= 2.2, f'Play is {h1} px tall at 1x and {h2} px at 2x'"
# ---- 4. The world first: at 2× on 1920×1080 every env's view keeps at least 55 % of the window's height, the lens
# opens on the panel the teacher picked (the saved lens_section) and it is drawn whole, inside the window ----
for run in "gridworld q-learning" "invaders dqn" "pendulum ppo" "gan1d gan"; do
  set -- $run
  XDG_CONFIG_HOME="$out/world" "$bin" --env "$1" --algo "$2" --classroom --ui-scale 2 --size 1920x1080 --frames 40 \
    --ui-map "$out/world-$1.json" --screenshot "$out/world-$1.png" > "$out/world-$1.log" 2>&1 ||
    { echo "classroom: $1 did not run:" >&2; cat "$out/world-$1.log" >&2; exit 1; }
  python3 - "$out/world-$1.json" "$1" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
x, y, w, h = m["items"]["viewport"]
W, H = m["window"]
assert h >= 0.55 * H, f"{sys.argv[2]}: the world is {h:.0f} px of {H} ({h / H:.0%}); classroom mode needs >= 55 %"
assert x >= 0 and y >= 0 and x + w <= W and y + h <= H, f"{sys.argv[2]}: the view runs off the window: {m['items']['viewport']}"
PY
done
mkdir -p "$out/focus/rllens"
echo '{"classroom": {"enabled": true, "scale": 2, "lens_section": "Q(s,·) at the agent'"'"'s state"}}' > "$out/focus/rllens/settings.json"
XDG_CONFIG_HOME="$out/focus" "$bin" --env gridworld --algo q-learning --size 1920x1080 --frames 40 \
  --ui-map "$out/focus.json" > "$out/focus.log" 2>&1
python3 - "$out/focus.json" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
items, (W, H) = m["items"], m["window"]
assert "lens_focus" in items, "the picked lens panel is not on screen"
fx, fy, fw, fh = items["lens_focus"]
vx, vy, vw, vh = items["viewport"]
assert fx > vx + vw and fy < H * 0.45, f"the picked panel's title is not at the top of the lens column: {items['lens_focus']}"
# Solo: the sections the teacher did not pick are not drawn (their controls are not in the map).
assert "overlay_solver" not in items, "a panel the teacher did not pick is drawn: " + str(sorted(items))
PY
echo "classroom: OK — Step/Reset hidden from the popup stay hidden after a restart, F9 restores them; Play ${h1} px at 1×, ${h2} px at 2×"
