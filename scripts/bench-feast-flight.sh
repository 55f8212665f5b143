#!/usr/bin/env bash
# Times a 100,000-row training set built through Feast 0.67's own SDK over
# Arrow Flight (offline_store: {type: remote}) against `quiver serve` on the
# demo repository (1,008,000 feature rows, 7 features), next to the floors
# of the same run: the same join through `quiver get-historical-features`
# (in process, plus process start), through POST /get-historical-features
# with an Arrow body, a Flight round trip that does no join, and Feast's own
# file offline store on the same Parquet (with FEAST_FILE=1: it takes over
# 15 minutes here). Feast lives in the throwaway
# virtualenv of scripts/feast-venv.sh. Prints Markdown.
# Usage: scripts/bench-feast-flight.sh [ROWS] [RUNS]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
python=$("$root/scripts/feast-venv.sh")
[ -x "$root/bin/quiver" ] || (cd "$root" && make build >/dev/null)
QUIVER_BIN="$root/bin/quiver" PYTHONPATH="$root/tests/feast_sdk" "$python" - "${1:-100000}" "${2:-3}" <<'PY'
import io, os, shutil, sys, tempfile, urllib.request
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

import conftest
from conftest import Demo, feast_store, remote_offline_store
from quiver_demo import random_entities, timed_runs
from test_online import DRIVER_FEATURES

rows, runs = int(sys.argv[1]), int(sys.argv[2])
tmp = Path(tempfile.mkdtemp(prefix="quiver-bench-flight-"))
demo = Demo(tmp)
print(f"setting up the demo in {tmp}", file=sys.stderr)
demo.start()
try:
    entities = random_entities(rows)
    entity_file = tmp / "entities.parquet"
    entities.to_parquet(entity_file)

    def median(f):
        return timed_runs(runs, f, rows)[0]

    def cli():
        demo.cli("get-historical-features", "--entities", str(entity_file), "--features", ",".join(DRIVER_FEATURES),
                 "-o", str(tmp / "out.parquet"))
        return pq.read_metadata(tmp / "out.parquet").num_rows

    table = pa.Table.from_pandas(entities, preserve_index=False)
    sink = io.BytesIO()
    with pa.ipc.new_stream(sink, table.schema) as w:
        w.write_table(table)
    body = sink.getvalue()

    def http():
        url = demo.url + "/get-historical-features?features=" + ",".join(DRIVER_FEATURES)
        req = urllib.request.Request(url, data=body, headers={"Content-Type": "application/vnd.apache.arrow.stream"})
        with urllib.request.urlopen(req, timeout=600) as r:
            return pa.ipc.open_stream(r.read()).read_all().num_rows

    for d in ("feast_file", "feast_remote"):
        (tmp / d).mkdir()
    file_store = feast_store(demo, tmp / "feast_file")
    remote = remote_offline_store(demo, Path(file_store.config.registry.path), tmp / "feast_remote")
    from feast.infra.offline_stores.remote import RemoteOfflineStore
    source = remote.get_data_source("driver_hourly_stats_source")

    def flight_noop():
        list(RemoteOfflineStore.get_table_column_names_and_types_from_data_source(None, remote.config, source))
        return rows

    def flight():
        return len(remote.get_historical_features(entity_df=entities, features=DRIVER_FEATURES).to_df())

    def feast_file():
        return len(file_store.get_historical_features(entity_df=entities, features=DRIVER_FEATURES).to_df())

    print(f"{rows:,} entity rows, {len(DRIVER_FEATURES)} features of the demo's 1,008,000 rows; median of {runs} runs; "
          f"Feast {__import__('feast').__version__}\n")
    print("| path | seconds |\n|---|---|", flush=True)
    figures = [("Feast SDK over Flight (`offline_store: remote`) to `quiver serve`", flight),
               ("floor: the same join, `POST /get-historical-features` with an Arrow body", http),
               ("floor: the same join, `quiver get-historical-features` (process start included)", cli),
               ("floor: a Flight round trip without a join (column types)", flight_noop)]
    if os.environ.get("FEAST_FILE"):  # minutes to hours on this data: opt in
        figures.append(("side by side: Feast's own file offline store, same Parquet", feast_file))
    for name, f in figures:
        print(f"| {name} | {median(f):.2f} |", flush=True)
finally:
    demo.stop()
    shutil.rmtree(tmp, ignore_errors=True)
PY
