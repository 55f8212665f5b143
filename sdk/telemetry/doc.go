// Package telemetry sets up OpenTelemetry tracing for the quiver host and
// its plugins: spans exported over OTLP/gRPC to a collector, W3C trace
// context propagated over HTTP and the plugin's gRPC connection, so one
// request's spans (host, plugin, store) form one trace.
//
// The host reads the collector from quiver.yaml's tracing block and hands
// it to each plugin in its environment (Options.Env); sdk.Serve starts
// tracing in the plugin from there (FromEnv). With no endpoint nothing is
// set up and the global tracer stays a no-op.
//
// Spans carry names of projects, views and features, and row counts, never
// feature values, entity keys or credentials.
package telemetry
