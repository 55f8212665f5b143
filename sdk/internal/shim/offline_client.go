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

// OfflineClient implements offlinestore.Store over a gRPC connection.
type OfflineClient struct {
	name string
	rpc  pb.OfflineStoreClient
	caps offlinestore.Capabilities
	info Info
}

var _ offlinestore.StoreWithCapabilities = (*OfflineClient)(nil)

// HistoricalOfflineClient is an OfflineClient of a store that advertises pushdown.
type HistoricalOfflineClient struct{ *OfflineClient }

var _ offlinestore.StoreWithHistoricalFeatures = HistoricalOfflineClient{}

// NewOfflineClient asks the plugin for its capabilities and returns a client.
func NewOfflineClient(ctx context.Context, name string, cc grpc.ClientConnInterface) (*OfflineClient, error) {
	rpc := pb.NewOfflineStoreClient(cc)
	resp, err := rpc.GetCapabilities(ctx, &pb.OfflineGetCapabilitiesRequest{})
	if err != nil {
		return nil, grpcerr.FromStatus(name, err)
	}
	return &OfflineClient{
		name: name, rpc: rpc,
		caps: convert.OfflineCapabilitiesFromProto(resp.GetCapabilities()),
		info: Info{Name: resp.GetPlugin().GetName(), Version: resp.GetPlugin().GetVersion()},
	}, nil
}

// Capabilities implements offlinestore.StoreWithCapabilities: what the
// plugin advertised.
func (c *OfflineClient) Capabilities() offlinestore.Capabilities { return c.caps }

// Info returns the plugin's name and version as it reported them.
func (c *OfflineClient) Info() Info { return c.info }

// Store returns c as the richest store interface its capabilities allow.
func (c *OfflineClient) Store() offlinestore.Store {
	if c.caps.HistoricalPushdown {
		return HistoricalOfflineClient{c}
	}
	return c
}

// Configure implements offlinestore.Store.
func (c *OfflineClient) Configure(ctx context.Context, req *offlinestore.ConfigureRequest) (*offlinestore.ConfigureResponse, error) {
	if _, err := c.rpc.Configure(ctx, convert.ConfigureRequestToProto(req.Project, req.RepoDir, req.Config)); err != nil {
		return nil, grpcerr.FromStatus(c.name, err)
	}
	return &offlinestore.ConfigureResponse{}, nil
}

// GetSourceSchema implements offlinestore.Store.
func (c *OfflineClient) GetSourceSchema(ctx context.Context, req *offlinestore.GetSourceSchemaRequest) (*offlinestore.GetSourceSchemaResponse, error) {
	resp, err := c.rpc.GetSourceSchema(ctx, &pb.GetSourceSchemaRequest{Source: convert.DataSourceSpecToProto(req.Source)})
	if err != nil {
		return nil, grpcerr.FromStatus(c.name, err)
	}
	return &offlinestore.GetSourceSchemaResponse{Columns: convert.FieldsFromProto(resp.GetColumns())}, nil
}

// PullLatest implements offlinestore.Store. The caller releases the records.
func (c *OfflineClient) PullLatest(ctx context.Context, req *offlinestore.PullRequest) (*offlinestore.PullResponse, error) {
	if len(req.EntityKeys) > 0 && !c.caps.EntityFilter {
		req = withoutEntityKeys(req)
	}
	preq, err := convert.PullRequestToProto(req)
	if err != nil {
		return nil, storeerr.InvalidArgument("pull: %w", err)
	}
	stream, err := c.rpc.PullLatest(ctx, preq)
	if err != nil {
		return nil, grpcerr.FromStatus(c.name, err)
	}
	return c.records(stream.Recv)
}

// PullRange implements offlinestore.Store. The caller releases the records.
func (c *OfflineClient) PullRange(ctx context.Context, req *offlinestore.PullRequest) (*offlinestore.PullResponse, error) {
	if len(req.EntityKeys) > 0 && !c.caps.EntityFilter {
		req = withoutEntityKeys(req)
	}
	preq, err := convert.PullRequestToProto(req)
	if err != nil {
		return nil, storeerr.InvalidArgument("pull: %w", err)
	}
	stream, err := c.rpc.PullRange(ctx, preq)
	if err != nil {
		return nil, grpcerr.FromStatus(c.name, err)
	}
	return c.records(stream.Recv)
}

func withoutEntityKeys(req *offlinestore.PullRequest) *offlinestore.PullRequest {
	cp := *req
	cp.EntityKeys = nil
	return &cp
}

// records turns a stream of Arrow chunks into a record reader.
func (c *OfflineClient) records(recv func() (*pb.ArrowChunk, error)) (*offlinestore.PullResponse, error) {
	rd, err := arrowstream.ReadRecords(func() ([]byte, error) {
		msg, err := recv()
		if err != nil {
			return nil, c.recvErr(err)
		}
		return msg.GetData(), nil
	})
	if err != nil {
		return nil, err
	}
	return &offlinestore.PullResponse{Records: rd}, nil
}

// recvErr keeps io.EOF and maps everything else.
func (c *OfflineClient) recvErr(err error) error {
	if err == nil || errors.Is(err, io.EOF) {
		return err
	}
	return grpcerr.FromStatus(c.name, err)
}

// WriteBatch implements offlinestore.Store: the records travel in chunks.
func (c *OfflineClient) WriteBatch(ctx context.Context, req *offlinestore.WriteBatchRequest) (*offlinestore.WriteBatchResponse, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	stream, err := c.rpc.WriteBatch(ctx)
	if err != nil {
		return nil, grpcerr.FromStatus(c.name, err)
	}
	first := true
	_, err = arrowstream.WriteRecords(req.Records, func(b []byte) error {
		msg := &pb.OfflineWriteBatchRequest{ArrowIpc: b}
		if first {
			msg.Project, msg.Destination, first = req.Project, convert.DataSourceSpecToProto(req.Destination), false
		}
		return stream.Send(msg)
	})
	if err != nil {
		if _, serr := stream.CloseAndRecv(); serr != nil {
			return nil, grpcerr.FromStatus(c.name, serr)
		}
		return nil, storeerr.InvalidArgument("sending records: %w", err)
	}
	resp, err := stream.CloseAndRecv()
	if err != nil {
		return nil, grpcerr.FromStatus(c.name, err)
	}
	return &offlinestore.WriteBatchResponse{RowsWritten: resp.GetRowsWritten()}, nil
}

// Teardown implements offlinestore.Store.
func (c *OfflineClient) Teardown(ctx context.Context, req *offlinestore.TeardownRequest) (*offlinestore.TeardownResponse, error) {
	_, err := c.rpc.Teardown(ctx, &pb.OfflineTeardownRequest{Project: req.Project, Sources: convert.DataSourceSpecsToProto(req.Sources)})
	if err != nil {
		return nil, grpcerr.FromStatus(c.name, err)
	}
	return &offlinestore.TeardownResponse{}, nil
}

// HistoricalFeatures implements offlinestore.StoreWithHistoricalFeatures:
// the entity table streams in while the result streams back.
func (c HistoricalOfflineClient) HistoricalFeatures(ctx context.Context, req *offlinestore.HistoricalFeaturesRequest) (*offlinestore.PullResponse, error) {
	stream, err := c.rpc.HistoricalFeatures(ctx)
	if err != nil {
		return nil, grpcerr.FromStatus(c.name, err)
	}
	header := &pb.HistoricalFeaturesRequest_Header{
		Project: req.Project, Views: convert.ViewRefsToProto(req.Views),
		EntityTimestampColumn: req.EntityTimestampColumn, FullFeatureNames: req.FullFeatureNames,
	}
	if err := stream.Send(&pb.HistoricalFeaturesRequest{Part: &pb.HistoricalFeaturesRequest_Header_{Header: header}}); err != nil {
		return nil, grpcerr.FromStatus(c.name, err)
	}
	go func() {
		_, _ = arrowstream.WriteRecords(req.Entities, func(b []byte) error {
			return stream.Send(&pb.HistoricalFeaturesRequest{Part: &pb.HistoricalFeaturesRequest_EntityArrowIpc{EntityArrowIpc: b}})
		})
		_ = stream.CloseSend()
	}()
	return c.records(stream.Recv)
}
