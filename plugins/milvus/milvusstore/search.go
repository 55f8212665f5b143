package milvusstore

import (
	"context"
	"math"

	"github.com/milvus-io/milvus-sdk-go/v2/client"
	"github.com/milvus-io/milvus-sdk-go/v2/entity"

	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/storeerr"
	"github.com/quiverfs/quiver/sdk/types"
)

// maxTopK is Milvus's limit on top-k.
const maxTopK = 16384

// SearchVectors implements onlinestore.StoreWithVectorSearch.
func (s *Store) SearchVectors(ctx context.Context, req *onlinestore.SearchVectorsRequest) (*onlinestore.SearchVectorsResponse, error) {
	v, cli, cfg, err := s.lookup(ctx, req.Project, req.FeatureView)
	if err != nil {
		return nil, err
	}
	if err := v.checkSearch(req); err != nil {
		return nil, err
	}
	expr, err := v.expr(req.Filter)
	if err != nil {
		return nil, err
	}
	// The null flag of the vector always comes back, so that a hit on a
	// null vector (stored as zeros) can be told apart.
	out := []string{fieldEvent, fieldRow, nullField(v.vector.Name)}
	if v.wantsVector(req.Features) {
		out = append(out, v.vectorFieldName())
	}
	sp, err := v.searchParam(req.TopK)
	if err != nil {
		return nil, err
	}
	search := func(expr string) ([]client.SearchResult, error) {
		res, err := cli.Search(ctx, v.collection, nil, expr, out, []entity.Vector{entity.FloatVector(req.QueryVector)},
			v.vectorFieldName(), v.metric(), req.TopK, sp, consistency(cfg))
		if err != nil {
			return nil, downstream(err, "searching "+v.collection)
		}
		return res, nil
	}
	// Without a filter, search without one first: a filtered HNSW search
	// finds fewer of the true neighbours (recall@10 0.52 against 0.66 on
	// 100,000 x 384, docs/benchmarks.md). Only when a null vector is among
	// the hits is the search made again, restricted to non-null vectors.
	var res []client.SearchResult
	if expr == "" {
		if res, err = search(""); err != nil {
			return nil, err
		}
		if len(res) > 0 && hasNullVector(&res[0], v) {
			res = nil
		}
	}
	if res == nil {
		if res, err = search(v.searchable(expr)); err != nil {
			return nil, err
		}
	}
	resp := &onlinestore.SearchVectorsResponse{}
	if len(res) == 0 {
		return resp, nil
	}
	return resp, v.hits(&res[0], req, resp)
}

// hasNullVector reports whether a result holds a row whose vector is null,
// or may: a result without the null flags counts as holding one.
func hasNullVector(r *client.SearchResult, v *view) bool {
	if r.ResultCount == 0 {
		return false
	}
	if r.Err != nil {
		return true
	}
	nulls, ok := r.Fields.GetColumn(nullField(v.vector.Name)).(*entity.ColumnBool)
	if !ok || nulls.Len() < r.ResultCount {
		return true
	}
	for _, isNull := range nulls.Data()[:r.ResultCount] {
		if isNull {
			return true
		}
	}
	return false
}

// searchable restricts a filter expression to rows whose vector is not
// null: a null vector is stored as zeros (Milvus has no null vectors), and
// a row without a vector must not be found.
func (v *view) searchable(expr string) string {
	notNull := "(" + nullField(v.vector.Name) + " == false)"
	if expr == "" {
		return notNull
	}
	return "(" + notNull + " and " + expr + ")"
}

// checkSearch validates a request against the view's vector field.
func (v *view) checkSearch(req *onlinestore.SearchVectorsRequest) error {
	if v.vector == nil {
		return storeerr.InvalidArgument("milvus online store: view %s has no vector field", v.spec.Name)
	}
	if req.VectorField != "" && req.VectorField != v.vector.Name {
		return storeerr.InvalidArgument("milvus online store: view %s has no vector field %q (its vector field is %s)", v.spec.Name, req.VectorField, v.vector.Name)
	}
	if got, want := len(req.QueryVector), v.vector.Vector.Dimension; got != want {
		return storeerr.InvalidArgument("milvus online store: query vector has dimension %d, but %s.%s has dimension %d", got, v.spec.Name, v.vector.Name, want)
	}
	if req.Metric != types.MetricUnspecified && req.Metric != v.vector.Vector.Metric {
		return storeerr.InvalidArgument("milvus online store: %s.%s is indexed for %s distance; it cannot be searched by %s", v.spec.Name, v.vector.Name, v.vector.Vector.Metric, req.Metric)
	}
	if req.TopK <= 0 || req.TopK > maxTopK {
		return storeerr.InvalidArgument("milvus online store: top_k %d is not in [1, %d]", req.TopK, maxTopK)
	}
	if req.QueryText != "" {
		return storeerr.Unsupported("milvus online store: text queries are not supported")
	}
	_, err := v.features(req.Features)
	return err
}

func (v *view) wantsVector(features []string) bool {
	for _, f := range features {
		if f == v.vector.Name {
			return true
		}
	}
	return false
}

// searchParam returns the search parameters of the view's index: ef for
// HNSW (index param "ef", default 64, at least top-k), nprobe for IVF_FLAT
// (index param "nprobe", default 16).
func (v *view) searchParam(topK int) (entity.SearchParam, error) {
	switch v.indexType("") {
	case "HNSW":
		return entity.NewIndexHNSWSearchParam(max(topK, v.param("ef", 64)))
	case "IVF_FLAT":
		return entity.NewIndexIvfFlatSearchParam(v.param("nprobe", 16))
	}
	return entity.NewIndexFlatSearchParam()
}

// hits converts a Milvus result; scores become Quiver distances.
func (v *view) hits(r *client.SearchResult, req *onlinestore.SearchVectorsRequest, resp *onlinestore.SearchVectorsResponse) error {
	if r.ResultCount == 0 {
		return nil // the SDK reports missing output fields of an empty result as an error
	}
	if r.Err != nil {
		return downstream(r.Err, "searching "+v.collection)
	}
	ids, _ := r.IDs.(*entity.ColumnVarChar)
	events, _ := r.Fields.GetColumn(fieldEvent).(*entity.ColumnInt64)
	if ids == nil || events == nil {
		return storeerr.Internal("milvus online store: search of %s returned no keys or timestamps", v.collection)
	}
	var vecCol, nullCol entity.Column
	if v.wantsVector(req.Features) {
		vecCol, nullCol = r.Fields.GetColumn(v.vectorFieldName()), r.Fields.GetColumn(nullField(v.vector.Name))
	}
	metric := v.vector.Vector.Metric
	for i := range r.ResultCount {
		key, err := decodeKey(ids.Data()[i])
		if err != nil {
			return storeerr.Internal("milvus online store: key of %s: %v", v.collection, err)
		}
		vals, err := decodeRow(v, r.Fields.GetColumn(fieldRow), vecCol, nullCol, i)
		if err != nil {
			return err
		}
		hit := onlinestore.SearchHit{EntityKey: key, Distance: distance(metric, r.Scores[i]),
			Values: make([]types.Value, len(req.Features)), EventTimestamp: types.FromMicros(events.Data()[i])}
		for j, f := range req.Features {
			hit.Values[j] = vals[f]
		}
		resp.Hits = append(resp.Hits, hit)
	}
	return nil
}

// distance converts a Milvus score: squared L2 to Euclidean, cosine
// similarity to 1 - similarity, inner product to its negation.
func distance(m types.DistanceMetric, score float32) float64 {
	switch m {
	case types.MetricL2:
		return math.Sqrt(math.Max(0, float64(score)))
	case types.MetricCosine:
		return 1 - float64(score)
	}
	return -float64(score)
}
