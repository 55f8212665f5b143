#!/usr/bin/env bash
# Installs what builds and tests need on a fresh Debian machine, only when
# missing. Usage: install-deps.sh [protoc shells chromium ...]; with no argument, everything.
set -euo pipefail
want=${*:-protoc shells chromium}
apt_updated=
apt_install() {
  if [ -z "$apt_updated" ]; then
    apt-get update -qq >/dev/null
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}
for dep in $want; do
  case $dep in
    protoc) command -v protoc >/dev/null || apt_install protobuf-compiler ;;
    # The shells whose completion scripts (quiver completion) the tests run.
    shells) { command -v zsh >/dev/null && command -v fish >/dev/null; } || apt_install zsh fish ;;
    # The headless browser of the web UI's tests (host/internal/webui).
    chromium) command -v chromium >/dev/null || apt_install chromium ;;
    *) echo "install-deps: unknown dependency $dep" >&2; exit 2 ;;
  esac
done
