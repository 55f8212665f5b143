package main

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"time"

	"github.com/quiverfs/quiver/plugins/cassandra/cassandrastore"
	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/types"
)

type vectorOptions struct {
	addr, keyspace                        string
	rows, dim, topK, queries, flatQueries int
}

const vecProject, vecView = "vector_bench", "docs"

// vector loads rows random vectors through cassandrastore in process into a
// view whose field has an SAI cosine index, times SAI searches and their
// recall@k against exact search in Go, then re-applies the field as FLAT
// (the index is dropped) and times exact scan searches.
func vector(ctx context.Context, o vectorOptions) error {
	st := cassandrastore.New(nil)
	cfg, _ := json.Marshal(map[string]any{"hosts": []string{o.addr}, "keyspace": o.keyspace, "request_timeout": "30s"})
	if _, err := st.Configure(ctx, &onlinestore.ConfigureRequest{Project: vecProject, Config: cfg}); err != nil {
		return err
	}
	defer st.Close()
	view := func(index string) types.FeatureViewSpec {
		return types.FeatureViewSpec{Name: vecView, JoinKeys: []types.Field{{Name: "doc_id", Type: types.Int64}},
			Features: []types.Field{{Name: "title", Type: types.String}, {Name: "embedding", Type: types.Float32List,
				Vector: &types.VectorSpec{Dimension: o.dim, Metric: types.MetricCosine, IndexType: index}}}}
	}
	if _, err := st.Teardown(ctx, &onlinestore.TeardownRequest{Project: vecProject}); err != nil {
		return err
	}
	defer func() { _, _ = st.Teardown(context.Background(), &onlinestore.TeardownRequest{Project: vecProject}) }()
	if _, err := st.ApplyInfra(ctx, &onlinestore.ApplyInfraRequest{Project: vecProject, ViewsToKeep: []types.FeatureViewSpec{view("SAI")}}); err != nil {
		return err
	}
	rng := rand.New(rand.NewPCG(384, 10))
	random := func() []float32 {
		v := make([]float32, o.dim)
		for i := range v {
			v[i] = rng.Float32()*2 - 1
		}
		return v
	}
	vecs := make([][]float32, o.rows)
	now := time.Now().UTC()
	start := time.Now()
	const batch = 500
	for lo := 0; lo < o.rows; lo += batch {
		var rows []onlinestore.WriteRow
		for i := lo; i < min(lo+batch, o.rows); i++ {
			vecs[i] = random()
			rows = append(rows, onlinestore.WriteRow{EntityKey: docKey(i), EventTimestamp: now,
				Values: []types.Value{types.StringValue(fmt.Sprintf("doc %d", i)), types.Float32ListValue(vecs[i])}})
		}
		if _, err := st.WriteBatch(ctx, &onlinestore.WriteBatchRequest{Project: vecProject, FeatureView: vecView,
			FeatureNames: []string{"title", "embedding"}, Rows: rows}); err != nil {
			return err
		}
	}
	load := time.Since(start)
	queries := make([][]float32, o.queries)
	for i := range queries {
		queries[i] = random()
	}
	search := func(q []float32) ([]onlinestore.SearchHit, time.Duration, error) {
		start := time.Now()
		resp, err := st.SearchVectors(ctx, &onlinestore.SearchVectorsRequest{Project: vecProject, FeatureView: vecView,
			VectorField: "embedding", QueryVector: q, TopK: o.topK, Metric: types.MetricCosine, Features: []string{"title"}})
		if err != nil {
			return nil, 0, err
		}
		return resp.Hits, time.Since(start), nil
	}
	var saiLat []time.Duration
	var recall float64
	for _, q := range queries {
		hits, took, err := search(q)
		if err != nil {
			return err
		}
		saiLat = append(saiLat, took)
		recall += overlap(hits, exactTopK(vecs, q, o.topK))
	}
	recall /= float64(len(queries) * o.topK)

	if _, err := st.ApplyInfra(ctx, &onlinestore.ApplyInfraRequest{Project: vecProject, ViewsToKeep: []types.FeatureViewSpec{view("FLAT")}}); err != nil {
		return err
	}
	var flatLat []time.Duration
	var flatRecall float64
	for _, q := range queries[:min(o.flatQueries, len(queries))] {
		hits, took, err := search(q)
		if err != nil {
			return err
		}
		flatLat = append(flatLat, took)
		flatRecall += overlap(hits, exactTopK(vecs, q, o.topK))
	}
	flatRecall /= float64(len(flatLat) * o.topK)

	fmt.Printf("Top-%d cosine search over %d x %d random float32 vectors through cassandrastore in process (Cassandra on %s); "+
		"loaded in %.1f s (%.0f rows/s, SAI index built while writing); %s\n\n",
		o.topK, o.rows, o.dim, o.addr, load.Seconds(), float64(o.rows)/load.Seconds(), machine())
	printRows([]row{{"SAI (ANN of 4 x top-k, exact re-rank)", saiLat}, {"FLAT (scan of the table, exact)", flatLat}})
	fmt.Printf("\n- recall@%d against exact search in Go: SAI %.3f, FLAT %.3f\n", o.topK, recall, flatRecall)
	return nil
}

func docKey(i int) types.EntityKey {
	return types.EntityKey{{JoinKey: "doc_id", Value: types.Int64Value(int64(i))}}
}

// exactTopK returns the ids of the k vectors of least cosine distance to q.
func exactTopK(vecs [][]float32, q []float32, k int) map[int64]bool {
	type scored struct {
		id int
		d  float64
	}
	all := make([]scored, len(vecs))
	for i, v := range vecs {
		var dot, qq, vv float64
		for j := range q {
			dot += float64(q[j]) * float64(v[j])
			qq += float64(q[j]) * float64(q[j])
			vv += float64(v[j]) * float64(v[j])
		}
		all[i] = scored{i, 1 - dot/(math.Sqrt(qq)*math.Sqrt(vv))}
	}
	sort.Slice(all, func(a, b int) bool { return all[a].d < all[b].d })
	out := map[int64]bool{}
	for _, s := range all[:min(k, len(all))] {
		out[int64(s.id)] = true
	}
	return out
}

// overlap counts the hits among the exact ids.
func overlap(hits []onlinestore.SearchHit, exact map[int64]bool) float64 {
	n := 0
	for _, h := range hits {
		if len(h.EntityKey) == 1 && exact[h.EntityKey[0].Value.Int64()] {
			n++
		}
	}
	return float64(n)
}
