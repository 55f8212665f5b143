#!/usr/bin/env bash
# Runs every test of every module. Installs what the tests need first, builds
# the binaries, and starts/stops the real backends the store tests use.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
# DuckDB's Arrow interface (the embedded offline store) needs this build tag.
export GOFLAGS="-tags=duckdb_arrow ${GOFLAGS:-}"
./scripts/install-deps.sh protoc
make --no-print-directory build
# With a go.work root that is not itself a module, list the modules.
go vet $(go list -m -f '{{.Dir}}/...')
go test -count=1 $(go list -m -f '{{.Dir}}/...')
