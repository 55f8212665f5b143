package grpcapi

import (
	"context"
	"fmt"
	"path"
	"runtime/debug"
	"strings"
	"time"

	"github.com/hashicorp/go-hclog"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/keepalive"
	"google.golang.org/grpc/status"

	"github.com/quiverfs/quiver/host/internal/config"
	"github.com/quiverfs/quiver/host/internal/service"
	"github.com/quiverfs/quiver/host/internal/serving/authgate"
	"github.com/quiverfs/quiver/host/internal/serving/feasterr"
	"github.com/quiverfs/quiver/host/internal/serving/inflight"
	"github.com/quiverfs/quiver/host/internal/serving/metrics"
)

// statusOf maps a service error to a gRPC status error; the only place
// where service codes become gRPC codes.
func statusOf(err error) error {
	code, msg := service.Classify(err)
	return status.Error(grpcCode(code), msg)
}

// FlightStatus is statusOf for Arrow Flight calls: its message is
// "Flight error: " and Feast's error detail, from which Feast's client
// raises the feast.errors class, as Feast's own offline server sends it.
func FlightStatus(err error) error {
	code, detail := feasterr.Of(err)
	return status.Error(grpcCode(code), "Flight error: "+string(detail.JSON()))
}

// RegistryStatus is statusOf for Feast's registry calls: its message is
// Feast's error detail, from which Feast's client raises the feast.errors
// class, as Feast's own registry server sends it.
func RegistryStatus(err error) error {
	code, detail := feasterr.Of(err)
	return status.Error(grpcCode(code), string(detail.JSON()))
}

// statusFor is the status error of err for a call of method.
func statusFor(method string, err error) error {
	switch {
	case strings.HasPrefix(method, flightService):
		return FlightStatus(err)
	case strings.HasPrefix(method, registryService):
		return RegistryStatus(err)
	}
	return statusOf(err)
}

// Prefixes of the full method names of Arrow Flight's calls and Feast's
// registry calls.
const (
	flightService   = "/arrow.flight.protocol.FlightService/"
	registryService = "/feast.registry.RegistryServer/"
)

// grpcCode is the gRPC code of a service code.
func grpcCode(code service.Code) codes.Code {
	switch code {
	case service.CodeInvalid, service.CodeMediaType:
		return codes.InvalidArgument
	case service.CodeNotFound:
		return codes.NotFound
	case service.CodeTooLarge:
		return codes.ResourceExhausted
	case service.CodeForbidden:
		return codes.PermissionDenied
	case service.CodeUnauthorized:
		return codes.Unauthenticated
	case service.CodeConflict:
		return codes.FailedPrecondition
	case service.CodeUnavailable:
		return codes.Unavailable
	case service.CodeUnimplemented:
		return codes.Unimplemented
	case service.CodeCanceled:
		return codes.Canceled
	}
	return codes.Internal
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
		grpc.ChainStreamInterceptor(instrumentStream(m), recoverStream(log), authenticateStream(gate, limits), admitStream(inFlight)),
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
				resp, err = nil, statusFor(info.FullMethod, fmt.Errorf("internal error: %v", p))
			}
		}()
		return next(ctx, req)
	}
}
