// Package materialize copies the latest feature values of each view from the
// offline store to the online store: per view it pulls the latest row per
// entity in a time window as Arrow batches and writes them to the online
// store in batches, showing progress, and records the window in the
// registry. A re-run of an interrupted run leaves the same online state as
// one clean run, because online writes are newer-wins.
//
// Start with Materializer.Run.
package materialize
