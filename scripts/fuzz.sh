#!/usr/bin/env bash
# Runs every Go fuzz target (func FuzzXxx) of every module in go.work, one
# at a time, each for FUZZTIME (default 60s), and prints one line per target:
#
#   FuzzDecode  github.com/quiverfs/quiver/sdk/codec  61s  ok  execs=1234567
#
# It fails at the end if any target failed; a failing target's last lines
# are printed and its full log kept under .tmp/fuzz/. Findings are written
# by go test to the package's testdata/fuzz/FuzzXxx/, ready to be checked in
# as a regression seed once fixed.
#
# Environment:
#   FUZZTIME       how long each target runs (a go test -fuzztime value)
#   FUZZ_MATCH     optional extended regexp; only targets whose
#                  "package.FuzzName" matches run, e.g. FUZZ_MATCH=convert
#   FUZZ_PARALLEL  optional number of fuzzing workers (go test -parallel)
#
# Seed corpora (f.Add and testdata/fuzz) need nothing from here: plain
# `go test` (make test) runs them as ordinary tests.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
# DuckDB's Arrow interface (the embedded offline store) needs this build tag.
case "${GOFLAGS:-}" in
  *duckdb_arrow*) ;;
  *) export GOFLAGS="-tags=duckdb_arrow ${GOFLAGS:-}" ;;
esac
fuzztime=${FUZZTIME:-60s}
match=${FUZZ_MATCH:-}
parallel=()
[ -n "${FUZZ_PARALLEL:-}" ] && parallel=(-parallel="$FUZZ_PARALLEL")
logs="$root/.tmp/fuzz"
mkdir -p "$logs"

# list_targets prints "package name" for every fuzz target of the module
# in the current directory. grep narrows the packages to build; go test
# -list decides what really is a target (build tags, test files).
list_targets() {
  local dirs
  dirs=$(grep -rl --include='*_test.go' --exclude-dir=testdata '^func Fuzz' . | xargs -r -n1 dirname | sort -u)
  [ -n "$dirs" ] || return 0
  # shellcheck disable=SC2086 # one argument per directory
  go test -list '^Fuzz' $dirs | awk '
    /^Fuzz/ { names[n++] = $1; next }
    /^ok/   { for (i = 0; i < n; i++) print $2, names[i]; n = 0 }'
}

failed=0
total=0
for dir in $(go list -m -f '{{.Dir}}'); do
  cd "$dir"
  targets=$(list_targets) || { echo "fuzz: listing the targets of $dir failed" >&2; failed=$((failed + 1)); continue; }
  while read -r pkg name; do
    [ -n "$name" ] || continue
    if [ -n "$match" ] && ! grep -Eq -- "$match" <<<"$pkg.$name"; then
      continue
    fi
    total=$((total + 1))
    log="$logs/$(basename "$pkg").$name.log"
    start=$(date +%s)
    if go test -run='^$' -fuzz="^$name\$" -fuzztime="$fuzztime" "${parallel[@]}" "$pkg" >"$log" 2>&1; then
      result=ok
    else
      result=FAIL
      failed=$((failed + 1))
    fi
    execs=$(grep -o 'execs: [0-9]*' "$log" | tail -1 | cut -d' ' -f2 || true)
    printf '%s  %s  %ss  %s  execs=%s\n' "$name" "$pkg" "$(($(date +%s) - start))" "$result" "${execs:-?}"
    if [ "$result" = FAIL ]; then
      grep -v '^fuzz: elapsed' "$log" | tail -20 | sed 's/^/    /'
      echo "    full log: $log"
    fi
  done <<<"$targets"
  cd "$root"
done

echo "fuzz: $total targets, $failed failed"
[ "$failed" -eq 0 ]
