#!/usr/bin/env bash
# GUI end-to-end: switching the environment and the algorithm from the toolbar's dropdowns while training runs.
# (Switching used to crash: a view held the frame's snapshot by reference while the switch replaced it.)
# For every environment, picked from the env dropdown with real pointer clicks, then every algorithm that runs on it
# (as `rllens list` says), picked from the algorithm dropdown: after each switch the app must be alive, showing the
# new env/algorithm, drawing new frames and taking env steps. A greyed algorithm must not switch.
# Usage: switch.sh <rllens binary> <output dir>.  Needs DISPLAY and xdotool.
set -euo pipefail
bin=$1
out=$2
rm -rf "$out"
mkdir -p "$out/config"
export XDG_CONFIG_HOME="$out/config"
[ -n "${DISPLAY:-}" ] || { echo "switch: DISPLAY is not set; run under xvfb-run (./test.sh does)" >&2; exit 1; }

# Which algorithms run on which env, from the CLI's own listing ("    runs on: gridworld pendulum-discrete ...").
declare -A runs
algo=""
while IFS= read -r line; do
  if [[ $line =~ ^\ \ ([a-z0-9-]+)\ — ]]; then algo=${BASH_REMATCH[1]}; fi
  if [[ $line =~ ^\ \ \ \ runs\ on:(.*)$ ]]; then
    tail=${BASH_REMATCH[1]%%;*}
    for e in $tail; do runs[$e]+="$algo "; done
  fi
done < <("$bin" list)
envs="gridworld invaders pendulum pendulum-discrete gan1d"
for e in $envs; do [ -n "${runs[$e]:-}" ] || { echo "switch: rllens list names no algorithm for $e" >&2; exit 1; }; done

"$bin" --size 1280x800 --speed 400 --ui-map "$out/map.json" --state-out "$out/state.json" > "$out/app.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT

# Reads the ui map (one line of JSON, rewritten ~6 times a second): `mapget frame` or `mapget items env_combo`
# (a rectangle as four integers). grep and awk, not a Python start-up per poll: this test polls a lot.
mapget() {
  local line
  line=$(cat "$out/map.json" 2>/dev/null) || { echo ""; return; }
  if [ "$1" = items ]; then
    grep -o "\"$2\":\[[^]]*\]" <<<"$line" | head -1 | sed 's/.*\[//; s/\]//; s/,/ /g' |
      awk '{ if (NF == 4) printf "%d %d %d %d\n", $1, $2, $3, $4 }'
  else
    grep -o "\"$1\":[^,}]*" <<<"$line" | head -1 | sed 's/^[^:]*://; s/"//g'
  fi
}
alive() { kill -0 $pid 2>/dev/null || { echo "switch: the app died ($1)" >&2; cat "$out/app.log" >&2; exit 1; }; }
waitfor() {  # waitfor <seconds> <what> <command...>
  local deadline=$((SECONDS + $1)) what=$2; shift 2
  until v=$("$@") && [ -n "$v" ] && [ "$v" != "0" ]; do
    alive "$what"
    [ $SECONDS -lt $deadline ] || { echo "switch: timed out waiting for $what" >&2; cat "$out/app.log" >&2; exit 1; }
    sleep 0.05
  done
  echo "$v"
}
is() { [ "$(mapget "$1")" = "$2" ] && echo 1 || echo ""; }
above() { local v; v=$(mapget "$1"); [ -n "$v" ] && [ "$v" -gt "$2" ] && echo 1 || echo ""; }
click_item() {  # click_item <map item name>
  local x y w h
  read -r x y w h < <(waitfor 20 "control $1" mapget items "$1")
  xdotool mousemove --window "$wid" $((x + w / 2)) $((y + h / 2)); sleep 0.1; xdotool click 1; sleep 0.1
}
pick() {  # pick <combo> <item>: open the dropdown, wait for the item to be drawn, click it
  click_item "$1"
  waitfor 20 "$2 in the open dropdown" mapget items "$2" >/dev/null
  click_item "$2"
}
check_running() {  # the app draws new frames and the agent takes steps after the switch
  local f0 s0
  f0=$(mapget frame); s0=$(mapget env_steps)
  waitfor 20 "new frames after $1" above frame $((f0 + 20)) >/dev/null
  waitfor 30 "env steps after $1" above env_steps "$s0" >/dev/null
  alive "$1"
}

waitfor 60 "the first frames" above frame 60 >/dev/null
wid=$(xdotool search --sync --name '^RL Lens$' | head -1)
switches=0
for e in $envs; do
  pick env_combo "env_item_$e"
  waitfor 20 "env $e" is env "$e" >/dev/null
  check_running "switching to $e"
  switches=$((switches + 1))
  for a in ${runs[$e]}; do
    [ "$a" = "$(mapget algo)" ] && continue
    pick algo_combo "algo_item_$a"
    waitfor 20 "algorithm $a on $e" is algo "$a" >/dev/null
    check_running "switching to $a on $e"
    echo "switch: $SECONDS s: $a on $e"
    switches=$((switches + 1))
  done
done
# Greyed: on invaders the tabular methods cannot run; clicking one changes nothing.
pick env_combo env_item_invaders
waitfor 20 "env invaders" is env invaders >/dev/null
before=$(mapget algo)
pick algo_combo algo_item_q-learning
sleep 1.5
[ "$(mapget algo)" = "$before" ] || { echo "switch: a greyed algorithm (q-learning on invaders) was started" >&2; exit 1; }
xdotool key --window "$wid" Escape
alive "the greyed click"
kill -TERM $pid 2>/dev/null || true
wait $pid 2>/dev/null || true
trap - EXIT
echo "switch: OK — $switches switches from the dropdowns while training ran; the app stayed alive and drawing"
