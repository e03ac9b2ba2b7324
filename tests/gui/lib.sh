# Helpers shared by the GUI end-to-end scripts (sourced). The caller sets $map (the app's --ui-map file), $pid (the
# app's process) and $log (its output, shown when something times out).
#   mapget KEY...          a field of the ui map: a number, a string, or a rectangle as "x y w h"
#   waitfor SECONDS CMD... polls CMD until it prints something that is neither empty nor 0, and prints that
mapget() { python3 - "$map" "$@" <<'PY'
import json, sys
try:
    d = json.load(open(sys.argv[1]))
    for k in sys.argv[2:]:
        d = d[k]
    print(" ".join(str(int(v)) for v in d) if isinstance(d, list) else d)
except Exception:
    print("")
PY
}
waitfor() {
  local deadline=$((SECONDS + $1)); shift
  until v=$("$@") && [ -n "$v" ] && [ "$v" != "0" ]; do
    [ $SECONDS -lt $deadline ] || { echo "$(basename "$0"): timed out waiting for: $*" >&2; cat "$log" >&2; exit 1; }
    kill -0 $pid 2>/dev/null || { echo "$(basename "$0"): the app exited early" >&2; cat "$log" >&2; exit 1; }
    sleep 0.1
  done
  echo "$v"
}
steps_above() { local v; v=$(mapget env_steps); [ -n "$v" ] && [ "$v" -gt "$1" ] && echo 1 || echo ""; }
