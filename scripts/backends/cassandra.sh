#!/usr/bin/env bash
# Starts or stops a real single-node Cassandra 5.0 for the tests (see README.md here).
#
#   cassandra.sh start STATE_DIR   prints, for eval:
#       export QUIVER_TEST_CASSANDRA_ADDR=127.0.0.1:PORT   (CQL native protocol, v4/v5)
#   cassandra.sh stop STATE_DIR    stops it and removes STATE_DIR's files.
#   cassandra.sh halt STATE_DIR    stops it and keeps its data and ports: a later
#                                  start restarts the same node (the plugin's tests
#                                  of a node going down and coming back use it).
#
# The server is Maven Central's org.apache.cassandra:cassandra-all:VERSION jar with its
# runtime dependencies (about 100 jars, ~67 MB), copied once by Maven's dependency plugin
# (copy-dependencies over a one-dependency pom) into .tmp/cassandra/VERSION/lib; the Maven
# local repository used for that is a private one under .tmp/cassandra and is deleted
# afterwards. Apache publishes no binary tarball of 4.1/5.0 there, so this script writes
# cassandra.yaml and logback.xml itself and runs CassandraDaemon directly with Debian's
# OpenJDK 17 (the JPMS flags are those of upstream conf/jvm17-server.options), on a free
# loopback CQL port and a free storage (gossip) port, with all data under STATE_DIR and
# no JMX port. It waits at most QUIVER_CASSANDRA_START_TIMEOUT seconds (default 180) until
# the CQL port answers an OPTIONS request with SUPPORTED.
# Logs go to stderr (the server's to STATE_DIR/system.log and STATE_DIR/stdout.log);
# stdout carries only the export line.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
version=${QUIVER_CASSANDRA_VERSION:-5.0.9}
cache=${QUIVER_CASSANDRA_CACHE:-$root/.tmp/cassandra}
timeout=${QUIVER_CASSANDRA_START_TIMEOUT:-180}
lib=$cache/$version/lib

usage() { echo "usage: cassandra.sh start|stop|halt STATE_DIR" >&2; exit 2; }
[ $# -eq 2 ] || usage
cmd=$1
state=$2

log() { echo "cassandra: $*" >&2; }

# shellcheck source=../lib/backends.sh
source "$root/scripts/lib/backends.sh"

# java_home prints QUIVER_CASSANDRA_JAVA_HOME, else Debian's OpenJDK 17 (installed when missing).
java_home() { jdk17_home "${QUIVER_CASSANDRA_JAVA_HOME:-}"; }

# fetch puts cassandra-all and its runtime dependencies in $lib, once.
fetch() {
  [ -f "$lib/.complete" ] && return
  if ! command -v mvn >/dev/null; then
    log "installing maven from Debian packages"
    apt_install maven
  fi
  local work=$cache/download-$version
  rm -rf "$work" "$cache/m2"
  mkdir -p "$work"
  cat >"$work/pom.xml" <<EOF
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>quiver.test</groupId>
  <artifactId>cassandra-server</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>org.apache.cassandra</groupId>
      <artifactId>cassandra-all</artifactId>
      <version>$version</version>
    </dependency>
  </dependencies>
</project>
EOF
  log "downloading org.apache.cassandra:cassandra-all:$version and its runtime dependencies from Maven Central into $cache"
  local t0=$SECONDS
  # Maven Central answers an occasional 503: try three times, what was
  # fetched stays in $cache/m2 between tries.
  local try
  for try in 1 2 3; do
    if JAVA_HOME=$(java_home) timeout 1800 mvn -B -q -f "$work/pom.xml" \
      -Dmaven.repo.local="$cache/m2" \
      org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies \
      -DincludeScope=runtime -DoutputDirectory="$work/lib" >"$cache/mvn.log" 2>&1; then
      break
    fi
    if [ "$try" = 3 ]; then
      log "mvn failed three times; its last output:"
      tail -40 "$cache/mvn.log" >&2
      exit 1
    fi
    log "mvn failed (try $try of 3): retrying in $((try * 15)) s"
    sleep $((try * 15))
  done
  ls "$work/lib"/cassandra-all-*.jar "$work/lib"/jamm-*.jar >/dev/null 2>&1 ||
    { log "the download left no cassandra-all or jamm jar in $work/lib"; exit 1; }
  # Whole or not at all: an interrupted download never passes for the cache.
  rm -rf "$cache/$version"
  mkdir -p "$cache/$version"
  mv "$work/lib" "$lib"
  touch "$lib/.complete"
  # Keep one copy: the jars are in $lib now.
  rm -rf "$work" "$cache/m2"
  log "downloaded $(ls "$lib"/*.jar | wc -l) jars, $(du -sm "$lib" | cut -f1) MB, in $((SECONDS - t0))s"
}

# cql_ready PORT sends a CQL OPTIONS request (protocol v4 header) to 127.0.0.1:PORT and
# succeeds when a SUPPORTED answer comes back; it prints the server's CQL and protocol
# versions.
cql_ready() {
  python3 - "$1" <<'EOF' 2>/dev/null
import socket, struct, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=3)
s.sendall(struct.pack(">BBhBi", 0x04, 0, 1, 0x05, 0))  # version 4, OPTIONS, empty body
def read(n):
    b = b""
    while len(b) < n:
        c = s.recv(n - len(b))
        if not c:
            sys.exit(1)
        b += c
    return b
version, _, _, opcode, length = struct.unpack(">BBhBi", read(9))
body = read(length)
if version != 0x84 or opcode != 0x06:  # a v4 response, SUPPORTED
    sys.exit(1)
def string(i):
    n = struct.unpack(">H", body[i:i + 2])[0]
    return body[i + 2:i + 2 + n].decode(), i + 2 + n
opts, i = {}, 2
for _ in range(struct.unpack(">H", body[:2])[0]):
    key, i = string(i)
    vals = []
    count = struct.unpack(">H", body[i:i + 2])[0]
    i += 2
    for _ in range(count):
        v, i = string(i)
        vals.append(v)
    opts[key] = vals
print("CQL %s, protocols %s" % (",".join(opts.get("CQL_VERSION", [])),
                                 ",".join(opts.get("PROTOCOL_VERSIONS", []))))
EOF
}

# write_config writes cassandra.yaml and logback.xml into $state/conf.
write_config() {
  local native=$1 storage=$2
  mkdir -p "$state/conf" "$state/data" "$state/commitlog" "$state/saved_caches" \
    "$state/hints" "$state/cdc_raw" "$state/logs"
  cat >"$state/conf/cassandra.yaml" <<EOF
# Written by scripts/backends/cassandra.sh: one throwaway test node on loopback.
cluster_name: quiver-test
num_tokens: 16
allocate_tokens_for_local_replication_factor: 1
partitioner: org.apache.cassandra.dht.Murmur3Partitioner
endpoint_snitch: SimpleSnitch
seed_provider:
  - class_name: org.apache.cassandra.locator.SimpleSeedProvider
    parameters:
      - seeds: "127.0.0.1:$storage"
listen_address: 127.0.0.1
rpc_address: 127.0.0.1
storage_port: $storage
start_native_transport: true
native_transport_port: $native
authenticator: AllowAllAuthenticator
authorizer: AllowAllAuthorizer
role_manager: CassandraRoleManager
data_file_directories:
  - $state/data
commitlog_directory: $state/commitlog
saved_caches_directory: $state/saved_caches
hints_directory: $state/hints
cdc_raw_directory: $state/cdc_raw
commitlog_sync: periodic
commitlog_sync_period: 10000ms
commitlog_segment_size: 8MiB
disk_failure_policy: stop
commit_failure_policy: stop
# Small and quick: this node lives for one test run.
memtable_heap_space: 64MiB
memtable_offheap_space: 64MiB
key_cache_size: 8MiB
counter_cache_size: 0MiB
concurrent_reads: 8
concurrent_writes: 8
concurrent_counter_writes: 8
concurrent_compactors: 1
auto_snapshot: false
snapshot_before_compaction: false
hinted_handoff_enabled: false
EOF
  cat >"$state/conf/logback.xml" <<EOF
<configuration scan="false">
  <appender name="FILE" class="ch.qos.logback.core.FileAppender">
    <file>$state/system.log</file>
    <encoder>
      <pattern>%-5level [%thread] %date{ISO8601} %F:%L - %msg%n</pattern>
    </encoder>
  </appender>
  <root level="INFO">
    <appender-ref ref="FILE"/>
  </root>
</configuration>
EOF
}

# fail MESSAGE prints MESSAGE and the server's log tail, stops the server and exits 1.
fail() {
  log "$1; log tail:"
  tail -40 "$state/system.log" >&2 2>/dev/null || true
  tail -20 "$state/stdout.log" >&2 2>/dev/null || true
  stop
  exit 1
}

start() {
  fetch
  local jh
  jh=$(java_home)
  mkdir -p "$state"
  state=$(cd "$state" && pwd)
  local native storage jamm
  if [ -f "$state/port" ] && [ -f "$state/storage_port" ] && [ -f "$state/conf/cassandra.yaml" ]; then
    # A node halted by `halt` restarts with its ports and its data.
    native=$(cat "$state/port")
    storage=$(cat "$state/storage_port")
  else
    native=$(free_port)
    storage=$(free_port)
    while [ "$storage" = "$native" ]; do storage=$(free_port); done
    write_config "$native" "$storage"
    echo "$native" >"$state/port"
    echo "$storage" >"$state/storage_port"
  fi
  jamm=$(ls "$lib"/jamm-*.jar | head -1)
  local jvm=(
    -Xms512M -Xmx1G -Xss256k
    -XX:+UseG1GC -XX:+ParallelRefProcEnabled -XX:MaxTenuringThreshold=1
    -XX:G1HeapRegionSize=16m -XX:MaxGCPauseMillis=300
    -XX:+ExitOnOutOfMemoryError -XX:+HeapDumpOnOutOfMemoryError -XX:HeapDumpPath="$state/logs"
    -Djava.net.preferIPv4Stack=true
    # JPMS flags of upstream conf/jvm17-server.options.
    -Djdk.attach.allowAttachSelf=true
    --add-exports java.base/jdk.internal.misc=ALL-UNNAMED
    --add-exports java.management.rmi/com.sun.jmx.remote.internal.rmi=ALL-UNNAMED
    --add-exports java.rmi/sun.rmi.registry=ALL-UNNAMED
    --add-exports java.rmi/sun.rmi.server=ALL-UNNAMED
    --add-exports java.sql/java.sql=ALL-UNNAMED
    --add-exports java.base/java.lang.ref=ALL-UNNAMED
    --add-exports jdk.unsupported/sun.misc=ALL-UNNAMED
    --add-exports jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED
    --add-exports jdk.attach/sun.tools.attach=ALL-UNNAMED
    --add-opens java.base/java.lang.module=ALL-UNNAMED
    --add-opens java.base/jdk.internal.loader=ALL-UNNAMED
    --add-opens java.base/jdk.internal.ref=ALL-UNNAMED
    --add-opens java.base/jdk.internal.reflect=ALL-UNNAMED
    --add-opens java.base/jdk.internal.math=ALL-UNNAMED
    --add-opens java.base/jdk.internal.module=ALL-UNNAMED
    --add-opens java.base/jdk.internal.util.jar=ALL-UNNAMED
    --add-opens jdk.management/com.sun.management.internal=ALL-UNNAMED
    --add-opens java.base/sun.nio.ch=ALL-UNNAMED
    --add-opens java.base/java.io=ALL-UNNAMED
    --add-opens java.base/java.lang.reflect=ALL-UNNAMED
    --add-opens jdk.compiler/com.sun.tools.javac=ALL-UNNAMED
    --add-opens java.base/java.lang=ALL-UNNAMED
    --add-opens java.base/java.util=ALL-UNNAMED
    -Dio.netty.tryReflectionSetAccessible=true
    -Dio.netty.allocator.useCacheForAllThreads=true
    -Dio.netty.allocator.maxOrder=11
    -javaagent:"$jamm"
    -Dcassandra.config="file://$state/conf/cassandra.yaml"
    -Dcassandra.storagedir="$state"
    -Dcassandra.logdir="$state/logs"
    -Dlogback.configurationFile="file://$state/conf/logback.xml"
    -Dcassandra-foreground=yes
    -Dcassandra.skip_wait_for_gossip_to_settle=0
    -Dcassandra.ring_delay_ms=100
    -cp "$state/conf:$lib/*"
    org.apache.cassandra.service.CassandraDaemon -f
  )
  local t0=$SECONDS
  # setsid: the server gets its own process group, which stop kills whole.
  setsid "$jh/bin/java" "${jvm[@]}" >"$state/stdout.log" 2>&1 </dev/null &
  echo $! >"$state/pid"
  local info
  until info=$(cql_ready "$native"); do
    kill -0 "$(cat "$state/pid")" 2>/dev/null || fail "the server stopped during start-up"
    ((SECONDS - t0 <= timeout)) || fail "CQL not answering on 127.0.0.1:$native after ${timeout}s"
    sleep 1
  done
  log "Cassandra $version ($info) on 127.0.0.1:$native after $((SECONDS - t0))s"
  echo "export QUIVER_TEST_CASSANDRA_ADDR=127.0.0.1:$native"
}

# halt stops the server and keeps its data and ports, for `start` to restart it.
halt() {
  stop_group "$state/pid" 20
}

stop() {
  halt
  rm -rf "$state/conf" "$state/data" "$state/commitlog" "$state/saved_caches" \
    "$state/hints" "$state/cdc_raw" "$state/logs" "$state/system.log" "$state/stdout.log" \
    "$state/port" "$state/storage_port"
  rmdir "$state" 2>/dev/null || true
}

case $cmd in
  start) start ;;
  stop) stop ;;
  halt) halt ;;
  *) usage ;;
esac
