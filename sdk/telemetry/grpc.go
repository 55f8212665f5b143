package telemetry

import (
	"context"

	"go.opentelemetry.io/contrib/instrumentation/google.golang.org/grpc/otelgrpc"
	"google.golang.org/grpc/stats"
	"google.golang.org/grpc/status"
)

// GRPCServerHandler gives each RPC a server span continued from the trace
// context the caller sent (otelgrpc), without the error messages.
func GRPCServerHandler() stats.Handler { return scrubbed{otelgrpc.NewServerHandler()} }

// GRPCClientHandler gives each RPC a client span and sends its trace
// context along (otelgrpc), without the error messages.
func GRPCClientHandler() stats.Handler { return scrubbed{otelgrpc.NewClientHandler()} }

// scrubbed hands the spans' handler each failed call's status code only:
// otelgrpc would put the status message in the span, and a message may
// quote what the request held (an entity key, a value).
type scrubbed struct{ stats.Handler }

func (h scrubbed) HandleRPC(ctx context.Context, s stats.RPCStats) {
	if end, ok := s.(*stats.End); ok && end.Error != nil {
		plain := *end
		code := status.Code(end.Error)
		plain.Error = status.Error(code, code.String())
		s = &plain
	}
	h.Handler.HandleRPC(ctx, s)
}
