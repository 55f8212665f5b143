#!/usr/bin/env bash
# Starts or stops a real Keycloak for the opt-in end-to-end OIDC test (see README.md here
# and docs/authentication.md). It is NOT started by scripts/test.sh (`make test`): its first
# start takes about a minute, so `make test-keycloak` runs it on its own.
# quiver-backend: opt-in
#
#   keycloak.sh start STATE_DIR   prints, for eval:
#       export QUIVER_TEST_KEYCLOAK_URL=http://127.0.0.1:PORT/realms/quiver
#       export QUIVER_TEST_KEYCLOAK_SECRET=<the client secret of quiver-server>
#   keycloak.sh stop STATE_DIR    kills it and removes STATE_DIR's files.
#
# The server is Keycloak's distribution from Maven Central
# (org.keycloak:keycloak-quarkus-dist:VERSION:zip), fetched once by Maven's dependency
# plugin into .tmp/keycloak/ (a private local repository under .tmp/keycloak/m2 keeps only
# the plugin), unzipped into STATE_DIR at every start (~1 s) and run with OpenJDK 17 as
# `kc.sh start-dev` (in-memory H2 database) on two free loopback ports: HTTP and the
# management interface, whose /health/ready is waited for, at most
# QUIVER_KEYCLOAK_START_TIMEOUT seconds (default 240).
#
# It then creates, through the admin REST API (curl) with a random bootstrap admin
# password kept in STATE_DIR, one realm `quiver` holding:
#   - client `quiver-server`: confidential, client-credentials only (service account on,
#     no browser or password flows), with a random secret;
#   - client role `reader` of quiver-server, given to its service-account user
#     (service-account-quiver-server), so tokens carry
#     resource_access.quiver-server.roles = [reader];
#   - an audience mapper adding `aud: quiver-server` to access tokens. Without it Keycloak's
#     client-credentials tokens of this realm carry no `aud` at all (checked with 26.7.3:
#     the audience-resolve mapper never names the token's own client), and the server,
#     whose `audience` defaults to client_id, refuses them as `wrong audience`.
# Logs go to stderr (the server's to STATE_DIR/server.log); stdout carries only the
# export lines.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
version=${QUIVER_KEYCLOAK_VERSION:-26.7.3}
cache=${QUIVER_KEYCLOAK_CACHE:-$root/.tmp/keycloak}
timeout=${QUIVER_KEYCLOAK_START_TIMEOUT:-240}
realm=quiver
client=quiver-server
role=reader
zip=$cache/keycloak-quarkus-dist-$version.zip

usage() { echo "usage: keycloak.sh start|stop STATE_DIR" >&2; exit 2; }
[ $# -eq 2 ] || usage
cmd=$1
state=$2

log() { echo "keycloak: $*" >&2; }

# shellcheck source=../lib/backends.sh
source "$root/scripts/lib/backends.sh"

# java_home prints QUIVER_KEYCLOAK_JAVA_HOME, else Debian's OpenJDK 17 (installed when missing).
java_home() { jdk17_home "${QUIVER_KEYCLOAK_JAVA_HOME:-}"; }

# fetch puts the distribution's zip in the cache, once.
fetch() {
  local need=()
  command -v unzip >/dev/null || need+=(unzip)
  command -v curl >/dev/null || need+=(curl)
  [ -s "$zip" ] || command -v mvn >/dev/null || need+=(maven)
  [ ${#need[@]} -eq 0 ] || { log "installing ${need[*]} from Debian packages"; apt_install "${need[@]}"; }
  [ -s "$zip" ] && return
  mkdir -p "$cache"
  log "downloading org.keycloak:keycloak-quarkus-dist:$version:zip from Maven Central into $cache"
  local t0=$SECONDS
  if ! JAVA_HOME=$(java_home) timeout 1800 mvn -B -q -Dmaven.repo.local="$cache/m2" \
    org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
    -Dartifact="org.keycloak:keycloak-quarkus-dist:$version:zip" \
    -DoutputDirectory="$cache/download" >"$cache/mvn.log" 2>&1; then
    log "mvn failed; its output:"
    cat "$cache/mvn.log" >&2
    exit 1
  fi
  # Whole or not at all: an interrupted download never passes for the cache.
  mv "$cache/download/$(basename "$zip")" "$zip"
  rmdir "$cache/download"
  # Keep one copy: the private local repository keeps the plugin, not the zip.
  rm -rf "$cache/m2/org/keycloak/keycloak-quarkus-dist"
  [ -s "$zip" ] || { log "the download left no $zip"; exit 1; }
  log "downloaded $(du -m "$zip" | cut -f1) MB in $((SECONDS - t0))s"
}

# json_field FIELD reads a JSON object on stdin and prints its top-level FIELD.
json_field() {
  python3 -c 'import json, sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"
}

random_secret() {
  python3 -c 'import secrets; print(secrets.token_urlsafe(32))'
}

# realm_json prints the realm to create, with the client secret $1.
realm_json() {
  python3 - "$1" "$realm" "$client" "$role" <<'EOF'
import json, sys
secret, realm, client, role = sys.argv[1:]
print(json.dumps({
    "realm": realm,
    "enabled": True,
    "clients": [{
        "clientId": client,
        "enabled": True,
        "protocol": "openid-connect",
        "publicClient": False,
        "clientAuthenticatorType": "client-secret",
        "secret": secret,
        "serviceAccountsEnabled": True,
        "standardFlowEnabled": False,
        "implicitFlowEnabled": False,
        "directAccessGrantsEnabled": False,
        "protocolMappers": [{
            "name": "audience " + client,
            "protocol": "openid-connect",
            "protocolMapper": "oidc-audience-mapper",
            "config": {
                "included.client.audience": client,
                "access.token.claim": "true",
                "id.token.claim": "false",
                "introspection.token.claim": "true",
            },
        }],
    }],
    "roles": {"client": {client: [{"name": role}]}},
    "users": [{
        "username": "service-account-" + client,
        "enabled": True,
        "serviceAccountClientId": client,
        "clientRoles": {client: [role]},
    }],
}))
EOF
}

start() {
  fetch
  local jh
  jh=$(java_home)
  mkdir -p "$state"
  state=$(cd "$state" && pwd)
  rm -rf "$state/keycloak-$version"
  unzip -q "$zip" -d "$state"
  local home=$state/keycloak-$version port mport admin_pw secret
  port=$(free_port)
  mport=$(free_port)
  while [ "$mport" = "$port" ]; do mport=$(free_port); done
  admin_pw=$(random_secret)
  (umask 077; echo "$admin_pw" >"$state/admin-password")
  echo "$port" >"$state/port"
  local t0=$SECONDS
  # setsid: the server gets its own process group, which stop kills whole.
  JAVA_HOME=$jh KC_BOOTSTRAP_ADMIN_USERNAME=admin KC_BOOTSTRAP_ADMIN_PASSWORD=$admin_pw \
    setsid "$home/bin/kc.sh" start-dev --db=dev-mem \
    --http-host=127.0.0.1 --http-port="$port" --http-management-port="$mport" \
    --health-enabled=true >"$state/server.log" 2>&1 </dev/null &
  echo $! >"$state/pid"
  until curl -sf -m 5 -o /dev/null "http://127.0.0.1:$mport/health/ready"; do
    if ! kill -0 "$(cat "$state/pid")" 2>/dev/null; then
      log "the server stopped during start-up; log:"
      tail -30 "$state/server.log" >&2
      stop
      exit 1
    fi
    if ((SECONDS - t0 > timeout)); then
      log "not ready after ${timeout}s; log:"
      tail -30 "$state/server.log" >&2
      stop
      exit 1
    fi
    sleep 1
  done
  log "Keycloak $version ready on 127.0.0.1:$port (management $mport) after $((SECONDS - t0))s"

  local base=http://127.0.0.1:$port admin_token code
  admin_token=$(curl -sf -m 30 --data-urlencode grant_type=password --data-urlencode client_id=admin-cli \
    --data-urlencode username=admin --data-urlencode "password=$admin_pw" \
    "$base/realms/master/protocol/openid-connect/token" | json_field access_token) ||
    { log "could not log in as the bootstrap admin"; stop; exit 1; }
  secret=$(random_secret)
  code=$(realm_json "$secret" | curl -s -m 60 -o "$state/create-realm.out" -w '%{http_code}' \
    -H "Authorization: Bearer $admin_token" -H 'Content-Type: application/json' \
    --data-binary @- "$base/admin/realms") || true
  if [ "$code" != 201 ]; then
    log "creating realm $realm answered HTTP $code: $(head -c 500 "$state/create-realm.out")"
    stop
    exit 1
  fi
  # Check the set-up: a client-credentials token is issued.
  if ! curl -sf -m 30 --data-urlencode grant_type=client_credentials --data-urlencode "client_id=$client" \
    --data-urlencode "client_secret=$secret" "$base/realms/$realm/protocol/openid-connect/token" |
    json_field access_token >/dev/null; then
    log "realm $realm made, but client $client gets no client-credentials token"
    stop
    exit 1
  fi
  log "realm $realm, client $client (role $role, audience mapper) ready after $((SECONDS - t0))s"
  echo "export QUIVER_TEST_KEYCLOAK_URL=$base/realms/$realm"
  echo "export QUIVER_TEST_KEYCLOAK_SECRET=$secret"
}

stop() {
  stop_group "$state/pid" 20
  rm -rf "$state/keycloak-$version" "$state/server.log" "$state/admin-password" "$state/port" \
    "$state/create-realm.out"
  rmdir "$state" 2>/dev/null || true
}

case $cmd in
  start) start ;;
  stop) stop ;;
  *) usage ;;
esac
