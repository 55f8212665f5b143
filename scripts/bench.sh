#!/usr/bin/env bash
# Runs the benchmark programs and prints Markdown for docs/benchmarks.md.
# Usage: scripts/bench.sh [plugin-hop ...]; with no argument, all of them.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export GOFLAGS="-tags=duckdb_arrow ${GOFLAGS:-}"
go build -o bin/quiver-bench ./host/cmd/quiver-bench
benches=${*:-plugin-hop online-http materialize}
for b in $benches; do
  echo "## $b"
  echo
  echo "Command: \`bin/quiver-bench $b\` (via \`make bench\`), $(date -u +%Y-%m-%d)"
  echo
  case $b in
    plugin-hop) bin/quiver-bench plugin-hop --plugin bin/quiver-plugin-memory ;;
    *) bin/quiver-bench "$b" ;;
  esac
  echo
done
