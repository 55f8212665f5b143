#!/usr/bin/env bash
# Times a training set of ROWS entity rows (default 1,000,000) fetched as a
# pandas DataFrame by the Python client (clients/python, over Arrow Flight)
# from `quiver serve` on the demo repository (1,008,000 feature rows, 7
# features), next to the same join through `quiver get-historical-features`
# to a Parquet file, and that file read into pandas. The server's
# max_body_bytes is raised to 256 MiB for the upload of the entity rows.
# Prints Markdown.
# Usage: scripts/bench-python-client.sh [ROWS] [RUNS]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
python=$("$root/scripts/pyclient-venv.sh")
[ -x "$root/bin/quiver" ] || (cd "$root" && make build >/dev/null)
QUIVER_BIN="$root/bin/quiver" PYTHONPATH="$root/tests" "$python" - "${1:-1000000}" "${2:-3}" <<'PY'
import os, platform, shutil, sys, tempfile
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from quiver_client import Client
from quiver_demo import Demo, random_entities, timed_runs

FEATURES = ["driver_hourly_stats:" + f for f in
            ("conv_rate", "acc_rate", "avg_daily_trips", "rating", "city", "active", "recent_trip_ids")]
rows, runs = int(sys.argv[1]), int(sys.argv[2])
tmp = Path(tempfile.mkdtemp(prefix="quiver-bench-pyclient-"))
demo = Demo(tmp)
print(f"setting up the demo in {tmp}", file=sys.stderr)
demo.setup()
config = demo.dir / "quiver.yaml"
text = config.read_text()
assert "  max_body_bytes: 10485760" in text, "the demo's quiver.yaml changed its feature_server block"
config.write_text(text.replace("  max_body_bytes: 10485760", "  max_body_bytes: 268435456"))
demo.serve()
try:
    entities = random_entities(rows)
    entity_file = tmp / "entities.parquet"
    entities.to_parquet(entity_file)
    out_file = tmp / "out.parquet"
    client = Client(demo.url)

    def median(f):
        return timed_runs(runs, f, rows)

    def cli():
        demo.cli("get-historical-features", "--entities", str(entity_file), "--features", ",".join(FEATURES),
                 "-o", str(out_file))
        return pq.read_metadata(out_file).num_rows

    def cli_then_pandas():
        cli()
        return len(pd.read_parquet(out_file))

    def python_client():
        return len(client.get_historical_features(entities, FEATURES))

    results = [
        ("`quiver get-historical-features` to a Parquet file (process start included)", median(cli)),
        ("the same, then `pandas.read_parquet` of the file", median(cli_then_pandas)),
        ("Python client `get_historical_features` to a DataFrame (Arrow Flight)", median(python_client)),
    ]
    load = os.getloadavg()[0]
    print(f"Training set of {rows:,} entity rows x {len(FEATURES)} features from the demo repository "
          f"(1,008,000 feature rows), median of {runs} runs; {os.cpu_count()} CPUs, {platform.system().lower()}, "
          f"load average {load:.2f} at the end\n")
    print("| path | median | min | max |")
    print("|---|---|---|---|")
    for name, (med, lo, hi) in results:
        print(f"| {name} | {med:.2f} s | {lo:.2f} s | {hi:.2f} s |")
    client.close()
finally:
    demo.stop()
    shutil.rmtree(tmp, ignore_errors=True)
PY
