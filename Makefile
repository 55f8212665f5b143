# Quiver — build, test, fuzz, demo, generate, benchmark.
# `make test` is the README's test command and what CI runs.

GO      ?= go
# DuckDB's Arrow interface (the embedded offline store) needs this build tag.
export GOFLAGS := -tags=duckdb_arrow $(GOFLAGS)
BIN     := $(CURDIR)/bin
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -X github.com/quiverfs/quiver/host/internal/cli.Version=$(VERSION)

# Every binary: the host CLI, the conformance CLI, the reference plugin and the store plugins.
COMMANDS := ./host/cmd/quiver \
	./conformance/cmd/quiver-conformance \
	./conformance/cmd/quiver-plugin-memory \
	./plugins/redis/cmd/quiver-plugin-redis \
	./plugins/cassandra/cmd/quiver-plugin-cassandra \
	./plugins/milvus/cmd/quiver-plugin-milvus \
	./plugins/bigquery/cmd/quiver-plugin-bigquery

# How long `make fuzz` runs each fuzz target.
FUZZTIME ?= 60s

.PHONY: build test test-keycloak fuzz demo gen bench bench-quick deps clean

build:
	$(GO) build -ldflags "$(LDFLAGS)" -o $(BIN)/ $(COMMANDS)

test:
	./scripts/test.sh

# Opt-in, not part of `make test` (CI's time budget): the OIDC end-to-end test against a
# real Keycloak (docs/authentication.md). Downloads ~170 MB once; ~1 minute per run.
test-keycloak:
	./scripts/test-keycloak.sh

# Every fuzz target of every module, one at a time, FUZZTIME each.
fuzz:
	FUZZTIME=$(FUZZTIME) ./scripts/fuzz.sh

demo: build
	./scripts/demo.sh

gen:
	./scripts/gen-proto.sh

bench: build
	./scripts/bench.sh

# The serving figures with their floors (plugin hop, embedded SQLite, Redis)
# in about two minutes, to check for regressions.
bench-quick: build
	QUICK=1 ./scripts/bench.sh plugin-hop online-http redis-http

deps:
	./scripts/install-deps.sh

clean:
	rm -rf $(BIN) .tmp
