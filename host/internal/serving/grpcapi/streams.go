package grpcapi

import (
	"context"
	"fmt"
	"path"
	"runtime/debug"
	"strings"
	"time"

	flightpb "github.com/apache/arrow-go/v18/arrow/flight/gen/flight"
	"github.com/hashicorp/go-hclog"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"

	"github.com/quiverfs/quiver/host/internal/authn"
	"github.com/quiverfs/quiver/host/internal/config"
	"github.com/quiverfs/quiver/host/internal/serving/authgate"
	"github.com/quiverfs/quiver/host/internal/serving/inflight"
	"github.com/quiverfs/quiver/host/internal/serving/metrics"
)

// The stream interceptors do for streaming calls (Arrow Flight's) what
// the unary ones do: metrics, panics, authentication, the in-flight cap.

// instrumentStream counts each streaming call and records its duration.
func instrumentStream(m *metrics.Metrics) grpc.StreamServerInterceptor {
	return func(srv any, ss grpc.ServerStream, info *grpc.StreamServerInfo, next grpc.StreamHandler) error {
		start := time.Now()
		err := next(srv, ss)
		m.ObserveRequest("grpc", path.Base(info.FullMethod), status.Code(err).String(), time.Since(start))
		return err
	}
}

// recoverStream turns a panic in a streaming handler into an Internal error.
func recoverStream(log hclog.Logger) grpc.StreamServerInterceptor {
	return func(srv any, ss grpc.ServerStream, info *grpc.StreamServerInfo, next grpc.StreamHandler) (err error) {
		defer func() {
			if p := recover(); p != nil {
				log.Error("panic serving gRPC stream", "method", info.FullMethod, "panic", p, "stack", string(debug.Stack()))
				err = status.Error(codes.Internal, fmt.Sprintf("internal error: %v", p))
			}
		}()
		return next(srv, ss)
	}
}

// authenticateStream admits a streaming call whose metadata carries a
// valid bearer token, with the caller's identity in the stream's context.
func authenticateStream(gate *authgate.Gate, limits config.Server) grpc.StreamServerInterceptor {
	return func(srv any, ss grpc.ServerStream, info *grpc.StreamServerInfo, next grpc.StreamHandler) error {
		if !gate.Enabled() {
			return next(srv, ss)
		}
		md, _ := metadata.FromIncomingContext(ss.Context())
		token, err := authn.GRPCToken(md)
		ctx, err := gate.Admit(ss.Context(), info.FullMethod, token, err)
		if err != nil {
			if strings.HasPrefix(info.FullMethod, flightService) {
				drainFlight(ss, limits)
			}
			return statusFor(info.FullMethod, err)
		}
		return next(srv, &contextStream{ServerStream: ss, ctx: ctx})
	}
}

// admitStream caps the calls handled at once, streams included.
func admitStream(inFlight *inflight.Limit) grpc.StreamServerInterceptor {
	return func(srv any, ss grpc.ServerStream, info *grpc.StreamServerInfo, next grpc.StreamHandler) error {
		if !inFlight.TryAcquire() {
			return status.Errorf(codes.Unavailable, "overloaded: the server is handling %d requests (feature_server.max_in_flight_requests); retry shortly", inFlight.Cap())
		}
		defer inFlight.Release()
		return next(srv, ss)
	}
}

// contextStream is a stream with another context.
type contextStream struct {
	grpc.ServerStream
	ctx context.Context
}

// Context implements grpc.ServerStream.
func (s *contextStream) Context() context.Context { return s.ctx }

// drainFlight reads and drops what a refused Flight client is still
// uploading, up to max_body_bytes and for at most drainTime: a client
// that is refused while it writes otherwise sees its write fail with a
// transport error instead of reading the refusal (Feast's client only
// turns the refusal into its own exception class when it reads it).
func drainFlight(ss grpc.ServerStream, limits config.Server) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		var n int64
		for n <= limits.MaxBodyBytes {
			var m flightpb.FlightData
			if ss.RecvMsg(&m) != nil {
				return
			}
			n += int64(proto.Size(&m))
		}
	}()
	timer := time.NewTimer(min(drainTime, limits.ReadTimeout))
	defer timer.Stop()
	select {
	case <-done:
	case <-timer.C:
	}
}

// drainTime bounds how long a refused upload is read.
const drainTime = 5 * time.Second
