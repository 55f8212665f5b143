package onlinestore

import (
	"errors"
	"testing"

	"github.com/quiverfs/quiver/sdk/storeerr"
	"github.com/quiverfs/quiver/sdk/types"
)

func TestMatchFilterFollowsTheNullAndNumberRules(t *testing.T) {
	row := map[string]types.Value{"price": types.Int64Value(41), "cat": types.Null(), "name": types.StringValue("b")}
	lookup := func(f string) (types.Value, bool) { v, ok := row[f]; return v, ok }
	leaf := func(f string, op FilterOp, v types.Value) *Filter { return &Filter{Field: f, Op: op, Value: v} }
	for _, tc := range []struct {
		f    *Filter
		want bool
	}{
		{nil, true},
		{leaf("price", OpGt, types.Float64Value(40.5)), true},
		{leaf("price", OpEq, types.Float64Value(41.0)), true},
		{leaf("price", OpLt, types.Int32Value(41)), false},
		{leaf("cat", OpEq, types.StringValue("a")), false},
		{leaf("cat", OpNe, types.StringValue("a")), true},
		{leaf("cat", OpEq, types.Null()), true},
		{leaf("name", OpNe, types.Null()), true},
		{leaf("missing", OpGt, types.Int64Value(1)), false},
		{&Filter{Field: "cat", Op: OpIn, Values: []types.Value{types.StringValue("a"), types.Null()}}, true},
		{&Filter{Field: "name", Op: OpNin, Values: []types.Value{types.StringValue("a")}}, true},
		{&Filter{Or: true, Children: []*Filter{leaf("cat", OpEq, types.StringValue("x")), leaf("price", OpGte, types.Int64Value(41))}}, true},
		{&Filter{And: true, Children: []*Filter{leaf("name", OpEq, types.StringValue("b")), leaf("price", OpLte, types.Int64Value(40))}}, false},
	} {
		got, err := MatchFilter(tc.f, lookup)
		if err != nil || got != tc.want {
			t.Errorf("%+v: %v, %v; want %v", tc.f, got, err, tc.want)
		}
	}
	if _, err := MatchFilter(leaf("name", OpGt, types.Int64Value(1)), lookup); !errors.Is(err, storeerr.ErrInvalidArgument) {
		t.Errorf("string vs number: %v, want InvalidArgument", err)
	}
	spec := types.FeatureViewSpec{Name: "v", JoinKeys: []types.Field{{Name: "id", Type: types.Int64}},
		Features: []types.Field{{Name: "e", Type: types.Float32List, Vector: &types.VectorSpec{Dimension: 2}}}}
	for _, f := range []*Filter{leaf("e", OpEq, types.Null()), leaf("nope", OpEq, types.Null()), leaf("id", OpGt, types.Null()),
		{Field: "id", Op: 99}, {And: true, Or: true}} {
		if err := CheckFilter(spec, f); !errors.Is(err, storeerr.ErrInvalidArgument) {
			t.Errorf("CheckFilter(%+v) = %v, want InvalidArgument", f, err)
		}
	}
	if err := CheckFilter(spec, leaf("id", OpEq, types.Int64Value(1))); err != nil {
		t.Errorf("CheckFilter on a join key: %v", err)
	}
}
