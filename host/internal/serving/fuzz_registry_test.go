package serving_test

import (
	"context"
	"testing"

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
// connection: the answer is never Internal or Unknown, and the registry
// is never changed but by a valid ApplyMaterialization.
func FuzzRegistryRequests(f *testing.F) {
	e := newEnv(f, nil)
	c := registryClient(f, e)
	seeds := []proto.Message{
		&feastregistry.GetRequest{Name: "driver_stats", Project: project},
		&feastregistry.ListRequest{Project: project, Tags: map[string]string{"a": "b"},
			Pagination: &feastregistry.PaginationParams{Page: 1 << 30, Limit: 1 << 30}, Sorting: &feastregistry.SortingParams{SortBy: "name", SortOrder: "desc"}},
		&feastregistry.ListAllFeatureViewsRequest{Project: project, Entity: "driver", DataSource: "driver_stats_src",
			UpdatedSince: &timestamppb.Timestamp{Seconds: -1 << 62}},
		&feastregistry.ListFeatureServicesRequest{Project: project, FeatureView: "driver_stats"},
		&feastregistry.ApplyMaterializationRequest{Project: project, FeatureView: &feastcore.FeatureView{Spec: &feastcore.FeatureViewSpec{Name: "driver_stats"}},
			StartDate: &timestamppb.Timestamp{Seconds: 1 << 40}, EndDate: &timestamppb.Timestamp{Seconds: 1, Nanos: -5}},
		&feastregistry.ListSavedDatasetsRequest{Project: project, Namespace: "x"},
	}
	for i, m := range seeds {
		b, err := proto.Marshal(m)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(uint8(i), b)
	}
	f.Fuzz(func(t *testing.T, method uint8, b []byte) {
		ctx := context.Background()
		var err error
		switch method % 8 {
		case 0:
			req := &feastregistry.GetRequest{}
			if proto.Unmarshal(b, req) != nil {
				return
			}
			_, err = c.GetFeatureView(ctx, req)
		case 1:
			req := &feastregistry.GetRequest{}
			if proto.Unmarshal(b, req) != nil {
				return
			}
			_, err = c.GetSavedDataset(ctx, req)
		case 2:
			req := &feastregistry.ListRequest{}
			if proto.Unmarshal(b, req) != nil {
				return
			}
			_, err = c.ListEntities(ctx, req)
		case 3:
			req := &feastregistry.ListAllFeatureViewsRequest{}
			if proto.Unmarshal(b, req) != nil {
				return
			}
			_, err = c.ListAllFeatureViews(ctx, req)
		case 4:
			req := &feastregistry.ListFeatureServicesRequest{}
			if proto.Unmarshal(b, req) != nil {
				return
			}
			_, err = c.ListFeatureServices(ctx, req)
		case 5:
			req := &feastregistry.ApplyMaterializationRequest{}
			if proto.Unmarshal(b, req) != nil {
				return
			}
			_, err = c.ApplyMaterialization(ctx, req)
		case 6:
			req := &feastregistry.ListSavedDatasetsRequest{}
			if proto.Unmarshal(b, req) != nil {
				return
			}
			_, err = c.ListSavedDatasets(ctx, req)
		case 7:
			req := &feastregistry.ListProjectsRequest{}
			if proto.Unmarshal(b, req) != nil {
				return
			}
			_, err = c.ListProjects(ctx, req)
		}
		if code := status.Code(err); code == codes.Internal || code == codes.Unknown {
			t.Fatalf("call %d: %v", method%8, err)
		}
	})
}
