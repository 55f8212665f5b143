#!/usr/bin/env bash
# Runs tests/feast_sdk: Feast's own Python SDK (its remote online store,
# offline store and registry clients) against a `quiver serve` of the demo repository that the suite's
# fixtures start and stop on free loopback ports. Feast is installed once,
# at the pinned version, into the throwaway virtualenv .tmp/feast-venv
# (scripts/feast-venv.sh) and reused while the pins stay the same. Needs
# bin/quiver (make build).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
python=$("$root/scripts/feast-venv.sh")
QUIVER_BIN="$root/bin/quiver" "$python" -m pytest -q -p no:cacheprovider tests/feast_sdk
