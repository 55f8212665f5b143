package sqliteonline

import (
	"math"
	"math/rand/v2"
	"sort"
	"strings"
	"testing"

	"github.com/quiverfs/quiver/sdk/codec"
	"github.com/quiverfs/quiver/sdk/types"
)

func contains(s, sub string) bool { return strings.Contains(s, sub) }

// testIndex builds an index of n random vectors of dim, id = slot.
func testIndex(n, dim int, rng *rand.Rand) *vectorIndex {
	spec := &types.FeatureViewSpec{Name: "v", JoinKeys: []types.Field{{Name: "id", Type: types.Int64}},
		Features: []types.Field{{Name: "e", Type: types.Float32List, Vector: &types.VectorSpec{Dimension: dim}}}}
	ix := newVectorIndex(spec, spec.Features[0], 1)
	for i := range n {
		vec := make([]float32, dim)
		for j := range vec {
			vec[j] = rng.Float32()*2 - 1
		}
		ek := types.EntityKey{{JoinKey: "id", Value: types.Int64Value(int64(i))}}
		ix.put(string(codec.EncodeEntityKey(ek)), ek, func(string) types.Value { return types.Float32ListValue(vec) })
	}
	return ix
}

// TestNearestMatchesBruteForce checks the parallel scan against a sort of
// every exact distance, for each metric and sizes on both sides of
// minParallel.
func TestNearestMatchesBruteForce(t *testing.T) {
	t.Parallel()
	for _, n := range []int{0, 5, minParallel + 3} {
		rng := rand.New(rand.NewPCG(uint64(n), 1))
		ix := testIndex(n, 13, rng)
		for _, m := range []types.DistanceMetric{types.MetricL2, types.MetricCosine, types.MetricInnerProduct} {
			q := make([]float32, 13)
			for j := range q {
				q[j] = rng.Float32()
			}
			qu := &query{q: q, metric: m}
			qu.sq, qu.norm = sqnorm(q)
			all := make([]float64, n)
			for s := range n {
				all[s] = exactDistance(qu, ix.vector(s))
			}
			sort.Float64s(all)
			hits := ix.nearest(qu, 10, nil)
			if len(hits) != min(10, n) {
				t.Fatalf("n=%d %s: %d hits", n, m, len(hits))
			}
			for i, h := range hits {
				if math.Abs(h.dist-all[i]) > 1e-9 {
					t.Errorf("n=%d %s: hit %d at %g, want %g", n, m, i, h.dist, all[i])
				}
			}
		}
	}
}

func TestNearestBreaksTiesByKey(t *testing.T) {
	t.Parallel()
	ix := testIndex(0, 2, nil)
	for _, id := range []int64{5, -3, 9, 0} {
		ek := types.EntityKey{{JoinKey: "id", Value: types.Int64Value(id)}}
		ix.put(string(codec.EncodeEntityKey(ek)), ek, func(string) types.Value { return types.Float32ListValue([]float32{1, 1}) })
	}
	qu := &query{q: []float32{0, 0}, metric: types.MetricL2}
	hits := ix.nearest(qu, 3, nil)
	var got []int64
	for _, h := range hits {
		ek, _ := codec.DecodeEntityKey([]byte(ix.keys[h.slot]))
		got = append(got, ek[0].Value.Int64())
	}
	if len(got) != 3 || got[0] != -3 || got[1] != 0 || got[2] != 5 {
		t.Errorf("tied hits in order %v, want [-3 0 5]", got)
	}
}

func TestIndexRemoveKeepsSlotsConsistent(t *testing.T) {
	t.Parallel()
	ix := testIndex(50, 4, rand.New(rand.NewPCG(3, 3)))
	for i := 0; i < 50; i += 3 {
		ix.remove(ix.keys[0])
	}
	for s, k := range ix.keys {
		if ix.slots[k] != s {
			t.Fatalf("slot of key %d is %d", s, ix.slots[k])
		}
		ek, _ := codec.DecodeEntityKey([]byte(k))
		if !ix.row(s)[0].Equal(ek[0].Value) {
			t.Fatalf("slot %d holds columns of another row", s)
		}
	}
	if len(ix.vecs) != ix.size()*4 || len(ix.sqnorms) != ix.size() || len(ix.norms) != ix.size() {
		t.Errorf("arrays of %d and %d for %d slots", len(ix.vecs), len(ix.sqnorms), ix.size())
	}
}
