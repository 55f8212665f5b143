package sqliteonline

import (
	"errors"
	"math"
	"testing"

	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/storeerr"
	"github.com/quiverfs/quiver/sdk/types"
)

// filterCols are the columns of the filter tests: id, category, price, ok, at.
var filterCols = []types.Field{
	{Name: "id", Type: types.Int64}, {Name: "category", Type: types.String},
	{Name: "price", Type: types.Float64}, {Name: "ok", Type: types.Bool}, {Name: "at", Type: types.Timestamp},
}

func cmpF(field string, op onlinestore.FilterOp, v types.Value) *onlinestore.Filter {
	return &onlinestore.Filter{Field: field, Op: op, Value: v}
}

func TestCompileFilterMatches(t *testing.T) {
	t.Parallel()
	row := []types.Value{types.Int64Value(7), types.StringValue("b"), types.Float64Value(2.5), types.BoolValue(true), types.TimestampMicrosValue(100)}
	nullRow := []types.Value{types.Int64Value(8), types.Null(), types.Null(), types.Null(), types.Null()}
	i64, str, f64 := types.Int64Value, types.StringValue, types.Float64Value
	tests := []struct {
		name       string
		f          *onlinestore.Filter
		want, null bool
	}{
		{"eq", cmpF("category", onlinestore.OpEq, str("b")), true, false},
		{"ne", cmpF("category", onlinestore.OpNe, str("b")), false, true},
		{"gt int against float column", cmpF("price", onlinestore.OpGt, i64(2)), true, false},
		{"gte equal", cmpF("id", onlinestore.OpGte, i64(7)), true, true},
		{"lt int32 operand", cmpF("id", onlinestore.OpLt, types.Int32Value(7)), false, false},
		{"lte float operand on int column", cmpF("id", onlinestore.OpLte, f64(7.0)), true, false},
		{"timestamp gt", cmpF("at", onlinestore.OpGt, types.TimestampMicrosValue(99)), true, false},
		{"bool eq", cmpF("ok", onlinestore.OpEq, types.BoolValue(true)), true, false},
		{"eq null tests for null", cmpF("category", onlinestore.OpEq, types.Null()), false, true},
		{"ne null tests for non-null", cmpF("category", onlinestore.OpNe, types.Null()), true, false},
		{"in", &onlinestore.Filter{Field: "category", Op: onlinestore.OpIn, Values: []types.Value{str("a"), str("b")}}, true, false},
		{"in empty", &onlinestore.Filter{Field: "category", Op: onlinestore.OpIn}, false, false},
		{"nin", &onlinestore.Filter{Field: "id", Op: onlinestore.OpNin, Values: []types.Value{i64(1), i64(7)}}, false, true},
		{"and", &onlinestore.Filter{And: true, Children: []*onlinestore.Filter{
			cmpF("id", onlinestore.OpGt, i64(5)), cmpF("category", onlinestore.OpEq, str("b"))}}, true, false},
		{"or", &onlinestore.Filter{Or: true, Children: []*onlinestore.Filter{
			cmpF("id", onlinestore.OpGt, i64(7)), cmpF("category", onlinestore.OpEq, str("z"))}}, false, true},
		{"empty and", &onlinestore.Filter{And: true}, true, true},
		{"empty or", &onlinestore.Filter{Or: true}, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p, err := compileFilter(tt.f, filterCols)
			if err != nil {
				t.Fatalf("compileFilter: %v", err)
			}
			if got := p(row); got != tt.want {
				t.Errorf("on %v: %v, want %v", row, got, tt.want)
			}
			if got := p(nullRow); got != tt.null {
				t.Errorf("on %v: %v, want %v", nullRow, got, tt.null)
			}
		})
	}
}

func TestCompileFilterRejects(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		f    *onlinestore.Filter
	}{
		{"unknown field", cmpF("nope", onlinestore.OpEq, types.Int64Value(1))},
		{"string against int column", cmpF("id", onlinestore.OpEq, types.StringValue("1"))},
		{"order on bool", cmpF("ok", onlinestore.OpGt, types.BoolValue(false))},
		{"order with null", cmpF("id", onlinestore.OpLt, types.Null())},
		{"NaN operand", cmpF("price", onlinestore.OpLt, types.Float64Value(math.NaN()))},
		{"invalid operator", cmpF("id", onlinestore.FilterOp(42), types.Int64Value(1))},
		{"and and or", &onlinestore.Filter{And: true, Or: true}},
		{"bad child", &onlinestore.Filter{Or: true, Children: []*onlinestore.Filter{cmpF("x", onlinestore.OpEq, types.Null())}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if _, err := compileFilter(tt.f, filterCols); !errors.Is(err, storeerr.ErrInvalidArgument) {
				t.Errorf("compileFilter error = %v, want InvalidArgument", err)
			}
		})
	}
}

func TestParseSettings(t *testing.T) {
	t.Parallel()
	tests := []struct {
		raw, wantErr string
	}{
		{`{"path": "x.db"}`, ""},
		{`{"path": 7}`, `"path" must be a string`},
		{`{"path": "x.db", "pth": 1}`, `unknown setting "pth"`},
		{`{}`, `"path" is required`},
		{`[1]`, "JSON object"},
		{`{"path": "a?b"}`, "must not contain"},
	}
	for _, tt := range tests {
		_, err := parseSettings([]byte(tt.raw))
		switch {
		case tt.wantErr == "" && err != nil:
			t.Errorf("%s: %v", tt.raw, err)
		case tt.wantErr != "" && (!errors.Is(err, storeerr.ErrInvalidArgument) || !contains(err.Error(), tt.wantErr)):
			t.Errorf("%s: error %v, want InvalidArgument containing %q", tt.raw, err, tt.wantErr)
		}
	}
}
