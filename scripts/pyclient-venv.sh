#!/usr/bin/env bash
# Creates (once) the throwaway virtualenv of the Python client's tests and
# benchmark, .tmp/pyclient-venv, with the client's pinned dependencies
# (scripts/venv.sh), and installs the client from clients/python into it
# (again on every call, so it is the checkout's). Prints its python path.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
python=$("$root/scripts/venv.sh" "${QUIVER_PYCLIENT_VENV:-$root/.tmp/pyclient-venv}" \
  pyarrow==26.0.1 pandas==3.1.1 requests==2.34.2 pytest==9.2.0)
"$python" -m pip install -q --disable-pip-version-check --no-deps --force-reinstall "$root/clients/python" >&2
echo "$python"
