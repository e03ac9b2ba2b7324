#!/usr/bin/env bash
# Installs what is missing, builds RL Lens (Release) and opens the app on the default lesson.
# Extra arguments go to the app, e.g. ./run.sh --size 1920x1080
set -euo pipefail
RLLENS_ROOT=$(cd "$(dirname "$0")" && pwd)
source "$RLLENS_ROOT/scripts/deps.sh"
ensure_deps build
build_rllens -DRLLENS_BUILD_TESTS=OFF -DRLLENS_BUILD_BENCH=OFF
exec "$RLLENS_ROOT/build/rllens" "$@"
