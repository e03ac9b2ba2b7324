#!/usr/bin/env bash
# Installs what is missing (Xvfb included), builds RL Lens and runs every test; GUI tests use a virtual display.
#   ./test.sh          unit, CLI and GUI end-to-end tests (ctest)
#   ./test.sh --ci     also: the build with the app switched off, the unit tests under ASan + UBSan, every
#                      libFuzzer target for 30 s (tests/fuzz/run.sh), and the browser build (WebAssembly) driven
#                      in headless Chromium (tests/web/run.sh)
set -euo pipefail
RLLENS_ROOT=$(cd "$(dirname "$0")" && pwd)
source "$RLLENS_ROOT/scripts/deps.sh"
ensure_deps test
build_rllens -DRLLENS_BUILD_TESTS=ON -DRLLENS_BUILD_BENCH=ON
cd "$RLLENS_ROOT/build"
# Two tests at a time on two cores. The GUI tests take turns (RESOURCE_LOCK display: each has the virtual display to
# itself) and start first (COST), so the unit and lesson tests run beside them rather than after.
xvfb-run -a -s "-screen 0 1920x1080x24" ctest --output-on-failure --timeout 600 -j "$(nproc)"

if [ "${1:-}" = "--ci" ]; then
  # One clang build covers all three CI extras: core/ and envs/ with the app switched off (no ImGui, GLFW or GL
  # anywhere on the include path), the unit tests under AddressSanitizer + UndefinedBehaviorSanitizer, and the
  # libFuzzer targets, which link the same instrumented objects. -O1 without debug info keeps it quick to compile.
  ensure_deps fuzz
  echo "== app switched off; unit tests under AddressSanitizer + UndefinedBehaviorSanitizer (clang) =="
  CXX=clang++ CC=clang cmake -S "$RLLENS_ROOT" -B "$RLLENS_ROOT/build-sanitize" -G Ninja -DCMAKE_BUILD_TYPE=None \
    -DCMAKE_CXX_FLAGS=-O1 -DRLLENS_BUILD_APP=OFF -DRLLENS_BUILD_BENCH=OFF -DRLLENS_SANITIZE=ON -DRLLENS_FUZZ=ON
  cmake --build "$RLLENS_ROOT/build-sanitize" -j "$(nproc)"
  # The long learning runs (DQN learning, tabular convergence over millions of steps) are 30–40× slower under the
  # sanitizers and add nothing the Release run above has not checked; every code path they use is exercised by the
  # mechanics tests, which do run here. Likewise the checkpoint runs of the network learners on Invaders and of DDPG:
  # the same persist code runs here on the gridworld and the pendulums (and random_on_invaders covers the Invaders
  # env's own state), and fuzz_checkpoint reads damaged checkpoints under the sanitizers.
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
    ctest --test-dir "$RLLENS_ROOT/build-sanitize" --output-on-failure -j "$(nproc)" \
    -E 'DqnLearning\.|SavedAgentLearning\.|PgLearning\.|AcLearning\.|GanLearning\.|DdpgLearning\.|ReachesOptimalPolicy|ReachTheOptimalPolicy|CliffWalk|(dqn|reinforce|ppo|actor_critic|a2c|a3c)_on_invaders|ddpg_on_|GanWithItsTricksAndDdpg'
  echo "== libFuzzer targets (the same build), 30 s each =="
  RLLENS_FUZZ_BUILD="$RLLENS_ROOT/build-sanitize" "$RLLENS_ROOT/tests/fuzz/run.sh" 30
  echo "== the browser build (scripts/web.sh) in headless Chromium (tests/web) =="
  "$RLLENS_ROOT/tests/web/run.sh" "$RLLENS_ROOT/build-web/test"
fi
