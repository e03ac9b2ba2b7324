#!/usr/bin/env bash
# Measures how fast a prepared session opens: DQN on Invaders trained for 1 M steps (MinAtar's preset: a 100 000-
# transition replay buffer, full), saved with its checkpoint, then opened in the app five times on one virtual display
# (Xvfb started once, outside the timing). Each opening is timed from the process start to the app's exit after its
# first frame (--frames 1), so it bounds the time to first frame; a fresh DQN-on-Invaders window is timed beside it.
# Training takes about 17 minutes on one core the first time; the file is kept.
#   scripts/checkpoint_open_bench.sh [rllens binary, default build/rllens] [work dir, default /tmp/rllens-open-bench]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${1:-$root/build/rllens}
work=${2:-/tmp/rllens-open-bench}
mkdir -p "$work/config/rllens"
echo '{"welcomed": true}' > "$work/config/rllens/settings.json"
file="$work/dqn-invaders-1M.rllens"
if [ ! -s "$file" ]; then
  echo "training DQN on Invaders for 1 000 000 steps (seed 1)…"
  "$bin" train --env invaders --algo dqn --seed 1 --steps 1000000 --session-out "$file" --no-progress
fi
echo "file: $(stat -c %s "$file") bytes"
Xvfb :87 -screen 0 1920x1080x24 > /dev/null 2>&1 &
xpid=$!
trap 'kill $xpid 2>/dev/null || true' EXIT
sleep 1
export DISPLAY=:87 XDG_CONFIG_HOME="$work/config"
for i in 1 2 3 4 5; do
  s=$(date +%s.%N)
  "$bin" "$file" --size 1280x800 --frames 1 --state-out "$work/state.json" > "$work/open.log" 2>&1
  e=$(date +%s.%N)
  steps=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['env_steps'])" "$work/state.json")
  printf 'open %d: %.2f s to the first frame and exit (at env step %s)\n' "$i" "$(echo "$e - $s" | bc)" "$steps"
done
s=$(date +%s.%N)
"$bin" --env invaders --algo dqn --size 1280x800 --frames 1 --paused > /dev/null 2>&1
e=$(date +%s.%N)
printf 'a fresh DQN-on-Invaders window, for comparison: %.2f s\n' "$(echo "$e - $s" | bc)"
