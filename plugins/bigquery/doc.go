// Package bigquery will hold the BigQuery offline store plugin for Quiver. For now
// the binary in cmd/quiver-plugin-bigquery serves only GetCapabilities and answers
// every other call with a "not implemented yet" Unsupported error.
package bigquery
