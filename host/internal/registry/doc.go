// Package registry keeps a project's objects with their version history,
// and per feature view the intervals already materialized.
//
// Registry is the interface the host uses; Open returns the embedded
// default, one SQLite file. Every change goes through Apply in one
// transaction, so several hosts may share one registry database.
package registry
