package shim

import (
	"context"
	"net"
	"testing"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"
	"google.golang.org/grpc/test/bufconn"

	pb "github.com/quiverfs/quiver/sdk/internal/gen/quiver/plugin/v1"
	"github.com/quiverfs/quiver/sdk/offlinestore"
	"github.com/quiverfs/quiver/sdk/onlinestore"
)

// searchingStore is an online store with vector search that is never
// reached: every request below is refused before the store sees it.
type searchingStore struct{ onlinestore.Unimplemented }

func (searchingStore) SearchVectors(context.Context, *onlinestore.SearchVectorsRequest) (*onlinestore.SearchVectorsResponse, error) {
	return &onlinestore.SearchVectorsResponse{}, nil
}

func (searchingStore) VectorSearchOptions() onlinestore.VectorSearchOptions {
	return onlinestore.VectorSearchOptions{Filters: true}
}

// rawConn serves the shims over an in-memory connection, for a host that
// sends raw protocol messages.
func rawConn(t *testing.T) *grpc.ClientConn {
	t.Helper()
	lis := bufconn.Listen(1 << 20)
	srv := NewGRPCServer(nil)
	RegisterOnline(srv, Info{Name: "raw"}, searchingStore{}, nil)
	RegisterOffline(srv, Info{Name: "raw"}, offlinestore.Unimplemented{})
	go func() { _ = srv.Serve(lis) }()
	cc, err := grpc.NewClient("passthrough:///raw", grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithContextDialer(func(ctx context.Context, _ string) (net.Conn, error) { return lis.DialContext(ctx) }))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cc.Close(); srv.Stop() })
	return cc
}

func TestMalformedRequestsAreInvalidArgument(t *testing.T) {
	t.Parallel()
	cc := rawConn(t)
	online, offline := pb.NewOnlineStoreClient(cc), pb.NewOfflineStoreClient(cc)
	badKeys := &pb.EntityKeyColumns{JoinKeys: []string{"id"}, Count: 1 << 31,
		Columns: []*pb.ValueColumn{{Type: pb.ValueType_VALUE_TYPE_INT64, Int64Values: []int64{1}}}}
	cases := []struct {
		name string
		call func(ctx context.Context) error
	}{
		{"Read with fewer key values than keys", func(ctx context.Context) error {
			stream, err := online.Read(ctx, &pb.ReadRequest{Views: []*pb.ReadView{{FeatureView: "v", EntityKeys: badKeys}}})
			if err != nil {
				return err
			}
			_, err = stream.Recv()
			return err
		}},
		{"WriteBatch with fewer timestamps than keys", func(ctx context.Context) error {
			stream, err := online.WriteBatch(ctx)
			if err != nil {
				return err
			}
			if err := stream.Send(&pb.OnlineWriteBatchRequest{EntityKeys: &pb.EntityKeyColumns{Count: 1<<32 - 1}}); err != nil {
				return err
			}
			_, err = stream.CloseAndRecv()
			return err
		}},
		{"SearchVectors with a comparison of unknown operator", func(ctx context.Context) error {
			_, err := online.SearchVectors(ctx, &pb.SearchVectorsRequest{Filter: &pb.Filter{
				Node: &pb.Filter_Comparison_{Comparison: &pb.Filter_Comparison{Field: "x", Op: 99}}}})
			return err
		}},
		{"PullLatest with fewer key values than keys", func(ctx context.Context) error {
			stream, err := offline.PullLatest(ctx, &pb.PullRequest{EntityKeys: badKeys})
			if err != nil {
				return err
			}
			_, err = stream.Recv()
			return err
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			if err := c.call(context.Background()); status.Code(err) != codes.InvalidArgument {
				t.Fatalf("err = %v, want InvalidArgument", err)
			}
		})
	}
}
