#!/usr/bin/env bash
# GUI end-to-end test of the File menu, driven with the mouse: save the trained agent through the file dialog, reset
# (the agent forgets), load it back (the greedy policy comes back: the ui map's V(start) read-out), refuse a damaged
# agent file (one status line, the run untouched), save the session as a file, and reopen it from Recent sessions.
# Usage: files.sh <rllens binary> <output dir>.  Needs DISPLAY and xdotool.
set -euo pipefail
bin=$1
out=$2
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$out"
mkdir -p "$out/config" "$out/home"
export XDG_CONFIG_HOME="$out/config" HOME="$out/home"
[ -n "${DISPLAY:-}" ] || { echo "files: DISPLAY is not set; run under xvfb-run" >&2; exit 1; }
command -v xdotool >/dev/null || { echo "files: xdotool is not installed" >&2; exit 1; }
map="$out/map.json"
log="$out/app.log"
pid=0
. "$here/lib.sh"  # mapget, waitfor, steps_above
docs="$HOME/Documents/RL Lens"

"$bin" --env gridworld --algo q-learning --size 1280x800 --speed 0 --ui-map "$map" > "$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
waitfor 60 steps_above 3000 >/dev/null
wid=$(xdotool search --sync --name '^RL Lens$' | head -1)
click() {  # click the centre of a named control
  local r; r=$(waitfor 10 mapget items "$1"); set -- $r
  xdotool mousemove --window "$wid" $(( $1 + $3 / 2 )) $(( $2 + $4 / 2 )) click 1
  sleep 0.4
}
status_has() { mapget status | grep -q "$1" && echo 1 || echo ""; }
click play  # pause: the agent saved is the agent reloaded
click file_menu
click menu_save_agent
click file_ok  # the suggested name: gridworld-q-learning.agent
waitfor 10 status_has "saved the agent" >/dev/null
[ -s "$docs/gridworld-q-learning.agent" ] || { echo "files: no agent file in $docs" >&2; ls -la "$docs" >&2; exit 1; }
# Reset forgets; loading brings the trained agent back: saving it again gives the same bytes.
click reset
click file_menu
click menu_load_agent
click "file_item_gridworld-q-learning.agent"
# One click only selects: the dialog stays open and nothing is loaded until Open confirms.
sleep 0.5
[ -n "$(mapget items file_ok)" ] || { echo "files: one click on a file closed the dialog" >&2; exit 1; }
if status_has "loaded the agent" | grep -q 1; then echo "files: one click loaded the file" >&2; exit 1; fi
click file_ok
waitfor 10 status_has "loaded the agent" >/dev/null
cp "$docs/gridworld-q-learning.agent" "$out/first.agent"
click file_menu
click menu_save_agent
click file_ok
waitfor 10 status_has "saved the agent" >/dev/null
cmp -s "$out/first.agent" "$docs/gridworld-q-learning.agent" ||
  { echo "files: the agent loaded after a reset is not the agent saved" >&2; exit 1; }
# A damaged file is refused with one line and leaves the agent as it was.
python3 - "$docs/gridworld-q-learning.agent" "$docs/damaged.agent" <<'PY'
import sys
b = bytearray(open(sys.argv[1], "rb").read()); b[len(b) // 2] ^= 0xFF
open(sys.argv[2], "wb").write(b)
PY
click file_menu
click menu_load_agent
click "file_item_damaged.agent"
click file_ok
waitfor 10 status_has "damaged" >/dev/null
[ "$(mapget error)" = "" ] || { echo "files: the refused file stopped the run: $(mapget error)" >&2; exit 1; }
# Save the session under a new name, then open it again from Recent sessions.
click file_menu
click menu_save_session_as
click file_ok
waitfor 10 status_has "saved the session" >/dev/null
saved=$(ls "$docs"/*.rllens | head -1)
[ -n "$saved" ] || { echo "files: no session file saved" >&2; exit 1; }
click file_menu
xdotool mousemove --window "$wid" $(( $(mapget items menu_recent | cut -d' ' -f1) + 20 )) $(( $(mapget items menu_recent | cut -d' ' -f2) + 8 ))
sleep 0.5
click menu_recent_0
waitfor 20 status_has "opened" >/dev/null
# The loaded agent travelled in the session's checkpoint: the reopened run's agent is the one loaded, bit for bit.
python3 - "$saved" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
assert "checkpoint" in j and j.get("agent_loaded_at", -1) >= 0, "the session does not carry the loaded agent"
PY
click file_menu
click menu_save_agent
click file_ok
waitfor 10 status_has "saved the agent" >/dev/null
cmp -s "$out/first.agent" "$docs/gridworld-q-learning.agent" ||
  { echo "files: the reopened session's agent is not the agent loaded before it was saved" >&2; exit 1; }
# A damaged session file (its checkpoint's checksum) is refused in one line; the open run is left as it was.
python3 - "$saved" "$docs/damaged.rllens" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
s = j["checkpoint"]["fnv1a64"]; j["checkpoint"]["fnv1a64"] = s[:-1] + ("1" if s[-1] == "0" else "0")
json.dump(j, open(sys.argv[2], "w"))
PY
before=$(mapget lifetime_steps)
click file_menu
click menu_open_session
click "file_item_damaged.rllens"
click file_ok
waitfor 10 status_has "checksum mismatch" >/dev/null
[ "$(mapget lifetime_steps)" = "$before" ] && [ "$(mapget algo)" = "q-learning" ] ||
  { echo "files: the refused session file changed the open run" >&2; exit 1; }
kill -TERM $pid; wait $pid || { echo "files: the app did not exit cleanly" >&2; cat "$log" >&2; exit 1; }
trap - EXIT
python3 - "$XDG_CONFIG_HOME/rllens/settings.json" "$saved" <<'PY'
import json, sys
r = json.load(open(sys.argv[1])).get("recent_files", [])
assert r and r[0].endswith(sys.argv[2].rsplit("/", 1)[1]), f"recent files not kept: {r}"
PY
echo "files: OK — agent saved, reset, loaded back bit for bit; a damaged file refused; session saved and reopened from" \
  "Recent with the loaded agent in it; a damaged session file refused, the open run untouched"
