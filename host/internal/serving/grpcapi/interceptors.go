package grpcapi

import (
	"context"
	"fmt"
	"path"
	"runtime/debug"
	"time"

	"github.com/hashicorp/go-hclog"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/keepalive"
	"google.golang.org/grpc/status"

	"github.com/quiverfs/quiver/host/internal/config"
	"github.com/quiverfs/quiver/host/internal/service"
	"github.com/quiverfs/quiver/host/internal/serving/authgate"
	"github.com/quiverfs/quiver/host/internal/serving/inflight"
	"github.com/quiverfs/quiver/host/internal/serving/metrics"
)

// statusOf maps a service error to a gRPC status error; the only place
// where service codes become gRPC codes.
func statusOf(err error) error {
	code, msg := service.Classify(err)
	c := codes.Internal
	switch code {
	case service.CodeInvalid, service.CodeMediaType:
		c = codes.InvalidArgument
	case service.CodeNotFound:
		c = codes.NotFound
	case service.CodeTooLarge:
		c = codes.ResourceExhausted
	case service.CodeForbidden:
		c = codes.PermissionDenied
	case service.CodeUnauthorized:
		c = codes.Unauthenticated
	case service.CodeConflict:
		c = codes.FailedPrecondition
	case service.CodeUnavailable:
		c = codes.Unavailable
	case service.CodeUnimplemented:
		c = codes.Unimplemented
	case service.CodeCanceled:
		c = codes.Canceled
	}
	return status.Error(c, msg)
}

// ServerOptions returns the options a feature server's gRPC server needs:
// message size limits of maxBytes and interceptors that record metrics,
// turn panics into Internal errors, authenticate callers through gate (nil:
// nobody) and cap the calls in flight.
func ServerOptions(m *metrics.Metrics, log hclog.Logger, limits config.Server, inFlight *inflight.Limit, gate *authgate.Gate) []grpc.ServerOption {
	if log == nil {
		log = hclog.NewNullLogger()
	}
	opts := []grpc.ServerOption{
		grpc.MaxRecvMsgSize(int(limits.MaxBodyBytes)),
		grpc.MaxSendMsgSize(int(limits.MaxBodyBytes)),
		grpc.MaxConcurrentStreams(uint32(inFlight.Cap())),
		grpc.ChainUnaryInterceptor(instrument(m), recoverer(log), authenticate(gate, limits.ProtectHealth), admit(inFlight)),
	}
	if limits.ReadHeaderTimeout > 0 {
		opts = append(opts, grpc.ConnectionTimeout(limits.ReadHeaderTimeout))
	}
	if limits.IdleTimeout > 0 {
		opts = append(opts, grpc.KeepaliveParams(keepalive.ServerParameters{MaxConnectionIdle: limits.IdleTimeout}))
	}
	return opts
}

// admit caps the calls handled at once, across connections and shared
// with the HTTP server; a call past the cap fails at once with Unavailable
// (which clients may retry).
func admit(inFlight *inflight.Limit) grpc.UnaryServerInterceptor {
	return func(ctx context.Context, req any, info *grpc.UnaryServerInfo, next grpc.UnaryHandler) (any, error) {
		if !inFlight.TryAcquire() {
			return nil, status.Errorf(codes.Unavailable, "overloaded: the server is handling %d requests (feature_server.max_in_flight_requests); retry shortly", inFlight.Cap())
		}
		defer inFlight.Release()
		return next(ctx, req)
	}
}

// instrument counts each call and records its latency by method name.
func instrument(m *metrics.Metrics) grpc.UnaryServerInterceptor {
	return func(ctx context.Context, req any, info *grpc.UnaryServerInfo, next grpc.UnaryHandler) (any, error) {
		start := time.Now()
		resp, err := next(ctx, req)
		m.ObserveRequest("grpc", path.Base(info.FullMethod), status.Code(err).String(), time.Since(start))
		return resp, err
	}
}

// recoverer turns a panic in a handler into an Internal error.
func recoverer(log hclog.Logger) grpc.UnaryServerInterceptor {
	return func(ctx context.Context, req any, info *grpc.UnaryServerInfo, next grpc.UnaryHandler) (resp any, err error) {
		defer func() {
			if p := recover(); p != nil {
				log.Error("panic serving gRPC call", "method", info.FullMethod, "panic", p, "stack", string(debug.Stack()))
				resp, err = nil, status.Error(codes.Internal, fmt.Sprintf("internal error: %v", p))
			}
		}()
		return next(ctx, req)
	}
}
