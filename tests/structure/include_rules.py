#!/usr/bin/env python3
"""The layers run one way (DESIGN.md §1 and §9): each folder includes only its own layer and the layers below it,
and the libraries a layer must not know stay out of it. Also: no file in app/ grows past 500 lines.

    core/ ← envs/ ← runs/ ← app/platform ← app/ui, app/record ← app/views ← app/shell ← app/main.cpp
                       ↖ app/cli (the headless commands: runs/ and below, never the GUI)

Usage: include_rules.py REPO_ROOT   (exit 1 and one line per broken rule)
"""
import pathlib
import re
import sys

root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".").resolve()

# What each layer may include of the project (its own folder is always allowed).
BELOW = {
    "core": [],
    "envs": ["core"],
    "runs": ["core", "envs"],
    "app/platform": ["core", "envs", "runs"],
    "app/ui": ["core", "envs", "runs", "app/platform"],
    "app/record": ["core", "envs", "runs", "app/platform"],
    "app/views": ["core", "envs", "runs", "app/platform", "app/ui", "app/record"],
    "app/shell": ["core", "envs", "runs", "app/platform", "app/ui", "app/record", "app/views"],
    "app/cli": ["core", "envs", "runs"],
}
# Outside libraries a layer must not include: the GUI stack stays out of the model, the CLI and the recorders;
# GLFW's loop and the GL loader are the platform's (the shell reads keys and sizes through GLFW's window API, which
# both platforms have).
GUI = [r"imgui", r"backends/", r"glad/", r"GLES\d?/", r"GL/", r"GLFW/"]
FORBIDDEN = {
    "core": GUI,
    "envs": GUI,
    "runs": GUI,
    "app/cli": GUI,
    "app/record": GUI,
    "app/platform": [r"imgui", r"backends/"],
    "app/ui": [r"glad/", r"GLES\d?/", r"GLFW/"],
    "app/views": [r"glad/", r"GLES\d?/", r"GLFW/"],
    "app/shell": [r"glad/", r"GLES\d?/"],
}
MAX_APP_LINES = 500

INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')


def layer_of(rel: str):
    for name in sorted(BELOW, key=len, reverse=True):
        if rel == name or rel.startswith(name + "/"):
            return name
    return None


problems = []
files = [p for d in ("core", "envs", "runs", "app") for p in (root / d).rglob("*") if p.suffix in (".cpp", ".hpp", ".h")]
if not files:
    problems.append(f"{root}: no sources found under core/, envs/, runs/, app/")
for path in sorted(files):
    rel = path.relative_to(root).as_posix()
    layer = layer_of(rel)
    lines = path.read_text(encoding="utf-8").splitlines()
    if rel.startswith("app/") and len(lines) > MAX_APP_LINES:
        problems.append(f"{rel}: {len(lines)} lines; a file in app/ stays under {MAX_APP_LINES} (split it by concern)")
    if layer is None:
        continue  # app/main.cpp: the top, may include anything
    allowed = [layer] + BELOW[layer]
    for n, line in enumerate(lines, 1):
        m = INCLUDE.match(line)
        if not m:
            continue
        target = m.group(2)
        project = m.group(1) == '"' and (root / target).exists()
        if project:
            target_layer = layer_of(target)
            if target_layer is not None and target_layer not in allowed:
                problems.append(f"{rel}:{n}: includes {target} — {layer} may include only {', '.join(allowed)}")
        else:
            for pat in FORBIDDEN.get(layer, []):
                if re.match(pat, target):
                    problems.append(f"{rel}:{n}: includes <{target}> — {layer} must not include it")

for p in problems:
    print(p)
print(f"include rules: {len(files)} files, {len(problems)} problem(s)")
sys.exit(1 if problems else 0)
