package milvusstore

import (
	"math"
	"strconv"
	"strings"

	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/storeerr"
	"github.com/quiverfs/quiver/sdk/types"
)

// Expressions that always or never match: every row has a non-empty key.
const (
	exprTrue  = `(pk != "")`
	exprFalse = `(pk == "")`
)

// expr translates a filter tree into a Milvus boolean expression over the
// typed fields, with the semantics of the embedded store: a null matches no
// comparison but ne and nin; eq and ne with a null value test for null;
// an And of no children matches everything, an Or of none nothing.
// Strings are quoted with strconv.Quote, which Milvus's parser unquotes.
func (v *view) expr(f *onlinestore.Filter) (string, error) {
	switch {
	case f == nil:
		return "", nil
	case f.And && f.Or:
		return "", storeerr.InvalidArgument("milvus online store: a filter node is both and and or")
	case f.And || f.Or:
		return v.compound(f)
	}
	t, ok := v.typed[f.Field]
	if !ok {
		return "", storeerr.InvalidArgument("milvus online store: filter field %q is not a scalar feature or join key of view %s", f.Field, v.spec.Name)
	}
	return v.comparison(f, t)
}

func (v *view) compound(f *onlinestore.Filter) (string, error) {
	if len(f.Children) == 0 {
		if f.And {
			return exprTrue, nil
		}
		return exprFalse, nil
	}
	parts := make([]string, len(f.Children))
	for i, c := range f.Children {
		e, err := v.expr(c)
		if err != nil {
			return "", err
		}
		parts[i] = e
	}
	op := " and "
	if f.Or {
		op = " or "
	}
	return "(" + strings.Join(parts, op) + ")", nil
}

// comparison translates one comparison of a field of type t.
func (v *view) comparison(f *onlinestore.Filter, t types.ValueType) (string, error) {
	switch f.Op {
	case onlinestore.OpEq, onlinestore.OpIn:
		return v.membership(f, t)
	case onlinestore.OpNe, onlinestore.OpNin:
		e, err := v.membership(f, t)
		return "(not " + e + ")", err
	case onlinestore.OpGt, onlinestore.OpGte, onlinestore.OpLt, onlinestore.OpLte:
		if f.Value.IsNull() {
			return "", storeerr.InvalidArgument("milvus online store: filter %s on %q needs a value, got null", f.Op, f.Field)
		}
		if isInteger(t) && isFloat(f.Value.Type()) {
			return v.integerOrder(f, t)
		}
		lit, err := literal(f, t, f.Value)
		if err != nil {
			return "", err
		}
		ops := map[onlinestore.FilterOp]string{onlinestore.OpGt: ">", onlinestore.OpGte: ">=", onlinestore.OpLt: "<", onlinestore.OpLte: "<="}
		return v.notNull(f.Field, featureField(f.Field)+" "+ops[f.Op]+" "+lit), nil
	}
	return "", storeerr.InvalidArgument("milvus online store: filter on %q has an invalid operator %d", f.Field, f.Op)
}

// membership translates eq and in (ne and nin are their negations).
func (v *view) membership(f *onlinestore.Filter, t types.ValueType) (string, error) {
	values := []types.Value{f.Value}
	if f.Op == onlinestore.OpIn || f.Op == onlinestore.OpNin {
		values = f.Values
	}
	var lits []string
	null := false
	for _, val := range values {
		if val.IsNull() {
			null = true
			continue
		}
		if isInteger(t) && isFloat(val.Type()) {
			// Milvus cannot compare an integer field with a float literal:
			// an integral value becomes an integer one, and any other
			// equals no integer.
			x, err := floatOperand(f, val)
			if err != nil {
				return "", err
			}
			if x == math.Trunc(x) && inRange(t, x) {
				lits = append(lits, strconv.FormatInt(int64(x), 10))
			}
			continue
		}
		lit, err := literal(f, t, val)
		if err != nil {
			return "", err
		}
		lits = append(lits, lit)
	}
	var parts []string
	if len(lits) > 0 {
		parts = append(parts, v.notNull(f.Field, featureField(f.Field)+" in ["+strings.Join(lits, ", ")+"]"))
	}
	if null {
		parts = append(parts, v.isNull(f.Field))
	}
	if len(parts) == 0 {
		return exprFalse, nil
	}
	return "(" + strings.Join(parts, " or ") + ")", nil
}

// notNull guards a comparison of a feature against nulls.
func (v *view) notNull(name, cmp string) string {
	if v.isJoinKey(name) {
		return "(" + cmp + ")"
	}
	return "(" + nullField(name) + " == false and " + cmp + ")"
}

// isNull tests a field for null; join keys never are.
func (v *view) isNull(name string) string {
	if v.isJoinKey(name) {
		return exprFalse
	}
	return "(" + nullField(name) + " == true)"
}

// literal renders a value compared with a field of type t.
func literal(f *onlinestore.Filter, t types.ValueType, val types.Value) (string, error) {
	bad := func() (string, error) {
		return "", storeerr.InvalidArgument("milvus online store: filter %s on %q (%s) cannot compare a %s value", f.Op, f.Field, t, val.Type())
	}
	numeric := func(vt types.ValueType) bool {
		return vt == types.Int32 || vt == types.Int64 || vt == types.Float32 || vt == types.Float64
	}
	switch {
	case t == types.Bool && val.Type() == types.Bool:
		return strconv.FormatBool(val.Bool()), nil
	case t == types.String && val.Type() == types.String:
		return strconv.Quote(val.Str()), nil
	case t == types.Timestamp && val.Type() == types.Timestamp:
		return strconv.FormatInt(val.Int64(), 10), nil
	case numeric(t) && numeric(val.Type()):
		return number(f, val)
	}
	return bad()
}

// number renders a numeric value; NaN and infinities have no literal.
func number(f *onlinestore.Filter, val types.Value) (string, error) {
	switch val.Type() {
	case types.Int32:
		return strconv.FormatInt(int64(val.Int32()), 10), nil
	case types.Int64:
		return strconv.FormatInt(val.Int64(), 10), nil
	}
	x := val.Float64()
	if val.Type() == types.Float32 {
		x = float64(val.Float32())
	}
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return "", storeerr.InvalidArgument("milvus online store: filter %s on %q: %v has no Milvus literal", f.Op, f.Field, x)
	}
	return strconv.FormatFloat(x, 'f', -1, 64), nil
}

func isInteger(t types.ValueType) bool { return t == types.Int32 || t == types.Int64 }

func isFloat(t types.ValueType) bool { return t == types.Float32 || t == types.Float64 }

// integerRange is the range of an integer type, as float64s.
func integerRange(t types.ValueType) (float64, float64) {
	if t == types.Int32 {
		return math.MinInt32, math.MaxInt32
	}
	return math.MinInt64, math.MaxInt64 // 2^63 as a float64: a bound at or above it is out of range
}

// inRange reports whether an integral x is a value of integer type t.
func inRange(t types.ValueType, x float64) bool {
	lo, hi := integerRange(t)
	return x >= lo && (x < hi || t == types.Int32 && x == hi)
}

// floatOperand returns a float operand as a float64; NaN has no order.
func floatOperand(f *onlinestore.Filter, val types.Value) (float64, error) {
	x := val.Float64()
	if val.Type() == types.Float32 {
		x = float64(val.Float32())
	}
	if math.IsNaN(x) {
		return 0, storeerr.InvalidArgument("milvus online store: filter %s on %q: NaN has no order", f.Op, f.Field)
	}
	return x, nil
}

// integerOrder translates an order comparison of an integer field with a
// float, which Milvus cannot parse, into one with an integer bound: on
// integers, x > 40.5 is x >= 41, x >= 40.5 is x >= 41, x < 10.5 is x <= 10
// and x <= 9.99 is x <= 9. Bounds past the type's range match every
// non-null row or none.
func (v *view) integerOrder(f *onlinestore.Filter, t types.ValueType) (string, error) {
	x, err := floatOperand(f, f.Value)
	if err != nil {
		return "", err
	}
	atLeast := f.Op == onlinestore.OpGt || f.Op == onlinestore.OpGte
	var bound float64
	switch f.Op {
	case onlinestore.OpGt:
		bound = math.Floor(x) + 1
	case onlinestore.OpGte:
		bound = math.Ceil(x)
	case onlinestore.OpLt:
		bound = math.Ceil(x) - 1
	default:
		bound = math.Floor(x)
	}
	lo, hi := integerRange(t)
	switch {
	case atLeast && bound <= lo, !atLeast && bound >= hi:
		return v.notNull(f.Field, exprTrue), nil
	case atLeast && bound >= hi && (t != types.Int32 || bound > hi), !atLeast && bound < lo:
		return exprFalse, nil
	}
	op := "<="
	if atLeast {
		op = ">="
	}
	return v.notNull(f.Field, featureField(f.Field)+" "+op+" "+strconv.FormatInt(int64(bound), 10)), nil
}
