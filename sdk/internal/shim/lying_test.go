package shim

import (
	"context"
	"net"
	"strings"
	"testing"

	"github.com/hashicorp/go-hclog"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/test/bufconn"

	"github.com/quiverfs/quiver/sdk/internal/convert"
	"github.com/quiverfs/quiver/sdk/internal/datapath"
	pb "github.com/quiverfs/quiver/sdk/internal/gen/quiver/plugin/v1"
	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/types"
)

// lyingServer answers every Read with the chunks chunks returns, whatever
// was asked: a plugin with a bug in its protocol code, not its store.
type lyingServer struct {
	pb.UnimplementedOnlineStoreServer
	chunks func() []*pb.ReadResponse
}

func (s *lyingServer) GetCapabilities(context.Context, *pb.OnlineGetCapabilitiesRequest) (*pb.OnlineGetCapabilitiesResponse, error) {
	return &pb.OnlineGetCapabilitiesResponse{Plugin: &pb.PluginInfo{Name: "liar"}, Capabilities: &pb.OnlineCapabilities{}}, nil
}

func (s *lyingServer) Read(_ *pb.ReadRequest, stream grpc.ServerStreamingServer[pb.ReadResponse]) error {
	return s.read(stream.Context(), nil, stream.Send)
}

func (s *lyingServer) read(_ context.Context, _ *pb.ReadRequest, send func(*pb.ReadResponse) error) error {
	for _, c := range s.chunks() {
		if err := send(c); err != nil {
			return err
		}
	}
	return nil
}

// lyingClient connects to a lyingServer over gRPC, or with Read on the
// socket data path.
func lyingClient(t *testing.T, path string, chunks func() []*pb.ReadResponse) *OnlineClient {
	t.Helper()
	srv := &lyingServer{chunks: chunks}
	lis := bufconn.Listen(1 << 20)
	gs := NewGRPCServer(nil)
	pb.RegisterOnlineStoreServer(gs, srv)
	go func() { _ = gs.Serve(lis) }()
	cc, err := grpc.NewClient("passthrough:///liar", grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithContextDialer(func(ctx context.Context, _ string) (net.Conn, error) { return lis.DialContext(ctx) }))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cc.Close(); gs.Stop() })
	c, err := NewOnlineClient(context.Background(), "liar", cc)
	if err != nil {
		t.Fatal(err)
	}
	if path == DataPathSocket {
		dp, err := datapath.Listen(srv.read, hclog.NewNullLogger())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(dp.Close)
		if c.fast, err = datapath.Dial(context.Background(), dp.Info()); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(c.Close)
	}
	return c
}

// rowsOf returns a chunk of view 0 holding rows first..first+n, found, with
// one int64 feature.
func rowsOf(first, n int) *pb.ReadResponse {
	rows := make([]onlinestore.ReadRow, n)
	for i := range rows {
		rows[i] = onlinestore.ReadRow{Found: true, Values: []types.Value{types.Int64Value(int64(first + i))}}
	}
	return &pb.ReadResponse{Views: []*pb.ReadResponse_ViewRows{convert.ViewRowsToProto(0, first, rows, 1)}}
}

// TestALyingPluginFailsTheReadOnEitherPath checks the answers a plugin's
// protocol code could get wrong: each must fail the read as Internal, never
// come back as an answer with rows missing, doubled or out of place.
func TestALyingPluginFailsTheReadOnEitherPath(t *testing.T) {
	keys := make([]types.EntityKey, 4)
	for i := range keys {
		keys[i] = types.EntityKey{{JoinKey: "id", Value: types.Int64Value(int64(i))}}
	}
	req := &onlinestore.ReadRequest{Project: "p", Views: []onlinestore.ReadView{{FeatureView: "v", Features: []string{"f"}, EntityKeys: keys}}}
	empty := &pb.ReadResponse{}
	cases := []struct {
		name   string
		chunks []*pb.ReadResponse
		want   string
	}{
		{"a row missing", []*pb.ReadResponse{rowsOf(0, 3)}, "answered 3 of the 4 rows"},
		{"a chunk sent twice", []*pb.ReadResponse{rowsOf(0, 2), rowsOf(0, 2)}, "twice"},
		{"rows past the request", []*pb.ReadResponse{rowsOf(2, 4)}, "outside the request"},
		{"a view not asked for", []*pb.ReadResponse{{Views: []*pb.ReadResponse_ViewRows{{ViewIndex: 1}}}}, "outside the request"},
		{"empty chunks without end", []*pb.ReadResponse{empty, empty, empty, empty, empty, empty}, "more read chunks"},
	}
	for _, path := range []string{DataPathGRPC, DataPathSocket} {
		for _, tc := range cases {
			c := lyingClient(t, path, func() []*pb.ReadResponse { return tc.chunks })
			got, err := c.Read(context.Background(), req)
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "liar") {
				t.Errorf("%s, %s: Read = %v, %v; want an Internal error with %q", path, tc.name, got, err, tc.want)
			}
		}
		c := lyingClient(t, path, func() []*pb.ReadResponse { return []*pb.ReadResponse{rowsOf(2, 2), rowsOf(0, 2)} })
		got, err := c.Read(context.Background(), req)
		if err != nil || got.Views[0][3].Values[0].Int64() != 3 {
			t.Errorf("%s: chunks out of order but complete: %v, %v; want the answer", path, got, err)
		}
	}
}
