// Package redis is the module of Quiver's Redis online store plugin:
// cmd/quiver-plugin-redis is the binary, redisstore the store, and feastfmt
// Feast's Redis data layout, which the store reads and writes byte for byte.
// conformance_test.go is the one plugintest.Run call of the plugin layout
// (docs/plugins.md): the suite in process, through the gRPC shims, against
// the built binary and through quiver-conformance. The tests run against a
// real redis-server (scripts/backends/redis.sh, which
// `make test` starts) and compare with fixtures Feast itself produced
// (scripts/feast-redis-fixtures.sh, testdata/).
package redis
