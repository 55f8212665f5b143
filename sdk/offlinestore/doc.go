// Package offlinestore is the author-facing API of an offline store.
//
// Implement Store (and, optionally, StoreWithHistoricalFeatures for join
// pushdown), then serve it with sdk.Serve. Tables cross the boundary as Arrow
// record streams; the SDK chunks them so no message exceeds the protocol limit.
//
// Timestamps in Arrow data are timestamp[us, UTC].
package offlinestore
