#!/usr/bin/env bash
# Creates (once) a throwaway virtualenv at DIR with the pinned packages, and
# prints its python path. The pins are recorded in the virtualenv; when they
# change, it is rebuilt. Used by feast-venv.sh and test-python-client.sh.
# Usage: scripts/venv.sh DIR PIN [PIN...]
set -euo pipefail
venv=$1
shift
pins="$*"
stamp="$venv/.quiver-pins"
if [ ! -x "$venv/bin/python" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$pins" ]; then
  echo "venv: installing $pins from PyPI into $venv" >&2
  rm -rf "$venv"
  python3 -m venv "$venv" >&2
  # shellcheck disable=SC2086
  "$venv/bin/pip" install -q --disable-pip-version-check $pins >&2
  echo "$pins" >"$stamp"
fi
echo "$venv/bin/python"
