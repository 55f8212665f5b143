package conformance

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"

	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/storeerr"
	"github.com/quiverfs/quiver/sdk/types"
)

// Vector fixture sizes.
const (
	vecDim  = 8
	vecRows = 200
	vecTopK = 10
)

// vectorCases check SearchVectors against a row-by-row oracle.
func vectorCases() []testCase {
	var out []testCase
	for _, m := range []types.DistanceMetric{types.MetricL2, types.MetricCosine, types.MetricInnerProduct} {
		out = append(out, testCase{
			name:  "OnlineStore/SearchVectors/should return the exact top-k by " + m.String() + " distance",
			needs: []capability{capVectorSearch, capExactIndex, capMetric(m)},
			run:   func(e *env) { checkTopK(e, m) },
		})
	}
	return append(out,
		testCase{name: "OnlineStore/SearchVectors/should return no hits from an empty view",
			needs: []capability{capVectorSearch, capAnyMetric}, run: checkEmptySearch},
		testCase{name: "OnlineStore/SearchVectors/should reject a query of the wrong dimension with InvalidArgument",
			needs: []capability{capVectorSearch, capAnyMetric}, run: checkWrongDimension},
	)
}

// docsView returns the vector view of the suite: a title, a category, a
// price and an embedding.
func docsView(m types.DistanceMetric) types.FeatureViewSpec {
	return viewSpec("docs", field("title", types.String), field("category", types.String), field("price", types.Int64),
		types.Field{Name: "embedding", Type: types.Float32List,
			Vector: &types.VectorSpec{Dimension: vecDim, Metric: m, IndexType: "FLAT"}})
}

// doc is one row of the vector fixture.
type doc struct {
	id  int64
	vec []float32
}

// randomVector returns a vector of vecDim floats in [-1, 1).
func randomVector(rng *rand.Rand) []float32 {
	v := make([]float32, vecDim)
	for i := range v {
		v[i] = rng.Float32()*2 - 1
	}
	return v
}

// writeDocs applies docsView and writes n random documents.
func writeDocs(e *env, m types.DistanceMetric, n int, rng *rand.Rand) []doc {
	v := docsView(m)
	e.apply(v)
	docs := make([]doc, n)
	rows := make([]onlinestore.WriteRow, n)
	for i := range docs {
		docs[i] = doc{id: int64(i), vec: randomVector(rng)}
		rows[i] = wrow(driverKey(int64(i)), at(i), at(i), types.StringValue(fmt.Sprintf("doc-%d", i)),
			types.StringValue(docCategory(i)), types.Int64Value(int64(i)), types.Float32ListValue(docs[i].vec))
	}
	if n > 0 {
		e.write(v.Name, fieldNames(v), rows...)
	}
	return docs
}

// docCategory is the category of document i: a, b or c.
func docCategory(i int) string { return string(rune('a' + i%3)) }

// oracleDistance computes a distance in float64: Euclidean for L2,
// 1 - cosine similarity for cosine, the negated dot product for inner product.
func oracleDistance(m types.DistanceMetric, q, x []float32) float64 {
	var dot, qq, xx, sq float64
	for i := range q {
		a, b := float64(q[i]), float64(x[i])
		dot, qq, xx, sq = dot+a*b, qq+a*a, xx+b*b, sq+(a-b)*(a-b)
	}
	switch m {
	case types.MetricL2:
		return math.Sqrt(sq)
	case types.MetricCosine:
		return 1 - dot/(math.Sqrt(qq)*math.Sqrt(xx))
	}
	return -dot
}

// docRows returns the oracle's rows of documents written by writeDocs.
func docRows(docs []doc) []vrow {
	out := make([]vrow, len(docs))
	for i, d := range docs {
		out[i] = vrow{id: d.id, vec: d.vec, title: fmt.Sprintf("doc-%d", d.id), event: at(int(d.id)),
			vals: map[string]types.Value{"category": types.StringValue(docCategory(int(d.id))), "price": types.Int64Value(d.id)}}
	}
	return out
}

// docID returns the driver id of a key.
func docID(k types.EntityKey) (int64, bool) {
	if len(k) != 1 || k[0].JoinKey != "driver_id" || k[0].Value.Type() != types.Int64 {
		return 0, false
	}
	return k[0].Value.Int64(), true
}

// near compares distances computed in float32 and float64.
func near(a, b float64) bool { return math.Abs(a-b) <= 1e-4*math.Max(1, math.Abs(b)) }

// search runs one SearchVectors call over docsView.
func search(e *env, m types.DistanceMetric, q []float32, k int, f *onlinestore.Filter) ([]onlinestore.SearchHit, error) {
	resp, err := e.vector().SearchVectors(e.ctx(), &onlinestore.SearchVectorsRequest{Project: e.project,
		FeatureView: "docs", VectorField: "embedding", QueryVector: q, TopK: k, Metric: m, Filter: f,
		Features: []string{"title"}})
	if err != nil {
		return nil, err
	}
	return resp.Hits, nil
}

func checkTopK(e *env, m types.DistanceMetric) {
	rng := rand.New(rand.NewPCG(uint64(m), 42))
	docs := writeDocs(e, m, vecRows, rng)
	for qi := range 3 {
		q := randomVector(rng)
		hits, err := search(e, m, q, vecTopK, nil)
		e.must(err, fmt.Sprintf("SearchVectors (query %d)", qi))
		e.expectSearch(searchWant{label: fmt.Sprintf("query %d of %d rows by %s", qi, vecRows, m), metric: m, q: q,
			rows: docRows(docs), k: vecTopK}, hits)
	}
}

func checkEmptySearch(e *env) {
	m := e.s.onCaps.Vector.Metrics[0]
	writeDocs(e, m, 0, nil)
	hits, err := search(e, m, make([]float32, vecDim), vecTopK, nil)
	e.must(err, "SearchVectors on an empty view")
	if len(hits) != 0 {
		e.Errorf("SearchVectors on an empty view: %d hits, want none: the view holds no rows, so the hits came from elsewhere (another view, another project, or rows of an earlier view of the same name)", len(hits))
	}
}

func checkWrongDimension(e *env) {
	m := e.s.onCaps.Vector.Metrics[0]
	writeDocs(e, m, 5, rand.New(rand.NewPCG(1, 2)))
	_, err := search(e, m, make([]float32, 5), vecTopK, nil)
	if err == nil {
		e.Fatalf("SearchVectors with a 5-dimensional query on an %d-dimensional field succeeded: a query of the wrong dimension is InvalidArgument, never padded, truncated or searched", vecDim)
	}
	if !errors.Is(err, storeerr.ErrInvalidArgument) {
		e.Errorf("SearchVectors with a wrong dimension returned %q of kind %s, want %s", err, storeerr.As(err).Kind, storeerr.KindInvalidArgument)
	}
	if msg := err.Error(); !strings.Contains(msg, "5") || !strings.Contains(msg, fmt.Sprint(vecDim)) {
		e.Errorf("the error %q does not name both dimensions (5 and %d)", msg, vecDim)
	}
}
