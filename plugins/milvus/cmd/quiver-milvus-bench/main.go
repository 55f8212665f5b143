// Command quiver-milvus-bench measures document retrieval through the
// Milvus plugin over HTTP (`quiver serve` + POST /retrieve-online-documents)
// against the same search made directly with the Milvus Go SDK in process,
// and the recall@k of both against exact search. It lives in the plugin's
// module so the host does not depend on the Milvus SDK. scripts/bench.sh
// runs it; it prints Markdown for docs/benchmarks.md.
package main

import (
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"time"
)

type options struct {
	quiver, plugin, addr string
	rows, dim, topK, n   int
	ef                   int // HNSW search breadth, same on both paths
}

func main() {
	var o options
	flag.StringVar(&o.quiver, "quiver", "bin/quiver", "the quiver binary")
	flag.StringVar(&o.plugin, "plugin", "bin/quiver-plugin-milvus", "the Milvus plugin binary")
	flag.StringVar(&o.addr, "milvus", os.Getenv("QUIVER_TEST_MILVUS_ADDR"), "Milvus address host:port")
	flag.IntVar(&o.rows, "rows", 100_000, "vectors to load")
	flag.IntVar(&o.dim, "dim", 384, "vector dimension")
	flag.IntVar(&o.topK, "top-k", 10, "documents per search")
	flag.IntVar(&o.n, "queries", 300, "searches per path")
	flag.IntVar(&o.ef, "ef", 64, "HNSW ef at search time (both paths)")
	flag.Parse()
	if o.addr == "" {
		fmt.Fprintln(os.Stderr, "quiver-milvus-bench: --milvus (or QUIVER_TEST_MILVUS_ADDR) is required; scripts/backends/milvus.sh start DIR starts one")
		os.Exit(2)
	}
	for _, p := range []*string{&o.quiver, &o.plugin} {
		if abs, err := filepath.Abs(*p); err == nil {
			*p = abs
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Minute)
	defer cancel()
	if err := run(ctx, o); err != nil {
		fmt.Fprintln(os.Stderr, "quiver-milvus-bench:", err)
		os.Exit(1)
	}
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

// exactTopK returns the ids of the k nearest vectors by Euclidean distance.
func exactTopK(q []float32, vecs [][]float32, k int) map[string]bool {
	type cand struct {
		id int
		d  float32
	}
	best := make([]cand, 0, k+1)
	for i, x := range vecs {
		var d float32
		for j := range q {
			t := q[j] - x[j]
			d += t * t
		}
		if len(best) < k || d < best[len(best)-1].d {
			pos := len(best)
			for pos > 0 && best[pos-1].d > d {
				pos--
			}
			best = append(best, cand{})
			copy(best[pos+1:], best[pos:])
			best[pos] = cand{i, d}
			if len(best) > k {
				best = best[:k]
			}
		}
	}
	out := map[string]bool{}
	for _, c := range best {
		out[fmt.Sprintf("doc-%d", c.id)] = true
	}
	return out
}

// percentile returns the p-th percentile, nearest rank.
func percentile(l []time.Duration, p float64) time.Duration {
	s := append([]time.Duration(nil), l...)
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
	idx := max(0, min(int(float64(len(s))*p/100+0.5)-1, len(s)-1))
	return s[idx]
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d.Microseconds())/1000) }

func machine() string {
	return fmt.Sprintf("%d CPUs, %s/%s, %s", runtime.NumCPU(), runtime.GOOS, runtime.GOARCH, runtime.Version())
}
