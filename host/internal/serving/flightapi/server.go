package flightapi

import (
	"context"

	"github.com/apache/arrow-go/v18/arrow/flight"
	"github.com/hashicorp/go-hclog"
	"google.golang.org/grpc"
	"google.golang.org/grpc/status"

	"github.com/quiverfs/quiver/host/internal/service"
	"github.com/quiverfs/quiver/host/internal/serving/grpcapi"
)

// server answers Feast's remote offline store calls.
type server struct {
	flight.BaseFlightServer
	svc      *service.Service
	log      hclog.Logger
	maxBytes int64
}

// Register adds Arrow Flight's FlightService to s. maxBytes bounds what
// one call may upload (feature_server.max_body_bytes).
func Register(s *grpc.Server, svc *service.Service, log hclog.Logger, maxBytes int64) {
	if log == nil {
		log = hclog.NewNullLogger()
	}
	flight.RegisterFlightServiceServer(s, &server{svc: svc, log: log, maxBytes: maxBytes})
}

// DoExchange serves Feast's read methods: it reads the whole upload, runs
// the command and streams the result table back.
func (s *server) DoExchange(stream flight.FlightService_DoExchangeServer) error {
	ctx := stream.Context()
	up, err := readUpload(stream, s.maxBytes)
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
