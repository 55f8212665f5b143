package datapath

import (
	"context"

	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"
)

// traceContext reads and writes W3C traceparent headers. It is used on its
// own, not through the global propagator, so the data path carries trace
// context whatever the process set up.
var traceContext = propagation.TraceContext{}

// traceParent returns the traceparent of ctx's span; "" when ctx has no
// valid, sampled span worth continuing.
func traceParent(ctx context.Context) string {
	if !trace.SpanContextFromContext(ctx).IsValid() {
		return "" // the common case, tracing off: no map made
	}
	carrier := propagation.MapCarrier{}
	traceContext.Inject(ctx, carrier)
	if tp := carrier["traceparent"]; len(tp) <= maxTraceContext {
		return tp
	}
	return ""
}

// withTraceParent returns ctx carrying the remote span that traceparent
// names; a malformed one leaves ctx as it is.
func withTraceParent(ctx context.Context, traceparent string) context.Context {
	return traceContext.Extract(ctx, propagation.MapCarrier{"traceparent": traceparent})
}
