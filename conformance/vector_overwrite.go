package conformance

import (
	"errors"
	"fmt"
	"math/rand/v2"

	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/storeerr"
	"github.com/quiverfs/quiver/sdk/types"
)

// overwriteRows is the size of the overwrite fixture; searches that must
// see every row ask for all of them.
const overwriteRows = 30

// vectorOverwriteCases check that a search sees each row's newest write:
// a new vector, a null vector, an older write that loses, new values a
// filter reads, and a deleted view.
func vectorOverwriteCases() []testCase {
	exact := []capability{capVectorSearch, capAnyMetric, capExactIndex}
	return []testCase{
		{name: "OnlineStore/SearchVectors/should find an overwritten row at its new vector, not its old one",
			needs: exact, run: checkOverwrittenVector},
		{name: "OnlineStore/SearchVectors/should not return a row whose vector was overwritten with null",
			needs: exact, run: checkNulledVector},
		{name: "OnlineStore/SearchVectors/should keep a row's newer vector when an older write arrives",
			needs: exact, run: checkOlderVectorIgnored},
		{name: "OnlineStore/SearchVectors/should filter on a row's newest values after an overwrite",
			needs: append(exact, capVectorFilters), run: checkOverwrittenFilterValues},
		{name: "OnlineStore/SearchVectors/should find nothing in a view ApplyInfra deleted",
			needs: []capability{capVectorSearch, capAnyMetric}, run: checkSearchDeletedView},
	}
}

// writeVRows writes rows of a vector view: title, embedding and the
// row's vals by feature name (absent: null); created equals event.
func (e *env) writeVRows(project string, v types.FeatureViewSpec, rows ...vrow) {
	e.Helper()
	out := make([]onlinestore.WriteRow, len(rows))
	for i, r := range rows {
		vals := make([]types.Value, len(v.Features))
		for j, f := range v.Features {
			switch {
			case f.Name == "title":
				vals[j] = types.StringValue(r.title)
			case f.Vector != nil && r.vec != nil:
				vals[j] = types.Float32ListValue(r.vec)
			case f.Vector != nil:
				vals[j] = types.Null()
			default:
				vals[j] = r.vals[f.Name]
			}
		}
		out[i] = wrow(driverKey(r.id), r.event, r.event, vals...)
	}
	e.writeIn(project, v.Name, fieldNames(v), out...)
}

// overwriteFixture applies docsView(m) and writes overwriteRows documents.
func overwriteFixture(e *env, seed uint64) (types.DistanceMetric, []vrow, *rand.Rand) {
	m := preferredMetric(e.s)
	rng := rand.New(rand.NewPCG(seed, 77))
	return m, docRows(writeDocs(e, m, overwriteRows, rng)), rng
}

// negated returns -v: the farthest vector from v by L2, cosine and inner product.
func negated(v []float32) []float32 {
	out := make([]float32, len(v))
	for i, x := range v {
		out[i] = -x
	}
	return out
}

func checkOverwrittenVector(e *env) {
	m, rows, rng := overwriteFixture(e, 1)
	const target = 7
	old := rows[target].vec
	hits, err := search(e, m, old, 5, nil)
	e.must(err, "SearchVectors before the overwrite")
	e.expectSearch(searchWant{label: "before the overwrite, query = row 7's vector", metric: m, q: old, rows: rows, k: 5}, hits)

	rows[target].vec, rows[target].title, rows[target].event = negated(old), "doc-7 v2", at(1000)
	e.writeVRows(e.project, docsView(m), rows[target])
	stale := searchWant{metric: m, rows: rows, alt: map[int64][]float32{target: old},
		altWhy: "that is the distance to the row's old vector: a newer write replaced it, and the index must too"}
	for _, s := range []struct {
		label string
		q     []float32
		k     int
	}{
		{"after the overwrite, query = row 7's old vector, top 5", old, 5},
		{fmt.Sprintf("after the overwrite, query = row 7's old vector, all %d rows", overwriteRows), old, overwriteRows},
		{"after the overwrite, query = row 7's new vector, top 3", rows[target].vec, 3},
		{"after the overwrite, a random query, top 10", randomVector(rng), 10},
	} {
		hits, err := search(e, m, s.q, s.k, nil)
		e.must(err, "SearchVectors "+s.label)
		w := stale
		w.label, w.q, w.k = s.label, s.q, s.k
		e.expectSearch(w, hits)
	}
}

func checkNulledVector(e *env) {
	m, rows, _ := overwriteFixture(e, 2)
	old := map[int64][]float32{}
	for _, id := range []int64{7, 12} {
		old[id] = rows[id].vec
		rows[id].vec, rows[id].title, rows[id].event = nil, fmt.Sprintf("doc-%d without vector", id), at(1000)
	}
	e.writeVRows(e.project, docsView(m), rows[7], rows[12])
	for _, s := range []struct {
		label string
		q     []float32
		k     int
	}{
		{"query = row 7's old vector, top 3", old[7], 3},
		{fmt.Sprintf("query = row 12's old vector, all %d rows", overwriteRows), old[12], overwriteRows},
		{fmt.Sprintf("query = zeros + 0.01, all %d rows", overwriteRows), constVector(0.01), overwriteRows},
	} {
		hits, err := search(e, m, s.q, s.k, nil)
		e.must(err, "SearchVectors "+s.label)
		e.expectSearch(searchWant{label: "after rows 7 and 12 got a null vector, " + s.label, metric: m, q: s.q, rows: rows, k: s.k}, hits)
	}
}

// constVector returns a vector of vecDim copies of x.
func constVector(x float32) []float32 {
	v := make([]float32, vecDim)
	for i := range v {
		v[i] = x
	}
	return v
}

func checkOlderVectorIgnored(e *env) {
	m, rows, rng := overwriteFixture(e, 3)
	v := docsView(m)
	// Row 7 gets an older write whose vector is the query: it must lose.
	q := randomVector(rng)
	older := rows[7]
	older.vec, older.title, older.event = q, "doc-7 older", at(-100)
	e.writeVRows(e.project, v, older)
	// Row 9 gets a newer and an older write in one batch, newer first.
	newer, stale := rows[9], rows[9]
	newer.vec, newer.title, newer.event = randomVector(rng), "doc-9 newer", at(500)
	stale.vec, stale.title, stale.event = q, "doc-9 older", at(400)
	e.writeVRows(e.project, v, newer, stale)
	rows[9] = newer
	w := searchWant{metric: m, q: q, rows: rows, alt: map[int64][]float32{7: q, 9: q},
		altWhy: "that is the distance to the vector of a write that lost to a newer one: the index must take only the rows the store keeps"}
	for _, k := range []int{3, overwriteRows} {
		hits, err := search(e, m, q, k, nil)
		e.must(err, "SearchVectors after the older writes")
		w.label, w.k = fmt.Sprintf("after older writes of rows 7 and 9 carrying the query vector, top %d", k), k
		e.expectSearch(w, hits)
	}
}

func checkOverwrittenFilterValues(e *env) {
	m, rows, rng := overwriteFixture(e, 4)
	// Row 7 moves from category b to a and from price 7 to 1000; row 8 keeps
	// its category but gets a newer vector.
	rows[7].title, rows[7].event = "doc-7 v2", at(1000)
	rows[7].vals = map[string]types.Value{"category": types.StringValue("a"), "price": types.Int64Value(1000)}
	rows[8].vec, rows[8].title, rows[8].event = randomVector(rng), "doc-8 v2", at(1000)
	e.writeVRows(e.project, docsView(m), rows[7], rows[8])
	q := rows[7].vec
	for _, f := range []*onlinestore.Filter{
		cmpFilter("category", onlinestore.OpEq, types.StringValue("b")),
		cmpFilter("category", onlinestore.OpEq, types.StringValue("a")),
		cmpFilter("price", onlinestore.OpGt, types.Int64Value(500)),
		cmpFilter("price", onlinestore.OpLt, types.Int64Value(10)),
	} {
		hits, err := search(e, m, q, overwriteRows, f)
		e.must(err, "SearchVectors with the filter "+fmtFilter(f))
		e.expectSearch(searchWant{label: "after an overwrite of row 7's category and price, filter " + fmtFilter(f),
			metric: m, q: q, rows: rows, k: overwriteRows, skip: filterSkip(f),
			note: "they match the filter by their newest values: an overwrite must update the values a filter reads"}, hits)
	}
}

func checkSearchDeletedView(e *env) {
	m, _, rng := overwriteFixture(e, 5)
	_, err := e.online().ApplyInfra(e.ctx(), &onlinestore.ApplyInfraRequest{Project: e.project,
		ViewsToDelete: []types.FeatureViewSpec{docsView(m)}, EntitiesToKeep: []types.EntitySpec{driverEntity}})
	e.must(err, "ApplyInfra deleting the docs view")
	hits, err := search(e, m, randomVector(rng), vecTopK, nil)
	switch {
	case err == nil && len(hits) > 0:
		e.Errorf("SearchVectors on a deleted view returned %d hits, want none (or NotFound): ApplyInfra must remove a deleted view's vectors, not only its rows", len(hits))
	case err != nil && !errors.Is(err, storeerr.ErrNotFound):
		e.Errorf("SearchVectors on a deleted view returned %q of kind %s, want NotFound (the view is not applied) or no hits",
			err, storeerr.As(err).Kind)
	}
}
