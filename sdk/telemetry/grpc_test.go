package telemetry

import (
	"context"
	"strings"
	"testing"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/stats"
	"google.golang.org/grpc/status"
)

// recorder is a stats.Handler that keeps the End events it gets.
type recorder struct {
	stats.Handler
	ends []*stats.End
}

func (r *recorder) HandleRPC(_ context.Context, s stats.RPCStats) {
	if e, ok := s.(*stats.End); ok {
		r.ends = append(r.ends, e)
	}
}

// TestSpansGetTheCodeOfAFailedCallNotItsMessage: the message of a failed
// call, which may quote the request, never reaches the spans' handler.
func TestSpansGetTheCodeOfAFailedCallNotItsMessage(t *testing.T) {
	r := &recorder{}
	h := scrubbed{r}
	h.HandleRPC(context.Background(), &stats.End{Error: status.Error(codes.InvalidArgument, "entity key driver_id=4242 is wrong")})
	h.HandleRPC(context.Background(), &stats.End{})
	if len(r.ends) != 2 {
		t.Fatalf("%d End events passed on, want 2", len(r.ends))
	}
	if got := r.ends[0].Error; status.Code(got) != codes.InvalidArgument || strings.Contains(got.Error(), "4242") {
		t.Errorf("the failed call reached the spans as %v", got)
	}
	if r.ends[1].Error != nil {
		t.Errorf("a call that succeeded got the error %v", r.ends[1].Error)
	}
	if got := ErrorKind(status.Error(codes.NotFound, "no view v")); got != "NotFound" {
		t.Errorf("ErrorKind of a status: %q", got)
	}
}
