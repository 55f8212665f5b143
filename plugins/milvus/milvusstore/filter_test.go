package milvusstore

import (
	"math"
	"testing"

	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/types"
)

// TestIntegerFieldsWithFloatOperands: Milvus refuses a float literal
// compared with an integer field ("cannot cast value to Int64"), so the
// plugin compares with the equivalent integer bound, or drops values no
// integer equals.
func TestIntegerFieldsWithFloatOperands(t *testing.T) {
	spec := types.FeatureViewSpec{Name: "items", JoinKeys: []types.Field{{Name: "id", Type: types.Int64}},
		Features: []types.Field{{Name: "price", Type: types.Int64}, {Name: "small", Type: types.Int32},
			{Name: "embedding", Type: types.Float32List, Vector: &types.VectorSpec{Dimension: 2, Metric: types.MetricL2}}}}
	v, err := newView(spec, "c")
	if err != nil {
		t.Fatal(err)
	}
	cmp := func(field string, op onlinestore.FilterOp, x float64) *onlinestore.Filter {
		return &onlinestore.Filter{Field: field, Op: op, Value: types.Float64Value(x)}
	}
	in := func(field string, op onlinestore.FilterOp, vals ...types.Value) *onlinestore.Filter {
		return &onlinestore.Filter{Field: field, Op: op, Values: vals}
	}
	for _, tc := range []struct {
		f    *onlinestore.Filter
		want string
	}{
		{cmp("price", onlinestore.OpGt, 40.5), "(n_price == false and f_price >= 41)"},
		{cmp("price", onlinestore.OpGt, 40), "(n_price == false and f_price >= 41)"},
		{cmp("price", onlinestore.OpGte, 40.5), "(n_price == false and f_price >= 41)"},
		{cmp("price", onlinestore.OpGte, -40.5), "(n_price == false and f_price >= -40)"},
		{cmp("price", onlinestore.OpLt, 10.5), "(n_price == false and f_price <= 10)"},
		{cmp("price", onlinestore.OpLt, 10), "(n_price == false and f_price <= 9)"},
		{cmp("price", onlinestore.OpLte, 9.99), "(n_price == false and f_price <= 9)"},
		{cmp("id", onlinestore.OpGt, 40.5), "(f_id >= 41)"},
		{cmp("price", onlinestore.OpGt, 1e300), exprFalse},
		{cmp("price", onlinestore.OpLt, 1e300), "(n_price == false and " + exprTrue + ")"},
		{cmp("price", onlinestore.OpLte, math.Inf(-1)), exprFalse},
		{cmp("small", onlinestore.OpGte, 3e9), exprFalse},
		{cmp("small", onlinestore.OpLte, 3e9), "(n_small == false and " + exprTrue + ")"},
		{cmp("price", onlinestore.OpEq, 40), "((n_price == false and f_price in [40]))"},
		{cmp("price", onlinestore.OpEq, 40.5), exprFalse},
		{cmp("price", onlinestore.OpNe, 40.5), "(not " + exprFalse + ")"},
		{in("price", onlinestore.OpIn, types.Float64Value(3), types.Float64Value(4.5), types.Int64Value(5)), "((n_price == false and f_price in [3, 5]))"},
		{in("price", onlinestore.OpNin, types.Float64Value(4.5), types.Null()), "(not ((n_price == true)))"},
		{in("price", onlinestore.OpIn, types.Float64Value(1e19)), exprFalse},
	} {
		got, err := v.expr(tc.f)
		if err != nil {
			t.Errorf("%+v: %v", tc.f, err)
			continue
		}
		if got != tc.want {
			t.Errorf("%s %s %v: %s, want %s", tc.f.Field, tc.f.Op, tc.f.Value.Interface(), got, tc.want)
		}
	}
	if _, err := v.expr(cmp("price", onlinestore.OpGt, math.NaN())); err == nil {
		t.Error("price > NaN: no error, want InvalidArgument")
	}
}

// TestSearchSkipsNullVectors: null vectors are stored as zeros, so every
// search is restricted to rows whose vector is not null.
func TestSearchSkipsNullVectors(t *testing.T) {
	v, err := newView(types.FeatureViewSpec{Name: "docs", JoinKeys: []types.Field{{Name: "id", Type: types.Int64}},
		Features: []types.Field{{Name: "emb", Type: types.Float32List, Vector: &types.VectorSpec{Dimension: 2, Metric: types.MetricL2}}}}, "c")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := v.searchable(""), "(n_emb == false)"; got != want {
		t.Errorf("no filter: %s, want %s", got, want)
	}
	if got, want := v.searchable("(f_id > 3)"), "((n_emb == false) and (f_id > 3))"; got != want {
		t.Errorf("a filter: %s, want %s", got, want)
	}
}
