// Package metrics is the feature server's Prometheus instrumentation:
// request counts by API, endpoint and status, request latency histograms,
// and the latency of every store call by store and method, taken by
// decorators that wrap the online and offline stores.
//
// Start with New; wrap stores with Metrics.Online and Metrics.Offline, call
// Metrics.ObserveRequest from each transport, and serve Metrics.Handler at
// /metrics.
package metrics
