#!/usr/bin/env bash
# Installs the Debian 12 packages RL Lens needs, if any are missing. Sourced by run.sh and test.sh.
#   ensure_deps build   — compiler, CMake, libraries, fonts
#   ensure_deps test    — the above plus Xvfb, xdotool and python3 for the GUI end-to-end test
#   ensure_deps fuzz    — clang and its libFuzzer runtime, for tests/fuzz (./test.sh --ci)
#   ensure_deps web     — emscripten and what scripts/web.sh builds the browser site with
#   ensure_deps web-test — Chromium and npm, for the browser test (tests/web)
# As root it runs apt-get; otherwise sudo; without either it prints the exact command and stops.
RLLENS_BUILD_PKGS=(g++ cmake ninja-build pkg-config libimgui-dev libglfw3-dev python3-glad libeigen3-dev
  libgtest-dev libgmock-dev libbenchmark-dev nlohmann-json3-dev libcli11-dev libstb-dev libgif-dev zlib1g-dev
  fonts-dejavu-core fonts-wqy-microhei)
RLLENS_TEST_PKGS=(xvfb xauth xdotool python3)
RLLENS_FUZZ_PKGS=(clang libclang-rt-14-dev)
# The browser build (scripts/web.sh) and its test in headless Chromium (tests/web).
RLLENS_WEB_PKGS=(emscripten dpkg-dev fonttools cmake ninja-build python3 libeigen3-dev nlohmann-json3-dev libstb-dev
  fonts-dejavu-core fonts-wqy-microhei)
RLLENS_WEB_TEST_PKGS=(chromium)  # node and npm come with the machine (Node.js 20)

ensure_deps() {
  local pkgs=("${RLLENS_BUILD_PKGS[@]}")
  [ "${1:-build}" = test ] && pkgs+=("${RLLENS_TEST_PKGS[@]}")
  [ "${1:-build}" = fuzz ] && pkgs=("${RLLENS_FUZZ_PKGS[@]}")
  [ "${1:-build}" = web ] && pkgs=("${RLLENS_WEB_PKGS[@]}")
  [ "${1:-build}" = web-test ] && pkgs=("${RLLENS_WEB_TEST_PKGS[@]}")
  local missing=()
  for p in "${pkgs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local cmd="apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${missing[*]}"
  echo "rllens: installing missing packages: ${missing[*]}"
  if [ "$(id -u)" -eq 0 ]; then
    bash -c "$cmd"
  elif command -v sudo >/dev/null 2>&1; then
    sudo bash -c "$cmd"
  else
    echo "rllens: not root and no sudo. Install the packages, then run this again:" >&2
    echo "  $cmd" >&2
    exit 1
  fi
}

# Configures and builds into build/ (Release) with all cores.
build_rllens() {
  cmake -S "$RLLENS_ROOT" -B "$RLLENS_ROOT/build" -G Ninja -DCMAKE_BUILD_TYPE=Release "$@"
  cmake --build "$RLLENS_ROOT/build" -j "$(nproc)"
}
