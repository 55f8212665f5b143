package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/quiverfs/quiver/host/internal/localstore/sqliteonline"
	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/types"
)

// VectorEmbedded measures exact top-k search of the embedded SQLite store
// in process: Rows random vectors of Dim float32, Queries searches.
type VectorEmbedded struct {
	Rows, Dim, TopK, Queries int
}

// vectorView is the benchmark's view: an int64 key and one vector field.
func vectorView(dim int, m types.DistanceMetric, index string) types.FeatureViewSpec {
	return types.FeatureViewSpec{Name: "vecbench", JoinKeys: []types.Field{{Name: "doc_id", Type: types.Int64}},
		Features: []types.Field{{Name: "title", Type: types.String}, {Name: "embedding", Type: types.Float32List,
			Vector: &types.VectorSpec{Dimension: dim, Metric: m, IndexType: index}}}}
}

// randomVectors returns n deterministic random vectors.
func randomVectors(seed uint64, n, dim int) [][]float32 {
	rng := rand.New(rand.NewPCG(seed, seed))
	out := make([][]float32, n)
	for i := range out {
		out[i] = make([]float32, dim)
		for j := range out[i] {
			out[i][j] = rng.Float32()*2 - 1
		}
	}
	return out
}

// writeVectors writes vecs as rows 0..n-1 of the benchmark view.
func writeVectors(ctx context.Context, s onlinestore.Store, project string, vecs [][]float32) error {
	const batch = 1000
	ts := time.Now().UTC()
	for start := 0; start < len(vecs); start += batch {
		var rows []onlinestore.WriteRow
		for i := start; i < min(start+batch, len(vecs)); i++ {
			rows = append(rows, onlinestore.WriteRow{EntityKey: types.EntityKey{{JoinKey: "doc_id", Value: types.Int64Value(int64(i))}},
				Values: []types.Value{types.StringValue(fmt.Sprintf("doc-%d", i)), types.Float32ListValue(vecs[i])}, EventTimestamp: ts})
		}
		if _, err := s.WriteBatch(ctx, &onlinestore.WriteBatchRequest{Project: project, FeatureView: "vecbench",
			FeatureNames: []string{"title", "embedding"}, Rows: rows}); err != nil {
			return err
		}
	}
	return nil
}

// Run loads the store, warms its vector cache and times the searches.
func (b *VectorEmbedded) Run(ctx context.Context, w io.Writer) error {
	dir, err := os.MkdirTemp("", "quiver-vecbench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	s := sqliteonline.New()
	defer s.Close()
	cfg, _ := json.Marshal(map[string]string{"path": filepath.Join(dir, "online.db")})
	if _, err := s.Configure(ctx, &onlinestore.ConfigureRequest{Project: "bench", Config: cfg}); err != nil {
		return err
	}
	if _, err := s.ApplyInfra(ctx, &onlinestore.ApplyInfraRequest{Project: "bench",
		ViewsToKeep: []types.FeatureViewSpec{vectorView(b.Dim, types.MetricL2, "FLAT")}}); err != nil {
		return err
	}
	start := time.Now()
	vecs := randomVectors(1, b.Rows, b.Dim)
	if err := writeVectors(ctx, s, "bench", vecs); err != nil {
		return err
	}
	flat := make([]float32, 0, b.Rows*b.Dim)
	for _, v := range vecs {
		flat = append(flat, v...)
	}
	load := time.Since(start)
	queries := randomVectors(2, b.Queries+10, b.Dim)
	var lat, floor Latencies
	dists := make([]float32, b.Rows)
	for i, q := range queries {
		t1 := time.Now()
		plainScan(flat, q, dists)
		if i >= 10 {
			floor = append(floor, time.Since(t1))
		}
		t0 := time.Now()
		resp, err := s.SearchVectors(ctx, &onlinestore.SearchVectorsRequest{Project: "bench", FeatureView: "vecbench",
			VectorField: "embedding", QueryVector: q, TopK: b.TopK, Metric: types.MetricL2, Features: []string{"title"}})
		if err != nil {
			return err
		}
		if len(resp.Hits) != b.TopK {
			return fmt.Errorf("search returned %d hits, want %d", len(resp.Hits), b.TopK)
		}
		if i >= 10 { // the first searches fill the vector cache
			lat = append(lat, time.Since(t0))
		}
	}
	fmt.Fprintf(w, "Embedded SQLite store, exact L2 top-%d over %d x %d float32 vectors, %d sequential searches in process (load: %s); "+
		"floor: a plain-Go dot-product scan of the same vectors on 2 goroutines, timed before each search; machine: %s\n\n",
		b.TopK, b.Rows, b.Dim, len(lat), load.Round(time.Millisecond), Machine())
	WriteTable(w, []Summary{lat.Summarize("SearchVectors (embedded exact)"), floor.Summarize("floor: plain-Go scan, 2 goroutines")})
	fmt.Fprintf(w, "\np50 ratio store / floor: %.2f\n", float64(lat.Percentile(50))/float64(floor.Percentile(50)))
	return nil
}

// plainScan computes the dot product of q with every vector of flat on two
// goroutines: the memory-bound floor of any exact scan.
func plainScan(flat, q []float32, out []float32) {
	d, n := len(q), len(out)
	var wg sync.WaitGroup
	for w := range 2 {
		lo, hi := w*n/2, (w+1)*n/2
		wg.Go(func() {
			for i := lo; i < hi; i++ {
				x := flat[i*d : i*d+d]
				var s float32
				for j, a := range q {
					s += a * x[j]
				}
				out[i] = s
			}
		})
	}
	wg.Wait()
}
