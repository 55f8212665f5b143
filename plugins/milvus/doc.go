// Package milvus is the module of Quiver's Milvus online store plugin:
// milvusstore is the store, cmd/quiver-plugin-milvus the binary and
// cmd/quiver-milvus-bench the benchmark scripts/bench.sh runs.
// conformance_test.go is the one plugintest.Run call of the plugin layout
// (docs/plugins.md); it needs a real Milvus server, which `make test`
// starts (scripts/backends/milvus.sh) and names in QUIVER_TEST_MILVUS_ADDR.
package milvus
