package convert

import (
	"reflect"
	"testing"

	"google.golang.org/protobuf/proto"

	pb "github.com/quiverfs/quiver/sdk/internal/gen/quiver/plugin/v1"
	"github.com/quiverfs/quiver/sdk/offlinestore"
	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/types"
)

// FuzzSpecsFromProto decodes its input as an apply-infra request and as a
// historical-features header (feature views, entities, data sources) and
// checks that the specs convert without panics and survive a round trip.
func FuzzSpecsFromProto(f *testing.F) {
	addMessages(f, ApplyInfraRequestToProto(&onlinestore.ApplyInfraRequest{Project: "p",
		ViewsToKeep: []types.FeatureViewSpec{seedView()}, ViewsToDelete: []types.FeatureViewSpec{{Name: "old"}},
		EntitiesToKeep: []types.EntitySpec{{Name: "driver", JoinKeys: []types.Field{{Name: "driver_id", Type: types.Int64}}}},
		Partial:        true}),
		&pb.HistoricalFeaturesRequest_Header{Project: "p", EntityTimestampColumn: "ts", FullFeatureNames: true,
			Views: ViewRefsToProto([]offlinestore.ViewRef{{View: seedView(), Source: seedSource(), Features: []string{"rate"},
				JoinKeyMap: map[string]string{"driver_id": "id"}}})},
		&pb.ApplyInfraRequest{ViewsToKeep: []*pb.FeatureViewSpec{{TtlMicros: 1 << 62}, {TtlMicros: -1}}})
	f.Fuzz(func(t *testing.T, b []byte) {
		infra := &pb.ApplyInfraRequest{}
		if proto.Unmarshal(b, infra) == nil {
			r := ApplyInfraRequestFromProto(infra)
			if again := ApplyInfraRequestFromProto(ApplyInfraRequestToProto(r)); !reflect.DeepEqual(r, again) {
				t.Fatalf("apply-infra request changed on a round trip:\n%+v\n%+v", r, again)
			}
		}
		header := &pb.HistoricalFeaturesRequest_Header{}
		if proto.Unmarshal(b, header) == nil {
			refs := ViewRefsFromProto(header.GetViews())
			if again := ViewRefsFromProto(ViewRefsToProto(refs)); !reflect.DeepEqual(refs, again) {
				t.Fatalf("view refs changed on a round trip:\n%+v\n%+v", refs, again)
			}
		}
	})
}
