package sqliteonline

import (
	"cmp"
	"math"
	"slices"
	"sync"

	"github.com/quiverfs/quiver/sdk/types"
)

// Scan settings.
const (
	scanWorkers  = 2    // goroutines per search
	minParallel  = 4096 // fewer vectors are scanned by one goroutine
	extraReRank  = 16   // candidates kept beyond k for the float64 re-rank
	extraPerTopK = 1    // and another k for every k asked
)

// hit is a search result: a slot and its distance.
type hit struct {
	slot int
	dist float64
}

// query is a prepared query vector.
type query struct {
	q      []float32
	metric types.DistanceMetric
	sq     float32 // squared norm of q
	norm   float64 // norm of q
}

// approx returns a float32 distance (monotone in the real one for L2, which
// it returns squared) from the dot product of q and slot's vector.
func (ix *vectorIndex) approx(qu *query, slot int) float32 {
	dot := dotF32(qu.q, ix.vector(slot))
	var d float32
	switch qu.metric {
	case types.MetricL2:
		d = qu.sq + ix.sqnorms[slot] - 2*dot
	case types.MetricCosine:
		n := float32(qu.norm) * ix.norms[slot]
		if n == 0 {
			return 1
		}
		d = 1 - dot/n
	default:
		d = -dot
	}
	if d != d { // NaN sorts last
		return float32(math.Inf(1))
	}
	return d
}

// nearest returns the k nearest slots that keep accepts, nearest first;
// ties are broken by encoded key.
func (ix *vectorIndex) nearest(qu *query, k int, keep predicate) []hit {
	n := ix.size()
	want := min(n, k+extraReRank+extraPerTopK*k)
	workers := scanWorkers
	if n < minParallel {
		workers = 1
	}
	parts := make([]topK, workers)
	var wg sync.WaitGroup
	for w := range workers {
		lo, hi := w*n/workers, (w+1)*n/workers
		parts[w] = topK{ix: ix, k: want}
		wg.Go(func() { ix.scan(qu, lo, hi, keep, &parts[w]) })
	}
	wg.Wait()
	var cands []int
	for _, p := range parts {
		for _, c := range p.items {
			cands = append(cands, c.slot)
		}
	}
	hits := make([]hit, len(cands))
	for i, slot := range cands {
		hits[i] = hit{slot: slot, dist: exactDistance(qu, ix.vector(slot))}
	}
	slices.SortFunc(hits, func(a, b hit) int {
		if c := cmpDist(a.dist, b.dist); c != 0 {
			return c
		}
		return cmp.Compare(ix.keys[a.slot], ix.keys[b.slot])
	})
	return hits[:min(k, len(hits))]
}

// scan feeds slots lo..hi-1 that keep accepts into top.
func (ix *vectorIndex) scan(qu *query, lo, hi int, keep predicate, top *topK) {
	filtered := keep != nil
	for slot := lo; slot < hi; slot++ {
		if filtered && !keep(ix.row(slot)) {
			continue
		}
		top.offer(slot, ix.approx(qu, slot))
	}
}

// exactDistance computes the distance in float64: Euclidean for L2,
// 1 - cosine similarity for cosine (1 when a vector is zero), minus the dot
// product for inner product.
func exactDistance(qu *query, x []float32) float64 {
	var dot, xx, sq float64
	for i, a := range qu.q {
		af, bf := float64(a), float64(x[i])
		dot += af * bf
		xx += bf * bf
		sq += (af - bf) * (af - bf)
	}
	switch qu.metric {
	case types.MetricL2:
		return math.Sqrt(sq)
	case types.MetricCosine:
		if qu.norm == 0 || xx == 0 {
			return 1
		}
		return 1 - dot/(qu.norm*math.Sqrt(xx))
	}
	return -dot
}

// cmpDist orders distances with NaN last.
func cmpDist(a, b float64) int {
	switch {
	case math.IsNaN(a) && math.IsNaN(b):
		return 0
	case math.IsNaN(a):
		return 1
	case math.IsNaN(b):
		return -1
	}
	return cmp.Compare(a, b)
}
