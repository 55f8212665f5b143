package flightapi

import (
	"context"
	"time"

	"github.com/apache/arrow-go/v18/arrow/flight"
	"github.com/hashicorp/go-hclog"
	"google.golang.org/grpc"
	"google.golang.org/grpc/status"

	"github.com/quiverfs/quiver/host/internal/apierr"
	"github.com/quiverfs/quiver/host/internal/config"
	"github.com/quiverfs/quiver/host/internal/service"
	"github.com/quiverfs/quiver/host/internal/serving/grpcapi"
)

// server answers Feast's remote offline store calls.
type server struct {
	flight.BaseFlightServer
	svc      *service.Service
	log      hclog.Logger
	maxBytes int64
	// readTimeout bounds reading an upload.
	readTimeout time.Duration
}

// Register adds Arrow Flight's FlightService to s. limits bound what one
// call may upload (max_body_bytes) and how long the upload may take
// (read_timeout), as they bound an HTTP request.
func Register(s *grpc.Server, svc *service.Service, log hclog.Logger, limits config.Server) {
	if log == nil {
		log = hclog.NewNullLogger()
	}
	flight.RegisterFlightServiceServer(s, &server{svc: svc, log: log, maxBytes: limits.MaxBodyBytes, readTimeout: limits.ReadTimeout})
}

// receive reads a call's whole upload within readTimeout: a client that
// stops sending before it half-closes does not hold the call (and its
// in-flight slot) open.
func (s *server) receive(ctx context.Context, recv dataReceiver) (*upload, error) {
	type result struct {
		up  *upload
		err error
	}
	done := make(chan result, 1)
	go func() {
		// This goroutine is outside the call's panic recovery: a panic
		// while decoding is the upload's fault, and a 400.
		defer func() {
			if p := recover(); p != nil {
				s.log.Error("panic reading a Flight upload", "panic", p)
				done <- result{nil, apierr.Invalid("the uploaded data could not be decoded")}
			}
		}()
		up, err := readUpload(recv, s.maxBytes)
		done <- result{up, err}
	}()
	// abandon lets the reader end with the call, releasing what it read.
	abandon := func() {
		go func() {
			if r := <-done; r.err == nil {
				r.up.table.Release()
			}
		}()
	}
	timer := time.NewTimer(s.readTimeout)
	defer timer.Stop()
	select {
	case r := <-done:
		return r.up, r.err
	case <-timer.C:
		abandon()
		return nil, apierr.Invalid("the upload did not end within %s (feature_server.read_timeout)", s.readTimeout)
	case <-ctx.Done():
		abandon()
		return nil, ctx.Err()
	}
}

// DoExchange serves Feast's read methods: it reads the whole upload, runs
// the command and streams the result table back.
func (s *server) DoExchange(stream flight.FlightService_DoExchangeServer) error {
	ctx := stream.Context()
	up, err := s.receive(ctx, stream)
	if err != nil {
		return s.fail(ctx, "DoExchange", err)
	}
	defer up.table.Release()
	cmd, err := parseCommand(up.cmd)
	if err != nil {
		return s.fail(ctx, "DoExchange", err)
	}
	switch cmd.API {
	case apiHistorical:
		err = s.historical(ctx, cmd, up, stream)
	case apiPullLatest, apiPullAll:
		err = s.pull(ctx, cmd, stream)
	case apiColumnTypes:
		err = s.columnTypes(ctx, cmd, stream)
	default:
		err = unknownAPI(cmd.API, "DoExchange")
	}
	if err != nil {
		return s.fail(ctx, cmd.API, err)
	}
	return nil
}

// fail logs a failure the server is to blame for and returns err as a
// Flight error Feast's client raises as its own class.
func (s *server) fail(ctx context.Context, what string, err error) error {
	if ctx.Err() != nil { // the client went away
		return status.FromContextError(ctx.Err()).Err()
	}
	code, _ := service.Classify(err)
	if code == service.CodeInternal || code == service.CodeUnavailable {
		s.log.Warn("Flight call failed", "api", what, "error", err)
	}
	return grpcapi.FlightStatus(err)
}
