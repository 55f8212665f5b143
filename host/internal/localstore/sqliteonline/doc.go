// Package sqliteonline is the embedded default online store: a SQLite file
// (modernc.org/sqlite, pure Go) used in process by the host when quiver.yaml
// names no other online store. It implements onlinestore.StoreWithVectorSearch
// exactly as a plugin would, and passes the conformance suite.
//
// Start with New and Store.Configure; settings are {"path": "data/online.db"}
// (required; relative paths are resolved by the host; parent folders are
// created).
//
// Layout. A catalog table (quiver_online_views) maps (project, view) to a data
// table named after a hash of both, so any project or view name is safe. A
// data table has one row per entity key:
//
//	key        BLOB PRIMARY KEY  the entity key, encoded by sdk/codec
//	vals       BLOB              every feature value of the row, by name (sdk/codec)
//	event_ts   INTEGER           event timestamp, microseconds since the epoch
//	created_ts INTEGER           created timestamp, microseconds (0: none)
//
// Values are stored by name, so a schema change leaves older rows readable: a
// feature missing from a stored row reads as null.
//
// Writes. One transaction per WriteBatch, on a single writer connection; a
// row replaces the stored one only if its (event, created) pair is not older
// (an upsert with a row-value comparison); inside a batch the newest row per
// key wins whatever the order. Writing a view that ApplyInfra never created is
// NotFound: apply first, as in Feast. Reading one finds nothing (Found=false
// rows), as the sdk contract says of a view never applied or deleted.
//
// Vector search is exact. Each vector field has an in-memory copy of its
// vectors (one contiguous []float32, with norms and the filterable scalar
// columns), loaded lazily from SQLite, updated by this process's writes, and
// reloaded when the catalog's data version shows that anything else changed
// the view (ApplyInfra, Teardown, or another process writing the same file).
// Two goroutines scan it (dot products in AVX2/FMA assembly on amd64, in Go
// elsewhere), keeping k plus a margin of candidates by float32 distance; the
// candidates are re-ranked in float64 and ties are broken by encoded key, so
// results are exact and deterministic.
package sqliteonline
