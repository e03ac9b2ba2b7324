#!/usr/bin/env bash
# Trains every algorithm on every env it runs on for a short fixed budget and writes, per pair, the metrics (wall-clock
# series left out), the saved agent and the session file with its checkpoint. Run it with two builds of rllens and
# `diff -r` the folders: a change that should not alter behaviour (a refactor) must leave them byte-identical.
#   scripts/metrics_identity.sh BINARY OUTDIR [STEPS]
# A3C runs with one worker: with more, the order the workers' updates land in is up to the scheduler (DESIGN.md).
set -euo pipefail
bin=$1 out=$2 steps=${3:-20000}
mkdir -p "$out"
pairs=$("$bin" list | awk '/^Algorithms:/{a=1} a && /^  [a-z]/{algo=$1}
  a && /runs on:/{sub(/.*runs on: /,""); sub(/;.*/,""); n=split($0,e," "); for(i=1;i<=n;i++) print algo, e[i]}')
while read -r algo env; do
  sets=()
  n=$steps
  case $algo in
    a3c) sets=(--set num_envs=1) ;;
    ddpg|gan|gan-as-ac) n=$((steps / 4)) ;;  # a few hundred updates of a 400-300 net are enough to compare
  esac
  base="$out/$algo-$env"
  "$bin" train --env "$env" --algo "$algo" --seed 3 --steps "$n" --no-progress "${sets[@]}" --metrics "$base.csv" \
    --save-agent "$base.agent" --session-out "$base.rllens" > /dev/null
  grep -v -e ',charts/SPS,' -e ',charts/pushes_per_second,' "$base.csv" > "$base.metrics" && rm "$base.csv"
done <<< "$pairs"
echo "$(wc -l <<< "$pairs") pairs written to $out"
