package convert

import (
	pb "github.com/quiverfs/quiver/sdk/internal/gen/quiver/plugin/v1"
	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/types"
)

// SearchVectorsRequestToProto converts a search request.
func SearchVectorsRequestToProto(r *onlinestore.SearchVectorsRequest) *pb.SearchVectorsRequest {
	return &pb.SearchVectorsRequest{
		Project:     r.Project,
		FeatureView: r.FeatureView,
		VectorField: r.VectorField,
		QueryVector: r.QueryVector,
		QueryText:   r.QueryText,
		TopK:        int32(r.TopK),
		Metric:      pb.DistanceMetric(r.Metric),
		Filter:      FilterToProto(r.Filter),
		Features:    r.Features,
	}
}

// SearchVectorsRequestFromProto converts a search request; only its filter
// can be malformed.
func SearchVectorsRequestFromProto(p *pb.SearchVectorsRequest) (*onlinestore.SearchVectorsRequest, error) {
	filter, err := FilterFromProto(p.GetFilter())
	if err != nil {
		return nil, err
	}
	return &onlinestore.SearchVectorsRequest{
		Project:     p.GetProject(),
		FeatureView: p.GetFeatureView(),
		VectorField: p.GetVectorField(),
		QueryVector: p.GetQueryVector(),
		QueryText:   p.GetQueryText(),
		TopK:        int(p.GetTopK()),
		Metric:      types.DistanceMetric(p.GetMetric()),
		Filter:      filter,
		Features:    p.GetFeatures(),
	}, nil
}

// SearchVectorsResponseToProto converts a search response.
func SearchVectorsResponseToProto(r *onlinestore.SearchVectorsResponse) *pb.SearchVectorsResponse {
	hits := make([]*pb.SearchHit, len(r.Hits))
	for i, h := range r.Hits {
		hits[i] = &pb.SearchHit{
			EntityKey:      EntityKeyToProto(h.EntityKey),
			Distance:       h.Distance,
			Values:         ValuesToProto(h.Values),
			EventTimestamp: types.ToMicros(h.EventTimestamp),
		}
	}
	return &pb.SearchVectorsResponse{Hits: hits}
}

// SearchVectorsResponseFromProto converts a search response.
func SearchVectorsResponseFromProto(p *pb.SearchVectorsResponse) *onlinestore.SearchVectorsResponse {
	hits := make([]onlinestore.SearchHit, len(p.GetHits()))
	for i, h := range p.GetHits() {
		hits[i] = onlinestore.SearchHit{
			EntityKey:      EntityKeyFromProto(h.GetEntityKey()),
			Distance:       h.GetDistance(),
			Values:         ValuesFromProto(h.GetValues()),
			EventTimestamp: types.FromMicros(h.GetEventTimestamp()),
		}
	}
	return &onlinestore.SearchVectorsResponse{Hits: hits}
}
