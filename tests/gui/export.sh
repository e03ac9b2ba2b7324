#!/usr/bin/env bash
# GUI end-to-end test of the replay export: the random policy on Invaders at 3000 steps/s records into the replay ring; "," scrubs
# the timeline back while training goes on (the step count keeps rising); the headless route (--export-gif) then
# writes the newest 300 frames at 800×800, and giflib decodes the file: 300 frames of 800×800. The export's time is
# printed, never asserted. Bad export options fail before a window opens, with one line and exit status 2. A chart's
# Save PNG writes the chart redrawn at 1200×700 (its legend whole), not the few hundred pixels it has on screen.
# Usage: export.sh <rllens binary> <rllens_gif_check binary> <output dir>.  Needs DISPLAY and xdotool.
set -euo pipefail
bin=$1
check=$2
out=$3
rm -rf "$out"
mkdir -p "$out/config"
export XDG_CONFIG_HOME="$out/config"
[ -n "${DISPLAY:-}" ] || { echo "export: DISPLAY is not set; run under xvfb-run" >&2; exit 1; }
command -v xdotool >/dev/null || { echo "export: xdotool is not installed" >&2; exit 1; }
map="$out/map.json"
log="$out/app.log"
pid=0
. "$(dirname "$0")/lib.sh"  # mapget, waitfor, steps_above

# ---- Usage errors: one line, exit 2, no window ----
usage() {  # usage <expected text> <args...>
  local want=$1; shift
  set +e; msg=$("$bin" "$@" 2>&1); rc=$?; set -e
  [ $rc -eq 2 ] && [[ "$msg" != *$'\n'* ]] && [[ "$msg" == *"$want"* ]] ||
    { echo "export: '$*' gave exit $rc: $msg (expected exit 2 and '$want')" >&2; exit 1; }
}
usage "--export-size: expected WxH" --export-gif "$out/x.gif" --export-size 800x
usage "--export-frames: expected a number of frames from 1 to 10000" --export-gif "$out/x.gif" --export-frames 0
usage "--export-frames: needs --export-gif or --export-mp4" --export-frames 10
usage "--export-gif: cannot write" --export-gif "$out/no/such/dir/x.gif"
PATH=/nonexistent usage "apt install ffmpeg" --export-mp4 "$out/x.mp4"

# ---- Record, scrub while training, export ----
"$bin" --env invaders --algo random --size 1280x800 --speed 3000 --ui-map "$map" --perf-report "$out/perf.json" \
  --export-gif "$out/run.gif" --export-frames 300 --export-size 800x800 > "$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
waitfor 60 steps_above 300 >/dev/null
wid=$(xdotool search --sync --name '^RL Lens$' | head -1)
xdotool mousemove --window "$wid" 5 790
xdotool key --window "$wid" comma comma comma
waitfor 10 mapget items timeline_scrubbed >/dev/null
scrubbed_at=$(mapget env_steps)
waitfor 30 steps_above $((scrubbed_at + 1000)) >/dev/null  # training goes on while the timeline shows the past
[ -n "$(mapget items timeline_scrubbed)" ] || { echo "export: the timeline left the scrubbed frame by itself" >&2; exit 1; }
wait $pid || { echo "export: the app failed" >&2; cat "$log" >&2; exit 1; }
trap - EXIT
grep -q "Saved $out/run.gif: 300 frames, 800×800" "$log" || { echo "export: no export line" >&2; cat "$log" >&2; exit 1; }
grep "Saved" "$log"  # the export's time, reported
read -r frames w h < <("$check" "$out/run.gif")
[ "$frames" = 300 ] && [ "$w" = 800 ] && [ "$h" = 800 ] ||
  { echo "export: the GIF decodes to $frames frames of ${w}x$h, expected 300 of 800x800" >&2; exit 1; }
ls "$out"/*.tmp* 2>/dev/null && { echo "export: a temp file was left behind" >&2; exit 1; }
# ---- A chart's Save PNG (its context menu): the chart drawn again at 1200×700, legend whole, not a screen grab ----
export XDG_PICTURES_DIR="$out/pictures"
map="$out/chart-map.json"; log="$out/chart.log"
"$bin" --env gridworld --algo q-learning --speed 0 --size 1280x800 --ui-map "$map" > "$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
r=$(waitfor 30 mapget items plot_charts/episodic_return); set -- $r
wid=$(xdotool search --sync --pid $pid --name '^RL Lens$' | head -1)
sleep 1.5  # some laps on the chart
xdotool mousemove --window "$wid" $(( $1 + $3 / 2 )) $(( $2 + $4 / 2 )) click 3
r=$(waitfor 10 mapget items plot_menu_save_png); set -- $r
xdotool mousemove --window "$wid" $(( $1 + $3 / 2 )) $(( $2 + $4 / 2 )) click 1
png=""
for _ in $(seq 50); do png=$(ls "$out/pictures/RL Lens/"rllens-chart-episodic_return-*.png 2>/dev/null | head -1 || true); [ -n "$png" ] && break; sleep 0.1; done
kill -TERM $pid; wait $pid || true
trap - EXIT
[ -n "$png" ] || { echo "export: Save PNG wrote no file" >&2; ls -R "$out/pictures" >&2; exit 1; }
PYTHONPATH="$(dirname "$0")" python3 - "$png" <<'PY'
import sys
from png_check import read_png
w, h, px = read_png(sys.argv[1])
assert 1150 <= w <= 1200 and 650 <= h <= 700, f"the chart PNG is {w}x{h}, expected the 1200x700 window's chart"
# The title and the legend (a swatch in the return curve's colour, its label) are drawn in the top rows, and the
# curve below them: the picture is not one flat colour.
top = {px(x, y) for y in range(5, 80, 2) for x in range(0, w, 4)}
body = {px(x, y) for y in range(120, h - 60, 4) for x in range(80, w - 20, 4)}
assert len(top) > 8, f"no title or legend in the chart PNG ({len(top)} colours)"
assert len(body) > 4, f"no plot in the chart PNG ({len(body)} colours)"
PY
echo "export: OK ($frames frames ${w}x$h, $(du -k "$out/run.gif" | cut -f1) kB; env steps/s while recording: $(python3 -c "import json; print(round(json.load(open('$out/perf.json'))['env_steps_per_sec']))"))"
