package shim

import (
	"context"
	"errors"
	"io"

	"google.golang.org/grpc"

	"github.com/quiverfs/quiver/sdk/internal/convert"
	pb "github.com/quiverfs/quiver/sdk/internal/gen/quiver/plugin/v1"
	"github.com/quiverfs/quiver/sdk/internal/grpcerr"
	"github.com/quiverfs/quiver/sdk/internal/handshake"
	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/storeerr"
)

// OnlineClient implements onlinestore.Store over a gRPC connection.
type OnlineClient struct {
	name string
	rpc  pb.OnlineStoreClient
	caps onlinestore.Capabilities
	info Info
}

var _ onlinestore.StoreWithCapabilities = (*OnlineClient)(nil)

// VectorOnlineClient is an OnlineClient of a store that advertises vector search.
type VectorOnlineClient struct{ *OnlineClient }

var _ onlinestore.StoreWithVectorSearch = VectorOnlineClient{}

// NewOnlineClient asks the plugin for its capabilities and returns a client.
// `name` labels errors.
func NewOnlineClient(ctx context.Context, name string, cc grpc.ClientConnInterface) (*OnlineClient, error) {
	rpc := pb.NewOnlineStoreClient(cc)
	resp, err := rpc.GetCapabilities(ctx, &pb.OnlineGetCapabilitiesRequest{})
	if err != nil {
		return nil, grpcerr.FromStatus(name, err)
	}
	return &OnlineClient{
		name: name, rpc: rpc,
		caps: convert.OnlineCapabilitiesFromProto(resp.GetCapabilities()),
		info: Info{Name: resp.GetPlugin().GetName(), Version: resp.GetPlugin().GetVersion()},
	}, nil
}

// Capabilities implements onlinestore.StoreWithCapabilities: what the
// plugin advertised.
func (c *OnlineClient) Capabilities() onlinestore.Capabilities { return c.caps }

// Info returns the plugin's name and version as it reported them.
func (c *OnlineClient) Info() Info { return c.info }

// Store returns c as the richest store interface its capabilities allow.
func (c *OnlineClient) Store() onlinestore.Store {
	if c.caps.VectorSearch {
		return VectorOnlineClient{c}
	}
	return c
}

// Configure implements onlinestore.Store.
func (c *OnlineClient) Configure(ctx context.Context, req *onlinestore.ConfigureRequest) (*onlinestore.ConfigureResponse, error) {
	if _, err := c.rpc.Configure(ctx, convert.ConfigureRequestToProto(req.Project, req.RepoDir, req.Config)); err != nil {
		return nil, grpcerr.FromStatus(c.name, err)
	}
	return &onlinestore.ConfigureResponse{}, nil
}

// ApplyInfra implements onlinestore.Store.
func (c *OnlineClient) ApplyInfra(ctx context.Context, req *onlinestore.ApplyInfraRequest) (*onlinestore.ApplyInfraResponse, error) {
	if _, err := c.rpc.ApplyInfra(ctx, convert.ApplyInfraRequestToProto(req)); err != nil {
		return nil, grpcerr.FromStatus(c.name, err)
	}
	return &onlinestore.ApplyInfraResponse{}, nil
}

// Teardown implements onlinestore.Store.
func (c *OnlineClient) Teardown(ctx context.Context, req *onlinestore.TeardownRequest) (*onlinestore.TeardownResponse, error) {
	if _, err := c.rpc.Teardown(ctx, convert.OnlineTeardownRequestToProto(req)); err != nil {
		return nil, grpcerr.FromStatus(c.name, err)
	}
	return &onlinestore.TeardownResponse{}, nil
}

// WriteBatch implements onlinestore.Store; rows go in chunks of about
// handshake.ChunkBytes. A single row over the message limit is InvalidArgument.
func (c *OnlineClient) WriteBatch(ctx context.Context, req *onlinestore.WriteBatchRequest) (*onlinestore.WriteBatchResponse, error) {
	bounds, err := writeChunks(req)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	stream, err := c.rpc.WriteBatch(ctx)
	if err != nil {
		return nil, grpcerr.FromStatus(c.name, err)
	}
	for i := 0; i+1 < len(bounds); i++ {
		chunk, err := convert.WriteChunkToProto(req, req.Rows[bounds[i]:bounds[i+1]])
		if err != nil {
			return nil, storeerr.InvalidArgument("write to view %s: %w", req.FeatureView, err)
		}
		if err := stream.Send(chunk); err != nil {
			return nil, c.streamErr(stream.CloseAndRecv())
		}
	}
	resp, err := stream.CloseAndRecv()
	if err != nil {
		return nil, grpcerr.FromStatus(c.name, err)
	}
	return &onlinestore.WriteBatchResponse{RowsReceived: resp.GetRowsReceived()}, nil
}

// writeChunks returns the row indexes where chunks start, plus len(rows);
// an empty write is one empty chunk.
func writeChunks(req *onlinestore.WriteBatchRequest) ([]int, error) {
	bounds, size := []int{0}, 0
	for i := range req.Rows {
		rowSize := convert.EstimateRowSize(req.Rows[i].EntityKey, req.Rows[i].Values)
		if rowSize > handshake.MaxMessageBytes-64<<10 {
			return nil, storeerr.InvalidArgument("row %d of view %s is %d bytes, over the %d-byte message limit",
				i, req.FeatureView, rowSize, handshake.MaxMessageBytes)
		}
		if size+rowSize > handshake.ChunkBytes && size > 0 {
			bounds, size = append(bounds, i), 0
		}
		size += rowSize
	}
	return append(bounds, len(req.Rows)), nil
}

// streamErr returns the error that ended a client stream.
func (c *OnlineClient) streamErr(_ *pb.OnlineWriteBatchResponse, err error) error {
	if err == nil {
		err = io.ErrUnexpectedEOF
	}
	return grpcerr.FromStatus(c.name, err)
}

// Read implements onlinestore.Store: one call, results reassembled from chunks.
func (c *OnlineClient) Read(ctx context.Context, req *onlinestore.ReadRequest) (*onlinestore.ReadResponse, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	preq, err := convert.ReadRequestToProto(req)
	if err != nil {
		return nil, storeerr.InvalidArgument("read: %w", err)
	}
	stream, err := c.rpc.Read(ctx, preq)
	if err != nil {
		return nil, grpcerr.FromStatus(c.name, err)
	}
	out := &onlinestore.ReadResponse{Views: make([][]onlinestore.ReadRow, len(req.Views))}
	for i, v := range req.Views {
		out.Views[i] = make([]onlinestore.ReadRow, len(v.EntityKeys))
	}
	for {
		msg, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, grpcerr.FromStatus(c.name, err)
		}
		if err := placeReadChunk(req, out, msg); err != nil {
			return nil, err
		}
	}
}

func placeReadChunk(req *onlinestore.ReadRequest, out *onlinestore.ReadResponse, msg *pb.ReadResponse) error {
	for _, vr := range msg.GetViews() {
		vi, first, n := int(vr.GetViewIndex()), int(vr.GetFirstRow()), len(vr.GetFound())
		if vi >= len(out.Views) || first+n > len(out.Views[vi]) {
			return storeerr.Internal("plugin answered rows outside the request (view %d, rows %d..%d)", vi, first, first+n)
		}
		if err := convert.ViewRowsFromProto(vr, out.Views[vi][first:first+n], len(req.Views[vi].Features)); err != nil {
			return storeerr.Internal("plugin answered a bad read chunk: %w", err)
		}
	}
	return nil
}

// Health implements onlinestore.Store.
func (c *OnlineClient) Health(ctx context.Context, _ *onlinestore.HealthRequest) (*onlinestore.HealthResponse, error) {
	resp, err := c.rpc.Health(ctx, &pb.HealthRequest{})
	if err != nil {
		return nil, grpcerr.FromStatus(c.name, err)
	}
	return convert.HealthResponseFromProto(resp), nil
}

// SearchVectors implements onlinestore.StoreWithVectorSearch. Filters and
// query text are refused unless the plugin advertised them.
func (c VectorOnlineClient) SearchVectors(ctx context.Context, req *onlinestore.SearchVectorsRequest) (*onlinestore.SearchVectorsResponse, error) {
	if req.Filter != nil && !c.caps.Vector.Filters {
		return nil, storeerr.Unsupported("plugin %s does not advertise vector search filters", c.name)
	}
	if req.QueryText != "" && !c.caps.Vector.TextQuery {
		return nil, storeerr.Unsupported("plugin %s does not advertise text queries", c.name)
	}
	resp, err := c.rpc.SearchVectors(ctx, convert.SearchVectorsRequestToProto(req))
	if err != nil {
		return nil, grpcerr.FromStatus(c.name, err)
	}
	return convert.SearchVectorsResponseFromProto(resp), nil
}

// VectorSearchOptions implements onlinestore.StoreWithVectorSearch.
func (c VectorOnlineClient) VectorSearchOptions() onlinestore.VectorSearchOptions {
	return c.caps.Vector
}
