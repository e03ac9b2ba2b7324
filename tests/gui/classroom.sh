#!/usr/bin/env bash
# GUI end-to-end test of classroom mode, in the real app under the (virtual) display:
#   1. Started with --classroom at 1×: the caption line is shown; the Classroom popup's "Step and Reset" box hides
#      both buttons at once (a click, as a teacher would); the choice is saved at exit.
#   2. Restarted without flags: still in classroom mode (the settings file), Step and Reset still absent.
#      F9 leaves classroom mode: they come back, the caption goes.
#   3. At --ui-scale 2 the Play button is about twice as tall as at 1×: the fonts were re-rasterised at 32 px, the
#      style's sizes scaled with them. F9 then rebuilds the atlas at 1× mid-run: back to the 1× height.
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
echo "classroom: OK — Step/Reset hidden from the popup stay hidden after a restart, F9 restores them; Play ${h1} px at 1×, ${h2} px at 2×"
