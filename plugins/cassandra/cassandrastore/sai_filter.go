package cassandrastore

import (
	"math"
	"strings"

	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/storeerr"
	"github.com/quiverfs/quiver/sdk/types"
)

// saiWhere renders a checked filter as a WHERE clause that SAI evaluates
// together with the ANN ordering: an AND of comparisons =, <, <=, >, >=
// and IN with non-null values on indexed scalar columns. Anything else is
// Unsupported, never dropped. Numbers are converted to the column's type
// so that the answer is the filter's (price > 40.5 on an int column is
// price > 40); empty is true when no row can match.
func saiWhere(t *tableInfo, f *onlinestore.Filter) (where string, args []any, empty bool, err error) {
	var conds []string
	var walk func(f *onlinestore.Filter) error
	walk = func(f *onlinestore.Filter) error {
		switch {
		case f == nil:
			return nil
		case f.Or:
			return unsupportedFilter("or")
		case f.And:
			for _, c := range f.Children {
				if err := walk(c); err != nil {
					return err
				}
			}
			return nil
		}
		cond, a, none, err := saiCondition(t, f)
		if err != nil {
			return err
		}
		empty = empty || none
		if cond != "" {
			conds = append(conds, cond)
			args = append(args, a...)
		}
		return nil
	}
	if err := walk(f); err != nil {
		return "", nil, false, err
	}
	return strings.Join(conds, " AND "), args, empty, nil
}

func unsupportedFilter(what string) error {
	return storeerr.Unsupported("Cassandra's SAI cannot evaluate %s in a vector search; use and of =, <, <=, >, >=, in with non-null values, or declare the vector field with index_type FLAT (exact, every filter)", what)
}

// fieldType returns the type of a join key or scalar feature.
func (t *tableInfo) fieldType(name string) (types.ValueType, bool) {
	if f, ok := t.features[name]; ok && f.field.Vector == nil {
		return f.field.Type, true
	}
	for _, k := range t.joinKeys {
		if k.Name == name {
			return k.Type, true
		}
	}
	return types.Invalid, false
}

// saiCondition renders one comparison.
func saiCondition(t *tableInfo, f *onlinestore.Filter) (string, []any, bool, error) {
	typ, ok := t.fieldType(f.Field)
	if !ok {
		return "", nil, false, storeerr.InvalidArgument("filter field %q is not a join key or scalar feature of view %s", f.Field, t.view)
	}
	if !saiIndexable(typ) {
		return "", nil, false, unsupportedFilter("a filter on " + typ.String() + " field " + f.Field)
	}
	col := quoteIdent(f.Field)
	switch f.Op {
	case onlinestore.OpNe, onlinestore.OpNin:
		return "", nil, false, unsupportedFilter(f.Op.String())
	case onlinestore.OpIn:
		var vals []any
		for _, v := range f.Values {
			if v.IsNull() {
				return "", nil, false, unsupportedFilter("in with null")
			}
			cv, exact, err := operand(typ, v, f.Field)
			if err != nil {
				return "", nil, false, err
			}
			if exact {
				vals = append(vals, cqlArg{v: cv})
			}
		}
		if len(vals) == 0 {
			return "", nil, true, nil
		}
		return col + " IN (?" + strings.Repeat(", ?", len(vals)-1) + ")", vals, false, nil
	}
	if f.Value.IsNull() {
		return "", nil, false, unsupportedFilter(f.Op.String() + " null")
	}
	if typ == types.Bool && f.Op != onlinestore.OpEq {
		return "", nil, false, unsupportedFilter("an order comparison of bool field " + f.Field)
	}
	return orderCondition(col, typ, f)
}

// opText is the CQL of each comparison.
var opText = map[onlinestore.FilterOp]string{onlinestore.OpEq: "=", onlinestore.OpGt: ">", onlinestore.OpGte: ">=",
	onlinestore.OpLt: "<", onlinestore.OpLte: "<="}

// orderCondition renders =, <, <=, > or >= with the operand converted to
// the column's type, moving the bound where the conversion is inexact.
func orderCondition(col string, typ types.ValueType, f *onlinestore.Filter) (string, []any, bool, error) {
	op := f.Op
	cv, exact, err := operand(typ, f.Value, f.Field)
	if err != nil {
		return "", nil, false, err
	}
	if !exact {
		if op == onlinestore.OpEq {
			return "", nil, true, nil // no value of the column's type equals it
		}
		x, _ := types.AsFloat64(f.Value)
		var ok bool
		if cv, op, ok = nearestBound(typ, x, op); !ok {
			return "", nil, true, nil
		}
	}
	return col + " " + opText[op] + " ?", []any{cqlArg{v: cv}}, false, nil
}

// operand converts a filter value to a column's type; exact is false when
// the column's type cannot hold it (40.5 for an int column).
func operand(typ types.ValueType, v types.Value, field string) (types.Value, bool, error) {
	switch typ {
	case types.String, types.Bool:
		if v.Type() != typ {
			return v, false, storeerr.InvalidArgument("filter on %s compares a %s field with a %s value", field, typ, v.Type())
		}
		return v, true, nil
	}
	x, ok := types.AsFloat64(v)
	if !ok {
		return v, false, storeerr.InvalidArgument("filter on %s compares a %s field with a %s value", field, typ, v.Type())
	}
	if n, isInt := types.AsInt64(v); isInt {
		switch typ {
		case types.Int32:
			if n >= math.MinInt32 && n <= math.MaxInt32 {
				return types.Int32Value(int32(n)), true, nil
			}
			return v, false, nil
		case types.Int64, types.Timestamp:
			return types.Int64Value(n), true, nil
		}
	}
	switch typ {
	case types.Float32:
		if f32 := float32(x); float64(f32) == x {
			return types.Float32Value(f32), true, nil
		}
		return v, false, nil
	case types.Float64:
		return types.Float64Value(x), true, nil
	case types.Int32:
		if x == math.Trunc(x) && x >= math.MinInt32 && x <= math.MaxInt32 {
			return types.Int32Value(int32(x)), true, nil
		}
	case types.Int64, types.Timestamp:
		if x == math.Trunc(x) && x >= -(1<<63) && x < 1<<63 {
			return types.Int64Value(int64(x)), true, nil
		}
	}
	return v, false, nil
}

// nearestBound moves an inexact bound x of an order comparison to the
// nearest value of the column's type on the side that keeps the answer:
// c > 40.5 is c >= 41 on ints, c < 40.5 is c <= 40. ok is false when no
// value of the type can match.
func nearestBound(typ types.ValueType, x float64, op onlinestore.FilterOp) (types.Value, onlinestore.FilterOp, bool) {
	up := op == onlinestore.OpGt || op == onlinestore.OpGte // the answer lies above x
	switch typ {
	case types.Float32:
		f := float32(x)
		if up && float64(f) < x {
			f = math.Nextafter32(f, float32(math.Inf(1)))
		}
		if !up && float64(f) > x {
			f = math.Nextafter32(f, float32(math.Inf(-1)))
		}
		if up {
			return types.Float32Value(f), onlinestore.OpGte, true
		}
		return types.Float32Value(f), onlinestore.OpLte, true
	case types.Int32, types.Int64, types.Timestamp:
		lo, hi := float64(math.MinInt64), float64(math.MaxInt64)
		if typ == types.Int32 {
			lo, hi = math.MinInt32, math.MaxInt32
		}
		b := math.Floor(x)
		if up {
			b = math.Floor(x) + 1 // x is not a whole number in range: the next one above
		}
		if math.IsNaN(x) || up && b > hi || !up && b < lo {
			return types.Null(), op, false
		}
		op2 := onlinestore.OpLte
		if up {
			op2 = onlinestore.OpGte
		}
		if typ == types.Int32 {
			return types.Int32Value(int32(math.Max(lo, math.Min(hi, b)))), op2, true
		}
		switch {
		case b >= 1<<63:
			return types.Int64Value(math.MaxInt64), op2, true
		case b < -(1 << 63):
			return types.Int64Value(math.MinInt64), op2, true
		}
		return types.Int64Value(int64(b)), op2, true
	}
	return types.Null(), op, false
}
