#!/usr/bin/env bash
# The browser build's speed beside the desktop's, measured in one sitting on this machine: for each algorithm, env
# steps/s of `rllens bench` (native, build/) and of the same code compiled to wasm with simd128 and run under node
# (build-web/cmake/rllens_bench_wasm.js), and wasm's share of native. Builds both first. A few minutes: DDPG's
# warm-up alone is 4096 steps of a 400-300 network on each side.
#   scripts/web_bench.sh [SECONDS]     (default 3 s per measurement)
set -euo pipefail
RLLENS_ROOT=$(cd "$(dirname "$0")/.." && pwd)
secs=${1:-3}
cmake --build "$RLLENS_ROOT/build" --target rllens > /dev/null
"$RLLENS_ROOT/scripts/web.sh" > /dev/null
export NODE_PATH=/usr/share/nodejs
rate() { sed -n 's/.*(\([0-9.]*\) ns\/step).*/\1/p'; }  # ns per step: precise for the slow learners too
printf "| algorithm | env | native (env steps/s) | wasm + simd128 (env steps/s) | wasm / native |\n|---|---|---|---|---|\n"
while read -r algo env; do
  n=$("$RLLENS_ROOT/build/rllens" bench --algo "$algo" --env "$env" --seconds "$secs" | rate)
  w=$(cd "$RLLENS_ROOT/build-web/cmake" && node --no-experimental-fetch rllens_bench_wasm.js "$algo" "$env" "$secs" | rate)
  python3 -c "n, w = 1e9 / $n, 1e9 / $w; print(f'| $algo | $env | {n:,.4g} | {w:,.4g} | {w / n:.0%} |')"
done <<'PAIRS'
q-learning gridworld
sarsa gridworld
expected-sarsa gridworld
mc-control gridworld
dqn pendulum-discrete
reinforce pendulum
ppo pendulum
actor-critic pendulum
a2c invaders
a3c invaders
ddpg pendulum
gan gan1d
gan-as-ac gan1d
random invaders
PAIRS
