package vector

import (
	"context"
	"slices"
	"strings"

	"github.com/quiverfs/quiver/host/internal/apierr"
	"github.com/quiverfs/quiver/host/internal/embed"
	"github.com/quiverfs/quiver/host/internal/model"
	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/storeerr"
	"github.com/quiverfs/quiver/sdk/types"
)

// MaxTopK is the most hits one search may ask for (Milvus's own limit):
// stores size their result heaps by it.
const MaxTopK = 16384

// plan checks a request against the view and the store's options and
// builds the store request.
func (r *Retriever) plan(ctx context.Context, spec types.FeatureViewSpec, vec types.Field, opts onlinestore.VectorSearchOptions, req *Request) (*onlinestore.SearchVectorsRequest, *Response, error) {
	if req.TopK <= 0 || req.TopK > MaxTopK {
		return nil, nil, apierr.Invalid("top_k must be an integer from 1 to %d, got %d", MaxTopK, req.TopK)
	}
	metric := vec.Vector.Metric
	if req.Metric != "" {
		if metric = model.ParseMetric(req.Metric); metric == types.MetricUnspecified {
			return nil, nil, apierr.Invalid("distance_metric %q is not l2, cosine or inner_product", req.Metric)
		}
	}
	if !slices.Contains(opts.Metrics, metric) {
		return nil, nil, storeerr.Unsupported("the online store cannot search by %s distance", metric)
	}
	q, err := r.query(ctx, vec, req)
	if err != nil {
		return nil, nil, err
	}
	features, err := features(spec, vec, req.Features)
	if err != nil {
		return nil, nil, err
	}
	filter, err := req.Filter.Typed(filterFields(spec))
	if err != nil {
		return nil, nil, err
	}
	if filter != nil && !opts.Filters {
		return nil, nil, storeerr.Unsupported("the online store does not support filters in vector search")
	}
	keys := make([]string, len(spec.JoinKeys))
	for i, k := range spec.JoinKeys {
		keys[i] = k.Name
	}
	sreq := &onlinestore.SearchVectorsRequest{FeatureView: spec.Name, VectorField: vec.Name, QueryVector: q,
		TopK: req.TopK, Metric: metric, Filter: filter, Features: features}
	return sreq, &Response{FeatureView: spec.Name, VectorField: vec.Name, Metric: metric, JoinKeys: keys, Features: features}, nil
}

// query returns the query vector: given, or the embedded text.
func (r *Retriever) query(ctx context.Context, vec types.Field, req *Request) ([]float32, error) {
	q := req.QueryVector
	switch {
	case len(q) > 0 && req.QueryText != "":
		return nil, apierr.Invalid("give a query vector or a query text, not both")
	case len(q) == 0 && req.QueryText == "":
		return nil, apierr.Invalid("a query vector (query) or a query text (query_string) is required")
	case req.QueryText != "":
		if r.Embedder == nil {
			return nil, apierr.Invalid("a text query needs an embedder (the embedder block of quiver.yaml)")
		}
		var err error
		if q, err = embed.One(ctx, r.Embedder, req.QueryText); err != nil {
			return nil, err
		}
		if len(q) != vec.Vector.Dimension {
			return nil, apierr.Invalid("the embedder %s makes vectors of dimension %d, but %s has dimension %d",
				r.Embedder.Name(), len(q), vec.Name, vec.Vector.Dimension)
		}
	}
	if len(q) != vec.Vector.Dimension {
		return nil, apierr.Invalid("the query vector has dimension %d, but %s has dimension %d", len(q), vec.Name, vec.Vector.Dimension)
	}
	return q, nil
}

// features resolves requested names ("f" or "view:f"); none means every
// feature but the vector.
func features(spec types.FeatureViewSpec, vec types.Field, refs []string) ([]string, error) {
	if len(refs) == 0 {
		var out []string
		for _, f := range spec.Features {
			if f.Name != vec.Name {
				out = append(out, f.Name)
			}
		}
		return out, nil
	}
	out := make([]string, len(refs))
	for i, ref := range refs {
		name := ref
		if _, f, ok := strings.Cut(ref, ":"); ok {
			name = f
		}
		if _, ok := spec.Feature(name); !ok {
			return nil, apierr.NotFound("feature view %s has no feature %q", spec.Name, name).About(apierr.Feature)
		}
		out[i] = name
	}
	return out, nil
}

// filterFields lists the fields filters may use: join keys and scalar features.
func filterFields(spec types.FeatureViewSpec) map[string]types.ValueType {
	out := map[string]types.ValueType{}
	for _, f := range append(append([]types.Field{}, spec.JoinKeys...), spec.Features...) {
		if !f.Type.IsList() && f.Type != types.Bytes {
			out[f.Name] = f.Type
		}
	}
	return out
}
