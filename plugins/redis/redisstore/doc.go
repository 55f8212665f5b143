// Package redisstore is Quiver's Redis online store, served by the
// quiver-plugin-redis binary (cmd/quiver-plugin-redis) and usable in process.
// Start with New and Settings.
//
// The data layout is Feast's (package feastfmt): a team can point Quiver at
// a Redis that Feast materialized, and Feast reads what Quiver writes. Quiver
// adds one field per view and hash, "_cts:<view>", holding the created
// timestamp that decides between two rows with the same event time; Feast
// ignores it.
//
// Reads are one pipelined HMGET per (view, entity key): a whole request in
// one round trip. Writes are pipelined EVALSHA calls of a Lua script that
// compares the stored (event, created) pair with the new one, so an older row
// never overwrites a newer one, even with concurrent writers. Deleting a view
// SCANs the project's hashes and HDELs only that view's fields; Teardown
// UNLINKs the project's hashes. Failures reaching Redis are Unavailable
// errors naming the store, bounded by the configured timeouts; the client
// reconnects on the next call.
package redisstore
