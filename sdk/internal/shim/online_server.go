package shim

import (
	"context"
	"errors"
	"io"
	"sync"

	"github.com/hashicorp/go-hclog"
	"go.opentelemetry.io/otel/attribute"
	"google.golang.org/grpc"

	"github.com/quiverfs/quiver/sdk/internal/convert"
	"github.com/quiverfs/quiver/sdk/internal/datapath"
	pb "github.com/quiverfs/quiver/sdk/internal/gen/quiver/plugin/v1"
	"github.com/quiverfs/quiver/sdk/internal/grpcerr"
	"github.com/quiverfs/quiver/sdk/internal/handshake"
	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/storeerr"
)

// errNilResponse is returned when a store answers nil, nil.
var errNilResponse = storeerr.Internal("store returned neither a response nor an error")

type onlineServer struct {
	pb.UnimplementedOnlineStoreServer
	info   Info
	store  onlinestore.Store
	search onlinestore.StoreWithVectorSearch // nil unless advertised
	caps   *pb.OnlineCapabilities
	logger hclog.Logger

	// dataPath is opened by the first OpenDataPath and kept.
	dataPathMu sync.Mutex
	dataPath   *datapath.Server
	closed     bool
}

// RegisterOnline registers store as the OnlineStore service of s. The
// returned function closes the data path, if the host opened one.
func RegisterOnline(s grpc.ServiceRegistrar, info Info, store onlinestore.Store, logger hclog.Logger) (closeDataPath func()) {
	if logger == nil {
		logger = hclog.NewNullLogger()
	}
	srv := &onlineServer{info: info, store: store, logger: logger,
		caps: convert.OnlineCapabilitiesToProto(onlinestore.CapabilitiesOf(store))}
	srv.search, _ = store.(onlinestore.StoreWithVectorSearch)
	pb.RegisterOnlineStoreServer(s, srv)
	return srv.closeDataPath
}

// OpenDataPath opens the socket data path once and answers where it is.
func (s *onlineServer) OpenDataPath(context.Context, *pb.OpenDataPathRequest) (*pb.OpenDataPathResponse, error) {
	s.dataPathMu.Lock()
	defer s.dataPathMu.Unlock()
	if s.closed {
		return nil, grpcerr.ToStatus(storeerr.Unavailable("plugin %s is shutting down", s.info.Name))
	}
	if s.dataPath == nil {
		dp, err := datapath.Listen(s.read, s.logger)
		if err != nil {
			return nil, grpcerr.ToStatus(storeerr.Unavailable("plugin %s: %w", s.info.Name, err))
		}
		s.dataPath = dp
	}
	return s.dataPath.Info(), nil
}

func (s *onlineServer) closeDataPath() {
	s.dataPathMu.Lock()
	defer s.dataPathMu.Unlock()
	s.closed = true
	if s.dataPath != nil {
		s.dataPath.Close()
	}
}

// Echo answers its payload; it touches no store.
func (s *onlineServer) Echo(_ context.Context, req *pb.EchoRequest) (*pb.EchoResponse, error) {
	return &pb.EchoResponse{Payload: req.GetPayload()}, nil
}

func (s *onlineServer) GetCapabilities(context.Context, *pb.OnlineGetCapabilitiesRequest) (*pb.OnlineGetCapabilitiesResponse, error) {
	return &pb.OnlineGetCapabilitiesResponse{
		Plugin:       &pb.PluginInfo{Name: s.info.Name, Version: s.info.Version},
		Capabilities: s.caps,
	}, nil
}

func (s *onlineServer) Configure(ctx context.Context, req *pb.ConfigureRequest) (*pb.ConfigureResponse, error) {
	resp, err := s.store.Configure(ctx, &onlinestore.ConfigureRequest{Project: req.GetProject(), Config: req.GetConfigJson(), RepoDir: req.GetRepoDir()})
	if err = check(resp, err); err != nil {
		return nil, err
	}
	return &pb.ConfigureResponse{}, nil
}

func (s *onlineServer) ApplyInfra(ctx context.Context, req *pb.ApplyInfraRequest) (*pb.ApplyInfraResponse, error) {
	resp, err := s.store.ApplyInfra(ctx, convert.ApplyInfraRequestFromProto(req))
	if err = check(resp, err); err != nil {
		return nil, err
	}
	return &pb.ApplyInfraResponse{}, nil
}

func (s *onlineServer) Teardown(ctx context.Context, req *pb.OnlineTeardownRequest) (*pb.OnlineTeardownResponse, error) {
	resp, err := s.store.Teardown(ctx, convert.OnlineTeardownRequestFromProto(req))
	if err = check(resp, err); err != nil {
		return nil, err
	}
	return &pb.OnlineTeardownResponse{}, nil
}

func (s *onlineServer) WriteBatch(stream grpc.ClientStreamingServer[pb.OnlineWriteBatchRequest, pb.OnlineWriteBatchResponse]) error {
	var received int64
	for {
		chunk, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			return stream.SendAndClose(&pb.OnlineWriteBatchResponse{RowsReceived: received})
		}
		if err != nil {
			return err
		}
		req, err := convert.OnlineWriteBatchRequestFromProto(chunk)
		if err != nil {
			return grpcerr.ToStatus(storeerr.InvalidArgument("write batch: %w", err))
		}
		ctx, span := s.storeSpan(stream.Context(), "WriteBatch", func() []attribute.KeyValue {
			return []attribute.KeyValue{attribute.String("quiver.project", req.Project),
				attribute.String("quiver.view", req.FeatureView), attribute.Int("quiver.rows", len(req.Rows))}
		})
		resp, err := s.store.WriteBatch(ctx, req)
		err = check(resp, err)
		endSpan(span, err)
		if err != nil {
			return err
		}
		received += resp.RowsReceived
	}
}

func (s *onlineServer) Read(req *pb.ReadRequest, stream grpc.ServerStreamingServer[pb.ReadResponse]) error {
	return s.read(stream.Context(), req, stream.Send)
}

// read answers a Read over either path: the store's answer, checked
// against the request, sent in chunks.
func (s *onlineServer) read(ctx context.Context, req *pb.ReadRequest, send func(*pb.ReadResponse) error) error {
	readReq, err := convert.ReadRequestFromProto(req)
	if err != nil {
		return grpcerr.ToStatus(storeerr.InvalidArgument("read: %w", err))
	}
	ctx, span := s.storeSpan(ctx, "Read", func() []attribute.KeyValue { return readAttrs(readReq) })
	resp, err := s.store.Read(ctx, readReq)
	err = check(resp, err)
	endSpan(span, err)
	if err != nil {
		return err
	}
	if len(resp.Views) != len(readReq.Views) {
		return grpcerr.ToStatus(storeerr.Internal("store answered %d views for %d asked", len(resp.Views), len(readReq.Views)))
	}
	for i, rows := range resp.Views {
		if len(rows) != len(readReq.Views[i].EntityKeys) {
			return grpcerr.ToStatus(storeerr.Internal("store answered %d rows for %d keys of view %s",
				len(rows), len(readReq.Views[i].EntityKeys), readReq.Views[i].FeatureView))
		}
	}
	return sendReadChunks(readReq, resp, send)
}

// sendReadChunks sends a read result in messages of about handshake.ChunkBytes.
func sendReadChunks(req *onlinestore.ReadRequest, resp *onlinestore.ReadResponse, send func(*pb.ReadResponse) error) error {
	msg, size := &pb.ReadResponse{}, 0
	for vi, rows := range resp.Views {
		nf := len(req.Views[vi].Features)
		first := 0
		for ri := range rows {
			rowSize := convert.EstimateRowSize(nil, rows[ri].Values)
			if size+rowSize > handshake.ChunkBytes && size > 0 {
				if ri > first {
					msg.Views = append(msg.Views, convert.ViewRowsToProto(vi, first, rows[first:ri], nf))
				}
				if err := send(msg); err != nil {
					return err
				}
				msg, size, first = &pb.ReadResponse{}, 0, ri
			}
			size += rowSize
		}
		if len(rows) > first {
			msg.Views = append(msg.Views, convert.ViewRowsToProto(vi, first, rows[first:], nf))
		}
	}
	return send(msg)
}

func (s *onlineServer) SearchVectors(ctx context.Context, req *pb.SearchVectorsRequest) (*pb.SearchVectorsResponse, error) {
	if s.search == nil {
		return nil, grpcerr.ToStatus(storeerr.Unsupported("plugin %s does not offer vector search", s.info.Name))
	}
	searchReq, err := convert.SearchVectorsRequestFromProto(req)
	if err != nil {
		return nil, grpcerr.ToStatus(storeerr.InvalidArgument("search vectors: %w", err))
	}
	ctx, span := s.storeSpan(ctx, "SearchVectors", func() []attribute.KeyValue {
		return []attribute.KeyValue{attribute.String("quiver.project", searchReq.Project),
			attribute.String("quiver.view", searchReq.FeatureView), attribute.Int("quiver.top_k", searchReq.TopK)}
	})
	resp, err := s.search.SearchVectors(ctx, searchReq)
	err = check(resp, err)
	endSpan(span, err)
	if err != nil {
		return nil, err
	}
	return convert.SearchVectorsResponseToProto(resp), nil
}

func (s *onlineServer) Health(ctx context.Context, _ *pb.HealthRequest) (*pb.HealthResponse, error) {
	resp, err := s.store.Health(ctx, &onlinestore.HealthRequest{})
	if err = check(resp, err); err != nil {
		return nil, err
	}
	return &pb.HealthResponse{Serving: resp.Serving, Message: resp.Message}, nil
}

// check maps a store's error to a status and rejects a nil response.
func check[T any](resp *T, err error) error {
	if err != nil {
		return grpcerr.ToStatus(err)
	}
	if resp == nil {
		return grpcerr.ToStatus(errNilResponse)
	}
	return nil
}
