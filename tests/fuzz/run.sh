#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan) in build-fuzz/ and runs each for a bounded time on a copy
# of its seed corpus (tests/fuzz/corpus/<target>). Any crash, leak, sanitizer report or timeout fails the run; the
# input is left in build-fuzz/findings/ — add it to the corpus as a regression test once fixed.
#   tests/fuzz/run.sh [seconds per target, default 60]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
secs=${1:-60}
# RLLENS_FUZZ_BUILD: an existing clang build configured with -DRLLENS_FUZZ=ON (CI's sanitizer build, which also holds
# the unit tests) — used as it is instead of configuring build-fuzz/.
build="${RLLENS_FUZZ_BUILD:-$root/build-fuzz}"
if [ -z "${RLLENS_FUZZ_BUILD:-}" ]; then
  CXX=clang++ CC=clang cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=None -DCMAKE_CXX_FLAGS="-O1 -g" \
    -DRLLENS_BUILD_APP=OFF -DRLLENS_BUILD_TESTS=OFF -DRLLENS_BUILD_BENCH=OFF -DRLLENS_FUZZ=ON > "$build.configure.log"
fi
cmake --build "$build" -j "$(nproc)" --target fuzz_command_log fuzz_params fuzz_actions fuzz_weights fuzz_checkpoint fuzz_session_file
mkdir -p "$build/findings"
status=0
for t in command_log params actions weights checkpoint session_file; do
  work=$(mktemp -d)
  cp -r "$root/tests/fuzz/corpus/$t/." "$work/" 2>/dev/null || true
  echo "== fuzz_$t for ${secs}s"
  if ! (cd "$build" && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
        "./tests/fuzz/fuzz_$t" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="$build/findings/$t-" "$work" > "$build/fuzz_$t.log" 2>&1); then
    echo "fuzz_$t: FAILED (see $build/fuzz_$t.log and $build/findings/)"
    tail -40 "$build/fuzz_$t.log"
    status=1
  fi
  grep -E "^stat::number_of_executed_units|^stat::average_exec_per_sec|^#[0-9]+.*DONE" "$build/fuzz_$t.log" | tr '\n' ' '
  echo
  rm -rf "$work"
done
[ $status -eq 0 ] && echo "fuzz: 4 passed, 0 failed" || echo "fuzz: some targets failed"
exit $status
