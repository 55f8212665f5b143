#!/usr/bin/env bash
# Runs the benchmark programs and prints Markdown for docs/benchmarks.md.
# Usage: scripts/bench.sh [plugin-hop ...]; with no argument, all of them.
# QUICK=1 shortens the serving benchmarks (plugin-hop, online-http,
# redis-http) to about two minutes in all, floors included: `make bench-quick`.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export GOFLAGS="-tags=duckdb_arrow ${GOFLAGS:-}"
go build -o bin/quiver-bench ./host/cmd/quiver-bench
benches=${*:-plugin-hop online-http online-auth materialize redis-http redis-materialize cassandra-http cassandra-materialize vector-cassandra historical bigquery-historical bigquery-materialize vector-embedded vector-milvus feast-flight feast-registry python-client}
# historical generates about 1 GB of Parquet under .tmp/bench-historical once (kept and reused).
# The Redis benchmarks run against a scratch redis-server (scripts/backends/redis.sh), the
# Cassandra ones against a scratch Cassandra (scripts/backends/cassandra.sh), the BigQuery
# ones against a scratch BigQuery emulator (scripts/backends/bigquery.sh).
redis_state=
cassandra_state=
bigquery_state=
mstate=
stop_backends() {
  [ -z "$redis_state" ] || { scripts/backends/redis.sh stop "$redis_state/redis" >&2; rm -rf "$redis_state"; }
  [ -z "$cassandra_state" ] || { scripts/backends/cassandra.sh stop "$cassandra_state/cassandra" >&2; rm -rf "$cassandra_state"; }
  [ -z "$bigquery_state" ] || { scripts/backends/bigquery.sh stop "$bigquery_state/bigquery" >&2; rm -rf "$bigquery_state"; }
  [ -z "$mstate" ] || { scripts/backends/milvus.sh stop "$mstate" >&2; rm -rf "$mstate"; }
}
trap stop_backends EXIT
case " $benches " in *" redis-"*)
  go build -o bin/ ./plugins/redis/cmd/quiver-plugin-redis
  redis_state=$(mktemp -d "${TMPDIR:-/tmp}/quiver-bench-redis.XXXXXX")
  eval "$(scripts/backends/redis.sh start "$redis_state/redis")"
  ;;
esac
case " $benches " in *" cassandra-"*|*" vector-cassandra "*)
  go build -o bin/ ./plugins/cassandra/cmd/quiver-plugin-cassandra ./plugins/cassandra/cmd/quiver-cassandra-bench
  cassandra_state=$(mktemp -d "${TMPDIR:-/tmp}/quiver-bench-cassandra.XXXXXX")
  eval "$(scripts/backends/cassandra.sh start "$cassandra_state/cassandra")"
  ;;
esac
case " $benches " in *" bigquery-"*)
  go build -o bin/ ./host/cmd/quiver ./plugins/bigquery/cmd/quiver-plugin-bigquery
  bigquery_state=$(mktemp -d "${TMPDIR:-/tmp}/quiver-bench-bigquery.XXXXXX")
  eval "$(scripts/backends/bigquery.sh start "$bigquery_state/bigquery")"
  ;;
esac
for b in $benches; do
  echo "## $b"
  echo
  cmd="bin/quiver-bench $b"
  [ "$b" != feast-flight ] || cmd=scripts/bench-feast-flight.sh
  [ "$b" != feast-registry ] || cmd=scripts/bench-feast-registry.sh
  [ "$b" != python-client ] || cmd=scripts/bench-python-client.sh
  echo "Command: \`$cmd\` (via \`make bench\`), $(date -u +%Y-%m-%d)"
  echo
  quick=()
  if [ -n "${QUICK:-}" ]; then
    case $b in
      plugin-hop) quick=(--requests 5000 --warmup 500) ;;
      online-http) quick=(--duration 3s) ;;
      redis-http) quick=(--duration 3s --rate 100) ;;
    esac
  fi
  case $b in
    plugin-hop) bin/quiver-bench plugin-hop --plugin bin/quiver-plugin-memory "${quick[@]}" ;;
    vector-milvus)
      # Starts a Milvus server (scripts/backends/milvus.sh) unless
      # QUIVER_TEST_MILVUS_ADDR names one, and stops it afterwards.
      go build -o bin/ ./plugins/milvus/cmd/quiver-milvus-bench
      if [ -z "${QUIVER_TEST_MILVUS_ADDR:-}" ]; then
        mstate=$(mktemp -d)
        eval "$(scripts/backends/milvus.sh start "$mstate")"
      fi
      bin/quiver-milvus-bench --milvus "$QUIVER_TEST_MILVUS_ADDR" --ef 256 ;;
    redis-http)
      # Reads on each data path of the plugin protocol (quiver serve --plugin-data-path).
      for path in grpc socket; do
        bin/quiver-bench redis-http --redis-addr "$QUIVER_TEST_REDIS_ADDR" --data-path "$path" "${quick[@]}"
        echo
      done ;;
    redis-*) bin/quiver-bench "$b" --redis-addr "$QUIVER_TEST_REDIS_ADDR" "${quick[@]}" ;;
    cassandra-http)
      # The floors in the same run: HTTP no-op (printed by cassandra-http), the store and
      # the driver in process on the very tables the HTTP run wrote, and the plugin no-op.
      bin/quiver-bench cassandra-http --cassandra-addr "$QUIVER_TEST_CASSANDRA_ADDR"
      echo
      bin/quiver-cassandra-bench floor --cassandra "$QUIVER_TEST_CASSANDRA_ADDR"
      echo
      bin/quiver-bench plugin-hop --plugin bin/quiver-plugin-memory --requests 5000 --warmup 500 ;;
    cassandra-*) bin/quiver-bench "$b" --cassandra-addr "$QUIVER_TEST_CASSANDRA_ADDR" ;;
    bigquery-materialize) bin/quiver-bench "$b" --quiver bin/quiver ;;
    vector-cassandra) bin/quiver-cassandra-bench vector --cassandra "$QUIVER_TEST_CASSANDRA_ADDR" ;;
    feast-flight) scripts/bench-feast-flight.sh ;;
    feast-registry) scripts/bench-feast-registry.sh ;;
    python-client) scripts/bench-python-client.sh ;;
    *) bin/quiver-bench "$b" "${quick[@]}" ;;
  esac
  echo
done
