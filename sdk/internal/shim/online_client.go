package shim

import (
	"context"
	"errors"
	"io"

	"google.golang.org/grpc"

	"github.com/quiverfs/quiver/sdk/internal/convert"
	"github.com/quiverfs/quiver/sdk/internal/datapath"
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
	// fast carries Read when the socket data path is open; nil on gRPC.
	fast *datapath.Client
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

// UseDataPath asks the plugin to open its socket data path and sends Read
// through it from then on. On error, Read stays on gRPC; a plugin built
// before the data path existed answers Unsupported.
func (c *OnlineClient) UseDataPath(ctx context.Context) error {
	resp, err := c.rpc.OpenDataPath(ctx, &pb.OpenDataPathRequest{})
	if err != nil {
		return grpcerr.FromStatus(c.name, err)
	}
	fast, err := datapath.Dial(ctx, resp)
	if err != nil {
		return storeerr.Unavailable("plugin %s: %w", c.name, err)
	}
	c.fast = fast
	return nil
}

// DataPath returns the path Read takes: "socket" or "grpc".
func (c *OnlineClient) DataPath() string {
	if c.fast != nil {
		return DataPathSocket
	}
	return DataPathGRPC
}

// The data paths, as the host's --plugin-data-path names them.
const (
	DataPathGRPC   = "grpc"
	DataPathSocket = "socket"
)

// SocketPath returns the data path's socket, or "" on gRPC.
func (c *OnlineClient) SocketPath() string {
	if c.fast == nil {
		return ""
	}
	return c.fast.Address()
}

// Close closes the data path's connections, if any.
func (c *OnlineClient) Close() {
	if c.fast != nil {
		c.fast.Close()
	}
}

// Echo sends payload through the path Read takes and returns what came
// back: the floor a Read of the same size is measured against.
func (c *OnlineClient) Echo(ctx context.Context, payload []byte) ([]byte, error) {
	if c.fast != nil {
		got, err := c.fast.Echo(ctx, payload)
		return got, grpcerr.FromStatus(c.name, err)
	}
	resp, err := c.rpc.Echo(ctx, &pb.EchoRequest{Payload: payload})
	if err != nil {
		return nil, grpcerr.FromStatus(c.name, err)
	}
	return resp.GetPayload(), nil
}

// Read implements onlinestore.Store: one call, results reassembled from chunks.
func (c *OnlineClient) Read(ctx context.Context, req *onlinestore.ReadRequest) (*onlinestore.ReadResponse, error) {
	preq, err := convert.ReadRequestToProto(req)
	if err != nil {
		return nil, storeerr.InvalidArgument("read: %w", err)
	}
	out := newReadAnswer(c.name, req)
	if c.fast != nil {
		var placeErr error
		err := c.fast.Read(ctx, preq, func(msg *pb.ReadResponse) error {
			placeErr = out.place(msg)
			return placeErr
		})
		switch {
		case placeErr != nil:
			return nil, placeErr
		case err != nil:
			return nil, grpcerr.FromStatus(c.name, err)
		}
		if err := out.complete(); err != nil {
			return nil, err
		}
		return out.resp, nil
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	stream, err := c.rpc.Read(ctx, preq)
	if err != nil {
		return nil, grpcerr.FromStatus(c.name, err)
	}
	for {
		msg, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			if err := out.complete(); err != nil {
				return nil, err
			}
			return out.resp, nil
		}
		if err != nil {
			return nil, grpcerr.FromStatus(c.name, err)
		}
		if err := out.place(msg); err != nil {
			return nil, err
		}
	}
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
