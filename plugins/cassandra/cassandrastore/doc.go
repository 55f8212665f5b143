// Package cassandrastore is Quiver's Cassandra online store (Cassandra 5,
// native protocol v5, through github.com/apache/cassandra-gocql-driver/v2).
//
// Layout: one table per (project, view) in the configured keyspace, named
// after both plus a hash of them, whose comment records the project, the
// view and the Quiver types of its columns. The partition key is the
// entity key (sdk/codec encoding); the clustering key is (event time,
// created time, write id), newest first; join keys and features are typed
// columns (timestamps as bigint microseconds, lists as frozen lists,
// vector fields as vector<float, n>).
//
// Newer-wins needs no read: a row's write inserts it and deletes the
// partition's older rows, atomically (one partition of an unlogged batch),
// at a write timestamp derived from the event time; a read takes the
// partition's first row. docs/cassandra.md explains the design and its
// limits.
package cassandrastore
