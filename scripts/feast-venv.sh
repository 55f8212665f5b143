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
# shellcheck disable=SC2086
python=$("$root/scripts/venv.sh" "$venv" $pins)
if [ $# -gt 0 ]; then
  "$venv/bin/pip" install -q --disable-pip-version-check "$@" >&2
fi
echo "$python"
