#!/usr/bin/env bash
# Starts or stops a throwaway redis-server for the tests (see README.md here).
#   scripts/backends/redis.sh start STATE_DIR   installs redis-server from the Debian
#       package if missing, starts it on a free 127.0.0.1 port with no persistence and its
#       files under STATE_DIR, waits for PING, prints `export QUIVER_TEST_REDIS_ADDR=...`.
#   scripts/backends/redis.sh stop STATE_DIR    shuts it down and removes STATE_DIR's files.
# Logs go to stderr; stdout carries only the export line.
set -euo pipefail

usage() { echo "usage: $0 start|stop STATE_DIR" >&2; exit 2; }
[ $# -eq 2 ] || usage
cmd=$1
state=$2

# shellcheck source=../lib/backends.sh
source "$(cd "$(dirname "$0")/../lib" && pwd)/backends.sh"

# install puts redis-server (and redis-cli) on PATH from Debian packages.
install() {
  command -v redis-server >/dev/null && command -v redis-cli >/dev/null && return
  echo "redis.sh: installing redis-server from Debian packages" >&2
  apt_install redis-server
  # The package starts a system-wide server on 6379; the tests never use it.
  if command -v systemctl >/dev/null && systemctl is-active --quiet redis-server 2>/dev/null; then
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo=sudo
    $sudo systemctl stop redis-server >&2 || true
  fi
}

start() {
  install
  mkdir -p "$state"
  state=$(cd "$state" && pwd)
  local port tries=0
  while :; do
    port=$(free_port)
    if redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no \
      --dir "$state" --daemonize yes --pidfile "$state/redis.pid" \
      --logfile "$state/redis.log" >&2; then
      break
    fi
    tries=$((tries + 1))
    [ $tries -lt 5 ] || { echo "redis.sh: redis-server did not start" >&2; exit 1; }
  done
  echo "$port" >"$state/port"
  for _ in $(seq 1 100); do
    if [ "$(redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null)" = "PONG" ]; then
      echo "redis.sh: redis-server $(redis-server --version | awk '{print $3}') on 127.0.0.1:$port" >&2
      echo "export QUIVER_TEST_REDIS_ADDR=127.0.0.1:$port"
      return
    fi
    sleep 0.1
  done
  echo "redis.sh: redis-server on port $port did not answer PING; log:" >&2
  cat "$state/redis.log" >&2 || true
  exit 1
}

stop() {
  [ -d "$state" ] || return 0
  if [ -f "$state/port" ]; then
    redis-cli -h 127.0.0.1 -p "$(cat "$state/port")" shutdown nosave >/dev/null 2>&1 || true
  fi
  if [ -f "$state/redis.pid" ]; then
    local pid
    pid=$(cat "$state/redis.pid")
    for _ in $(seq 1 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill "$pid" 2>/dev/null || true
  fi
  rm -rf "$state"
}

case $cmd in
  start) start ;;
  stop) stop ;;
  *) usage ;;
esac
