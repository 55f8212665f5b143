package sqliteonline

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestDotMatchesFloat64 checks the dot product (SIMD where available) for
// every length up to 100 against a float64 sum.
func TestDotMatchesFloat64(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(9, 9))
	for n := 0; n <= 100; n++ {
		a, b := make([]float32, n), make([]float32, n+3)
		var want, mag float64
		for i := range a {
			a[i], b[i] = rng.Float32()*2-1, rng.Float32()*2-1
			want += float64(a[i]) * float64(b[i])
			mag += math.Abs(float64(a[i]) * float64(b[i]))
		}
		for name, got := range map[string]float32{"dotF32": dotF32(a, b), "dotGo": dotGo(a, b)} {
			if math.Abs(float64(got)-want) > 1e-5*(1+mag) {
				t.Errorf("n=%d: %s = %g, want %g", n, name, got, want)
			}
		}
	}
}
