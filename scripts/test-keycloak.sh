#!/usr/bin/env bash
# `make test-keycloak`: the opt-in OIDC end-to-end test. Starts a real Keycloak
# (scripts/backends/keycloak.sh: downloaded once into .tmp/keycloak, about a minute to
# start), runs TestKeycloakEndToEnd against it, and stops it again, also on failure.
# Not part of `make test` (scripts/test.sh skips opt-in backends).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
# DuckDB's Arrow interface (the embedded offline store) needs this build tag.
export GOFLAGS="-tags=duckdb_arrow ${GOFLAGS:-}"
state=$(mktemp -d "${TMPDIR:-/tmp}/quiver-keycloak.XXXXXX")
trap '"$root/scripts/backends/keycloak.sh" stop "$state" >&2 || echo "test-keycloak: stopping Keycloak failed" >&2; rm -rf "$state"' EXIT
env_lines=$("$root/scripts/backends/keycloak.sh" start "$state")
eval "$env_lines"
# Set, so the test runs rather than skips.
: "${QUIVER_TEST_KEYCLOAK_URL:?keycloak.sh printed no URL}" "${QUIVER_TEST_KEYCLOAK_SECRET:?keycloak.sh printed no secret}"
cd host
go test -count=1 -v -run '^TestKeycloakEndToEnd$' ./internal/serving/
