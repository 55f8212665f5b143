// Package cassandra is the Cassandra online store plugin for Quiver: the
// store is package cassandrastore, the binary cmd/quiver-plugin-cassandra,
// and conformance_test.go runs the shared conformance harness against a
// real Cassandra 5 (docs/cassandra.md).
package cassandra
