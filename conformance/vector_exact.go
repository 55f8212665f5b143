package conformance

import (
	"fmt"
	"math/rand/v2"
	"slices"

	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/types"
)

// vectorExactCases check what the capabilities promise against what the
// store does: exact search at the recall fixture's scale for stores with a
// FLAT index, every advertised index type and metric, and vector values
// that read back whether or not the store searches them.
func vectorExactCases() []testCase {
	return []testCase{
		{name: "OnlineStore/SearchVectors/should return the exact top-k over 10000 vectors on a FLAT index",
			needs: []capability{capVectorSearch, capAnyMetric, capExactIndex}, run: checkExactAtScale},
		{name: "OnlineStore/SearchVectors/should search with every advertised index type and metric",
			needs: []capability{capVectorSearch, capAnyMetric}, run: checkAdvertisedIndexes},
		{name: "OnlineStore/Read/should return a vector field's values exactly, whether or not the store searches them",
			run: checkVectorValuesRead},
	}
}

// checkExactAtScale writes the recall case's data to a FLAT index and
// expects the brute-force answer: the ids, order and distances.
func checkExactAtScale(e *env) {
	m := preferredMetric(e.s)
	v := viewSpec("exact", field("title", types.String), types.Field{Name: "embedding", Type: types.Float32List,
		Vector: &types.VectorSpec{Dimension: recallDim, Metric: m, IndexType: "FLAT"}})
	e.apply(v)
	rng := rand.New(rand.NewPCG(10, 10)) // the recall case's seed and order
	rows := make([]vrow, recallRows)
	for i := range rows {
		rows[i] = vrow{id: int64(i), vec: randomVectorN(rng, recallDim), title: fmt.Sprintf("doc-%d", i), event: at(1)}
	}
	for start := 0; start < recallRows; start += recallBatch {
		e.writeVRows(e.project, v, rows[start:min(start+recallBatch, recallRows)]...)
	}
	for qi := range recallQueries {
		q := randomVectorN(rng, recallDim)
		hits, err := e.searchDocs(e.project, v.Name, m, q, vecTopK, nil)
		e.must(err, fmt.Sprintf("SearchVectors, query %d", qi))
		e.expectSearch(searchWant{label: fmt.Sprintf("query %d over %d vectors of dimension %d by %s (an exact index: no hit may differ from brute force)",
			qi, recallRows, recallDim, m), metric: m, q: q, rows: rows, k: vecTopK}, hits)
	}
}

// indexTrial is one view of checkAdvertisedIndexes.
type indexTrial struct {
	index  string
	metric types.DistanceMetric
}

// indexTrials pairs every advertised index type (or "" when none is) with
// a metric, cycling through the metrics, then adds a trial for each metric
// left over, so that every type and every metric is tried at least once.
func indexTrials(c onlinestore.Capabilities) []indexTrial {
	indexes := c.Vector.IndexTypes
	if len(indexes) == 0 {
		indexes = []string{""}
	}
	metrics := c.Vector.Metrics
	var out []indexTrial
	for i, idx := range indexes {
		out = append(out, indexTrial{idx, metrics[i%len(metrics)]})
	}
	for _, m := range metrics[min(len(indexes), len(metrics)):] {
		out = append(out, indexTrial{indexes[0], m})
	}
	return out
}

func checkAdvertisedIndexes(e *env) {
	rng := rand.New(rand.NewPCG(41, 3))
	for i, t := range indexTrials(e.s.onCaps) {
		name := fmt.Sprintf("index_%d", i)
		v := viewSpec(name, field("title", types.String), types.Field{Name: "embedding", Type: types.Float32List,
			Vector: &types.VectorSpec{Dimension: vecDim, Metric: t.metric, IndexType: t.index}})
		what := fmt.Sprintf("a view whose vector field has index type %q and metric %s, both advertised,", t.index, t.metric)
		_, err := e.online().ApplyInfra(e.ctx(), &onlinestore.ApplyInfraRequest{Project: e.project,
			ViewsToKeep: []types.FeatureViewSpec{v}, EntitiesToKeep: []types.EntitySpec{driverEntity}, Partial: true})
		e.registerView(v)
		if err != nil {
			e.Errorf("ApplyInfra of %s failed: %v: advertise only the index types and metrics the store accepts", what, err)
			continue
		}
		rows := make([]vrow, 20)
		for j := range rows {
			rows[j] = vrow{id: int64(j), vec: randomVector(rng), title: fmt.Sprintf("doc-%d", j), event: at(j)}
		}
		e.writeVRows(e.project, v, rows...)
		for _, j := range []int{0, 7, 19} {
			hits, err := e.searchDocs(e.project, name, t.metric, rows[j].vec, 3, nil)
			if err != nil {
				e.Errorf("SearchVectors of %s failed: %v", what, err)
				break
			}
			e.expectSearch(searchWant{label: fmt.Sprintf("%s query = row %d's vector, top 3 of 20 rows", what, j),
				metric: t.metric, q: rows[j].vec, rows: rows, k: 3}, hits)
		}
	}
}

// registerView adds v to the views the case's teardown names.
func (e *env) registerView(v types.FeatureViewSpec) {
	if e.applied == nil {
		e.applied = map[string][]types.FeatureViewSpec{}
	}
	if _, seen := e.applied[e.project]; !seen {
		e.applied[e.project] = nil
		e.Cleanup(func() { e.teardown(e.project) })
	}
	if !slices.ContainsFunc(e.applied[e.project], func(w types.FeatureViewSpec) bool { return w.Name == v.Name }) {
		e.applied[e.project] = append(e.applied[e.project], v)
	}
}

// checkVectorValuesRead writes float32 vectors, some with extreme values,
// and a null vector to a view whose field has a vector spec, and reads them
// back. A store need not search to keep them: a vector field is a feature.
func checkVectorValuesRead(e *env) {
	m := types.MetricL2
	if e.s.onCaps.VectorSearch {
		m = preferredMetric(e.s)
	}
	v := docsView(m)
	v.Features[3].Vector.IndexType = "" // the store's choice
	e.apply(v)
	rng := rand.New(rand.NewPCG(51, 5))
	vecs := [][]float32{
		randomVector(rng), randomVector(rng),
		{1.5e-38, -1.5e-38, 3.4e38, -3.4e38, 1.0000001, 0.1, 1.0 / 3, 0},
		nil,
	}
	var rows []onlinestore.WriteRow
	keys := make([]types.EntityKey, len(vecs))
	for i, vec := range vecs {
		val := types.Null()
		if vec != nil {
			val = types.Float32ListValue(vec)
		}
		keys[i] = driverKey(int64(i))
		rows = append(rows, wrow(keys[i], at(i), at(i), types.StringValue(fmt.Sprintf("doc-%d", i)), types.StringValue("a"),
			types.Int64Value(int64(i)), val))
	}
	e.write(v.Name, fieldNames(v), rows...)
	got := e.read(v.Name, []string{"embedding", "title"}, keys...)
	for i, r := range got {
		switch {
		case !r.Found:
			e.Errorf("row %d (%s): Found = false, want the row written", i, keys[i])
		case len(r.Values) != 2:
			e.Errorf("row %d (%s): %d values, want 2", i, keys[i], len(r.Values))
		case !r.Values[0].Equal(rows[i].Values[3]):
			e.Errorf("row %d (%s): embedding = %s (%s), want %s (%s): a vector field is a feature, and Read returns its float32 values exactly as written%s",
				i, keys[i], r.Values[0], r.Values[0].Type(), rows[i].Values[3], rows[i].Values[3].Type(), vectorReadHint(r.Values[0], rows[i].Values[3]))
		case !r.Values[1].Equal(rows[i].Values[0]):
			e.Errorf("row %d (%s): title = %s, want %s", i, keys[i], r.Values[1], rows[i].Values[0])
		}
	}
}

// vectorReadHint guesses why a vector read back differs.
func vectorReadHint(got, want types.Value) string {
	switch {
	case want.IsNull() && !got.IsNull():
		return " (a null vector must read back null, not as a placeholder)"
	case got.IsNull():
		return " (the store dropped the values of a field that has a vector spec)"
	case got.Type() != want.Type():
		return " (the element type changed)"
	}
	if len(got.Float32List()) != len(want.Float32List()) {
		return " (the dimension changed)"
	}
	return " (were the values normalised or rounded?)"
}
