package cassandrastore

import (
	"container/heap"
	"context"
	"errors"
	"slices"
	"sort"
	"strings"

	gocql "github.com/apache/cassandra-gocql-driver/v2"

	"github.com/quiverfs/quiver/sdk/codec"
	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/storeerr"
	"github.com/quiverfs/quiver/sdk/types"
)

// Search limits.
const (
	maxTopK = 16384
	// annLimitMax bounds the rows one ANN query asks for (Cassandra's SAI
	// refuses large limits with ANN ordering).
	annLimitMax  = 1000
	scanPageSize = 500
)

// VectorSearchOptions implements onlinestore.StoreWithVectorSearch. FLAT
// searches scan the view's table and are exact, with every filter; SAI
// searches use Cassandra's vector index (approximate), with the filters
// SAI can evaluate (AND of =, <, <=, >, >=, IN on non-null values); others
// are refused with Unsupported.
func (s *Store) VectorSearchOptions() onlinestore.VectorSearchOptions {
	return onlinestore.VectorSearchOptions{
		Metrics:    []types.DistanceMetric{types.MetricL2, types.MetricCosine, types.MetricInnerProduct},
		IndexTypes: []string{indexFlat, indexSAI},
		Filters:    true,
	}
}

// SearchVectors implements onlinestore.StoreWithVectorSearch. Distances
// are computed here, in float64, from the stored vectors: Euclidean for
// L2, 1 - cosine similarity for cosine, the negated dot product for inner
// product.
func (s *Store) SearchVectors(ctx context.Context, req *onlinestore.SearchVectorsRequest) (*onlinestore.SearchVectorsResponse, error) {
	c, sess, err := s.open(ctx)
	if err != nil {
		return nil, err
	}
	t, err := c.table(ctx, sess, req.Project, req.FeatureView)
	if errors.Is(err, errNoTable) {
		return nil, storeerr.NotFound("feature view %q of project %q is not applied", req.FeatureView, req.Project)
	}
	if err != nil {
		return nil, err
	}
	vf, metric, err := checkSearch(t, req)
	if err != nil {
		return nil, err
	}
	fields, err := t.fieldsOf(req.Features)
	if err != nil {
		return nil, err
	}
	q := &searchQuery{t: t, req: req, vector: vf, metric: metric, fields: fields}
	var hits []onlinestore.SearchHit
	if vf.index == indexSAI {
		if metric != vf.field.Vector.Metric {
			return nil, storeerr.InvalidArgument("vector field %s of view %s has an SAI index for %s distance; search it by %s, or declare index_type FLAT to search by any metric",
				vf.field.Name, t.view, vf.field.Vector.Metric, vf.field.Vector.Metric)
		}
		hits, err = c.annSearch(ctx, sess, q)
	} else {
		hits, err = c.scanSearch(ctx, sess, q)
	}
	if err != nil {
		return nil, storeError(c.name, "searching view "+req.FeatureView, err)
	}
	return &onlinestore.SearchVectorsResponse{Hits: hits}, nil
}

// checkSearch validates a request against the view: the vector field,
// top-k, the query's dimension, the metric (unspecified: the field's), the
// filter, and no query text.
func checkSearch(t *tableInfo, req *onlinestore.SearchVectorsRequest) (featureInfo, types.DistanceMetric, error) {
	vf, ok := t.features[req.VectorField]
	if !ok || vf.field.Vector == nil {
		return vf, 0, storeerr.InvalidArgument("feature view %s has no vector field %q", t.view, req.VectorField)
	}
	if req.TopK < 1 || req.TopK > maxTopK {
		return vf, 0, storeerr.InvalidArgument("top_k must be from 1 to %d, got %d", maxTopK, req.TopK)
	}
	if len(req.QueryVector) != vf.field.Vector.Dimension {
		return vf, 0, storeerr.InvalidArgument("query vector has dimension %d, vector field %s of view %s has dimension %d",
			len(req.QueryVector), vf.field.Name, t.view, vf.field.Vector.Dimension)
	}
	if req.QueryText != "" {
		return vf, 0, storeerr.Unsupported("the cassandra online store does not search text")
	}
	metric := req.Metric
	if metric == types.MetricUnspecified {
		metric = vf.field.Vector.Metric
	}
	switch metric {
	case types.MetricL2, types.MetricCosine, types.MetricInnerProduct:
	default:
		return vf, 0, storeerr.InvalidArgument("unknown distance metric %d", int(metric))
	}
	if err := onlinestore.CheckFilter(t.spec(), req.Filter); err != nil {
		return vf, 0, err
	}
	return vf, metric, nil
}

// spec rebuilds the view's spec from the table's comment.
func (t *tableInfo) spec() types.FeatureViewSpec {
	v := types.FeatureViewSpec{Name: t.view, JoinKeys: t.joinKeys}
	for _, f := range t.features {
		v.Features = append(v.Features, f.field)
	}
	return v
}

// searchQuery is one checked search.
type searchQuery struct {
	t      *tableInfo
	req    *onlinestore.SearchVectorsRequest
	vector featureInfo
	metric types.DistanceMetric
	fields []featureInfo // the features hits return
}

// columns lists what a search selects: the key, the event time, the
// features hits return, the vector, then the other fields filters name.
func (q *searchQuery) columns() []featureInfo {
	out := slices.Clone(q.fields)
	out = append(out, q.vector)
	have := map[string]bool{}
	for _, f := range out {
		have[f.field.Name] = true
	}
	for _, name := range filterFields(q.req.Filter, nil) {
		if have[name] {
			continue
		}
		have[name] = true
		if f, ok := q.t.features[name]; ok {
			out = append(out, f)
			continue
		}
		for _, k := range q.t.joinKeys {
			if k.Name == name {
				out = append(out, featureInfo{field: k})
			}
		}
	}
	return out
}

// filterFields lists the fields a filter names.
func filterFields(f *onlinestore.Filter, out []string) []string {
	if f == nil {
		return out
	}
	if f.And || f.Or {
		for _, c := range f.Children {
			out = filterFields(c, out)
		}
		return out
	}
	return append(out, f.Field)
}

// selectClause renders "SELECT key, event, cols... FROM table".
func (q *searchQuery) selectClause(cols []featureInfo) string {
	names := []string{colKey, colEvent}
	for _, f := range cols {
		names = append(names, quoteIdent(f.field.Name))
	}
	return "SELECT " + strings.Join(names, ", ") + " FROM " + q.t.qualName
}

// scanned is one row read by a search.
type scanned struct {
	key    []byte
	event  int64
	values []types.Value // aligned with the selected columns
}

// scanRows runs a search statement and calls each for every row.
func scanRows(ctx context.Context, sess *gocql.Session, cl gocql.Consistency, stmt string, args []any, cols []featureInfo, each func(scanned) error) error {
	iter := sess.Query(stmt, args...).WithContext(ctx).Consistency(cl).PageSize(scanPageSize).Iter()
	cells := make([]cell, len(cols))
	dest := make([]any, 0, len(cols)+2)
	var key []byte
	var event int64
	dest = append(dest, &key, &event)
	for i, f := range cols {
		cells[i] = cell{t: f.field.Type, vector: f.field.Vector != nil}
		dest = append(dest, &cells[i])
	}
	for iter.Scan(dest...) {
		row := scanned{key: slices.Clone(key), event: event, values: make([]types.Value, len(cols))}
		for i := range cells {
			row.values[i] = cells[i].v
			cells[i].v = types.Null()
		}
		if err := each(row); err != nil {
			_ = iter.Close()
			return err
		}
	}
	return iter.Close()
}

// hitOf builds a hit from a row whose vector is at index vi of the selected columns.
func (q *searchQuery) hitOf(r scanned, vi int) (onlinestore.SearchHit, bool, error) {
	vec := r.values[vi]
	if vec.IsNull() {
		return onlinestore.SearchHit{}, false, nil
	}
	key, err := codec.DecodeEntityKey(r.key)
	if err != nil {
		return onlinestore.SearchHit{}, false, storeerr.Internal("view %s holds a malformed entity key: %s", q.t.view, err)
	}
	return onlinestore.SearchHit{EntityKey: key, Distance: onlinestore.Distance(q.metric, q.req.QueryVector, floats(vec)),
		Values: slices.Clone(r.values[:len(q.fields)]), EventTimestamp: types.FromMicros(r.event)}, true, nil
}

// scanSearch is the exact search: every row of the table is read, the
// filter evaluated here, and the TopK nearest kept.
func (c *conn) scanSearch(ctx context.Context, sess *gocql.Session, q *searchQuery) ([]onlinestore.SearchHit, error) {
	cols := q.columns()
	vi := len(q.fields)
	top := &hitHeap{}
	var prevKey []byte
	err := scanRows(ctx, sess, c.readCL, q.selectClause(cols), nil, cols, func(r scanned) error {
		if prevKey != nil && string(prevKey) == string(r.key) {
			return nil // a partition's rows come newest first: only the first counts
		}
		prevKey = r.key
		ok, err := onlinestore.MatchFilter(q.req.Filter, func(name string) (types.Value, bool) {
			for i, f := range cols {
				if f.field.Name == name {
					return r.values[i], true
				}
			}
			return types.Null(), false
		})
		if err != nil || !ok {
			return err
		}
		h, ok, err := q.hitOf(r, vi)
		if err != nil || !ok {
			return err
		}
		heap.Push(top, h)
		if top.Len() > q.req.TopK {
			heap.Pop(top)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	hits := []onlinestore.SearchHit(*top)
	sortHits(hits)
	return hits, nil
}

// annSearch asks the SAI index for the nearest rows, with the filter as a
// WHERE clause. It asks for ann_candidates rows (at least 4 x TopK): the
// graph search is then wider, and the exact re-ranking here keeps the TopK
// nearest (recall@10 over 10,000 vectors rose from 0.875 with 2 x TopK to
// >= 0.95 with 100).
func (c *conn) annSearch(ctx context.Context, sess *gocql.Session, q *searchQuery) ([]onlinestore.SearchHit, error) {
	where, args, empty, err := saiWhere(q.t, q.req.Filter)
	if err != nil {
		return nil, err
	}
	if empty {
		return []onlinestore.SearchHit{}, nil
	}
	limit := min(max(4*q.req.TopK, c.settings.ANNCandidates), annLimitMax)
	if q.req.TopK > annLimitMax {
		return nil, storeerr.InvalidArgument("top_k %d is more than the %d an SAI vector search returns; use index_type FLAT", q.req.TopK, annLimitMax)
	}
	cols := q.columns()
	stmt := q.selectClause(cols)
	if where != "" {
		stmt += " WHERE " + where
	}
	stmt += " ORDER BY " + quoteIdent(q.vector.field.Name) + " ANN OF ? LIMIT ?"
	args = append(args, cqlArg{v: types.Float32ListValue(q.req.QueryVector), vector: true}, limit)
	var hits []onlinestore.SearchHit
	seen := map[string]bool{}
	err = scanRows(ctx, sess, c.readCL, stmt, args, cols, func(r scanned) error {
		if seen[string(r.key)] {
			return nil
		}
		seen[string(r.key)] = true
		h, ok, err := q.hitOf(r, len(q.fields))
		if ok {
			hits = append(hits, h)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	sortHits(hits)
	if len(hits) > q.req.TopK {
		hits = hits[:q.req.TopK]
	}
	return hits, nil
}

// sortHits orders hits nearest first.
func sortHits(hits []onlinestore.SearchHit) {
	sort.SliceStable(hits, func(i, j int) bool { return hits[i].Distance < hits[j].Distance })
}

// floats returns a float list value as float64s.
func floats(v types.Value) []float64 {
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

// hitHeap is a max-heap by distance: its root is the farthest kept hit.
type hitHeap []onlinestore.SearchHit

func (h hitHeap) Len() int           { return len(h) }
func (h hitHeap) Less(i, j int) bool { return h[i].Distance > h[j].Distance }
func (h hitHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *hitHeap) Push(x any)        { *h = append(*h, x.(onlinestore.SearchHit)) }
func (h *hitHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}
