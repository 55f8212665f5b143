#!/usr/bin/env bash
# Times Feast's local (file) offline store get_historical_features on the
# Parquet data that `quiver-bench historical` generated, for a side-by-side
# figure in docs/benchmarks.md. Feast lives in a throwaway virtualenv
# (scripts/feast-venv.sh); it is never a dependency of Quiver.
# Usage: scripts/bench-feast-historical.sh ENTITIES.parquet FEATURES.parquet [FEATURE_COUNT]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
python=$("$root/scripts/feast-venv.sh")
entities=$(realpath "$1")
features=$(realpath "$2")
nfeat=${3:-10}
repo=$(mktemp -d)
trap 'rm -rf "$repo"' EXIT
cat > "$repo/feature_store.yaml" <<YAML
project: bench
registry: $repo/registry.db
provider: local
online_store:
  type: sqlite
  path: $repo/online.db
offline_store:
  type: file
entity_key_serialization_version: 3
YAML
cd "$repo"
"$python" - "$entities" "$features" "$nfeat" <<'PY'
import resource, sys, time
from datetime import timedelta
import pandas as pd
from feast import Entity, FeatureStore, FeatureView, Field, FileSource, ValueType
from feast.types import Float64

entities, features, nfeat = sys.argv[1], sys.argv[2], int(sys.argv[3])
driver = Entity(name="driver", join_keys=["driver_id"], value_type=ValueType.INT64)
source = FileSource(path=features, timestamp_field="event_timestamp")
# A ttl longer than the data's 100-day span: the same answer as Quiver's ttl 0.
view = FeatureView(name="driver_stats", entities=[driver], ttl=timedelta(days=3650), source=source,
                   schema=[Field(name=f"f{i}", dtype=Float64) for i in range(nfeat)])
store = FeatureStore(repo_path=".")
store.apply([driver, view])
entity_df = pd.read_parquet(entities)
began = time.perf_counter()
df = store.get_historical_features(entity_df=entity_df,
                                   features=[f"driver_stats:f{i}" for i in range(nfeat)]).to_df()
elapsed = time.perf_counter() - began
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"feast {len(entity_df)} entity rows: {elapsed:.2f} s, {len(df)} rows out, peak RSS {peak:.0f} MiB")
PY
