package serving_test

import (
	"context"
	"testing"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"

	feastcore "github.com/quiverfs/quiver/host/internal/gen/feast/core"
	feastregistry "github.com/quiverfs/quiver/host/internal/gen/feast/registry"
)

// FuzzRegistryRequests sends arbitrary protobuf bytes, decoded as the
// requests of Feast's registry calls that read what a client sends
// (names, projects, tags, filters, pages, sorting, times), through a real
// connection: the answer is never Internal or Unknown (a crash or an
// unclassified error), only success or a client error.
func FuzzRegistryRequests(f *testing.F) {
	e := newEnv(f, nil)
	c := registryClient(f, e)
	calls := []registryCall{
		callOf(c.GetFeatureView), callOf(c.GetSavedDataset), callOf(c.ListEntities), callOf(c.ListAllFeatureViews),
		callOf(c.ListFeatureServices), callOf(c.ApplyMaterialization), callOf(c.ListSavedDatasets), callOf(c.ListProjects),
	}
	seeds := map[uint8]proto.Message{ // call index: request
		0: &feastregistry.GetRequest{Name: "driver_stats", Project: project},
		2: &feastregistry.ListRequest{Project: project, Tags: map[string]string{"a": "b"},
			Pagination: &feastregistry.PaginationParams{Page: 1 << 30, Limit: 1 << 30}, Sorting: &feastregistry.SortingParams{SortBy: "name", SortOrder: "desc"}},
		3: &feastregistry.ListAllFeatureViewsRequest{Project: project, Entity: "driver", DataSource: "driver_stats_src",
			UpdatedSince: &timestamppb.Timestamp{Seconds: -1 << 62}},
		4: &feastregistry.ListFeatureServicesRequest{Project: project, FeatureView: "driver_stats"},
		5: &feastregistry.ApplyMaterializationRequest{Project: project, FeatureView: &feastcore.FeatureView{Spec: &feastcore.FeatureViewSpec{Name: "driver_stats"}},
			StartDate: &timestamppb.Timestamp{Seconds: 1 << 40}, EndDate: &timestamppb.Timestamp{Seconds: 1, Nanos: -5}},
		6: &feastregistry.ListSavedDatasetsRequest{Project: project, Namespace: "x"},
	}
	for i, m := range seeds {
		b, err := proto.Marshal(m)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(i, b)
	}
	f.Fuzz(func(t *testing.T, method uint8, b []byte) {
		call := calls[int(method)%len(calls)]
		if err := call(b); status.Code(err) == codes.Internal || status.Code(err) == codes.Unknown {
			t.Fatalf("call %d: %v", int(method)%len(calls), err)
		}
	})
}

// registryCall decodes a request and makes the call (nil for bytes that
// are not the request).
type registryCall func(b []byte) error

// callOf is the registryCall of a client method.
func callOf[R any, PR interface {
	*R
	proto.Message
}, A any](method func(context.Context, PR, ...grpc.CallOption) (A, error)) registryCall {
	return func(b []byte) error {
		req := PR(new(R))
		if proto.Unmarshal(b, req) != nil {
			return nil
		}
		_, err := method(context.Background(), req)
		return err
	}
}
