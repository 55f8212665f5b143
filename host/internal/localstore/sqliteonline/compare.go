package sqliteonline

import (
	"bytes"
	"cmp"
	"math"
	"strings"

	"github.com/quiverfs/quiver/sdk/types"
)

// filterable reports whether a column of type t can be filtered on.
func filterable(t types.ValueType) bool {
	switch t {
	case types.Bool, types.Int32, types.Int64, types.Float32, types.Float64, types.String, types.Bytes, types.Timestamp:
		return true
	}
	return false
}

// zeroOf returns a non-null value of a filterable type t.
func zeroOf(t types.ValueType) types.Value {
	switch t {
	case types.Bool:
		return types.BoolValue(false)
	case types.Int32:
		return types.Int32Value(0)
	case types.Int64:
		return types.Int64Value(0)
	case types.Float32:
		return types.Float32Value(0)
	case types.Float64:
		return types.Float64Value(0)
	case types.String:
		return types.StringValue("")
	case types.Bytes:
		return types.BytesValue(nil)
	case types.Timestamp:
		return types.TimestampMicrosValue(0)
	}
	return types.Null()
}

// matchesAny reports whether v equals one of values (null equals null).
func matchesAny(v types.Value, values []types.Value) bool {
	for _, w := range values {
		if w.IsNull() || v.IsNull() {
			if w.IsNull() && v.IsNull() {
				return true
			}
			continue
		}
		if c, ok := compare(v, w); ok && c == 0 {
			return true
		}
	}
	return false
}

// compare orders two non-null scalar values: numbers by value whatever
// their types, strings and bytes bytewise, timestamps by time, false before
// true. ok is false for nulls, NaN and values of unrelated types.
func compare(a, b types.Value) (c int, ok bool) {
	ta, tb := a.Type(), b.Type()
	if isNumber(ta) && isNumber(tb) {
		if isInt(ta) && isInt(tb) {
			return cmp.Compare(a.Int64(), b.Int64()), true
		}
		x, y := asFloat(a), asFloat(b)
		if math.IsNaN(x) || math.IsNaN(y) {
			return 0, false
		}
		return cmp.Compare(x, y), true
	}
	if ta != tb {
		return 0, false
	}
	switch ta {
	case types.String:
		return strings.Compare(a.Str(), b.Str()), true
	case types.Bytes:
		return bytes.Compare(a.BytesVal(), b.BytesVal()), true
	case types.Timestamp:
		return cmp.Compare(a.Int64(), b.Int64()), true
	case types.Bool:
		return cmp.Compare(boolInt(a.Bool()), boolInt(b.Bool())), true
	}
	return 0, false
}

func isNumber(t types.ValueType) bool {
	return t == types.Int32 || t == types.Int64 || t == types.Float32 || t == types.Float64
}

func isInt(t types.ValueType) bool { return t == types.Int32 || t == types.Int64 }

// asFloat returns a number as a float64.
func asFloat(v types.Value) float64 {
	switch v.Type() {
	case types.Int32, types.Int64:
		return float64(v.Int64())
	case types.Float32:
		return float64(v.Float32())
	}
	return v.Float64()
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
