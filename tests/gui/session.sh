#!/usr/bin/env bash
# GUI end-to-end test of session files: a live run in the app — PPO on the pendulum, reset from the keyboard (R)
# half-way, a parameter given on the command line — is saved at exit (--session-out) with its checkpoint and its
# metrics (--metrics-out); `rllens train --session --replay` re-derives the run from the log alone, writes the same
# metrics (charts/SPS, a wall-clock rate, aside) and reaches the file's checkpoint bit for bit; continuing from the
# checkpoint gives the metrics of the uninterrupted run; the app opens the file again (`rllens FILE.rllens`) paused
# at the saved step. The same file without its checkpoint and 10⁶ steps replays behind a progress card while the
# window keeps drawing, and Cancel stops it there; 10¹² steps are refused in one line.
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
grep -q '"checkpoint"' "$out/run.rllens" || { echo "session: the saved file has no checkpoint" >&2; exit 1; }
"$bin" train --session "$out/run.rllens" --replay --metrics "$out/replay.csv" --no-progress > "$out/train.log" 2>&1 || {
  echo "session: --replay failed" >&2; cat "$out/train.log" >&2; exit 1; }
grep -q "reaches the file's checkpoint at step .*bit for bit" "$out/train.log" || {
  echo "session: --replay did not confirm the checkpoint" >&2; cat "$out/train.log" >&2; exit 1; }
grep -v ',charts/SPS,' "$out/live.csv" > "$out/live-nosps.csv"
grep -v ',charts/SPS,' "$out/replay.csv" > "$out/replay-nosps.csv"
if ! cmp -s "$out/live-nosps.csv" "$out/replay-nosps.csv"; then
  echo "session: the replayed metrics differ from the live run's" >&2
  diff "$out/live-nosps.csv" "$out/replay-nosps.csv" | head -5 >&2
  exit 1
fi
rows=$(wc -l < "$out/live-nosps.csv")
[ "$rows" -gt 100 ] || { echo "session: only $rows metric rows" >&2; exit 1; }
# Continuing from the checkpoint is the uninterrupted run: 3000 more steps, against the log replayed to the same step.
saved=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['steps'])" "$out/run.rllens")
"$bin" train --session "$out/run.rllens" --steps $((saved + 3000)) --metrics "$out/cont.csv" --no-progress > /dev/null
"$bin" train --session "$out/run.rllens" --replay --steps $((saved + 3000)) --metrics "$out/whole.csv" --no-progress \
  > /dev/null 2>&1
grep -v ',charts/SPS,' "$out/cont.csv" > "$out/cont-nosps.csv"
grep -v ',charts/SPS,' "$out/whole.csv" > "$out/whole-nosps.csv"
cmp -s "$out/cont-nosps.csv" "$out/whole-nosps.csv" || {
  echo "session: continuing from the checkpoint differs from the uninterrupted run" >&2
  diff "$out/cont-nosps.csv" "$out/whole-nosps.csv" | head -5 >&2; exit 1; }
[ "$(wc -l < "$out/cont-nosps.csv")" -gt "$rows" ] || { echo "session: the continued run added no metrics" >&2; exit 1; }
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
# A log-only file of 10⁶ steps: the replay runs on the worker behind a progress card; the window keeps drawing (its
# frame count goes on while the step count climbs); Cancel stops it there, paused, and says so.
python3 - "$out/run.rllens" "$out/long.rllens" "$out/huge.rllens" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
j.pop("checkpoint")
j["steps"] = 1000000
json.dump(j, open(sys.argv[2], "w"))
j["steps"] = 10**12
json.dump(j, open(sys.argv[3], "w"))
PY
log="$out/long.log"
"$bin" "$out/long.rllens" --size 1280x800 --ui-map "$map" > "$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
card() { [ -n "$(mapget items replay_cancel)" ] && echo 1 || echo ""; }
waitfor 30 card > /dev/null
f0=$(mapget frame); s0=$(mapget lifetime_steps)
sleep 2
f1=$(mapget frame); s1=$(mapget lifetime_steps)
# A window blocked by the replay would draw no frame at all; under CI's load a few a second still show it drawing.
[ "$f1" -gt $((f0 + 5)) ] || { echo "session: the window stopped drawing while replaying ($f0 → $f1 frames)" >&2; exit 1; }
[ "$s1" -gt "$s0" ] || { echo "session: the replay did not advance ($s0 → $s1)" >&2; exit 1; }
read -r x y w h <<< "$(mapget items replay_cancel)"
wid=$(xdotool search --sync --pid $pid --name '^RL Lens$' | head -1)
xdotool mousemove --window "$wid" $((x + w / 2)) $((y + h / 2)) click 1
gone() { [ -z "$(mapget items replay_cancel)" ] && echo 1 || echo ""; }
waitfor 10 gone > /dev/null
sleep 0.5
s2=$(mapget lifetime_steps); s3=$(sleep 0.5; mapget lifetime_steps)
[ "$s2" -lt 1000000 ] && [ "$s2" = "$s3" ] && [ "$(mapget running)" = "False" ] || {
  echo "session: after Cancel the run is not paused where it got to ($s2, $s3, running $(mapget running))" >&2; exit 1; }
mapget status | grep -q "stopped replaying at step" || { echo "session: Cancel said nothing: $(mapget status)" >&2; exit 1; }
kill -TERM $pid; wait $pid || true
trap - EXIT
# 10¹² steps: refused in one line, exit status 2, no window.
set +e; "$bin" "$out/huge.rllens" > "$out/huge.log" 2>&1; rc=$?; set -e
[ $rc -eq 2 ] && [ "$(wc -l < "$out/huge.log")" -eq 1 ] && grep -q "steps.*beyond" "$out/huge.log" || {
  echo "session: 10^12 steps were not refused in one line (exit $rc):" >&2; cat "$out/huge.log" >&2; exit 1; }
# A bad file: one line naming the file and the field, exit status 2, no window.
echo '{"rllens_session": 9}' > "$out/bad.rllens"
if "$bin" "$out/bad.rllens" > "$out/bad.log" 2>&1; then echo "session: a bad file was opened" >&2; exit 1; fi
grep -q "bad.rllens.*rllens_session" "$out/bad.log" || { echo "session: unclear error:" >&2; cat "$out/bad.log" >&2; exit 1; }
echo "session: OK — live run (with a reset) saved with its checkpoint, replayed from the log to the same $rows metric" \
  "rows and the same checkpoint, continued from it as the uninterrupted run, reopened paused; a 10^6-step log replayed" \
  "behind a progress card (the window drawing) and cancelled at step $s2; 10^12 steps refused"
