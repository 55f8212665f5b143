#!/usr/bin/env bash
# The whole feature-store loop on the embedded defaults (SQLite online,
# Parquet + DuckDB offline), with no server to install:
#   init -> apply -> materialize -> serve -> query over HTTP,
# then RAG: ingest the Quiver docs, ask a question, show the nearest chunks.
# Usage: scripts/demo.sh [DIR]   (default: a new temporary folder)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
quiver="$root/bin/quiver"
[ -x "$quiver" ] || { echo "demo: build first (make build)" >&2; exit 1; }
work=${1:-$(mktemp -d)/driver_demo}
server=
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null; true; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

step "quiver init $work"
"$quiver" init "$work"
cd "$work"

step "quiver plan && quiver apply"
"$quiver" plan
"$quiver" apply

step "quiver materialize-incremental now"
"$quiver" materialize-incremental now

http=$(free_port); grpc=$(free_port)
step "quiver serve --http-addr 127.0.0.1:$http --grpc-addr 127.0.0.1:$grpc"
"$quiver" serve --http-addr "127.0.0.1:$http" --grpc-addr "127.0.0.1:$grpc" >"$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$http/health" >/dev/null 2>&1 && break
  kill -0 "$server" 2>/dev/null || { cat "$work/serve.log"; exit 1; }
  sleep 0.1
done

request='{"features": ["driver_hourly_stats:conv_rate", "driver_hourly_stats:acc_rate", "driver_hourly_stats:avg_daily_trips", "driver_hourly_stats:city"],
          "entities": {"driver_id": [1001, 1002, 99999]}}'
step "POST /get-online-features for drivers 1001, 1002 and unknown 99999"
echo "$request"
response=$(curl -fsS -X POST "http://127.0.0.1:$http/get-online-features" -H 'Content-Type: application/json' -d "$request")
echo "$response" | python3 -c '
import json, sys
r = json.load(sys.stdin)
names = r["metadata"]["feature_names"]
cols = r["results"]
print()
print("  ".join(f"{n:>18}" for n in names))
for i in range(len(cols[0]["values"])):
    cells = []
    for c in cols:
        v, s = c["values"][i], c["statuses"][i]
        text = str(v) if s == "PRESENT" else s
        cells.append(f"{text:>18}")
    print("  ".join(cells))
ts = cols[1]["event_timestamps"][0]
print(f"\nValues as of {ts} (event time of driver 1001), served from the embedded SQLite online store.")
'
step "RAG: quiver ingest-documents --feature-view docs README.md docs/"
# Run from the checkout, so chunk ids read README.md#0, docs/plugins.md#3, ...
(cd "$root" && "$quiver" --repo "$work" ingest-documents --feature-view docs README.md docs)

question="How do I write a store plugin?"
step "quiver retrieve-documents --query-text \"$question\" --top-k 3"
"$quiver" retrieve-documents --feature-view docs --query-text "$question" --top-k 3 --features source,chunk_index,text

step "POST /retrieve-online-documents (Feast v2), chunks of docs/ only"
doc_request='{"features": ["docs:source", "docs:chunk_index"], "query_string": "materialize features into the online store",
              "top_k": 3, "api_version": 2, "filters": {"type": "ne", "key": "source", "value": "README.md"}}'
curl -fsS -X POST "http://127.0.0.1:$http/retrieve-online-documents" -H 'Content-Type: application/json' -d "$doc_request" |
  python3 -c '
import json, sys
r = json.load(sys.stdin)
names = r["metadata"]["feature_names"]
cols = r["results"]
for i in range(len(cols[0]["values"])):
    print("  ".join(n + "=" + str(c["values"][i]) for n, c in zip(names, cols)))
'
step "done: the feature repository is in $work"
