#!/usr/bin/env bash
# Runs the Python client's tests (clients/python/tests) against a real
# `quiver serve` of the demo repository that the suite's fixtures start and
# stop on free loopback ports, in the virtualenv of scripts/pyclient-venv.sh.
# Needs bin/quiver (make build).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
python=$(scripts/pyclient-venv.sh)
QUIVER_BIN="$root/bin/quiver" "$python" -m pytest -q -p no:cacheprovider clients/python/tests
