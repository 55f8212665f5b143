package shim

import (
	"context"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"

	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/telemetry"
)

// storeSpan starts the span of one call into the plugin's store, a child
// of the RPC's span: names and counts only, never values or keys.
// attrs is called only for a span that is kept: attributes cost allocations.
// A call that carries no trace (tracing is off, or the host sent none) gets
// no span rather than a trace of its own.
func (s *onlineServer) storeSpan(ctx context.Context, op string, attrs func() []attribute.KeyValue) (context.Context, trace.Span) {
	if !trace.SpanContextFromContext(ctx).IsValid() {
		return ctx, trace.SpanFromContext(ctx) // a no-op span
	}
	ctx, span := telemetry.Tracer().Start(ctx, "store "+op)
	if span.IsRecording() {
		span.SetAttributes(append(attrs(), attribute.String("quiver.plugin", s.info.Name))...)
	}
	return ctx, span
}

// readAttrs describe a read: its project, views and keys.
func readAttrs(req *onlinestore.ReadRequest) []attribute.KeyValue {
	views := make([]string, len(req.Views))
	keys := 0
	for i, v := range req.Views {
		views[i] = v.FeatureView
		keys += len(v.EntityKeys)
	}
	return []attribute.KeyValue{attribute.String("quiver.project", req.Project), attribute.StringSlice("quiver.views", views),
		attribute.Int("quiver.entity_keys", keys)}
}

// endSpan records err, if any, and ends the span.
func endSpan(span trace.Span, err error) {
	if err != nil {
		span.SetStatus(codes.Error, telemetry.ErrorKind(err))
	}
	span.End()
}
