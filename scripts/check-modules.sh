#!/usr/bin/env bash
# Checks that every module of go.work builds on its own, outside the
# workspace, and that its go.mod and go.sum are tidy: a plugin author
# imports sdk and conformance from outside this repository.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
case "${GOFLAGS:-}" in
  *duckdb_arrow*) ;;
  *) export GOFLAGS="-tags=duckdb_arrow ${GOFLAGS:-}" ;;
esac
failed=0
for dir in $(go list -m -f '{{.Dir}}'); do
  name=${dir#"$root"/}
  if ! out=$(cd "$dir" && GOWORK=off go build ./... 2>&1); then
    echo "modules: $name does not build outside go.work:" >&2
    echo "$out" >&2
    failed=1
  fi
  if ! out=$(cd "$dir" && GOWORK=off go mod tidy -diff 2>&1); then
    echo "modules: $name is not tidy (run: cd $name && GOWORK=off go mod tidy):" >&2
    echo "$out" | grep -v '^go: downloading' >&2
    failed=1
  fi
done
[ "$failed" = 0 ] && echo "modules: every module builds on its own and is tidy"
exit "$failed"
