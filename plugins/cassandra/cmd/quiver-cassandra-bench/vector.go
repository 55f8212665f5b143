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
	candidates                            []int // ann_candidates settings to measure, one pass each
}

const vecProject, vecView = "vector_bench", "docs"

// vector loads rows random vectors through cassandrastore in process into a
// view whose field has an SAI cosine index, times SAI searches and their
// recall@k against exact search in Go, then re-applies the field as FLAT
// (the index is dropped) and times exact scan searches.
func vector(ctx context.Context, o vectorOptions) error {
	st := cassandrastore.New(nil)
	configure := func(candidates int) error {
		cfg, _ := json.Marshal(map[string]any{"hosts": []string{o.addr}, "keyspace": o.keyspace, "request_timeout": "30s",
			"ann_candidates": candidates})
		_, err := st.Configure(ctx, &onlinestore.ConfigureRequest{Project: vecProject, Config: cfg})
		return err
	}
	if err := configure(o.candidates[0]); err != nil {
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
	exact := make([]map[int64]bool, len(queries))
	for i, q := range queries {
		exact[i] = exactTopK(vecs, q, o.topK)
	}
	var results []row
	var recalls []float64
	for _, cand := range o.candidates {
		if err := configure(cand); err != nil {
			return err
		}
		var lat []time.Duration
		var recall float64
		for i, q := range queries {
			hits, took, err := search(q)
			if err != nil {
				return err
			}
			lat = append(lat, took)
			recall += overlap(hits, exact[i])
		}
		results = append(results, row{fmt.Sprintf("SAI, ann_candidates %d (exact re-rank of those)", max(cand, 4*o.topK)), lat})
		recalls = append(recalls, recall/float64(len(queries)*o.topK))
	}

	if _, err := st.ApplyInfra(ctx, &onlinestore.ApplyInfraRequest{Project: vecProject, ViewsToKeep: []types.FeatureViewSpec{view("FLAT")}}); err != nil {
		return err
	}
	var flatLat []time.Duration
	var flatRecall float64
	for i, q := range queries[:min(o.flatQueries, len(queries))] {
		hits, took, err := search(q)
		if err != nil {
			return err
		}
		flatLat = append(flatLat, took)
		flatRecall += overlap(hits, exact[i])
	}
	flatRecall /= float64(len(flatLat) * o.topK)

	fmt.Printf("Top-%d cosine search over %d x %d random float32 vectors through cassandrastore in process (Cassandra on %s); "+
		"loaded in %.1f s (%.0f rows/s, SAI index built while writing); %s\n\n",
		o.topK, o.rows, o.dim, o.addr, load.Seconds(), float64(o.rows)/load.Seconds(), machine())
	printRows(append(results, row{"FLAT (scan of the table, exact)", flatLat}))
	fmt.Println()
	for i, r := range recalls {
		fmt.Printf("- recall@%d against exact search in Go, %s: %.3f\n", o.topK, results[i].name, r)
	}
	fmt.Printf("- recall@%d of FLAT: %.3f\n", o.topK, flatRecall)
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
