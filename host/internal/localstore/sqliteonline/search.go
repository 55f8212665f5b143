package sqliteonline

import (
	"context"
	"math"

	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/storeerr"
	"github.com/quiverfs/quiver/sdk/types"
)

// SearchVectors returns the TopK rows nearest to the query vector, exactly,
// nearest first, with ties broken by encoded entity key. The filter, if
// any, applies to join keys and scalar features (see compileFilter).
func (s *Store) SearchVectors(ctx context.Context, req *onlinestore.SearchVectorsRequest) (*onlinestore.SearchVectorsResponse, error) {
	if err := checkSearch(req); err != nil {
		return nil, err
	}
	db, err := s.database()
	if err != nil {
		return nil, err
	}
	lookup, err := db.stmt(ctx, false, lookupSQL)
	if err != nil {
		return nil, dbError("preparing the catalog lookup", err)
	}
	size := bucketFor(min(req.TopK, maxIn))
	fetch, err := s.prepare(ctx, db, false, selectSQL(tableName(req.Project, req.FeatureView), size), req.Project, req.FeatureView)
	if err != nil {
		return nil, err
	}
	tx, err := db.reader.BeginTx(ctx, nil)
	if err != nil {
		return nil, dbError("beginning a read", err)
	}
	defer func() { _ = tx.Rollback() }()
	meta, err := s.lookupView(ctx, tx, lookup, req.Project, req.FeatureView)
	if err != nil {
		return nil, err
	}
	field, qu, err := prepareQuery(meta.spec, req)
	if err != nil {
		return nil, err
	}
	ix, err := s.vectors.acquire(ctx, tx, meta, field)
	if err != nil {
		return nil, err
	}
	hits, keys, err := searchIndex(ix, qu, req)
	ix.mu.RUnlock()
	if err != nil {
		return nil, err
	}
	return collectHits(ctx, tx, fetch, size, hits, keys, req.Features)
}

// checkSearch checks what a request says by itself.
func checkSearch(req *onlinestore.SearchVectorsRequest) error {
	switch {
	case req.Project == "" || req.FeatureView == "" || req.VectorField == "":
		return storeerr.InvalidArgument("sqlite online store: SearchVectors: project, feature view and vector field are required")
	case req.TopK <= 0:
		return storeerr.InvalidArgument("sqlite online store: SearchVectors: top_k must be positive, got %d", req.TopK)
	case req.QueryText != "":
		return storeerr.Unsupported("sqlite online store: SearchVectors: text queries are not supported")
	}
	for i, x := range req.QueryVector {
		if math.IsNaN(float64(x)) || math.IsInf(float64(x), 0) {
			return storeerr.InvalidArgument("sqlite online store: SearchVectors: query vector element %d is %v", i, x)
		}
	}
	return nil
}

// prepareQuery checks a request against the view's spec and returns the
// vector field and the prepared query.
func prepareQuery(spec *types.FeatureViewSpec, req *onlinestore.SearchVectorsRequest) (types.Field, *query, error) {
	field, ok := spec.Feature(req.VectorField)
	if !ok || field.Vector == nil {
		return field, nil, storeerr.InvalidArgument("sqlite online store: view %q has no vector field %q", spec.Name, req.VectorField)
	}
	if len(req.QueryVector) != field.Vector.Dimension {
		return field, nil, storeerr.InvalidArgument("sqlite online store: the query vector has %d dimensions but vector field %q of view %q has %d",
			len(req.QueryVector), field.Name, spec.Name, field.Vector.Dimension)
	}
	if err := checkFeatures(spec, req.Features, nil); err != nil {
		return field, nil, err
	}
	metric := req.Metric
	if metric == types.MetricUnspecified {
		metric = field.Vector.Metric
	}
	switch metric {
	case types.MetricUnspecified:
		metric = types.MetricL2
	case types.MetricL2, types.MetricCosine, types.MetricInnerProduct:
	default:
		return field, nil, storeerr.InvalidArgument("sqlite online store: unknown distance metric %d", int(metric))
	}
	qu := &query{q: req.QueryVector, metric: metric}
	qu.sq, qu.norm = sqnorm(req.QueryVector)
	return field, qu, nil
}

// searchIndex runs the filter and the scan on a read-locked index and
// returns the hits with their encoded keys.
func searchIndex(ix *vectorIndex, qu *query, req *onlinestore.SearchVectorsRequest) ([]hit, []string, error) {
	var keep predicate
	if req.Filter != nil {
		var err error
		if keep, err = compileFilter(req.Filter, ix.cols); err != nil {
			return nil, nil, err
		}
	}
	hits := ix.nearest(qu, req.TopK, keep)
	keys := make([]string, len(hits))
	for i, h := range hits {
		keys[i] = ix.keys[h.slot]
	}
	return hits, keys, nil
}
