// Package capstest holds the test that every host-side wrapper of a store
// (the plugin client over the real gRPC shims, the metrics wrapper, and
// both stacked) reports the capabilities of the store it wraps, for every
// combination of capabilities. It has no code of its own.
package capstest
