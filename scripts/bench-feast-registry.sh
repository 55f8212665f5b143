#!/usr/bin/env bash
# Times Feast 0.67's own remote registry client (registry_type: remote)
# against `quiver serve` on the demo repository: per-call latency of the
# registry reads a notebook makes (get_feature_view, which
# get_historical_features makes once per view; list_feature_views;
# list_entities), the same GetFeatureView through the client's raw stub
# (without Feast's conversion of the answer into its Python objects), and
# the floor of the same run: GetInfra through the same client and channel,
# which the server answers without reading anything. Feast lives in the throwaway virtualenv of
# scripts/test-feast-sdk.sh's pins (grpcio included). Prints Markdown.
# Usage: scripts/bench-feast-registry.sh [CALLS]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
python=$("$root/scripts/feast-venv.sh")
[ -x "$root/bin/quiver" ] || (cd "$root" && make build >/dev/null)
QUIVER_BIN="$root/bin/quiver" PYTHONPATH="$root/tests/feast_sdk" "$python" - "${1:-500}" <<'PY'
import shutil, statistics, sys, tempfile, time
from pathlib import Path

from conftest import Demo, notebook_store

calls = int(sys.argv[1])
tmp = Path(tempfile.mkdtemp(prefix="quiver-bench-registry-"))
demo = Demo(tmp)
print(f"setting up the demo in {tmp}", file=sys.stderr)
demo.start()
try:
    (tmp / "notebook").mkdir()
    store = notebook_store(demo, tmp / "notebook")
    project = store.project

    def timed(f):
        for _ in range(min(50, calls)):  # warm the channel and the server
            f()
        times = []
        for _ in range(calls):
            began = time.perf_counter()
            f()
            times.append((time.perf_counter() - began) * 1000)
        times.sort()
        return statistics.median(times), times[int(len(times) * 0.99) - 1]

    print(f"{calls} sequential calls each after 50 of warm-up; the demo's registry (2 entities, 4 sources, "
          f"2 views, 1 service); Feast {__import__('feast').__version__}\n")
    print("| call | p50 ms | p99 ms |\n|---|---|---|", flush=True)
    from feast.protos.feast.registry import RegistryServer_pb2 as pb
    raw = pb.GetFeatureViewRequest(name="driver_hourly_stats", project=project)
    for name, f in [
        ("`get_feature_view` (GetFeatureView)", lambda: store.get_feature_view("driver_hourly_stats")),
        ("the same GetFeatureView through the raw stub (no Python objects built)", lambda: store.registry.stub.GetFeatureView(raw)),
        ("`list_feature_views` (ListFeatureViews)", lambda: store.list_feature_views()),
        ("`list_entities` (ListEntities)", lambda: store.list_entities()),
        ("floor: `registry.get_infra` (GetInfra, no registry read)", lambda: store.registry.get_infra(project)),
    ]:
        p50, p99 = timed(f)
        print(f"| {name} | {p50:.2f} | {p99:.2f} |", flush=True)
finally:
    demo.stop()
    shutil.rmtree(tmp, ignore_errors=True)
PY
