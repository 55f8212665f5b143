#!/usr/bin/env bash
# Runs tests/feast_sdk: Feast's own Python SDK (its remote online store,
# offline store and registry clients) against a `quiver serve` of the demo repository that the suite's
# fixtures start and stop on free loopback ports. Feast is installed once,
# at the pinned version, into the throwaway virtualenv .tmp/feast-venv and
# reused while the pin stays the same. Needs bin/quiver (make build).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
version=${QUIVER_FEAST_VERSION:-0.67.0}
pytest_version=9.2.0
# grpcio: Feast's remote registry client (registry_type: remote) needs it.
grpcio_version=1.85.3
venv=${QUIVER_FEAST_VENV:-$root/.tmp/feast-venv}
stamp="$venv/.quiver-pins"
pins="feast==$version grpcio==$grpcio_version pytest==$pytest_version"
if [ ! -x "$venv/bin/python" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$pins" ]; then
  echo "feast-sdk: installing $pins from PyPI into $venv" >&2
  rm -rf "$venv"
  python3 -m venv "$venv"
  # shellcheck disable=SC2086
  "$venv/bin/pip" install -q --disable-pip-version-check $pins
  echo "$pins" >"$stamp"
fi
QUIVER_BIN="$root/bin/quiver" "$venv/bin/python" -m pytest -q -p no:cacheprovider tests/feast_sdk
