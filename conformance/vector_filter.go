package conformance

import (
	"math/rand/v2"

	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/types"
)

// filterRows is the size of the filter fixture; every search asks for all.
const filterRows = 60

// filterCase is one filter and the predicate it must match.
type filterCase struct {
	op     string
	filter *onlinestore.Filter
	keep   func(id int64) bool
}

func cmpFilter(fieldName string, op onlinestore.FilterOp, v types.Value) *onlinestore.Filter {
	return &onlinestore.Filter{Field: fieldName, Op: op, Value: v}
}

// filterTable lists one filter per operator and compound.
func filterTable() []filterCase {
	str, num := types.StringValue, types.Int64Value
	cat := func(id int64) string { return docCategory(int(id)) }
	return []filterCase{
		{"eq", cmpFilter("category", onlinestore.OpEq, str("b")), func(id int64) bool { return cat(id) == "b" }},
		{"ne", cmpFilter("category", onlinestore.OpNe, str("b")), func(id int64) bool { return cat(id) != "b" }},
		{"gt", cmpFilter("price", onlinestore.OpGt, num(40)), func(id int64) bool { return id > 40 }},
		{"gte", cmpFilter("price", onlinestore.OpGte, num(40)), func(id int64) bool { return id >= 40 }},
		{"lt", cmpFilter("price", onlinestore.OpLt, num(10)), func(id int64) bool { return id < 10 }},
		{"lte", cmpFilter("price", onlinestore.OpLte, num(10)), func(id int64) bool { return id <= 10 }},
		{"in", &onlinestore.Filter{Field: "category", Op: onlinestore.OpIn, Values: []types.Value{str("a"), str("c")}},
			func(id int64) bool { return cat(id) != "b" }},
		{"nin", &onlinestore.Filter{Field: "price", Op: onlinestore.OpNin, Values: []types.Value{num(1), num(2), num(3), num(50)}},
			func(id int64) bool { return id != 1 && id != 2 && id != 3 && id != 50 }},
		{"and", &onlinestore.Filter{And: true, Children: []*onlinestore.Filter{
			cmpFilter("category", onlinestore.OpEq, str("a")), cmpFilter("price", onlinestore.OpGte, num(30))}},
			func(id int64) bool { return cat(id) == "a" && id >= 30 }},
		{"or", &onlinestore.Filter{Or: true, Children: []*onlinestore.Filter{
			cmpFilter("category", onlinestore.OpEq, str("c")), cmpFilter("price", onlinestore.OpLt, num(5))}},
			func(id int64) bool { return cat(id) == "c" || id < 5 }},
	}
}

// filterCases check each filter operator against a Go predicate.
func filterCases() []testCase {
	var out []testCase
	for _, fc := range filterTable() {
		out = append(out, testCase{
			name:  "OnlineStore/SearchVectors/should apply the " + fc.op + " filter",
			needs: []capability{capVectorSearch, capVectorFilters, capAnyMetric, capExactIndex},
			run:   func(e *env) { checkFilter(e, fc) },
		})
	}
	return out
}

func checkFilter(e *env, fc filterCase) {
	m := e.s.onCaps.Vector.Metrics[0]
	rng := rand.New(rand.NewPCG(7, uint64(len(fc.op))))
	docs := writeDocs(e, m, filterRows, rng)
	q := randomVector(rng)
	hits, err := search(e, m, q, filterRows, fc.filter)
	e.must(err, "SearchVectors with the "+fc.op+" filter")
	e.expectSearch(searchWant{label: "filter " + fmtFilter(fc.filter), metric: m, q: q, rows: docRows(docs), k: filterRows,
		skip: func(r vrow) string {
			if fc.keep(r.id) {
				return ""
			}
			return "it does not match the filter " + fmtFilter(fc.filter)
		}, note: "they match the filter"}, hits)
}
