#!/usr/bin/env bash
# Starts or stops a real Milvus server for the tests (see README.md here).
#
#   milvus.sh start STATE_DIR   prints: export QUIVER_TEST_MILVUS_ADDR=127.0.0.1:PORT
#   milvus.sh stop STATE_DIR
#
# The server is PyPI's `milvus` package (Milvus 2.3.x "lite" standalone: the
# real milvus binary with embedded etcd and local storage), installed once into
# the throwaway virtualenv .tmp/milvus-venv and started with its
# `milvus-server` command on a free loopback port, with its binaries,
# configuration and data under STATE_DIR. Start-up unpacks about 250 MB of
# binaries and takes 20-40 s on 2 cores; we wait at most
# QUIVER_MILVUS_START_TIMEOUT seconds (default 120).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
venv=${QUIVER_MILVUS_VENV:-$root/.tmp/milvus-venv}
version=${QUIVER_MILVUS_VERSION:-2.3.5}
timeout=${QUIVER_MILVUS_START_TIMEOUT:-120}
cmd=${1:?usage: milvus.sh start|stop STATE_DIR}
state=${2:?usage: milvus.sh start|stop STATE_DIR}

install() {
  if [ -x "$venv/bin/milvus-server" ]; then
    return
  fi
  echo "milvus: installing milvus==$version from PyPI into $venv" >&2
  python3 -m venv "$venv" >&2
  "$venv/bin/pip" install -q "milvus==$version" >&2
}

# shellcheck source=../lib/backends.sh
source "$root/scripts/lib/backends.sh"

start() {
  install
  mkdir -p "$state/data"
  local port
  port=$(free_port)
  # setsid: the server gets its own process group, which stop kills whole.
  setsid "$venv/bin/milvus-server" --data "$state/data" --proxy-port "$port" \
    >"$state/server.log" 2>&1 </dev/null &
  echo $! >"$state/pid"
  local start=$SECONDS
  until grep -q "Welcome to use Milvus" "$state/server.log" 2>/dev/null; do
    if ! kill -0 "$(cat "$state/pid")" 2>/dev/null || grep -q "timeout\|already stopped" "$state/server.log"; then
      echo "milvus: the server stopped during start-up; log:" >&2
      tail -20 "$state/server.log" >&2
      tail -20 "$state/data/logs/milvus-stderr.log" >&2 2>/dev/null || true
      exit 1
    fi
    if ((SECONDS - start > timeout)); then
      echo "milvus: not up after ${timeout}s; see $state/data/logs" >&2
      stop
      exit 1
    fi
    sleep 1
  done
  echo "milvus: up on 127.0.0.1:$port after $((SECONDS - start))s" >&2
  echo "export QUIVER_TEST_MILVUS_ADDR=127.0.0.1:$port"
}

stop() {
  stop_group "$state/pid" 10
  rm -rf "$state/data" "$state/server.log"
}

case $cmd in
  start) start ;;
  stop) stop ;;
  *) echo "usage: milvus.sh start|stop STATE_DIR" >&2; exit 2 ;;
esac
