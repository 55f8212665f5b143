package cassandrastore

import (
	"errors"
	"strings"
	"testing"

	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/storeerr"
	"github.com/quiverfs/quiver/sdk/types"
)

func saiTable() *tableInfo {
	return &tableInfo{view: "docs", joinKeys: []types.Field{{Name: "id", Type: types.Int64}}, features: map[string]featureInfo{
		"n":   {field: types.Field{Name: "n", Type: types.Int32}},
		"x":   {field: types.Field{Name: "x", Type: types.Float32}},
		"cat": {field: types.Field{Name: "cat", Type: types.String}},
		"b":   {field: types.Field{Name: "b", Type: types.Bytes}},
	}}
}

func cmpf(field string, op onlinestore.FilterOp, v types.Value) *onlinestore.Filter {
	return &onlinestore.Filter{Field: field, Op: op, Value: v}
}

// TestSAIWhereConvertsBoundsToTheColumnType checks that inexact operands
// move to the nearest bound that keeps the filter's answer.
func TestSAIWhereConvertsBoundsToTheColumnType(t *testing.T) {
	for _, tc := range []struct {
		f     *onlinestore.Filter
		where string
		arg   types.Value
		empty bool
	}{
		{cmpf("n", onlinestore.OpGt, types.Float64Value(40.5)), `"n" >= ?`, types.Int32Value(41), false},
		{cmpf("n", onlinestore.OpGte, types.Float64Value(40.5)), `"n" >= ?`, types.Int32Value(41), false},
		{cmpf("n", onlinestore.OpLt, types.Float64Value(40.5)), `"n" <= ?`, types.Int32Value(40), false},
		{cmpf("n", onlinestore.OpLte, types.Float64Value(-40.5)), `"n" <= ?`, types.Int32Value(-41), false},
		{cmpf("n", onlinestore.OpGt, types.Int64Value(40)), `"n" > ?`, types.Int32Value(40), false},
		{cmpf("n", onlinestore.OpEq, types.Float64Value(40.5)), "", types.Null(), true},
		{cmpf("n", onlinestore.OpGt, types.Int64Value(1<<40)), "", types.Null(), true},
		{cmpf("n", onlinestore.OpLt, types.Int64Value(1<<40)), `"n" <= ?`, types.Int32Value(1<<31 - 1), false},
		{cmpf("id", onlinestore.OpGte, types.Float64Value(1e300)), "", types.Null(), true},
		{cmpf("id", onlinestore.OpLt, types.Float64Value(1e300)), `"id" <= ?`, types.Int64Value(1<<63 - 1), false},
		{cmpf("x", onlinestore.OpGt, types.Float64Value(0.1)), `"x" >= ?`, types.Float32Value(0.1), false},
		{cmpf("x", onlinestore.OpEq, types.Float64Value(0.5)), `"x" = ?`, types.Float32Value(0.5), false},
	} {
		where, args, empty, err := saiWhere(saiTable(), tc.f)
		if err != nil || where != tc.where || empty != tc.empty {
			t.Errorf("%s %s %s: %q %v %v, want %q empty=%v", tc.f.Field, tc.f.Op, tc.f.Value, where, empty, err, tc.where, tc.empty)
			continue
		}
		if len(args) == 1 && !args[0].(cqlArg).v.Equal(tc.arg) {
			t.Errorf("%s %s %s: operand %s, want %s", tc.f.Field, tc.f.Op, tc.f.Value, args[0].(cqlArg).v, tc.arg)
		}
	}
	// float32(0.1) rounds up above 0.1: the bound stays, and x > 0.1 keeps it.
	if float64(float32(0.1)) <= 0.1 {
		t.Fatal("float32(0.1) should round above 0.1")
	}
}

func TestSAIWhereRefusesWhatSAICannotDo(t *testing.T) {
	for _, f := range []*onlinestore.Filter{
		cmpf("cat", onlinestore.OpNe, types.StringValue("a")),
		{Field: "cat", Op: onlinestore.OpNin, Values: []types.Value{types.StringValue("a")}},
		{Or: true, Children: []*onlinestore.Filter{cmpf("n", onlinestore.OpEq, types.Int64Value(1)), cmpf("n", onlinestore.OpEq, types.Int64Value(2))}},
		cmpf("cat", onlinestore.OpEq, types.Null()),
		{Field: "cat", Op: onlinestore.OpIn, Values: []types.Value{types.StringValue("a"), types.Null()}},
		cmpf("b", onlinestore.OpEq, types.BytesValue([]byte{1})),
	} {
		_, _, _, err := saiWhere(saiTable(), f)
		if !errors.Is(err, storeerr.ErrUnsupported) || !strings.Contains(err.Error(), "FLAT") {
			t.Errorf("%+v: %v, want Unsupported pointing at FLAT", f, err)
		}
	}
	_, _, _, err := saiWhere(saiTable(), cmpf("cat", onlinestore.OpEq, types.Int64Value(1)))
	if !errors.Is(err, storeerr.ErrInvalidArgument) {
		t.Errorf("a string field compared with a number: %v, want InvalidArgument", err)
	}
	where, args, _, err := saiWhere(saiTable(), &onlinestore.Filter{And: true, Children: []*onlinestore.Filter{
		cmpf("cat", onlinestore.OpEq, types.StringValue("a")),
		{Field: "n", Op: onlinestore.OpIn, Values: []types.Value{types.Int64Value(1), types.Float64Value(2.5), types.Int64Value(3)}}}})
	if err != nil || where != `"cat" = ? AND "n" IN (?, ?)` || len(args) != 3 {
		t.Errorf("and of eq and in: %q %d args %v", where, len(args), err)
	}
}
