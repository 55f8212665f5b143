#!/usr/bin/env bash
# Produces the Feast compatibility fixture of the Redis plugin by running Feast
# itself: installs Feast into the throwaway virtualenv (scripts/feast-venv.sh),
# writes a small Feast repository into a temporary folder (entities with int64,
# string and two join keys, a view without entities, features of every scalar
# and list type Feast and Quiver share, timestamps, nulls), materializes it into
# a scratch redis-server (scripts/backends/redis.sh), and dumps
#   - every key Feast wrote: key, field names and values, in hex;
#   - the rows Feast was given, with explicit types;
#   - what get_online_features returned for them,
# into plugins/redis/testdata/feast_redis.json. Only that dumped data is
# committed; Feast's code stays in the virtualenv.
# Usage: scripts/feast-redis-fixtures.sh [OUTPUT]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$root/plugins/redis/testdata/feast_redis.json}
python=$("$root/scripts/feast-venv.sh")
work=$(mktemp -d "${TMPDIR:-/tmp}/quiver-feast-fixture.XXXXXX")
cleanup() {
  "$root/scripts/backends/redis.sh" stop "$work/redis" >&2 || true
  rm -rf "$work"
}
trap cleanup EXIT
eval "$("$root/scripts/backends/redis.sh" start "$work/redis")"
echo "feast-redis-fixtures: Feast $("$python" -c 'import feast; print(feast.__version__)'), redis $QUIVER_TEST_REDIS_ADDR" >&2
mkdir -p "$work/repo" "$(dirname "$out")"
cd "$work/repo"
REDIS_ADDR=$QUIVER_TEST_REDIS_ADDR OUT=$out "$python" "$root/scripts/feast_redis_fixtures.py" >&2
echo "feast-redis-fixtures: wrote $out" >&2
