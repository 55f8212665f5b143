// Package pitjoin builds point-in-time-correct training sets: for every
// entity row and feature view it takes the latest source row at or before
// the entity time (ARCHITECTURE.md section 5). The CLI
// (get-historical-features), the HTTP server (POST /get-historical-features)
// and any later server all call Engine.GetHistoricalFeatures.
//
// # Where the join runs
//
// When the offline store advertises historical pushdown
// (offlinestore.StoreWithHistoricalFeatures), the request goes to the store
// and its answer is streamed back. Otherwise the join runs in the host, in
// an embedded DuckDB (Engine.Join):
//
//  1. the entity rows are loaded into a temporary table with their row
//     number (output order) and time in microseconds;
//  2. each view's rows are pulled from the offline store with PullRange
//     over [min entity time - ttl, max entity time] only (no lower bound
//     when ttl is 0), filtered to the entity keys when the store
//     advertises entity_filter and there are at most MaxFilterKeys distinct
//     keys; each pull's Arrow stream is registered in DuckDB as is, never
//     copied whole into Go memory;
//  3. one query ASOF LEFT JOINs the entity table with every pull on the
//     join keys (through the view's join-key map) and e <= t; with a
//     created timestamp the ASOF key packs (event, created) into a HUGEINT
//     so equal event times are won by the greatest created time; values
//     whose event time is before t - ttl are nulled; rows come out ordered
//     by entity row number.
//
// DuckDB runs with memory_limit and temp_directory (Settings), so a join
// larger than memory spills to disk instead of failing.
//
// # Output
//
// One row per entity row, in input order: every entity column (timestamps
// as timestamp[us, tz=UTC], text as utf8), then per view and feature the
// feature column named feature or view__feature. This is exactly the
// contract of the reference implementation conformance/pitoracle, which
// the tests compare against cell by cell.
//
// # Build tag
//
// Like the file offline store, the package needs -tags duckdb_arrow.
package pitjoin
