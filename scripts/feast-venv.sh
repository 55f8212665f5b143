#!/usr/bin/env bash
# Creates (once) the throwaway virtualenv with Feast, for the Feast SDK tests
# (tests/feast_sdk), side-by-side benchmarks and compatibility fixtures. Feast
# is never a dependency of Quiver. The pins below are installed together and
# recorded in the virtualenv; when they change, the virtualenv is rebuilt.
# Extra packages named on the command line are installed on top. Prints the
# virtualenv's python path.
# Usage: scripts/feast-venv.sh [extra pip packages...]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
venv=${QUIVER_FEAST_VENV:-$root/.tmp/feast-venv}
version=${QUIVER_FEAST_VERSION:-0.67.0}
# grpcio: Feast's remote registry client (registry_type: remote) needs it;
# redis: Feast's Redis online store (the side-by-side benchmark); pytest: the
# tests, whose fixtures the benchmarks reuse.
pins="feast[redis]==$version grpcio==1.85.3 pytest==9.2.0"
stamp="$venv/.quiver-pins"
if [ ! -x "$venv/bin/python" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$pins" ]; then
  echo "feast-venv: installing $pins from PyPI into $venv" >&2
  rm -rf "$venv"
  python3 -m venv "$venv" >&2
  # shellcheck disable=SC2086
  "$venv/bin/pip" install -q --disable-pip-version-check $pins >&2
  echo "$pins" >"$stamp"
fi
if [ $# -gt 0 ]; then
  "$venv/bin/pip" install -q --disable-pip-version-check "$@" >&2
fi
echo "$venv/bin/python"
