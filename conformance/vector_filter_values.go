package conformance

import (
	"cmp"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/storeerr"
	"github.com/quiverfs/quiver/sdk/types"
)

// The filter semantics the sdk defines (onlinestore.Filter): a null field
// matches no comparison but ne and nin; eq and ne with a null operand test
// for null; numbers compare by value whatever their types; join keys are
// fields like features. These cases check each rule on a fixture with
// nulls, an int64 and a float64 feature.

// itemRows is the size of the items fixture; every search asks for all.
const itemRows = 60

// itemsView is the filter fixture: a nullable category, price (int64) and
// rating (float64), and an embedding.
func itemsView(m types.DistanceMetric) types.FeatureViewSpec {
	return viewSpec("items", field("title", types.String), field("category", types.String), field("price", types.Int64),
		field("rating", types.Float64), types.Field{Name: "embedding", Type: types.Float32List,
			Vector: &types.VectorSpec{Dimension: vecDim, Metric: m, IndexType: "FLAT"}})
}

// itemRow is row i of the items fixture: category a/b/c (null when i%5 == 4),
// price i (null when i%7 == 3), rating i/4 (null when i%6 == 1).
func itemRow(i int, vec []float32) vrow {
	vals := map[string]types.Value{}
	if i%5 != 4 {
		vals["category"] = types.StringValue(docCategory(i))
	}
	if i%7 != 3 {
		vals["price"] = types.Int64Value(int64(i))
	}
	if i%6 != 1 {
		vals["rating"] = types.Float64Value(float64(i) / 4)
	}
	return vrow{id: int64(i), vec: vec, title: fmt.Sprintf("item-%d", i), event: at(i), vals: vals}
}

func filterValueCases() []testCase {
	exact := []capability{capVectorSearch, capVectorFilters, capAnyMetric, capExactIndex}
	return []testCase{
		{name: "OnlineStore/SearchVectors/should match a null field only with ne, nin and a null operand",
			needs: exact, run: func(e *env) { checkFilterGroup(e, nullFilters(), nullNote) }},
		{name: "OnlineStore/SearchVectors/should compare numbers of different types by value",
			needs: exact, run: func(e *env) { checkFilterGroup(e, mixedNumberFilters(), mixedNote) }},
		{name: "OnlineStore/SearchVectors/should filter on join keys",
			needs: exact, run: func(e *env) { checkFilterGroup(e, joinKeyFilters(), joinKeyNote) }},
		{name: "OnlineStore/SearchVectors/should reject an order comparison with null as InvalidArgument",
			needs: []capability{capVectorSearch, capVectorFilters, capAnyMetric}, run: checkOrderWithNull},
	}
}

const (
	nullNote = "a null field matches no comparison but ne and nin, the negations of eq and in; " +
		"== null and != null test for null, and null in an in or not in list matches a null field (sdk onlinestore.Filter)"
	mixedNote = "numbers compare by value whatever their types: price > 40.5 on an int64 field matches 41, " +
		"price == 40.0 matches 40; the host sends an int field's fractional operands as float64"
	joinKeyNote = "a filter may name a join key, and it compares like a feature of the join key's type"
)

func filterIn(fieldName string, nin bool, vals ...types.Value) *onlinestore.Filter {
	op := onlinestore.OpIn
	if nin {
		op = onlinestore.OpNin
	}
	return &onlinestore.Filter{Field: fieldName, Op: op, Values: vals}
}

func filterAnd(c ...*onlinestore.Filter) *onlinestore.Filter {
	return &onlinestore.Filter{And: true, Children: c}
}

func filterOr(c ...*onlinestore.Filter) *onlinestore.Filter {
	return &onlinestore.Filter{Or: true, Children: c}
}

func nullFilters() []*onlinestore.Filter {
	str, i64, f64, null := types.StringValue, types.Int64Value, types.Float64Value, types.Null()
	return []*onlinestore.Filter{
		cmpFilter("category", onlinestore.OpNe, str("b")),
		filterIn("category", true, str("a"), str("c")),
		cmpFilter("category", onlinestore.OpEq, str("b")),
		filterIn("category", false, str("a"), str("b")),
		cmpFilter("price", onlinestore.OpGt, i64(40)),
		cmpFilter("price", onlinestore.OpLte, i64(10)),
		cmpFilter("rating", onlinestore.OpGte, f64(5)),
		cmpFilter("category", onlinestore.OpEq, null),
		cmpFilter("category", onlinestore.OpNe, null),
		filterIn("category", false, str("a"), null),
		filterIn("price", true, i64(1), i64(2), null),
		filterAnd(cmpFilter("category", onlinestore.OpNe, str("a")), cmpFilter("price", onlinestore.OpNe, i64(20))),
		filterOr(cmpFilter("category", onlinestore.OpEq, null), cmpFilter("rating", onlinestore.OpEq, null)),
	}
}

func mixedNumberFilters() []*onlinestore.Filter {
	i64, f64 := types.Int64Value, types.Float64Value
	return []*onlinestore.Filter{
		cmpFilter("price", onlinestore.OpGt, f64(40.5)),
		cmpFilter("price", onlinestore.OpGte, f64(40.5)),
		cmpFilter("price", onlinestore.OpLt, f64(10.5)),
		cmpFilter("price", onlinestore.OpLte, f64(9.99)),
		cmpFilter("price", onlinestore.OpEq, f64(40)),
		cmpFilter("price", onlinestore.OpEq, f64(40.5)),
		cmpFilter("price", onlinestore.OpNe, f64(40.5)),
		filterIn("price", false, f64(3), f64(4.5), i64(5)),
		cmpFilter("rating", onlinestore.OpGt, i64(10)),
		cmpFilter("rating", onlinestore.OpEq, i64(5)),
		filterIn("rating", true, i64(2), f64(2.25)),
	}
}

func joinKeyFilters() []*onlinestore.Filter {
	str, i64, f64 := types.StringValue, types.Int64Value, types.Float64Value
	return []*onlinestore.Filter{
		cmpFilter("driver_id", onlinestore.OpEq, i64(7)),
		filterIn("driver_id", false, i64(3), i64(5), i64(7), i64(100)),
		cmpFilter("driver_id", onlinestore.OpGte, i64(50)),
		cmpFilter("driver_id", onlinestore.OpNe, i64(4)),
		filterIn("driver_id", true, i64(0), i64(1), i64(2)),
		cmpFilter("driver_id", onlinestore.OpGt, f64(40.5)),
		filterAnd(cmpFilter("driver_id", onlinestore.OpLt, i64(20)), cmpFilter("category", onlinestore.OpEq, str("a"))),
	}
}

// itemsFixture applies itemsView and writes its rows.
func itemsFixture(e *env) (types.DistanceMetric, []vrow, *rand.Rand) {
	m := preferredMetric(e.s)
	v := itemsView(m)
	e.apply(v)
	rng := rand.New(rand.NewPCG(21, 12))
	rows := make([]vrow, itemRows)
	for i := range rows {
		rows[i] = itemRow(i, randomVector(rng))
	}
	e.writeVRows(e.project, v, rows...)
	return m, rows, rng
}

// checkFilterGroup runs each filter over the items fixture, asking for every row.
func checkFilterGroup(e *env, filters []*onlinestore.Filter, note string) {
	m, rows, rng := itemsFixture(e)
	q := randomVector(rng)
	for _, f := range filters {
		hits, err := e.searchDocs(e.project, "items", m, q, itemRows, f)
		if err != nil {
			e.Errorf("SearchVectors with the filter %s: %v (%s)", fmtFilter(f), err, note)
			continue
		}
		e.expectSearch(searchWant{label: "filter " + fmtFilter(f), metric: m, q: q, rows: rows, k: itemRows,
			skip: filterSkip(f), note: "they match the filter: " + note}, hits)
	}
}

func checkOrderWithNull(e *env) {
	m, _, rng := itemsFixture(e)
	str, null := types.StringValue, types.Null()
	for _, f := range []*onlinestore.Filter{
		cmpFilter("price", onlinestore.OpGt, null),
		cmpFilter("rating", onlinestore.OpLte, null),
		filterOr(cmpFilter("category", onlinestore.OpEq, str("a")), cmpFilter("price", onlinestore.OpLt, null)),
	} {
		hits, err := e.searchDocs(e.project, "items", m, randomVector(rng), itemRows, f)
		switch {
		case err == nil:
			e.Errorf("SearchVectors with the filter %s returned %d hits and no error, want InvalidArgument: an order comparison needs a value, and null has no order (sdk onlinestore.Filter)",
				fmtFilter(f), len(hits))
		case !errors.Is(err, storeerr.ErrInvalidArgument):
			e.Errorf("SearchVectors with the filter %s returned %q of kind %s, want %s", fmtFilter(f), err, storeerr.As(err).Kind, storeerr.KindInvalidArgument)
		}
	}
}

// filterSkip returns the skip function of searchWant for a filter.
func filterSkip(f *onlinestore.Filter) func(vrow) string {
	return func(r vrow) string {
		if evalFilter(f, r) {
			return ""
		}
		var parts []string
		for _, name := range filterFields(f, nil) {
			parts = append(parts, fmt.Sprintf("%s is %s", name, fmtValue(rowField(r, name))))
		}
		return fmt.Sprintf("it does not match the filter %s (its %s)", fmtFilter(f), strings.Join(parts, ", "))
	}
}

// filterFields lists the fields a filter names, each once.
func filterFields(f *onlinestore.Filter, acc []string) []string {
	if f.And || f.Or {
		for _, c := range f.Children {
			acc = filterFields(c, acc)
		}
		return acc
	}
	if !slices.Contains(acc, f.Field) {
		acc = append(acc, f.Field)
	}
	return acc
}

func fmtValue(v types.Value) string {
	switch {
	case v.IsNull():
		return "null"
	case v.Type() == types.String:
		return fmt.Sprintf("%q", v.Str())
	}
	return fmt.Sprint(v.Interface())
}

// rowField returns a row's value of a join key or feature.
func rowField(r vrow, name string) types.Value {
	if name == "driver_id" {
		return types.Int64Value(r.id)
	}
	return r.vals[name]
}

// evalFilter is the oracle of the sdk's filter semantics.
func evalFilter(f *onlinestore.Filter, r vrow) bool {
	switch {
	case f == nil:
		return true
	case f.And:
		return !slices.ContainsFunc(f.Children, func(c *onlinestore.Filter) bool { return !evalFilter(c, r) })
	case f.Or:
		return slices.ContainsFunc(f.Children, func(c *onlinestore.Filter) bool { return evalFilter(c, r) })
	}
	val := rowField(r, f.Field)
	switch f.Op {
	case onlinestore.OpEq, onlinestore.OpNe, onlinestore.OpIn, onlinestore.OpNin:
		set := f.Values
		if f.Op == onlinestore.OpEq || f.Op == onlinestore.OpNe {
			set = []types.Value{f.Value}
		}
		found := slices.ContainsFunc(set, func(w types.Value) bool {
			if w.IsNull() || val.IsNull() {
				return w.IsNull() && val.IsNull()
			}
			c, ok := oracleCompare(val, w)
			return ok && c == 0
		})
		return found == (f.Op == onlinestore.OpEq || f.Op == onlinestore.OpIn)
	}
	if val.IsNull() || f.Value.IsNull() {
		return false
	}
	c, ok := oracleCompare(val, f.Value)
	switch f.Op {
	case onlinestore.OpGt:
		return ok && c > 0
	case onlinestore.OpGte:
		return ok && c >= 0
	case onlinestore.OpLt:
		return ok && c < 0
	}
	return ok && c <= 0
}

// oracleCompare orders two non-null scalars: integers exactly, other
// numbers as float64, strings bytewise.
func oracleCompare(a, b types.Value) (int, bool) {
	ai, aInt := oracleInt(a)
	bi, bInt := oracleInt(b)
	if aInt && bInt {
		return cmp.Compare(ai, bi), true
	}
	af, aNum := oracleFloat(a)
	bf, bNum := oracleFloat(b)
	if aNum && bNum {
		return cmp.Compare(af, bf), true
	}
	if a.Type() == types.String && b.Type() == types.String {
		return strings.Compare(a.Str(), b.Str()), true
	}
	return 0, false
}

func oracleInt(v types.Value) (int64, bool) {
	switch v.Type() {
	case types.Int32:
		return int64(v.Int32()), true
	case types.Int64:
		return v.Int64(), true
	}
	return 0, false
}

func oracleFloat(v types.Value) (float64, bool) {
	if i, ok := oracleInt(v); ok {
		return float64(i), true
	}
	switch v.Type() {
	case types.Float32:
		return float64(v.Float32()), true
	case types.Float64:
		return v.Float64(), true
	}
	return 0, false
}
