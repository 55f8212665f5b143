package convert

import (
	pb "github.com/quiverfs/quiver/sdk/internal/gen/quiver/plugin/v1"
	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/types"
)

// FilterToProto converts a filter tree; nil stays nil.
func FilterToProto(f *onlinestore.Filter) *pb.Filter {
	if f == nil {
		return nil
	}
	if f.And || f.Or {
		kind := pb.Filter_Compound_KIND_AND
		if f.Or {
			kind = pb.Filter_Compound_KIND_OR
		}
		children := make([]*pb.Filter, len(f.Children))
		for i, c := range f.Children {
			children[i] = FilterToProto(c)
		}
		return &pb.Filter{Node: &pb.Filter_Compound_{Compound: &pb.Filter_Compound{Kind: kind, Children: children}}}
	}
	cmp := &pb.Filter_Comparison{Field: f.Field, Op: pb.Filter_Op(f.Op), Values: ValuesToProto(f.Values)}
	if f.Op != onlinestore.OpIn && f.Op != onlinestore.OpNin {
		cmp.Value = ValueToProto(f.Value)
	}
	return &pb.Filter{Node: &pb.Filter_Comparison_{Comparison: cmp}}
}

// FilterFromProto converts a filter tree; nil stays nil.
func FilterFromProto(p *pb.Filter) *onlinestore.Filter {
	if p == nil {
		return nil
	}
	if c := p.GetCompound(); c != nil {
		out := &onlinestore.Filter{
			And: c.GetKind() == pb.Filter_Compound_KIND_AND,
			Or:  c.GetKind() == pb.Filter_Compound_KIND_OR,
		}
		for _, child := range c.GetChildren() {
			out.Children = append(out.Children, FilterFromProto(child))
		}
		return out
	}
	c := p.GetComparison()
	out := &onlinestore.Filter{Field: c.GetField(), Op: onlinestore.FilterOp(c.GetOp())}
	if vs := c.GetValues(); len(vs) > 0 {
		out.Values = ValuesFromProto(vs)
	}
	if c.GetValue() != nil {
		out.Value = ValueFromProto(c.GetValue())
	}
	return out
}

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

// SearchVectorsRequestFromProto converts a search request.
func SearchVectorsRequestFromProto(p *pb.SearchVectorsRequest) *onlinestore.SearchVectorsRequest {
	return &onlinestore.SearchVectorsRequest{
		Project:     p.GetProject(),
		FeatureView: p.GetFeatureView(),
		VectorField: p.GetVectorField(),
		QueryVector: p.GetQueryVector(),
		QueryText:   p.GetQueryText(),
		TopK:        int(p.GetTopK()),
		Metric:      types.DistanceMetric(p.GetMetric()),
		Filter:      FilterFromProto(p.GetFilter()),
		Features:    p.GetFeatures(),
	}
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
