package memstore

import (
	"context"
	"sort"

	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/storeerr"
	"github.com/quiverfs/quiver/sdk/types"
)

// VectorSearchOptions implements onlinestore.StoreWithVectorSearch: exact
// (FLAT) search over every metric, with filters.
func (s *Online) VectorSearchOptions() onlinestore.VectorSearchOptions {
	return onlinestore.VectorSearchOptions{
		Metrics:    []types.DistanceMetric{types.MetricL2, types.MetricCosine, types.MetricInnerProduct},
		IndexTypes: []string{"FLAT"},
		Filters:    true,
	}
}

// SearchVectors implements onlinestore.StoreWithVectorSearch by scanning
// every row. Distances: L2 is the Euclidean distance, cosine is 1 - cosine
// similarity, inner product is the negated dot product; smaller is nearer.
func (s *Online) SearchVectors(_ context.Context, req *onlinestore.SearchVectorsRequest) (*onlinestore.SearchVectorsResponse, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	v, err := s.view(req.Project, req.FeatureView)
	if err != nil {
		return nil, err
	}
	field, metric, err := searchField(v, req)
	if err != nil {
		return nil, err
	}
	if _, err := featureTypes(v, req.Features); err != nil {
		return nil, err
	}
	if err := onlinestore.CheckFilter(v.spec, req.Filter); err != nil {
		return nil, err
	}
	hits := make([]onlinestore.SearchHit, 0, len(v.rows))
	for _, r := range v.rows {
		vec := r.values[field.Name]
		if vec.IsNull() || r.expired() {
			continue
		}
		ok, err := matches(req.Filter, r)
		if err != nil {
			return nil, err
		}
		if !ok {
			continue
		}
		vals := make([]types.Value, len(req.Features))
		for i, f := range req.Features {
			vals[i] = r.values[f]
		}
		hits = append(hits, onlinestore.SearchHit{EntityKey: r.key, Values: vals, EventTimestamp: r.event,
			Distance: onlinestore.Distance(metric, req.QueryVector, vectorOf(vec))})
	}
	sort.SliceStable(hits, func(i, j int) bool { return hits[i].Distance < hits[j].Distance })
	if len(hits) > req.TopK {
		hits = hits[:req.TopK]
	}
	return &onlinestore.SearchVectorsResponse{Hits: hits}, nil
}

// searchField checks a request against the view's vector field.
func searchField(v *view, req *onlinestore.SearchVectorsRequest) (types.Field, types.DistanceMetric, error) {
	f, ok := v.spec.Feature(req.VectorField)
	if !ok || f.Vector == nil {
		return f, 0, storeerr.InvalidArgument("feature view %s has no vector field %q", v.spec.Name, req.VectorField)
	}
	if req.TopK <= 0 {
		return f, 0, storeerr.InvalidArgument("top_k must be positive, got %d", req.TopK)
	}
	if len(req.QueryVector) != f.Vector.Dimension {
		return f, 0, storeerr.InvalidArgument("query vector has dimension %d, vector field %s of view %s has dimension %d",
			len(req.QueryVector), f.Name, v.spec.Name, f.Vector.Dimension)
	}
	if req.QueryText != "" {
		return f, 0, storeerr.Unsupported("the memory store does not search text")
	}
	metric := req.Metric
	if metric == types.MetricUnspecified {
		metric = f.Vector.Metric
	}
	switch metric {
	case types.MetricL2, types.MetricCosine, types.MetricInnerProduct:
		return f, metric, nil
	}
	return f, 0, storeerr.InvalidArgument("unknown distance metric %d", int(metric))
}

// vectorLen returns the length of a float list value.
func vectorLen(v types.Value) int {
	if v.Type() == types.Float64List {
		return len(v.Float64List())
	}
	return len(v.Float32List())
}

// vectorOf returns a float list value as float64s.
func vectorOf(v types.Value) []float64 {
	if v.Type() == types.Float64List {
		return v.Float64List()
	}
	l := v.Float32List()
	out := make([]float64, len(l))
	for i, x := range l {
		out[i] = float64(x)
	}
	return out
}
