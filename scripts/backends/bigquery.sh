#!/usr/bin/env bash
# Starts or stops a BigQuery emulator for the tests (see docs/bigquery.md);
# scripts/test.sh (`make test`) starts it with the other backends.
#
#   bigquery.sh start STATE_DIR   prints, for eval:
#       export QUIVER_TEST_BIGQUERY_REST=http://127.0.0.1:PORT/bigquery/v2/
#       export QUIVER_TEST_BIGQUERY_GRPC=127.0.0.1:PORT   (Storage Read/Write API)
#       export QUIVER_TEST_BIGQUERY_PROJECT=quiver-test
#   bigquery.sh stop STATE_DIR    stops it and removes STATE_DIR's files.
#
# The emulator is PyPI's bqemulator (DuckDB underneath), installed once with
# numpy into the throwaway virtualenv .tmp/bqemu-venv and started through
# bigquery_emulator.py, which applies two fixes (no spatial extension download;
# an Arrow schema the Go client can read). It keeps its data in memory and its
# upload staging files under STATE_DIR. We wait at most
# QUIVER_BIGQUERY_START_TIMEOUT seconds (default 60) for REST to answer.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
venv=${QUIVER_BIGQUERY_VENV:-$root/.tmp/bqemu-venv}
version=${QUIVER_BIGQUERY_EMULATOR_VERSION:-1.4.0}
timeout=${QUIVER_BIGQUERY_START_TIMEOUT:-60}
project=quiver-test
usage() { echo "usage: bigquery.sh start|stop STATE_DIR" >&2; exit 2; }
[ $# -eq 2 ] || usage
cmd=$1
state=$2
log() { echo "bigquery: $*" >&2; }

# shellcheck source=../lib/backends.sh
source "$root/scripts/lib/backends.sh"

install() {
  if "$venv/bin/python" -c "import bqemulator, numpy" 2>/dev/null &&
    [ "$("$venv/bin/pip" show bqemulator 2>/dev/null | sed -n 's/^Version: //p')" = "$version" ]; then
    return
  fi
  log "installing bqemulator==$version and numpy from PyPI into $venv"
  python3 -m venv "$venv" >&2
  "$venv/bin/pip" install -q "bqemulator==$version" numpy >&2
}

start() {
  install
  mkdir -p "$state/uploads"
  state=$(cd "$state" && pwd)
  local rest grpc
  rest=$(free_port)
  grpc=$(free_port)
  while [ "$grpc" = "$rest" ]; do grpc=$(free_port); done
  # setsid: the server gets its own process group, which stop kills whole.
  BQEMU_UPLOAD_STAGING_DIR="$state/uploads" TMPDIR="$state/uploads" \
    setsid "$venv/bin/python" "$root/scripts/backends/bigquery_emulator.py" \
    --rest-port "$rest" --grpc-port "$grpc" --project "$project" --ephemeral --log-level warning \
    >"$state/server.log" 2>&1 </dev/null &
  echo $! >"$state/pid"
  local t0=$SECONDS
  until curl -fsS "http://127.0.0.1:$rest/bigquery/v2/projects/$project/datasets" >/dev/null 2>&1; do
    kill -0 "$(cat "$state/pid")" 2>/dev/null || { log "the emulator stopped during start-up:"; tail -20 "$state/server.log" >&2; exit 1; }
    ((SECONDS - t0 <= timeout)) || { log "REST not answering on 127.0.0.1:$rest after ${timeout}s"; stop; exit 1; }
    sleep 0.5
  done
  log "bqemulator $version: REST 127.0.0.1:$rest, gRPC 127.0.0.1:$grpc after $((SECONDS - t0))s"
  echo "export QUIVER_TEST_BIGQUERY_REST=http://127.0.0.1:$rest/bigquery/v2/"
  echo "export QUIVER_TEST_BIGQUERY_GRPC=127.0.0.1:$grpc"
  echo "export QUIVER_TEST_BIGQUERY_PROJECT=$project"
}

stop() {
  stop_group "$state/pid" 10
  rm -rf "$state/uploads" "$state/server.log"
  rmdir "$state" 2>/dev/null || true
}

case $cmd in
  start) start ;;
  stop) stop ;;
  *) usage ;;
esac
