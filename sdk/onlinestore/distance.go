package onlinestore

import (
	"math"

	"github.com/quiverfs/quiver/sdk/types"
)

// Distance computes the distance of metric between a query and a vector of
// the same length, in float64, as SearchHit.Distance reports it: Euclidean
// for L2, 1 - cosine similarity for cosine (1 when either vector is zero),
// the negated dot product for inner product. Smaller is nearer. Stores that
// rank or re-rank in process use it.
func Distance(metric types.DistanceMetric, q []float32, x []float64) float64 {
	var dot, qq, xx, sq float64
	for i := range q {
		a, b := float64(q[i]), x[i]
		dot += a * b
		qq += a * a
		xx += b * b
		sq += (a - b) * (a - b)
	}
	switch metric {
	case types.MetricL2:
		return math.Sqrt(sq)
	case types.MetricCosine:
		if qq == 0 || xx == 0 {
			return 1
		}
		return 1 - dot/(math.Sqrt(qq)*math.Sqrt(xx))
	default:
		return -dot
	}
}
