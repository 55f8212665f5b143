// Package memstore is the reference plugin of the conformance suite: an
// online store (with exact vector search over every metric, and filters) and
// an offline store (Arrow records kept in memory), both held in process memory.
// The online store expires keys by itself with the setting key_ttl
// (StoreWithKeyTTL); the offline store's pulls honour entity keys
// (StoreWithEntityFilter).
//
// It exists to prove the suite against a store known to be right, and to show
// plugin authors the semantics the suite checks. Start with NewOnline and
// NewOffline; cmd/quiver-plugin-memory serves both as a plugin binary.
package memstore
