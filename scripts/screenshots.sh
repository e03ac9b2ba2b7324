#!/usr/bin/env bash
# Regenerates the README images: the app under Xvfb at 1280×800 and 1920×1080, pointer parked off the grid.
# Usage: scripts/screenshots.sh [build/rllens]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${1:-$root/build/rllens}
export XDG_CONFIG_HOME=$(mktemp -d)
shoot() {  # shoot <WxH> <file> <app args...>
  local size=$1 file=$2; shift 2
  xvfb-run -a -s "-screen 0 ${size}x24" bash -c '
    "$0" --size "$1" --screenshot "$2" "${@:3}" & pid=$!
    sleep 1; xdotool mousemove 2 2; wait $pid' "$bin" "$size" "$file" "$@"
}
shoot 1280x800 "$root/docs/gridworld-q-1280.png" --frames 420 --speed 400
shoot 1920x1080 "$root/docs/gridworld-q-1920.png" --frames 420 --speed 0
# Each environment's viewport alone, at its fixed size (800 px wide), after a short random-policy run.
for env in gridworld invaders pendulum gan1d; do
  algo=random
  [ "$env" = gridworld ] && algo=q-learning
  xvfb-run -a -s "-screen 0 1280x800x24" "$bin" --env "$env" --algo "$algo" --size 1280x800 --frames 150 \
    --speed 30 --viewport-screenshot "$root/docs/env-$env.png"
done
shoot 1280x800 "$root/docs/invaders-1280.png" --env invaders --algo random --frames 240 --speed 15
shoot 1600x1000 "$root/docs/dqn-pendulum-1600.png" --env pendulum-discrete --algo dqn --frames 1500 --speed 0
shoot 1600x1000 "$root/docs/dqn-invaders-1600.png" --env invaders --algo dqn --set c51=true --set replay=prioritized \
  --set learning_starts=500 --frames 900 --speed 0
# The policy-gradient lens: PPO on the pendulum (π(·|s), the last update, ratios against the clip band, per-epoch
# clipfrac and KL, μ and σ over (θ, ω)), and PPO's arrows sized by π(a|s) on the gridworld.
shoot 1600x1000 "$root/docs/ppo-pendulum-1600.png" --env pendulum --algo ppo --set anneal_lr=false --frames 700 --speed 0
shoot 1280x800 "$root/docs/ppo-gridworld-1280.png" --env gridworld --algo ppo --frames 500 --speed 0
# The actor-critic lens: the one-step actor-critic's advantage curves on the gridworld.
shoot 1280x800 "$root/docs/ac-gridworld-1280.png" --env gridworld --algo actor-critic --frames 300 --speed 0
# A2C on the gridworld in a tall window: the batched update, the advantage curves, the four workers' lanes with the
# barrier, and the critic beside the exact V^π. DDPG on the pendulum: the pathwise view Q(s, a) with μ(s) and ∂Q/∂a.
shoot 1920x1400 "$root/docs/a2c-gridworld-1920.png" --env gridworld --algo a2c --frames 900 --speed 0
shoot 1280x800 "$root/docs/ddpg-pendulum-1280.png" --env pendulum --algo ddpg --frames 1500 --speed 0
shoot 1600x1200 "$root/docs/a3c-invaders-1600.png" --env invaders --algo a3c --frames 600 --speed 0
# The GAN lens: the stabilised preset covering both modes, the collapse preset dropping one (few frames: it can
# recover after ~150k iterations), and the Dirac-GAN spiral (the lens scrolled to its end with the mouse wheel, F12).
shoot 1600x1000 "$root/docs/gan-converged-1600.png" --env gan1d --algo gan --set env.target=two-modes --frames 1500 --speed 0
shoot 1600x1000 "$root/docs/gan-collapse-1600.png" --env gan1d --algo gan --set env.target=two-modes --set preset=collapse \
  --frames 300 --speed 0
# Classroom mode at 2× on 1920×1080, every lens, both themes (the popup shot, docs/classroom-popup.png, is taken by
# hand: Classroom button, then F12).
shoot 1920x1080 "$root/docs/classroom-q-projector.png" --classroom --ui-scale 2 --theme projector --frames 300 --speed 0
shoot 1920x1080 "$root/docs/classroom-dqn-dark.png" --env invaders --algo dqn --classroom --ui-scale 2 --theme dark \
  --frames 400 --speed 0
shoot 1920x1080 "$root/docs/classroom-ppo-projector.png" --env gridworld --algo ppo --classroom --ui-scale 2 \
  --theme projector --frames 400 --speed 0
shoot 1920x1080 "$root/docs/classroom-ddpg-projector.png" --env pendulum --algo ddpg --classroom --ui-scale 2 \
  --theme projector --frames 150 --speed 0
shoot 1920x1080 "$root/docs/classroom-gan-projector.png" --env gan1d --algo gan --classroom --ui-scale 2 \
  --theme projector --frames 300 --speed 0
# A lesson open in the app, its card in Chinese (the language button clicked), at 1920×1080.
pics=$(mktemp -d)
XDG_CONFIG_HOME="$pics" XDG_PICTURES_DIR="$pics" xvfb-run -a -s "-screen 0 1920x1080x24" bash -c '
  "$0" --lesson double-dqn --size 1920x1080 --ui-map "$1/map.json" & pid=$!
  sleep 5; r=$(python3 -c "import json,sys; print(*[int(v) for v in json.load(open(sys.argv[1]))[\"items\"][\"lesson_language\"]])" "$1/map.json")
  set -- $r; xdotool mousemove $(( $1 + $3 / 2 )) $(( $2 + $4 / 2 )) click 1
  xdotool mousemove 1900 1070; sleep 3; xdotool key F12; sleep 1.5; kill $pid; wait $pid' "$bin" "$pics" || true
cp "$pics/RL Lens/"*.png "$root/docs/lesson-double-dqn-zh-1920.png"
pics=$(mktemp -d)
XDG_PICTURES_DIR="$pics" xvfb-run -a -s "-screen 0 1920x1080x24" bash -c '
  "$0" --env gan1d --algo gan --size 1920x1080 --speed 0 & pid=$!
  sleep 8; xdotool mousemove 1500 500
  for i in $(seq 22); do xdotool click 5; sleep 0.05; done
  xdotool mousemove 5 1070; sleep 1.5; xdotool key F12; sleep 1.5; kill $pid; wait $pid' "$bin" || true
cp "$pics/RL Lens/"*.png "$root/docs/dirac-spiral-1920.png"
echo "wrote docs/*.png"
