#!/usr/bin/env bash
# GUI end-to-end test of the lessons: the app opens every lesson in assets/lessons (`rllens --lesson ID`) without an
# error — its preset's env, algorithm and lens are the ones running, its card is drawn with text in it, the viewport
# shows the world — then one lesson is driven with the mouse: the browser opens from the toolbar, a search narrows
# it, a pick opens that lesson, Next turns the page and 中文 switches the card to Chinese.
# Usage: lessons.sh <rllens binary> <output dir>.  Needs DISPLAY and xdotool.
set -euo pipefail
bin=$1
out=$2
here=$(cd "$(dirname "$0")" && pwd)
lessons="$here/../../assets/lessons"
rm -rf "$out"
mkdir -p "$out/config"
export XDG_CONFIG_HOME="$out/config"
[ -n "${DISPLAY:-}" ] || { echo "lessons: DISPLAY is not set; run under xvfb-run" >&2; exit 1; }
command -v xdotool >/dev/null || { echo "lessons: xdotool is not installed" >&2; exit 1; }
map="$out/map.json"
log="$out/app.log"
pid=0
. "$here/lib.sh"  # mapget, waitfor, steps_above

# 1. Every lesson opens, paused so that each one is checked on the same frame budget.
n=0
checks=()  # each lesson's pixel check runs in the background while the next lesson opens
for f in "$lessons"/*.json; do
  id=$(basename "$f" .json)
  "$bin" --lesson "$id" --size 1280x800 --frames 12 --paused --ui-map "$out/$id.json" --screenshot "$out/$id.png" \
    > "$out/$id.log" 2>&1 || { echo "lessons: '$id' did not open:" >&2; cat "$out/$id.log" >&2; exit 1; }
  if grep -q "lesson skipped" "$out/$id.log"; then echo "lessons: a lesson file was skipped:" >&2; cat "$out/$id.log" >&2; exit 1; fi
  PYTHONPATH="$here" python3 - "$f" "$out/$id.json" "$out/$id.png" > "$out/$id.check" 2>&1 <<'PY' &
import json, sys, zlib, struct
lesson, m = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
lid = sys.argv[1].rsplit("/", 1)[1][:-5]
p = lesson["preset"] if "preset" in lesson else lesson
assert m["lesson"] == lid, (lid, m["lesson"])
assert m["error"] == "", (lid, m["error"])
assert m["env"] == p["env"] and m["algo"] == p["algo"], (lid, m["env"], m["algo"], p)
items = m["items"]
assert "lesson_text" in items and "lesson_next" in items, f"{lid}: the lesson card is not drawn"
from png_check import read_png
items = m["items"]
tx, ty, tw, th = [int(v) for v in items["lesson_text"]]
w, h, px = read_png(sys.argv[3], max_rows=max(ty + th, 400) + 1)
def region(r):
    x, y, rw, rh = [int(v) for v in r]
    return [px(xx, yy) for yy in range(y, min(h, y + rh)) for xx in range(x, min(w, x + rw))]
text = region(items["lesson_text"])
bright = sum(1 for c in text if sum(c) > 450)
assert bright > 200, f"{lid}: the lesson's text is not on screen ({bright} text pixels)"
# The viewport (right of the left column, below the toolbar) shows the world: many colours, not a blank panel.
x0 = int(items["lesson_text"][0] + items["lesson_text"][2]) + 40
cols = {px(x, y) for y in range(80, 400, 7) for x in range(x0, min(w, x0 + 360), 7)}
assert len(cols) > 6, f"{lid}: the viewport looks blank ({len(cols)} colours)"
PY
  checks+=("$!:$id")
  n=$((n + 1))
done
for c in "${checks[@]}"; do
  wait "${c%%:*}" || { echo "lessons: '${c#*:}' failed its check:" >&2; cat "$out/${c#*:}.check" >&2; exit 1; }
done
[ "$n" -ge 20 ] || { echo "lessons: only $n lessons shipped; the course needs at least 20" >&2; exit 1; }

# 2. The browser, search, pick, Next and 中文 — with the mouse.
export XDG_CONFIG_HOME="$out/fresh-config"  # a first launch: part 1 opened lessons, which answers the welcome card
"$bin" --size 1280x800 --paused --ui-map "$map" > "$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
waitfor 30 mapget items lessons >/dev/null
wid=$(xdotool search --sync --name '^RL Lens$' | head -1)
click() {  # click the centre of a named control
  local r; r=$(waitfor 10 mapget items "$1"); set -- $r
  xdotool mousemove --window "$wid" $(( $1 + $3 / 2 )) $(( $2 + $4 / 2 )) click 1
  sleep 0.3
}
# First launch (a fresh settings folder): a card points the newcomer to the lessons.
[ -n "$(waitfor 10 mapget items welcome_text)" ] || { echo "lessons: no welcome card on first launch" >&2; exit 1; }
target=mc-vs-td
click lessons
waitfor 10 mapget items lesson_search >/dev/null
xdotool type --window "$wid" --delay 30 "temporal"
sleep 0.4
[ -n "$(mapget items lesson_item_$target)" ] || { echo "lessons: the search hides '$target'" >&2; exit 1; }
[ -z "$(mapget items lesson_item_ppo-clip)" ] || { echo "lessons: the search 'temporal' still lists ppo-clip" >&2; exit 1; }
click lesson_item_$target
[ "$(waitfor 10 mapget lesson)" = "$target" ] || { echo "lessons: picking '$target' did not open it" >&2; exit 1; }
# Page 2 names step 5 000 and the run is paused at 0: Next waits for the run to get there (it never skips ahead of
# the class); the card says where the run will stop. (gui_lesson_pacing turns every page of every lesson.)
click lesson_next
[ "$(mapget lesson_page)" = 0 ] || { echo "lessons: Next turned to a page whose step the run has not reached" >&2; exit 1; }
[ -n "$(mapget items lesson_progress)" ] || { echo "lessons: the card does not say where the run will stop" >&2; exit 1; }
[ "$(mapget welcomed)" = True ] || { echo "lessons: the welcome card is still up after a lesson was opened" >&2; exit 1; }
[ -z "$(mapget items welcome_text)" ] || { echo "lessons: the welcome card is drawn beside the lesson card" >&2; exit 1; }
click lesson_language
[ "$(mapget lesson_zh)" = True ] || { echo "lessons: 中文 did not switch the language" >&2; exit 1; }
kill -TERM $pid; wait $pid || { echo "lessons: the app did not exit cleanly" >&2; cat "$log" >&2; exit 1; }
trap - EXIT
echo "lessons: OK — $n lessons open with their preset, card and world; browser search, pick, Next held until its step, 中文 work"
