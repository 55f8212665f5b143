// Package pitoracle is the reference implementation of Quiver's
// point-in-time join (ARCHITECTURE.md section 5), written to be obviously
// right rather than fast: for every entity row and every feature view it
// scans every source row.
//
// It is for tests. Join computes the expected training set; Diff compares
// two results strictly (schema, every cell, nulls, row order); Generate
// builds adversarial scenarios covering every rule. The host's DuckDB
// engine, the conformance suite's HistoricalFeatures cases and the memory
// store's pushdown all check themselves against Join.
//
// # Output contract
//
// One row per entity row, in input order. First every entity column in
// input order: timestamps become timestamp[us, tz=UTC] (values without a
// time zone are read as UTC; finer units are truncated to microseconds),
// large and view strings become string, large binary becomes binary,
// everything else keeps its type. Then, per view in request order and per
// feature in view order, the feature column (named feature, or
// view__feature with full names) with the source column's type; null when
// no source row matches.
//
// Two source rows with equal keys, event and created timestamps are a tie
// the contract does not order; Join takes the first in source order, and
// Generate never produces such ties.
package pitoracle
