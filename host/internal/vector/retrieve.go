package vector

import (
	"context"
	"strings"
	"time"

	"github.com/quiverfs/quiver/host/internal/apierr"
	"github.com/quiverfs/quiver/host/internal/embed"
	"github.com/quiverfs/quiver/host/internal/model"
	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/storeerr"
	"github.com/quiverfs/quiver/sdk/types"
)

// Request asks for the documents nearest to a query.
type Request struct {
	// FeatureView names the view; optional when Features are "view:feature".
	FeatureView string
	// Features to return: names or "view:feature" references. Optional;
	// default every feature of the view but its vector.
	Features []string
	// QueryVector or QueryText (embedded with the Retriever's Embedder);
	// exactly one is required.
	QueryVector []float32
	QueryText   string
	// TopK is the number of hits; required, > 0.
	TopK int
	// Metric is l2, cosine or inner_product; optional, default the field's.
	Metric string
	// Filter restricts the candidates; optional.
	Filter *Node
}

// Hit is one document.
type Hit struct {
	EntityKey      types.EntityKey
	Distance       float64
	Values         []types.Value // aligned with Response.Features
	EventTimestamp time.Time
}

// Response lists hits, nearest first.
type Response struct {
	FeatureView string
	VectorField string
	Metric      types.DistanceMetric
	JoinKeys    []string
	Features    []string
	Hits        []Hit
}

// Retriever runs requests against an online store.
type Retriever struct {
	// Store is the online store. Required.
	Store onlinestore.Store
	// Embedder embeds QueryText; optional, needed only for text queries.
	Embedder embed.Embedder
}

// Resolve returns the view a request searches, for authorization before
// the work. Unknown names are NotFound.
func Resolve(repo *model.Repo, req *Request) (*model.FeatureView, error) {
	name := req.FeatureView
	for _, ref := range req.Features {
		if view, _, ok := strings.Cut(ref, ":"); ok {
			if name != "" && view != name {
				return nil, apierr.Invalid("features name views %s and %s; documents come from one feature view", name, view)
			}
			name = view
		}
	}
	if name == "" {
		return nil, apierr.Invalid("name a feature view (feature_view, or features as view:feature)")
	}
	v, ok := repo.FeatureViews[name]
	if !ok {
		return nil, apierr.NotFound("feature view %q is not registered (run quiver apply)", name).About(apierr.FeatureView)
	}
	return v, nil
}

// Retrieve runs one retrieval.
func (r *Retriever) Retrieve(ctx context.Context, repo *model.Repo, req *Request) (*Response, error) {
	v, err := Resolve(repo, req)
	if err != nil {
		return nil, err
	}
	spec, err := repo.ViewSpec(v)
	if err != nil {
		return nil, err
	}
	vec, err := vectorField(spec)
	if err != nil {
		return nil, err
	}
	search, ok := r.Store.(onlinestore.StoreWithVectorSearch)
	if !ok {
		return nil, storeerr.Unsupported("the online store does not support vector search; use the embedded sqlite store or a plugin that advertises it (e.g. milvus)")
	}
	sreq, resp, err := r.plan(ctx, spec, vec, search.VectorSearchOptions(), req)
	if err != nil {
		return nil, err
	}
	sreq.Project = repo.Project
	out, err := search.SearchVectors(ctx, sreq)
	if err != nil {
		return nil, err
	}
	for _, h := range out.Hits {
		resp.Hits = append(resp.Hits, Hit{EntityKey: h.EntityKey, Distance: h.Distance, Values: h.Values, EventTimestamp: h.EventTimestamp})
	}
	return resp, nil
}

// vectorField returns the view's vector field: its first.
func vectorField(spec types.FeatureViewSpec) (types.Field, error) {
	for _, f := range spec.Features {
		if f.Vector != nil {
			return f, nil
		}
	}
	return types.Field{}, apierr.Invalid("feature view %s has no vector field; declare one in its schema (vector: {dimension, metric})", spec.Name)
}
