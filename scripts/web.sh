#!/usr/bin/env bash
# RL Lens in the browser (DESIGN.md §10): builds build-web/site/ — index.html, rllens.js, rllens.wasm, rllens.data
# (shaders, lessons, fonts), rllens.worker.js and sw.js — a static folder any host can serve. Debian packages only:
# emscripten, and the sources of Dear ImGui, giflib and zlib from Debian's source packages (apt-get source, kept in
# build-web/debian-src for the next build).
#   scripts/web.sh              build the site
#   scripts/web.sh serve [PORT] build, then serve it on http://127.0.0.1:PORT/ (default 8642) with the two headers
#                               threads need (Cross-Origin-Opener-Policy, Cross-Origin-Embedder-Policy)
set -euo pipefail
RLLENS_ROOT=$(cd "$(dirname "$0")/.." && pwd)
source "$RLLENS_ROOT/scripts/deps.sh"
ensure_deps web
out="$RLLENS_ROOT/build-web"
mkdir -p "$out"

# ---- Debian sources of the libraries the desktop build links from -dev packages ----
src="$out/debian-src"
if ! compgen -G "$src/imgui-*/imgui.cpp" > /dev/null || ! compgen -G "$src/giflib-*/dgif_lib.c" > /dev/null ||
   ! compgen -G "$src/zlib-*/inflate.c" > /dev/null; then
  rm -rf "$src" && mkdir -p "$src/lists/partial"
  # A private deb-src list: the system's apt configuration is not touched.
  echo "deb-src http://deb.debian.org/debian bookworm main" > "$src/sources.list"
  apt_src=(-o Dir::Etc::sourcelist="$src/sources.list" -o Dir::Etc::sourceparts=/nonexistent
           -o Dir::State::Lists="$src/lists" -o APT::Sandbox::User=root)
  apt-get "${apt_src[@]}" update > "$src/apt.log" 2>&1
  (cd "$src" && apt-get "${apt_src[@]}" source imgui giflib zlib >> "$src/apt.log" 2>&1) ||
    { echo "rllens: apt-get source failed; see $src/apt.log" >&2; exit 1; }
fi

# ---- Header-only libraries staged on their own (never /usr/include itself on emcc's command line) ----
inc="$out/include"
rm -rf "$inc" && mkdir -p "$inc"
cp -r /usr/include/nlohmann "$inc/"
cp /usr/include/stb/stb_image_write.h "$inc/"

# ---- Fonts: DejaVu Sans whole; WenQuanYi cut to the CJK characters the lessons and the app draw ----
fonts="$out/fonts"
mkdir -p "$fonts"
cp /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf "$fonts/"
python3 - "$RLLENS_ROOT" "$out/cjk-chars.txt" <<'PY'
import pathlib, sys
root = pathlib.Path(sys.argv[1])
chars = set()
for p in list((root / "assets/lessons").glob("*.json")) + list((root / "app").rglob("*.cpp")):
    chars.update(c for c in p.read_text(encoding="utf-8") if ord(c) >= 0x2E80)
pathlib.Path(sys.argv[2]).write_text("".join(sorted(chars)), encoding="utf-8")
PY
if [ ! -f "$fonts/wqy-microhei-subset.ttf" ] || [ "$out/cjk-chars.txt" -nt "$fonts/wqy-microhei-subset.ttf" ]; then
  pyftsubset /usr/share/fonts/truetype/wqy/wqy-microhei.ttc --font-number=0 --text-file="$out/cjk-chars.txt" \
    --output-file="$fonts/wqy-microhei-subset.ttf"
fi

# ---- Compile (emscripten's node tools need Debian's node modules on NODE_PATH) ----
export NODE_PATH=/usr/share/nodejs
emcmake cmake -S "$RLLENS_ROOT" -B "$out/cmake" -G Ninja -DCMAKE_BUILD_TYPE=Release -DRLLENS_BUILD_TESTS=OFF \
  -DRLLENS_BUILD_BENCH=OFF -DRLLENS_WEB_SRC="$src" -DRLLENS_WEB_INCLUDE="$inc" -DRLLENS_WEB_FONTS="$fonts" > "$out/cmake.log"
cmake --build "$out/cmake" -j "$(nproc)" --target rllens rllens_bench_wasm rllens_gemm_check

site="$out/site"
rm -rf "$site" && mkdir -p "$site"
cp "$out/cmake/rllens.html" "$site/index.html"
cp "$out/cmake"/rllens.{js,wasm,data,worker.js} "$RLLENS_ROOT/web/sw.js" "$site/"
echo "rllens: the site is in $site ($(du -sh "$site" | cut -f1); $(cat "$site"/* | gzip -c | wc -c | numfmt --to=iec) gzipped)"

if [ "${1:-}" = serve ]; then
  port=${2:-8642}
  echo "rllens: serving http://127.0.0.1:$port/ (Ctrl+C stops)"
  exec python3 "$RLLENS_ROOT/scripts/web_serve.py" "$site" "$port"
fi
