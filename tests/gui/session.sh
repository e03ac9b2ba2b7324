#!/usr/bin/env bash
# GUI end-to-end test of session files: a live run in the app — PPO on the pendulum, reset from the keyboard (R)
# half-way, a parameter given on the command line — is saved at exit (--session-out) with its metrics
# (--metrics-out); `rllens train --session` replays the file headlessly and writes the same metrics (charts/SPS, a
# wall-clock rate, aside); the app opens the file again (`rllens FILE.rllens`) paused at the saved step.
# Usage: session.sh <rllens binary> <output dir>.  Needs DISPLAY and xdotool.
set -euo pipefail
bin=$1
out=$2
rm -rf "$out"
mkdir -p "$out/config"
export XDG_CONFIG_HOME="$out/config"
[ -n "${DISPLAY:-}" ] || { echo "session: DISPLAY is not set; run under xvfb-run" >&2; exit 1; }
command -v xdotool >/dev/null || { echo "session: xdotool is not installed" >&2; exit 1; }
map="$out/map.json"
log="$out/app.log"
pid=0
. "$(dirname "$0")/lib.sh"  # mapget, waitfor, steps_above

"$bin" --env pendulum --algo ppo --set lr=0.001 --size 1280x800 --speed 0 --ui-map "$map" \
  --session-out "$out/run.rllens" --metrics-out "$out/live.csv" > "$out/app.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
waitfor 60 steps_above 6000 >/dev/null
wid=$(xdotool search --sync --name '^RL Lens$' | head -1)
xdotool mousemove --window "$wid" 5 790
xdotool key --window "$wid" r
sleep 0.5
waitfor 60 steps_above 6000 >/dev/null  # env steps count again from the reset
kill -TERM $pid; wait $pid || { echo "session: the app did not exit cleanly" >&2; cat "$out/app.log" >&2; exit 1; }
trap - EXIT
grep -q ' reset ' "$out/run.rllens" || { echo "session: the reset is not in the saved command log" >&2; cat "$out/run.rllens" >&2; exit 1; }
"$bin" train --session "$out/run.rllens" --metrics "$out/replay.csv" --no-progress > "$out/train.log"
grep -v ',charts/SPS,' "$out/live.csv" > "$out/live-nosps.csv"
grep -v ',charts/SPS,' "$out/replay.csv" > "$out/replay-nosps.csv"
if ! cmp -s "$out/live-nosps.csv" "$out/replay-nosps.csv"; then
  echo "session: the replayed metrics differ from the live run's" >&2
  diff "$out/live-nosps.csv" "$out/replay-nosps.csv" | head -5 >&2
  exit 1
fi
rows=$(wc -l < "$out/live-nosps.csv")
[ "$rows" -gt 100 ] || { echo "session: only $rows metric rows" >&2; exit 1; }
# Open the file in the app: paused, at the saved step, the same run.
"$bin" "$out/run.rllens" --size 1280x800 --frames 60 --state-out "$out/state.json" > "$out/open.log" 2>&1 || {
  echo "session: opening the file failed" >&2; cat "$out/open.log" >&2; exit 1; }
python3 - "$out/state.json" "$out/run.rllens" <<'PY'
import json, sys
st, sf = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
assert st["env"] == "pendulum" and st["algo"] == "ppo", st
assert st["running"] is False, "an opened session starts paused"
reset_at = max(int(c.split()[0]) for c in sf["commands"] if " reset " in c)
assert st["env_steps"] == sf["steps"] - reset_at, (st["env_steps"], sf["steps"], reset_at)
assert any(" reset " in c for c in st["commands"]), "the opened session keeps the file's command log"
PY
# A bad file: one line naming the file and the field, exit status 2, no window.
echo '{"rllens_session": 9}' > "$out/bad.rllens"
if "$bin" "$out/bad.rllens" > "$out/bad.log" 2>&1; then echo "session: a bad file was opened" >&2; exit 1; fi
grep -q "bad.rllens.*rllens_session" "$out/bad.log" || { echo "session: unclear error:" >&2; cat "$out/bad.log" >&2; exit 1; }
echo "session: OK — live run (with a reset) saved, replayed headlessly to the same $rows metric rows, reopened paused"
