package conformance

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"

	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/types"
)

// Recall fixture: random vectors, queries and the recall an approximate
// index must reach against the exact oracle.
const (
	recallRows    = 10000
	recallDim     = 32
	recallQueries = 20
	recallTarget  = 0.95
	recallBatch   = 1000
)

// approximateIndexes are the index types the recall case tries, best first.
var approximateIndexes = []string{"HNSW", "IVF_FLAT", "IVF_SQ8", "IVF_PQ", "DISKANN", "SAI"}

// approximateIndexesOf returns the approximate index types s advertises.
func approximateIndexesOf(s *session) []string {
	var out []string
	for _, want := range approximateIndexes {
		if slices.ContainsFunc(s.onCaps.Vector.IndexTypes, func(t string) bool { return strings.EqualFold(t, want) }) {
			out = append(out, want)
		}
	}
	return out
}

var capApproximateIndex = capability{"plugin advertises no approximate vector index (HNSW, IVF_FLAT, ...)",
	func(s *session) bool { return len(approximateIndexesOf(s)) > 0 }}

// vectorMoreCases check approximate recall and the removal of a deleted view's vectors.
func vectorMoreCases() []testCase {
	return []testCase{
		{name: "OnlineStore/SearchVectors/should reach recall@10 of 0.95 with every approximate index advertised",
			needs: []capability{capVectorSearch, capAnyMetric, capApproximateIndex}, run: checkRecall},
		{name: "OnlineStore/ApplyInfra/should remove a deleted view's vectors",
			needs: []capability{capVectorSearch, capAnyMetric}, run: checkDeletedVectors},
	}
}

func checkRecall(e *env) {
	for _, idx := range approximateIndexesOf(e.s) {
		checkRecallOf(e, idx)
	}
}

func checkRecallOf(e *env, idx string) {
	m := types.MetricL2
	if !slices.Contains(e.s.onCaps.Vector.Metrics, m) {
		m = e.s.onCaps.Vector.Metrics[0]
	}
	v := viewSpec("recall_"+strings.ToLower(idx), field("title", types.String), types.Field{Name: "embedding", Type: types.Float32List,
		Vector: &types.VectorSpec{Dimension: recallDim, Metric: m, IndexType: idx}})
	e.apply(v)
	rng := rand.New(rand.NewPCG(10, 10))
	vecs := make([][]float32, recallRows)
	for start := 0; start < recallRows; start += recallBatch {
		rows := make([]onlinestore.WriteRow, 0, recallBatch)
		for i := start; i < start+recallBatch; i++ {
			vecs[i] = randomVectorN(rng, recallDim)
			rows = append(rows, wrow(driverKey(int64(i)), at(1), at(1), types.StringValue(fmt.Sprintf("doc-%d", i)), types.Float32ListValue(vecs[i])))
		}
		e.write(v.Name, fieldNames(v), rows...)
	}
	found, total := 0, 0
	for range recallQueries {
		q := randomVectorN(rng, recallDim)
		resp, err := e.vector().SearchVectors(e.ctx(), &onlinestore.SearchVectorsRequest{Project: e.project, FeatureView: v.Name,
			VectorField: "embedding", QueryVector: q, TopK: vecTopK, Metric: m, Features: []string{"title"}})
		e.must(err, "SearchVectors on the "+idx+" index")
		truth := exactTopK(m, q, vecs, vecTopK)
		for _, h := range resp.Hits {
			if id, ok := docID(h.EntityKey); ok && truth[id] {
				found++
			}
		}
		total += len(truth)
	}
	if recall := float64(found) / float64(total); recall < recallTarget {
		hint := "an approximate index trades recall for speed: search it wider (ef for HNSW, nprobe for IVF) or build it denser"
		if recall < 0.5 {
			hint = "most hits are not near neighbours at all: is the index built and searched with the requested metric, and are the distances smaller-is-nearer?"
		}
		e.Errorf("recall@%d of the %s index over %d vectors: %.3f, want >= %.2f: %s", vecTopK, idx, recallRows, recall, recallTarget, hint)
	}
}

// randomVectorN returns n floats in [-1, 1).
func randomVectorN(rng *rand.Rand, n int) []float32 {
	v := make([]float32, n)
	for i := range v {
		v[i] = rng.Float32()*2 - 1
	}
	return v
}

// exactTopK returns the ids of the k nearest vectors by the oracle.
func exactTopK(m types.DistanceMetric, q []float32, vecs [][]float32, k int) map[int64]bool {
	ids := make([]int, len(vecs))
	dist := make([]float64, len(vecs))
	for i, x := range vecs {
		ids[i], dist[i] = i, oracleDistance(m, q, x)
	}
	sort.Slice(ids, func(a, b int) bool { return dist[ids[a]] < dist[ids[b]] })
	out := map[int64]bool{}
	for _, id := range ids[:k] {
		out[int64(id)] = true
	}
	return out
}

func checkDeletedVectors(e *env) {
	m := e.s.onCaps.Vector.Metrics[0]
	rng := rand.New(rand.NewPCG(3, 4))
	writeDocs(e, m, 20, rng)
	v := docsView(m)
	_, err := e.online().ApplyInfra(e.ctx(), &onlinestore.ApplyInfraRequest{Project: e.project,
		ViewsToDelete: []types.FeatureViewSpec{v}, EntitiesToKeep: []types.EntitySpec{driverEntity}})
	e.must(err, "ApplyInfra deleting the docs view")
	e.apply(v)
	hits, err := search(e, m, randomVector(rng), vecTopK, nil)
	e.must(err, "SearchVectors after deleting and re-creating the view")
	if len(hits) != 0 {
		e.Errorf("the re-created view returned %d hits of its deleted self, want none: ApplyInfra's ViewsToDelete must remove the view's vectors (its index too), so that a view applied again starts empty", len(hits))
	}
}
