package convert

import (
	pb "github.com/quiverfs/quiver/sdk/internal/gen/quiver/plugin/v1"
	"github.com/quiverfs/quiver/sdk/offlinestore"
	"github.com/quiverfs/quiver/sdk/types"
)

// OfflineCapabilitiesToProto converts offline capabilities.
func OfflineCapabilitiesToProto(c offlinestore.Capabilities) *pb.OfflineCapabilities {
	return &pb.OfflineCapabilities{HistoricalPushdown: c.HistoricalPushdown, EntityFilter: c.EntityFilter}
}

// OfflineCapabilitiesFromProto converts offline capabilities.
func OfflineCapabilitiesFromProto(p *pb.OfflineCapabilities) offlinestore.Capabilities {
	return offlinestore.Capabilities{HistoricalPushdown: p.GetHistoricalPushdown(), EntityFilter: p.GetEntityFilter()}
}

// PullRequestToProto converts a pull request.
func PullRequestToProto(r *offlinestore.PullRequest) (*pb.PullRequest, error) {
	var keys *pb.EntityKeyColumns
	if len(r.EntityKeys) > 0 {
		var err error
		if keys, err = EntityKeyColumnsToProto(r.EntityKeys); err != nil {
			return nil, err
		}
	}
	return &pb.PullRequest{
		Project:        r.Project,
		Source:         DataSourceSpecToProto(r.Source),
		JoinKeys:       r.JoinKeys,
		FeatureColumns: r.FeatureColumns,
		StartTime:      types.ToMicros(r.Start),
		EndTime:        types.ToMicros(r.End),
		EntityKeys:     keys,
	}, nil
}

// PullRequestFromProto converts a pull request.
func PullRequestFromProto(p *pb.PullRequest) (*offlinestore.PullRequest, error) {
	var keys []types.EntityKey
	if p.GetEntityKeys().GetCount() > 0 {
		var err error
		if keys, err = EntityKeyColumnsFromProto(p.GetEntityKeys()); err != nil {
			return nil, err
		}
	}
	return &offlinestore.PullRequest{
		Project:        p.GetProject(),
		Source:         DataSourceSpecFromProto(p.GetSource()),
		JoinKeys:       p.GetJoinKeys(),
		FeatureColumns: p.GetFeatureColumns(),
		Start:          types.FromMicros(p.GetStartTime()),
		End:            types.FromMicros(p.GetEndTime()),
		EntityKeys:     keys,
	}, nil
}

// ViewRefsToProto converts the views of a historical request.
func ViewRefsToProto(vs []offlinestore.ViewRef) []*pb.FeatureViewRef {
	out := make([]*pb.FeatureViewRef, len(vs))
	for i, v := range vs {
		out[i] = &pb.FeatureViewRef{
			View:       FeatureViewSpecToProto(v.View),
			Source:     DataSourceSpecToProto(v.Source),
			Features:   v.Features,
			JoinKeyMap: v.JoinKeyMap,
		}
	}
	return out
}

// ViewRefsFromProto converts the views of a historical request.
func ViewRefsFromProto(ps []*pb.FeatureViewRef) []offlinestore.ViewRef {
	out := make([]offlinestore.ViewRef, len(ps))
	for i, p := range ps {
		out[i] = offlinestore.ViewRef{
			View:       FeatureViewSpecFromProto(p.GetView()),
			Source:     DataSourceSpecFromProto(p.GetSource()),
			Features:   p.GetFeatures(),
			JoinKeyMap: p.GetJoinKeyMap(),
		}
	}
	return out
}
