#!/usr/bin/env bash
# Creates (once) a throwaway virtualenv with Feast, for side-by-side benchmarks
# and for generating compatibility fixtures only. Feast is never a dependency of
# Quiver or of its tests' runtime. Prints the virtualenv's python path.
# Usage: scripts/feast-venv.sh [extra pip packages...]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
venv=${QUIVER_FEAST_VENV:-$root/.tmp/feast-venv}
version=${QUIVER_FEAST_VERSION:-0.67.0}
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import feast" 2>/dev/null; then
  python3 -m venv "$venv" >&2
  "$venv/bin/pip" install -q --upgrade pip >&2
  "$venv/bin/pip" install -q "feast[redis]==$version" "$@" >&2
elif [ $# -gt 0 ]; then
  "$venv/bin/pip" install -q "$@" >&2
fi
echo "$venv/bin/python"
