#!/usr/bin/env bash
# The browser test: builds the site (scripts/web.sh), serves it on 127.0.0.1 with the isolation headers and drives
# Debian's chromium through it (web_test.mjs, with puppeteer-core from npm; no browser is downloaded).
#   tests/web/run.sh [OUTDIR]     screenshots and the log go to OUTDIR (default build-web/test)
set -euo pipefail
RLLENS_ROOT=$(cd "$(dirname "$0")/../.." && pwd)
source "$RLLENS_ROOT/scripts/deps.sh"
ensure_deps web-test
command -v npm > /dev/null || { echo "rllens: the browser test needs node and npm (Node.js 18 or newer)" >&2; exit 1; }
out=${1:-$RLLENS_ROOT/build-web/test}
"$RLLENS_ROOT/scripts/web.sh"
# The simd128 matrix-product kernels (core/nn/gemm.cpp) run only in the browser build: checked here, under node.
(cd "$RLLENS_ROOT/build-web/cmake" && NODE_PATH=/usr/share/nodejs node --no-experimental-fetch rllens_gemm_check.js)
cd "$RLLENS_ROOT/tests/web"
[ -d node_modules/puppeteer-core ] || npm ci --no-audit --no-fund --ignore-scripts > /dev/null
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 "$RLLENS_ROOT/scripts/web_serve.py" "$RLLENS_ROOT/build-web/site" "$port" > /dev/null 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/" > /dev/null && break; sleep 0.1; done
node web_test.mjs "http://127.0.0.1:$port" "$out"
