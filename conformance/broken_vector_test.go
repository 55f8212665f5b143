package conformance

import (
	"context"
	"math"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/quiverfs/quiver/conformance/memstore"
	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/storeerr"
	"github.com/quiverfs/quiver/sdk/types"
)

// The vector and isolation cases are checked against memstore's online
// store with one behaviour broken at a time: each broken store must fail
// the cases named for it, with a message that says what is wrong, and the
// correct memstore must pass them all.

// tracked is memstore's online store that remembers the projects and view
// specs it was given, for the broken stores built on it.
type tracked struct {
	*memstore.Online
	mu       sync.Mutex
	projects []string
	specs    map[string]types.FeatureViewSpec // project/view
}

func newTracked() *tracked {
	return &tracked{Online: memstore.NewOnline(), specs: map[string]types.FeatureViewSpec{}}
}

func (s *tracked) ApplyInfra(ctx context.Context, req *onlinestore.ApplyInfraRequest) (*onlinestore.ApplyInfraResponse, error) {
	s.mu.Lock()
	if !slices.Contains(s.projects, req.Project) {
		s.projects = append(s.projects, req.Project)
	}
	for _, v := range req.ViewsToKeep {
		s.specs[req.Project+"/"+v.Name] = v
	}
	s.mu.Unlock()
	return s.Online.ApplyInfra(ctx, req)
}

// spec returns the spec of a view applied in a project.
func (s *tracked) spec(project, view string) types.FeatureViewSpec {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.specs[project+"/"+view]
}

// others returns the projects applied, but project, that keep returns true for.
func (s *tracked) others(project string, keep func(string) bool) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for _, p := range s.projects {
		if p != project && keep(p) {
			out = append(out, p)
		}
	}
	return out
}

// vectorField returns the vector field of a spec.
func vectorField(v types.FeatureViewSpec) (types.Field, bool) {
	for _, f := range v.Features {
		if f.Vector != nil {
			return f, true
		}
	}
	return types.Field{}, false
}

// searchAll runs req with the largest top_k, for stores that rank again.
func searchAll(ctx context.Context, s onlinestore.StoreWithVectorSearch, req *onlinestore.SearchVectorsRequest) ([]onlinestore.SearchHit, error) {
	r := *req
	r.TopK = 16384
	resp, err := s.SearchVectors(ctx, &r)
	if err != nil {
		return nil, err
	}
	return resp.Hits, nil
}

// ranked sorts hits by distance and keeps the top k.
func ranked(hits []onlinestore.SearchHit, k int) *onlinestore.SearchVectorsResponse {
	sort.SliceStable(hits, func(i, j int) bool { return hits[i].Distance < hits[j].Distance })
	return &onlinestore.SearchVectorsResponse{Hits: hits[:min(k, len(hits))]}
}

// distanceBug returns distances through wrong, for one metric.
type distanceBug struct {
	*tracked
	metric types.DistanceMetric
	wrong  func(float64) float64
}

func (s *distanceBug) SearchVectors(ctx context.Context, req *onlinestore.SearchVectorsRequest) (*onlinestore.SearchVectorsResponse, error) {
	resp, err := s.tracked.SearchVectors(ctx, req)
	if err == nil && req.Metric == s.metric {
		for i := range resp.Hits {
			resp.Hits[i].Distance = s.wrong(resp.Hits[i].Distance)
		}
	}
	return resp, err
}

// searchEveryProject searches the view of that name in every project.
type searchEveryProject struct{ *tracked }

func (s *searchEveryProject) SearchVectors(ctx context.Context, req *onlinestore.SearchVectorsRequest) (*onlinestore.SearchVectorsResponse, error) {
	var hits []onlinestore.SearchHit
	for _, p := range append(s.others(req.Project, func(string) bool { return true }), req.Project) {
		r := *req
		r.Project = p
		resp, err := s.tracked.SearchVectors(ctx, &r)
		if err == nil {
			hits = append(hits, resp.Hits...)
		}
	}
	return ranked(hits, req.TopK), nil
}

// shadowIndex searches a second memstore (its "index"), fed by feed, and
// returns the live rows' values: an index that falls behind the rows.
type shadowIndex struct {
	*tracked
	index *memstore.Online
	feed  func(s *shadowIndex, req *onlinestore.WriteBatchRequest) *onlinestore.WriteBatchRequest
	mu    sync.Mutex
	seen  map[string]bool // project/view/key written once
	clock int
}

func newShadow(feed func(*shadowIndex, *onlinestore.WriteBatchRequest) *onlinestore.WriteBatchRequest) *shadowIndex {
	return &shadowIndex{tracked: newTracked(), index: memstore.NewOnline(), feed: feed, seen: map[string]bool{}}
}

func (s *shadowIndex) ApplyInfra(ctx context.Context, req *onlinestore.ApplyInfraRequest) (*onlinestore.ApplyInfraResponse, error) {
	if _, err := s.index.ApplyInfra(ctx, req); err != nil {
		return nil, err
	}
	return s.tracked.ApplyInfra(ctx, req)
}

func (s *shadowIndex) Teardown(ctx context.Context, req *onlinestore.TeardownRequest) (*onlinestore.TeardownResponse, error) {
	if _, err := s.index.Teardown(ctx, req); err != nil {
		return nil, err
	}
	return s.tracked.Teardown(ctx, req)
}

func (s *shadowIndex) WriteBatch(ctx context.Context, req *onlinestore.WriteBatchRequest) (*onlinestore.WriteBatchResponse, error) {
	resp, err := s.tracked.WriteBatch(ctx, req)
	if err != nil {
		return nil, err
	}
	if fed := s.feed(s, req); fed != nil && len(fed.Rows) > 0 {
		if _, err := s.index.WriteBatch(ctx, fed); err != nil {
			return nil, err
		}
	}
	return resp, nil
}

func (s *shadowIndex) SearchVectors(ctx context.Context, req *onlinestore.SearchVectorsRequest) (*onlinestore.SearchVectorsResponse, error) {
	resp, err := s.index.SearchVectors(ctx, req)
	if err != nil {
		return nil, err
	}
	for i, h := range resp.Hits {
		live, err := s.tracked.Read(ctx, &onlinestore.ReadRequest{Project: req.Project, Views: []onlinestore.ReadView{
			{FeatureView: req.FeatureView, Features: req.Features, EntityKeys: []types.EntityKey{h.EntityKey}}}})
		if err == nil && live.Views[0][0].Found {
			resp.Hits[i].Values, resp.Hits[i].EventTimestamp = live.Views[0][0].Values, live.Views[0][0].EventTimestamp
		}
	}
	return resp, nil
}

// insertOnly feeds the index a key's first write only.
func insertOnly(s *shadowIndex, req *onlinestore.WriteBatchRequest) *onlinestore.WriteBatchRequest {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := *req
	out.Rows = nil
	for _, r := range req.Rows {
		id := req.Project + "/" + req.FeatureView + "/" + r.EntityKey.String()
		if !s.seen[id] {
			s.seen[id] = true
			out.Rows = append(out.Rows, r)
		}
	}
	return &out
}

// everyWrite feeds the index every write as if it were the newest.
func everyWrite(s *shadowIndex, req *onlinestore.WriteBatchRequest) *onlinestore.WriteBatchRequest {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := *req
	out.Rows = slices.Clone(req.Rows)
	for i := range out.Rows {
		s.clock++
		out.Rows[i].EventTimestamp = time.Date(2100, 1, 1, 0, 0, s.clock, 0, time.UTC)
	}
	return &out
}

// nullAsZeros feeds the index null vectors as zeros.
func nullAsZeros(s *shadowIndex, req *onlinestore.WriteBatchRequest) *onlinestore.WriteBatchRequest {
	vf, ok := vectorField(s.spec(req.Project, req.FeatureView))
	col := slices.Index(req.FeatureNames, vf.Name)
	if !ok || col < 0 {
		return req
	}
	out := *req
	out.Rows = slices.Clone(req.Rows)
	for i := range out.Rows {
		if out.Rows[i].Values[col].IsNull() {
			out.Rows[i].Values = slices.Clone(out.Rows[i].Values)
			out.Rows[i].Values[col] = types.Float32ListValue(make([]float32, vf.Vector.Dimension))
		}
	}
	return &out
}

// keepsDeletedVectors ignores ApplyInfra's deletion of views with a vector field.
type keepsDeletedVectors struct{ *tracked }

func (s *keepsDeletedVectors) ApplyInfra(ctx context.Context, req *onlinestore.ApplyInfraRequest) (*onlinestore.ApplyInfraResponse, error) {
	r := *req
	r.ViewsToDelete = slices.DeleteFunc(slices.Clone(req.ViewsToDelete), func(v types.FeatureViewSpec) bool {
		_, ok := vectorField(v)
		return ok
	})
	return s.tracked.ApplyInfra(ctx, &r)
}

// filterBug rewrites every comparison of a filter before the search.
type filterBug struct {
	*tracked
	rewrite func(spec types.FeatureViewSpec, f *onlinestore.Filter) (*onlinestore.Filter, error)
}

func (s *filterBug) SearchVectors(ctx context.Context, req *onlinestore.SearchVectorsRequest) (*onlinestore.SearchVectorsResponse, error) {
	spec := s.spec(req.Project, req.FeatureView)
	var walk func(f *onlinestore.Filter) (*onlinestore.Filter, error)
	walk = func(f *onlinestore.Filter) (*onlinestore.Filter, error) {
		if f == nil {
			return nil, nil
		}
		if !f.And && !f.Or {
			return s.rewrite(spec, f)
		}
		out := *f
		out.Children = nil
		for _, c := range f.Children {
			w, err := walk(c)
			if err != nil {
				return nil, err
			}
			out.Children = append(out.Children, w)
		}
		return &out, nil
	}
	f, err := walk(req.Filter)
	if err != nil {
		return nil, err
	}
	r := *req
	r.Filter = f
	return s.tracked.SearchVectors(ctx, &r)
}

func isOrderOp(op onlinestore.FilterOp) bool {
	return op >= onlinestore.OpGt && op <= onlinestore.OpLte
}

// nullMatchesNothing: a null field fails ne and nin too.
func nullMatchesNothing(_ types.FeatureViewSpec, f *onlinestore.Filter) (*onlinestore.Filter, error) {
	if f.Op == onlinestore.OpNe || f.Op == onlinestore.OpNin {
		return filterAnd(f, cmpFilter(f.Field, onlinestore.OpNe, types.Null())), nil
	}
	return f, nil
}

// nullMatchesEverything: a null field passes every comparison.
func nullMatchesEverything(_ types.FeatureViewSpec, f *onlinestore.Filter) (*onlinestore.Filter, error) {
	if (f.Op == onlinestore.OpEq || isOrderOp(f.Op)) && f.Value.IsNull() {
		return f, nil
	}
	return filterOr(f, cmpFilter(f.Field, onlinestore.OpEq, types.Null())), nil
}

// fractionTruncated turns a float operand of an integer field into an integer.
func fractionTruncated(spec types.FeatureViewSpec, f *onlinestore.Filter) (*onlinestore.Filter, error) {
	t := fieldType(spec, f.Field)
	if t != types.Int64 && t != types.Int32 {
		return f, nil
	}
	trunc := func(v types.Value) types.Value {
		if v.Type() == types.Float64 {
			return types.Int64Value(int64(math.Trunc(v.Float64())))
		}
		return v
	}
	out := *f
	out.Value = trunc(f.Value)
	out.Values = nil
	for _, v := range f.Values {
		out.Values = append(out.Values, trunc(v))
	}
	return &out, nil
}

// joinKeysRejected: only features may be filtered on.
func joinKeysRejected(spec types.FeatureViewSpec, f *onlinestore.Filter) (*onlinestore.Filter, error) {
	if _, ok := spec.Feature(f.Field); !ok {
		return nil, storeerr.InvalidArgument("filter field %s is not a feature of view %s", f.Field, spec.Name)
	}
	return f, nil
}

// nullOrderMatchesNothing: an order comparison with null matches no row
// instead of being refused.
func nullOrderMatchesNothing(_ types.FeatureViewSpec, f *onlinestore.Filter) (*onlinestore.Filter, error) {
	if isOrderOp(f.Op) && f.Value.IsNull() {
		return &onlinestore.Filter{Or: true}, nil
	}
	return f, nil
}

// filterIgnored drops the filter altogether.
func filterIgnored(_ types.FeatureViewSpec, _ *onlinestore.Filter) (*onlinestore.Filter, error) {
	return &onlinestore.Filter{And: true}, nil
}

// fieldType returns the type of a join key or feature of spec.
func fieldType(spec types.FeatureViewSpec, name string) types.ValueType {
	for _, k := range spec.JoinKeys {
		if k.Name == name {
			return k.Type
		}
	}
	f, _ := spec.Feature(name)
	return f.Type
}

// advertisesHNSW advertises an HNSW index that ApplyInfra refuses.
type advertisesHNSW struct{ *tracked }

func (s *advertisesHNSW) VectorSearchOptions() onlinestore.VectorSearchOptions {
	o := s.tracked.VectorSearchOptions()
	o.IndexTypes = append(slices.Clone(o.IndexTypes), "HNSW")
	return o
}

func (s *advertisesHNSW) ApplyInfra(ctx context.Context, req *onlinestore.ApplyInfraRequest) (*onlinestore.ApplyInfraResponse, error) {
	for _, v := range req.ViewsToKeep {
		if f, ok := vectorField(v); ok && strings.EqualFold(f.Vector.IndexType, "HNSW") {
			return nil, storeerr.InvalidArgument("index type HNSW is not supported")
		}
	}
	return s.tracked.ApplyInfra(ctx, req)
}

// dropsVectorValues reads every vector field back as null.
type dropsVectorValues struct{ *tracked }

func (s *dropsVectorValues) Read(ctx context.Context, req *onlinestore.ReadRequest) (*onlinestore.ReadResponse, error) {
	resp, err := s.tracked.Read(ctx, req)
	if err != nil {
		return nil, err
	}
	for i, rv := range req.Views {
		spec := s.spec(req.Project, rv.FeatureView)
		for j, name := range rv.Features {
			if f, ok := spec.Feature(name); ok && f.Vector != nil {
				for k := range resp.Views[i] {
					if resp.Views[i][k].Found {
						resp.Views[i][k].Values[j] = types.Null()
					}
				}
			}
		}
	}
	return resp, nil
}

// firstSegmentOnly searches only the first 4096 keys written to a view.
type firstSegmentOnly struct {
	*tracked
	mu    sync.Mutex
	order map[string]int // project/view/key -> position of its first write
	count map[string]int // project/view -> keys written
}

func (s *firstSegmentOnly) WriteBatch(ctx context.Context, req *onlinestore.WriteBatchRequest) (*onlinestore.WriteBatchResponse, error) {
	s.mu.Lock()
	for _, r := range req.Rows {
		id := req.Project + "/" + req.FeatureView + "/" + r.EntityKey.String()
		if _, ok := s.order[id]; !ok {
			s.order[id] = s.count[req.Project+"/"+req.FeatureView]
			s.count[req.Project+"/"+req.FeatureView]++
		}
	}
	s.mu.Unlock()
	return s.tracked.WriteBatch(ctx, req)
}

func (s *firstSegmentOnly) SearchVectors(ctx context.Context, req *onlinestore.SearchVectorsRequest) (*onlinestore.SearchVectorsResponse, error) {
	hits, err := searchAll(ctx, s.tracked, req)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	hits = slices.DeleteFunc(hits, func(h onlinestore.SearchHit) bool {
		return s.order[req.Project+"/"+req.FeatureView+"/"+h.EntityKey.String()] >= 4096
	})
	s.mu.Unlock()
	return ranked(hits, req.TopK), nil
}

// lowRecallHNSW advertises HNSW and searches an HNSW view over half its rows.
type lowRecallHNSW struct{ *tracked }

func (s *lowRecallHNSW) VectorSearchOptions() onlinestore.VectorSearchOptions {
	o := s.tracked.VectorSearchOptions()
	o.IndexTypes = append(slices.Clone(o.IndexTypes), "HNSW")
	return o
}

func (s *lowRecallHNSW) SearchVectors(ctx context.Context, req *onlinestore.SearchVectorsRequest) (*onlinestore.SearchVectorsResponse, error) {
	f, _ := vectorField(s.spec(req.Project, req.FeatureView))
	if f.Vector == nil || !strings.EqualFold(f.Vector.IndexType, "HNSW") {
		return s.tracked.SearchVectors(ctx, req)
	}
	hits, err := searchAll(ctx, s.tracked, req)
	if err != nil {
		return nil, err
	}
	hits = slices.DeleteFunc(hits, func(h onlinestore.SearchHit) bool { id, _ := docID(h.EntityKey); return id%2 == 1 })
	return ranked(hits, req.TopK), nil
}

// exactHNSW is the correct memstore advertising HNSW too, which it
// searches exactly, so that the recall case runs against it.
type exactHNSW struct{ *tracked }

func (s *exactHNSW) VectorSearchOptions() onlinestore.VectorSearchOptions {
	o := s.tracked.VectorSearchOptions()
	o.IndexTypes = append(slices.Clone(o.IndexTypes), "HNSW")
	return o
}

// padsQueries pads or truncates a query to the field's dimension.
type padsQueries struct{ *tracked }

func (s *padsQueries) SearchVectors(ctx context.Context, req *onlinestore.SearchVectorsRequest) (*onlinestore.SearchVectorsResponse, error) {
	f, ok := vectorField(s.spec(req.Project, req.FeatureView))
	if ok && len(req.QueryVector) != f.Vector.Dimension {
		r := *req
		r.QueryVector = make([]float32, f.Vector.Dimension)
		copy(r.QueryVector, req.QueryVector)
		req = &r
	}
	return s.tracked.SearchVectors(ctx, req)
}

// deletesEverywhere deletes a view in every project.
type deletesEverywhere struct{ *tracked }

func (s *deletesEverywhere) ApplyInfra(ctx context.Context, req *onlinestore.ApplyInfraRequest) (*onlinestore.ApplyInfraResponse, error) {
	if len(req.ViewsToDelete) > 0 {
		for _, p := range s.others(req.Project, func(string) bool { return true }) {
			if _, err := s.tracked.ApplyInfra(ctx, &onlinestore.ApplyInfraRequest{Project: p, ViewsToDelete: req.ViewsToDelete}); err != nil {
				return nil, err
			}
		}
	}
	return s.tracked.ApplyInfra(ctx, req)
}

// teardownMatches tears down every project whose name related says is
// related to the one asked for.
type teardownMatches struct {
	*tracked
	related func(p, asked string) bool
}

func (s *teardownMatches) Teardown(ctx context.Context, req *onlinestore.TeardownRequest) (*onlinestore.TeardownResponse, error) {
	for _, p := range s.others(req.Project, func(p string) bool { return s.related(p, req.Project) }) {
		if _, err := s.tracked.Teardown(ctx, &onlinestore.TeardownRequest{Project: p}); err != nil {
			return nil, err
		}
	}
	return s.tracked.Teardown(ctx, req)
}

// readsByPrefix answers a key missing from a project from a project whose
// name starts with it.
type readsByPrefix struct{ *tracked }

func (s *readsByPrefix) Read(ctx context.Context, req *onlinestore.ReadRequest) (*onlinestore.ReadResponse, error) {
	resp, err := s.tracked.Read(ctx, req)
	if err != nil {
		return nil, err
	}
	longer := s.others(req.Project, func(p string) bool { return strings.HasPrefix(p, req.Project) })
	for i, rv := range req.Views {
		for j, k := range rv.EntityKeys {
			for _, p := range longer {
				if resp.Views[i][j].Found {
					break
				}
				r, err := s.tracked.Read(ctx, &onlinestore.ReadRequest{Project: p, Views: []onlinestore.ReadView{
					{FeatureView: rv.FeatureView, Features: rv.Features, EntityKeys: []types.EntityKey{k}}}})
				if err == nil && len(r.Views) == 1 && len(r.Views[0]) == 1 {
					resp.Views[i][j] = r.Views[0][0]
				}
			}
		}
	}
	return resp, nil
}

// Names of the cases the broken stores must fail.
const (
	caseTopKL2         = "OnlineStore/SearchVectors/should return the exact top-k by l2 distance"
	caseTopKCosine     = "OnlineStore/SearchVectors/should return the exact top-k by cosine distance"
	caseTopKIP         = "OnlineStore/SearchVectors/should return the exact top-k by inner_product distance"
	caseEqFilter       = "OnlineStore/SearchVectors/should apply the eq filter"
	caseOrFilter       = "OnlineStore/SearchVectors/should apply the or filter"
	caseOverwritten    = "OnlineStore/SearchVectors/should find an overwritten row at its new vector, not its old one"
	caseNulled         = "OnlineStore/SearchVectors/should not return a row whose vector was overwritten with null"
	caseOlderVector    = "OnlineStore/SearchVectors/should keep a row's newer vector when an older write arrives"
	caseFilterNewest   = "OnlineStore/SearchVectors/should filter on a row's newest values after an overwrite"
	caseDeletedSearch  = "OnlineStore/SearchVectors/should find nothing in a view ApplyInfra deleted"
	caseDeletedVectors = "OnlineStore/ApplyInfra/should remove a deleted view's vectors"
	caseNulls          = "OnlineStore/SearchVectors/should match a null field only with ne, nin and a null operand"
	caseMixedNumbers   = "OnlineStore/SearchVectors/should compare numbers of different types by value"
	caseJoinKeys       = "OnlineStore/SearchVectors/should filter on join keys"
	caseOrderNull      = "OnlineStore/SearchVectors/should reject an order comparison with null as InvalidArgument"
	caseExactAtScale   = "OnlineStore/SearchVectors/should return the exact top-k over 10000 vectors on a FLAT index"
	caseIndexTypes     = "OnlineStore/SearchVectors/should search with every advertised index type and metric"
	caseVectorValues   = "OnlineStore/Read/should return a vector field's values exactly, whether or not the store searches them"
	caseSearchIsolated = "OnlineStore/SearchVectors/should search only the request's project"
	caseRecall         = "OnlineStore/SearchVectors/should reach recall@10 of 0.95 with every approximate index advertised"
	caseWrongDimension = "OnlineStore/SearchVectors/should reject a query of the wrong dimension with InvalidArgument"
	caseDeleteIsolated = "OnlineStore/ApplyInfra/should delete a view in its own project only"
	caseRelated        = "OnlineStore/Teardown/should leave projects with related names alone"
)

// brokenVectorStores lists each broken store with the cases it must fail
// and a phrase each failure message must hold.
func brokenVectorStores() []struct {
	name  string
	store func() onlinestore.Store
	fails map[string]string
} {
	return []struct {
		name  string
		store func() onlinestore.Store
		fails map[string]string
	}{
		{"squared L2", func() onlinestore.Store {
			return &distanceBug{newTracked(), types.MetricL2, func(d float64) float64 { return d * d }}
		}, map[string]string{caseTopKL2: "not its square", caseExactAtScale: "not its square", caseOverwritten: "not its square",
			caseIndexTypes: "not its square", caseSearchIsolated: "not its square"}},
		{"cosine similarity instead of distance", func() onlinestore.Store {
			return &distanceBug{newTracked(), types.MetricCosine, func(d float64) float64 { return 1 - d }}
		}, map[string]string{caseTopKCosine: "the similarity itself", caseIndexTypes: "the similarity itself"}},
		{"inner product not negated", func() onlinestore.Store {
			return &distanceBug{newTracked(), types.MetricInnerProduct, func(d float64) float64 { return -d }}
		}, map[string]string{caseTopKIP: "the dot product itself", caseIndexTypes: "the dot product itself"}},
		{"search ignores the project", func() onlinestore.Store { return &searchEveryProject{newTracked()} },
			map[string]string{caseSearchIsolated: "a search sees only the rows of the request's project"}},
		{"index keeps a row's first write", func() onlinestore.Store { return newShadow(insertOnly) },
			map[string]string{caseOverwritten: "the row's old vector", caseNulled: "set its vector to null",
				caseFilterNewest: "does not match the filter"}},
		{"index takes older writes", func() onlinestore.Store { return newShadow(everyWrite) },
			map[string]string{caseOlderVector: "a write that lost to a newer one"}},
		{"null vectors searched as zeros", func() onlinestore.Store { return newShadow(nullAsZeros) },
			map[string]string{caseNulled: "set its vector to null"}},
		{"deleted view keeps its vectors", func() onlinestore.Store { return &keepsDeletedVectors{newTracked()} },
			map[string]string{caseDeletedSearch: "must remove a deleted view's vectors", caseDeletedVectors: "want none"}},
		{"null fails ne and nin", func() onlinestore.Store { return &filterBug{newTracked(), nullMatchesNothing} },
			map[string]string{caseNulls: "a null field matches no comparison but ne and nin"}},
		{"null matches every comparison", func() onlinestore.Store { return &filterBug{newTracked(), nullMatchesEverything} },
			map[string]string{caseNulls: "is null"}},
		{"fractions truncated on int fields", func() onlinestore.Store { return &filterBug{newTracked(), fractionTruncated} },
			map[string]string{caseMixedNumbers: "price"}},
		{"join keys not filterable", func() onlinestore.Store { return &filterBug{newTracked(), joinKeysRejected} },
			map[string]string{caseJoinKeys: "driver_id"}},
		{"order comparison with null matches nothing", func() onlinestore.Store { return &filterBug{newTracked(), nullOrderMatchesNothing} },
			map[string]string{caseOrderNull: "want InvalidArgument"}},
		{"filter ignored", func() onlinestore.Store { return &filterBug{newTracked(), filterIgnored} },
			map[string]string{caseEqFilter: "does not match the filter", caseOrFilter: "does not match the filter",
				caseNulls: "does not match the filter", caseJoinKeys: "does not match the filter"}},
		{"advertises an index type it refuses", func() onlinestore.Store { return &advertisesHNSW{newTracked()} },
			map[string]string{caseIndexTypes: "advertise only the index types"}},
		{"drops vector values", func() onlinestore.Store { return &dropsVectorValues{newTracked()} },
			map[string]string{caseVectorValues: "dropped the values"}},
		{"searches the first 4096 rows only", func() onlinestore.Store {
			return &firstSegmentOnly{tracked: newTracked(), order: map[string]int{}, count: map[string]int{}}
		}, map[string]string{caseExactAtScale: "the top_k nearest rows"}},
		{"approximate index searching half the rows", func() onlinestore.Store { return &lowRecallHNSW{newTracked()} },
			map[string]string{caseRecall: "search it wider"}},
		{"queries padded to the field's dimension", func() onlinestore.Store { return &padsQueries{newTracked()} },
			map[string]string{caseWrongDimension: "never padded"}},
		{"ApplyInfra deletes the view in every project", func() onlinestore.Store { return &deletesEverywhere{newTracked()} },
			map[string]string{caseDeleteIsolated: "must leave the view of the same name in other projects"}},
		{"Teardown removes projects starting with the name", func() onlinestore.Store {
			return &teardownMatches{newTracked(), strings.HasPrefix}
		}, map[string]string{caseRelated: "must remove that project exactly"}},
		{"Teardown removes projects ending with the name", func() onlinestore.Store {
			return &teardownMatches{newTracked(), strings.HasSuffix}
		}, map[string]string{caseRelated: "must remove that project exactly"}},
		{"Read falls back to projects starting with the name", func() onlinestore.Store { return &readsByPrefix{newTracked()} },
			map[string]string{caseRelated: "each a prefix or suffix of another"}},
	}
}

// TestVectorCasesFailBrokenStores runs the cases each broken store must
// fail, directly, and then all of them against the correct memstore (which
// also advertises HNSW, searched exactly, for the recall case).
func TestVectorCasesFailBrokenStores(t *testing.T) {
	t.Parallel()
	all := map[string]bool{}
	for _, b := range brokenVectorStores() {
		t.Run(b.name, func(t *testing.T) {
			cfg := NewConfig()
			cfg.Online, cfg.Direct = b.store(), true
			results, err := RunCases(t.Context(), cfg, Options{Match: func(n string) bool { _, ok := b.fails[n]; return ok }})
			if err != nil {
				t.Fatal(err)
			}
			if len(results) != len(b.fails) {
				t.Errorf("%d results for %d cases: a case name is wrong", len(results), len(b.fails))
			}
			for _, r := range results {
				all[r.Name] = true
				switch {
				case r.Status != StatusFail:
					t.Errorf("%s: %s, want FAIL", r.Name, r.Status)
				case !strings.Contains(r.Message, b.fails[r.Name]):
					t.Errorf("%s: FAIL without %q in its message:\n%s", r.Name, b.fails[r.Name], r.Message)
				default:
					t.Logf("%s: %s", r.Name, firstLine(r.Message))
				}
			}
		})
	}
	t.Run("correct memstore", func(t *testing.T) {
		cfg := NewConfig()
		cfg.Online, cfg.Direct = &exactHNSW{newTracked()}, true
		results, err := RunCases(t.Context(), cfg, Options{Match: func(n string) bool { return all[n] }})
		if err != nil {
			t.Fatal(err)
		}
		if len(results) != len(all) {
			t.Errorf("%d results for %d cases", len(results), len(all))
		}
		for _, r := range results {
			if r.Status != StatusPass {
				t.Errorf("%s: %s %q, want PASS", r.Name, r.Status, r.Message)
			}
		}
	})
}

// firstLine returns a message up to its first "; ", for the test log.
func firstLine(msg string) string {
	if i := strings.Index(msg, "; "); i >= 0 {
		return msg[:i] + " …"
	}
	return msg
}
