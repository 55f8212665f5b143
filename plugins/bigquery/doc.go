// Package bigquery is the BigQuery offline store plugin module: the store
// is package bqstore, served by cmd/quiver-plugin-bigquery; the module's
// test runs the conformance suite against it on a BigQuery emulator (see
// docs/bigquery.md).
package bigquery
