#!/usr/bin/env bash
# Runs every test of every module. Installs what the tests need first, builds
# the binaries, starts the real backends the store tests use (scripts/backends),
# runs the tests, and stops the backends again, also on failure.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
# DuckDB's Arrow interface (the embedded offline store) needs this build tag.
export GOFLAGS="-tags=duckdb_arrow ${GOFLAGS:-}"
./scripts/install-deps.sh protoc shells chromium
make --no-print-directory build

state=$(mktemp -d "${TMPDIR:-/tmp}/quiver-test.XXXXXX")
started=()
stop_backends() {
  for b in "${started[@]}"; do
    "scripts/backends/$b.sh" stop "$state/$b" >&2 || echo "test: stopping $b failed" >&2
  done
  rm -rf "$state"
}
trap stop_backends EXIT
# The backends start at once (Milvus and Cassandra take tens of seconds
# each); each one's export lines go to a file, read once all are up.
pids=()
for script in scripts/backends/*.sh; do
  [ -e "$script" ] || continue
  # Opt-in backends (keycloak.sh) have their own make target.
  grep -q '^# quiver-backend: opt-in' "$script" && continue
  b=$(basename "$script" .sh)
  mkdir -p "$state/$b"
  echo "test: starting backend $b" >&2
  started+=("$b")
  "$script" start "$state/$b" >"$state/$b.env" &
  pids+=($!)
done
# Wait for every start, failed or not, so that stop_backends finds them all.
failed=0
for pid in "${pids[@]}"; do
  wait "$pid" || failed=1
done
[ "$failed" = 0 ] || { echo "test: a backend did not start (see above)" >&2; exit 1; }
for b in "${started[@]}"; do
  eval "$(cat "$state/$b.env")"
done

# Every module builds outside the workspace and is tidy.
./scripts/check-modules.sh

# With a go.work root that is not itself a module, list the modules.
modules=$(go list -m -f '{{.Dir}}/...')
go vet $modules
go test -count=1 -timeout 20m $modules

# Feast's own Python SDK against quiver serve (tests/feast_sdk).
./scripts/test-feast-sdk.sh

# The Python client (clients/python) against quiver serve.
./scripts/test-python-client.sh
