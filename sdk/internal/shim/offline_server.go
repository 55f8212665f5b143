package shim

import (
	"context"
	"errors"
	"io"

	"google.golang.org/grpc"

	"github.com/quiverfs/quiver/sdk/internal/arrowstream"
	"github.com/quiverfs/quiver/sdk/internal/convert"
	pb "github.com/quiverfs/quiver/sdk/internal/gen/quiver/plugin/v1"
	"github.com/quiverfs/quiver/sdk/internal/grpcerr"
	"github.com/quiverfs/quiver/sdk/offlinestore"
	"github.com/quiverfs/quiver/sdk/storeerr"
)

type offlineServer struct {
	pb.UnimplementedOfflineStoreServer
	info       Info
	store      offlinestore.Store
	historical offlinestore.StoreWithHistoricalFeatures // nil unless advertised
	caps       *pb.OfflineCapabilities
}

// RegisterOffline registers store as the OfflineStore service of s.
func RegisterOffline(s grpc.ServiceRegistrar, info Info, store offlinestore.Store) {
	srv := &offlineServer{info: info, store: store,
		caps: convert.OfflineCapabilitiesToProto(offlinestore.CapabilitiesOf(store))}
	srv.historical, _ = store.(offlinestore.StoreWithHistoricalFeatures)
	pb.RegisterOfflineStoreServer(s, srv)
}

func (s *offlineServer) GetCapabilities(context.Context, *pb.OfflineGetCapabilitiesRequest) (*pb.OfflineGetCapabilitiesResponse, error) {
	return &pb.OfflineGetCapabilitiesResponse{
		Plugin:       &pb.PluginInfo{Name: s.info.Name, Version: s.info.Version},
		Capabilities: s.caps,
	}, nil
}

func (s *offlineServer) Configure(ctx context.Context, req *pb.ConfigureRequest) (*pb.ConfigureResponse, error) {
	resp, err := s.store.Configure(ctx, &offlinestore.ConfigureRequest{Project: req.GetProject(), Config: req.GetConfigJson(), RepoDir: req.GetRepoDir()})
	if err = check(resp, err); err != nil {
		return nil, err
	}
	return &pb.ConfigureResponse{}, nil
}

func (s *offlineServer) GetSourceSchema(ctx context.Context, req *pb.GetSourceSchemaRequest) (*pb.GetSourceSchemaResponse, error) {
	resp, err := s.store.GetSourceSchema(ctx, &offlinestore.GetSourceSchemaRequest{Source: convert.DataSourceSpecFromProto(req.GetSource())})
	if err = check(resp, err); err != nil {
		return nil, err
	}
	return &pb.GetSourceSchemaResponse{Columns: convert.FieldsToProto(resp.Columns)}, nil
}

func (s *offlineServer) PullLatest(req *pb.PullRequest, stream grpc.ServerStreamingServer[pb.ArrowChunk]) error {
	pull, err := convert.PullRequestFromProto(req)
	if err != nil {
		return grpcerr.ToStatus(storeerr.InvalidArgument("pull: %w", err))
	}
	resp, err := s.store.PullLatest(stream.Context(), pull)
	return sendRecords(resp, err, stream.Send)
}

func (s *offlineServer) PullRange(req *pb.PullRequest, stream grpc.ServerStreamingServer[pb.ArrowChunk]) error {
	pull, err := convert.PullRequestFromProto(req)
	if err != nil {
		return grpcerr.ToStatus(storeerr.InvalidArgument("pull: %w", err))
	}
	resp, err := s.store.PullRange(stream.Context(), pull)
	return sendRecords(resp, err, stream.Send)
}

// sendRecords streams a store's records as Arrow IPC chunks.
func sendRecords(resp *offlinestore.PullResponse, err error, send func(*pb.ArrowChunk) error) error {
	if err = check(resp, err); err != nil {
		return err
	}
	if resp.Records == nil {
		return grpcerr.ToStatus(storeerr.Internal("store returned no records reader"))
	}
	defer resp.Records.Release()
	_, err = arrowstream.WriteRecords(resp.Records, func(b []byte) error { return send(&pb.ArrowChunk{Data: b}) })
	return grpcerr.ToStatus(err)
}

func (s *offlineServer) WriteBatch(stream grpc.ClientStreamingServer[pb.OfflineWriteBatchRequest, pb.OfflineWriteBatchResponse]) error {
	first, err := stream.Recv()
	if err != nil {
		return err
	}
	pending := first.GetArrowIpc()
	records, err := arrowstream.ReadRecords(func() ([]byte, error) {
		if pending != nil {
			b := pending
			pending = nil
			return b, nil
		}
		msg, err := stream.Recv()
		return msg.GetArrowIpc(), err
	})
	if err != nil {
		return grpcerr.ToStatus(storeerr.InvalidArgument("reading Arrow IPC stream: %w", err))
	}
	defer records.Release()
	resp, err := s.store.WriteBatch(stream.Context(), &offlinestore.WriteBatchRequest{
		Project:     first.GetProject(),
		Destination: convert.DataSourceSpecFromProto(first.GetDestination()),
		Records:     records,
	})
	if err = check(resp, err); err != nil {
		return err
	}
	return stream.SendAndClose(&pb.OfflineWriteBatchResponse{RowsWritten: resp.RowsWritten})
}

func (s *offlineServer) HistoricalFeatures(stream grpc.BidiStreamingServer[pb.HistoricalFeaturesRequest, pb.ArrowChunk]) error {
	if s.historical == nil {
		return grpcerr.ToStatus(storeerr.Unsupported("plugin %s does not offer historical pushdown", s.info.Name))
	}
	first, err := stream.Recv()
	if err != nil {
		return err
	}
	header := first.GetHeader()
	if header == nil {
		return grpcerr.ToStatus(storeerr.InvalidArgument("the first HistoricalFeatures message must be the header"))
	}
	entities, err := arrowstream.ReadRecords(func() ([]byte, error) {
		msg, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			return nil, io.EOF
		}
		return msg.GetEntityArrowIpc(), err
	})
	if err != nil {
		return grpcerr.ToStatus(storeerr.InvalidArgument("reading entity table: %w", err))
	}
	defer entities.Release()
	resp, err := s.historical.HistoricalFeatures(stream.Context(), &offlinestore.HistoricalFeaturesRequest{
		Project:               header.GetProject(),
		Views:                 convert.ViewRefsFromProto(header.GetViews()),
		EntityTimestampColumn: header.GetEntityTimestampColumn(),
		FullFeatureNames:      header.GetFullFeatureNames(),
		Entities:              entities,
	})
	return sendRecords(resp, err, stream.Send)
}

func (s *offlineServer) Teardown(ctx context.Context, req *pb.OfflineTeardownRequest) (*pb.OfflineTeardownResponse, error) {
	resp, err := s.store.Teardown(ctx, &offlinestore.TeardownRequest{
		Project: req.GetProject(), Sources: convert.DataSourceSpecsFromProto(req.GetSources()),
	})
	if err = check(resp, err); err != nil {
		return nil, err
	}
	return &pb.OfflineTeardownResponse{}, nil
}
