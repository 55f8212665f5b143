#!/usr/bin/env bash
# Side-by-side: Quiver (`quiver serve` + quiver-plugin-redis) and Feast's Python
# feature server (`feast serve`, from the throwaway virtualenv of
# scripts/feast-venv.sh) serving the SAME Redis data, driven by the same Go load
# generator (quiver-bench). Quiver materializes the data; Feast reads it as is,
# since the layout is Feast's own. Prints Markdown for docs/benchmarks.md.
# Usage: scripts/bench-feast-redis.sh   (env: DRIVERS=10000 DURATION=5s FEAST_WORKERS=1)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
drivers=${DRIVERS:-10000}
duration=${DURATION:-5s}
workers=${FEAST_WORKERS:-1}
python=$(scripts/feast-venv.sh)
export GOFLAGS="-tags=duckdb_arrow ${GOFLAGS:-}"
go build -o bin/ ./host/cmd/quiver-bench ./plugins/redis/cmd/quiver-plugin-redis
work=$(mktemp -d "${TMPDIR:-/tmp}/quiver-bench-feast.XXXXXX")
feast_pid=
cleanup() {
  [ -z "$feast_pid" ] || kill "$feast_pid" 2>/dev/null || true
  scripts/backends/redis.sh stop "$work/redis" >&2 || true
  rm -rf "$work"
}
trap cleanup EXIT
eval "$(scripts/backends/redis.sh start "$work/redis")"

echo "### Quiver"
echo
bin/quiver-bench redis-http --redis-addr "$QUIVER_TEST_REDIS_ADDR" --drivers "$drivers" --duration "$duration" --dir "$work/quiver"
echo

# A Feast repository over the same Redis data: same project, entity and view.
mkdir -p "$work/feast"
REPO=$work/quiver ADDR=$QUIVER_TEST_REDIS_ADDR "$python" - >"$work/feast/repo.py" <<'PY'
import os, yaml
types = {"float32": "Float32", "float64": "Float64", "int64": "Int64", "int32": "Int32", "string": "String",
         "bool": "Bool", "bytes": "Bytes", "timestamp": "UnixTimestamp"}
def feast_type(t):
    return f"Array({types[t[5:-1]]})" if t.startswith("list<") else types[t]
views = yaml.safe_load(open(os.path.join(os.environ["REPO"], "features.yaml")))["feature_views"]
schema = ",\n    ".join(f'Field(name="{f["name"]}", dtype={feast_type(f["dtype"])})' for f in views[0]["schema"])
print(f'''from datetime import timedelta
from feast import Entity, FeatureView, Field, FileSource, ValueType
from feast.types import Array, Bool, Bytes, Float32, Float64, Int32, Int64, String, UnixTimestamp
driver = Entity(name="driver", join_keys=["driver_id"], value_type=ValueType.INT64)
source = FileSource(name="stats_source", path="{os.environ["REPO"]}/data/stats.parquet",
                    timestamp_field="event_timestamp", created_timestamp_column="created")
driver_stats = FeatureView(name="driver_stats", entities=[driver], ttl=timedelta(days=2), source=source, schema=[
    {schema}])
''')
PY
cat >"$work/feast/feature_store.yaml" <<YAML
project: bench
registry: data/registry.db
provider: local
online_store:
  type: redis
  connection_string: "$QUIVER_TEST_REDIS_ADDR"
offline_store:
  type: file
entity_key_serialization_version: 3
YAML
feast=$(dirname "$python")/feast
(cd "$work/feast" && "$feast" apply >&2)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
(cd "$work/feast" && exec "$feast" serve -h 127.0.0.1 -p "$port" --no-access-log -w "$workers" >&2) &
feast_pid=$!
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break
  sleep 0.5
done
features=$(grep -o 'name: [a-z_0-9]*, dtype' "$work/quiver/features.yaml" | awk '{print $2}' | tr -d ',')
args=()
for f in $features; do args+=(--feature "driver_stats:$f"); done
echo "### Feast $("$python" -c 'import feast; print(feast.__version__)') \`feast serve\` ($workers worker(s)), same Redis data"
echo
bin/quiver-bench http-load --url "http://127.0.0.1:$port/get-online-features" --drivers "$drivers" \
  --duration "$duration" "${args[@]}"
