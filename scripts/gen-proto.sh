#!/usr/bin/env bash
# Regenerates the Go code of the plugin protocol from proto/ into OUT
# (default: sdk/internal/gen). Uses protoc (Debian package protobuf-compiler)
# and the protoc-gen-go / protoc-gen-go-grpc versions pinned as tools in sdk/go.mod.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$root/sdk/internal/gen}
command -v protoc >/dev/null || "$root/scripts/install-deps.sh" protoc
tools=$(mktemp -d)
trap 'rm -rf "$tools"' EXIT
(cd "$root/sdk" && go build -o "$tools/" google.golang.org/protobuf/cmd/protoc-gen-go google.golang.org/grpc/cmd/protoc-gen-go-grpc)
mkdir -p "$out"
PATH="$tools:$PATH" protoc -I "$root/proto" \
  --go_out="$out" --go_opt=paths=source_relative \
  --go-grpc_out="$out" --go-grpc_opt=paths=source_relative \
  $(cd "$root/proto" && find quiver -name '*.proto' | sort)
