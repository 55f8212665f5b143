#!/usr/bin/env bash
# Regenerates the Go code of Quiver's protocols from proto/:
#   quiver/plugin/v1   the plugin protocol  -> sdk/internal/gen  (SDK_OUT)
#   quiver/serving/v1  the feature server   -> host/internal/gen (HOST_OUT)
#   feast/...          Feast's registry protocol, the part Quiver serves
#                                           -> host/internal/gen (HOST_OUT)
# Usage: gen-proto.sh            write both into the committed locations
#        gen-proto.sh OUT        write both into OUT (the freshness tests)
#        gen-proto.sh SDK_OUT HOST_OUT
# Uses protoc (Debian package protobuf-compiler) and the protoc-gen-go /
# protoc-gen-go-grpc versions pinned as tools in sdk/go.mod.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
sdk_out=${1:-$root/sdk/internal/gen}
host_out=${2:-${1:-$root/host/internal/gen}}
command -v protoc >/dev/null || "$root/scripts/install-deps.sh" protoc
tools=$(mktemp -d)
trap 'rm -rf "$tools"' EXIT
(cd "$root/sdk" && go build -o "$tools/" google.golang.org/protobuf/cmd/protoc-gen-go google.golang.org/grpc/cmd/protoc-gen-go-grpc)

# gen OUT DIR: generates every .proto under proto/DIR into OUT.
gen() {
  mkdir -p "$1"
  PATH="$tools:$PATH" protoc -I "$root/proto" \
    --go_out="$1" --go_opt=paths=source_relative \
    --go-grpc_out="$1" --go-grpc_opt=paths=source_relative \
    $(cd "$root/proto" && find "$2" -name '*.proto' | sort)
}
gen "$sdk_out" quiver/plugin
gen "$host_out" quiver/serving
gen "$host_out" feast
