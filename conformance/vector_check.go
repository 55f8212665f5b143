package conformance

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/types"
)

// vrow is a row of a vector view as the oracle knows it: its newest write.
type vrow struct {
	id    int64
	vec   []float32 // nil: the newest write has a null vector
	title string
	event time.Time
	vals  map[string]types.Value // the other scalar features; absent: null
}

// searchWant is what one search must return.
type searchWant struct {
	label  string // names the search in messages
	metric types.DistanceMetric
	q      []float32
	rows   []vrow // every row of the view
	k      int    // the request's top_k
	// skip says why a row must not be returned (a filter it fails, ...), or
	// "" when it may be. Optional: every row with a vector may be returned.
	skip func(r vrow) string
	// alt are other vectors of rows (one they held before their newest
	// write, one a losing write carried), to explain a distance computed from
	// one of them with altWhy. Optional.
	alt    map[int64][]float32
	altWhy string
	// note ends the message about missing rows, e.g. the filter's rule.
	note string
}

// expectSearch checks hits against the oracle: the rows skip allows,
// ordered by distance, cut to k, with the distances, titles and event
// times of their newest writes. Near-ties may swap. Messages say what the
// store most likely did wrong.
func (e *env) expectSearch(w searchWant, hits []onlinestore.SearchHit) {
	e.Helper()
	byID := map[int64]vrow{}
	dist := map[int64]float64{}
	var eligible []int64
	for _, r := range w.rows {
		byID[r.id] = r
		if r.vec == nil || (w.skip != nil && w.skip(r) != "") {
			continue
		}
		dist[r.id] = oracleDistance(w.metric, w.q, r.vec)
		eligible = append(eligible, r.id)
	}
	sort.SliceStable(eligible, func(a, b int) bool { return dist[eligible[a]] < dist[eligible[b]] })
	want := eligible[:min(w.k, len(eligible))]
	returned := map[int64]bool{}
	for _, h := range hits {
		if id, ok := docID(h.EntityKey); ok {
			returned[id] = true
		}
	}
	if len(hits) != len(want) {
		e.Errorf("%s: %s", w.label, countMessage(w, len(hits), want, returned, dist))
	}
	orderReported, sortReported := false, false
	for i, h := range hits {
		id, ok := docID(h.EntityKey)
		r, known := byID[id]
		switch {
		case !ok || !known:
			e.Errorf("%s: hit %d: entity %s is no row of this view", w.label, i, h.EntityKey)
			continue
		case r.vec == nil:
			e.Errorf("%s: hit %d: %s is returned, but its newest write set its vector to null: a row without a vector is not searchable (a store that keeps null vectors as zeros must exclude them)",
				w.label, i, h.EntityKey)
			continue
		case w.skip != nil && w.skip(r) != "":
			e.Errorf("%s: hit %d: %s is returned, but %s", w.label, i, h.EntityKey, w.skip(r))
			continue
		}
		if d := dist[id]; !near(h.Distance, d) {
			e.Errorf("%s: hit %d (%s): distance %s, want %s%s", w.label, i, h.EntityKey, fmtDist(h.Distance, d), fmtDist(d, h.Distance),
				distanceHint(w.metric, h.Distance, d, w.q, r.vec, w.alt[id], w.altWhy))
		}
		if i < len(want) && !near(dist[id], dist[want[i]]) && !orderReported {
			orderReported = true
			why := "was not returned: the hits must be the top_k nearest rows"
			if returned[want[i]] {
				why = "comes later: the hits must come nearest first"
			}
			e.Errorf("%s: hit %d (%s) is at distance %s, but the %s nearest row, %s, is at %s and %s",
				w.label, i, h.EntityKey, fmtDist(dist[id], dist[want[i]]), ordinal(i+1), driverKey(want[i]), fmtDist(dist[want[i]], dist[id]), why)
		}
		if i > 0 && h.Distance < hits[i-1].Distance && !near(h.Distance, hits[i-1].Distance) && !sortReported {
			sortReported = true
			e.Errorf("%s: hit %d (%s) at distance %s follows a hit at %s: hits come nearest first, and smaller is nearer for every metric (inner product is returned negated)",
				w.label, i, h.EntityKey, fmtDist(h.Distance, hits[i-1].Distance), fmtDist(hits[i-1].Distance, h.Distance))
		}
		if len(h.Values) != 1 || !h.Values[0].Equal(types.StringValue(r.title)) {
			e.Errorf("%s: hit %d (%s): values %v, want [%q]: a hit carries the requested features of the row's newest write",
				w.label, i, h.EntityKey, h.Values, r.title)
		}
		if !h.EventTimestamp.Equal(r.event) {
			e.Errorf("%s: hit %d (%s): event timestamp %s, want %s, the newest write's", w.label, i, h.EntityKey, fmtTime(h.EventTimestamp), fmtTime(r.event))
		}
	}
	if dup := duplicates(hits); dup != "" {
		e.Errorf("%s: %s is returned more than once: a search returns each row at most once", w.label, dup)
	}
}

// countMessage explains a wrong number of hits.
func countMessage(w searchWant, got int, want []int64, returned map[int64]bool, dist map[int64]float64) string {
	msg := fmt.Sprintf("%d hits, want %d", got, len(want))
	switch {
	case got == 0:
		msg += ": the search found nothing: the vector field was not found or not indexed, or the rows written were not searchable yet (a row must be searchable once WriteBatch returns)"
	case got > w.k:
		msg += fmt.Sprintf(": top_k is %d, and a search returns at most top_k hits", w.k)
	case got > len(want):
		msg += ": rows that must not be returned were (listed below)"
	default:
		var missing []string
		for _, id := range want {
			if !returned[id] && len(missing) < 3 {
				missing = append(missing, fmt.Sprintf("%s at %s", driverKey(id), fmtDist(dist[id], dist[id])))
			}
		}
		msg += fmt.Sprintf(": missing %s, nearest first; every row with a vector that the filter (if any) matches is searchable, and a search returns min(top_k, matching rows) hits",
			strings.Join(missing, ", "))
	}
	if w.note != "" && got < len(want) {
		msg += " (" + w.note + ")"
	}
	return msg
}

// distanceHint names the known mistake that turns the oracle's distance
// want into got, or returns "".
func distanceHint(m types.DistanceMetric, got, want float64, q, x, alt []float32, altWhy string) string {
	var dot, qq, xx float64
	for i := range q {
		dot += float64(q[i]) * float64(x[i])
		qq += float64(q[i]) * float64(q[i])
		xx += float64(x[i]) * float64(x[i])
	}
	type guess struct {
		v   float64
		why string
	}
	var guesses []guess
	if alt != nil {
		guesses = append(guesses, guess{oracleDistance(m, q, alt), altWhy})
	}
	switch m {
	case types.MetricL2:
		guesses = append(guesses,
			guess{want * want, "L2 is the Euclidean distance, not its square (take the square root of a squared-L2 score)"},
			guess{math.Sqrt(want), "L2 is the Euclidean distance; this is its square root"})
	case types.MetricCosine:
		guesses = append(guesses,
			guess{1 - want, "cosine distance is 1 - cosine similarity; this is the similarity itself"},
			guess{1 - dot, "cosine distance is 1 - dot(q, x)/(|q||x|); this is 1 - dot(q, x), without normalising the vectors"},
			guess{-dot, "cosine distance is 1 - cosine similarity; this is the negated dot product, the inner-product distance"},
			guess{want / 2, "cosine distance is 1 - cosine similarity, in [0, 2]; this is it halved"})
	case types.MetricInnerProduct:
		guesses = append(guesses,
			guess{dot, "inner-product distance is the negated dot product (smaller is nearer); this is the dot product itself"},
			guess{1 - dot, "inner-product distance is -dot(q, x); this is 1 - dot(q, x)"})
	}
	for _, o := range []types.DistanceMetric{types.MetricL2, types.MetricCosine, types.MetricInnerProduct} {
		if o != m {
			guesses = append(guesses, guess{oracleDistance(o, q, x),
				fmt.Sprintf("that is the %s distance, but the request asked for %s", o, m)})
		}
	}
	if m == types.MetricL2 && qq > 0 && xx > 0 {
		guesses = append(guesses, guess{math.Sqrt(math.Abs(2 - 2*dot/math.Sqrt(qq*xx))),
			"that is the L2 distance of the normalised vectors: L2 must not normalise"})
	}
	for _, g := range guesses {
		if near(got, g.v) && !near(want, g.v) {
			return ": " + g.why
		}
	}
	return ""
}

// fmtDist renders a distance with 4 decimals, or more when other would
// print the same.
func fmtDist(d, other float64) string {
	if s := fmt.Sprintf("%.4f", d); s != fmt.Sprintf("%.4f", other) || d == other {
		return s
	}
	return fmt.Sprintf("%.8g", d)
}

// ordinal returns 1st, 2nd, 3rd, 4th, ...
func ordinal(n int) string {
	suffix := "th"
	switch {
	case n%100 >= 11 && n%100 <= 13:
	case n%10 == 1:
		suffix = "st"
	case n%10 == 2:
		suffix = "nd"
	case n%10 == 3:
		suffix = "rd"
	}
	return fmt.Sprintf("%d%s", n, suffix)
}

// duplicates names the first entity returned twice, or returns "".
func duplicates(hits []onlinestore.SearchHit) string {
	seen := map[string]bool{}
	for _, h := range hits {
		k := h.EntityKey.String()
		if seen[k] {
			return k
		}
		seen[k] = true
	}
	return ""
}

// preferredMetric is L2 when the store advertises it, else its first metric.
func preferredMetric(s *session) types.DistanceMetric {
	if slices.Contains(s.onCaps.Vector.Metrics, types.MetricL2) {
		return types.MetricL2
	}
	return s.onCaps.Vector.Metrics[0]
}

// searchDocs runs one SearchVectors call over the view named view of
// project, asking for the title.
func (e *env) searchDocs(project, view string, m types.DistanceMetric, q []float32, k int, f *onlinestore.Filter) ([]onlinestore.SearchHit, error) {
	resp, err := e.vector().SearchVectors(e.ctx(), &onlinestore.SearchVectorsRequest{Project: project,
		FeatureView: view, VectorField: "embedding", QueryVector: q, TopK: k, Metric: m, Filter: f,
		Features: []string{"title"}})
	if err != nil {
		return nil, err
	}
	return resp.Hits, nil
}

// fmtFilter renders a filter in the CLI's expression syntax, for messages.
func fmtFilter(f *onlinestore.Filter) string {
	if f == nil {
		return "(none)"
	}
	if f.And || f.Or {
		op := " and "
		if f.Or {
			op = " or "
		}
		parts := make([]string, len(f.Children))
		for i, c := range f.Children {
			parts[i] = fmtFilter(c)
		}
		return "(" + strings.Join(parts, op) + ")"
	}
	lit := func(v types.Value) string {
		switch {
		case v.IsNull():
			return "null"
		case v.Type() == types.String:
			return fmt.Sprintf("%q", v.Str())
		}
		return fmt.Sprintf("%v (%s)", v.Interface(), v.Type())
	}
	switch f.Op {
	case onlinestore.OpIn, onlinestore.OpNin:
		parts := make([]string, len(f.Values))
		for i, v := range f.Values {
			parts[i] = lit(v)
		}
		word := "in"
		if f.Op == onlinestore.OpNin {
			word = "not in"
		}
		return fmt.Sprintf("%s %s [%s]", f.Field, word, strings.Join(parts, ", "))
	}
	ops := map[onlinestore.FilterOp]string{onlinestore.OpEq: "==", onlinestore.OpNe: "!=", onlinestore.OpGt: ">",
		onlinestore.OpGte: ">=", onlinestore.OpLt: "<", onlinestore.OpLte: "<="}
	return fmt.Sprintf("%s %s %s", f.Field, ops[f.Op], lit(f.Value))
}
