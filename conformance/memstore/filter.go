package memstore

import (
	"cmp"
	"slices"

	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/storeerr"
	"github.com/quiverfs/quiver/sdk/types"
)

// matches evaluates a filter tree on a row. A nil filter matches every row;
// a comparison with a null or missing field is false.
func matches(f *onlinestore.Filter, r *storedRow) (bool, error) {
	switch {
	case f == nil:
		return true, nil
	case f.And || f.Or:
		for _, c := range f.Children {
			ok, err := matches(c, r)
			if err != nil {
				return false, err
			}
			if f.Or && ok {
				return true, nil
			}
			if f.And && !ok {
				return false, nil
			}
		}
		return f.And, nil
	}
	val, ok := fieldValue(r, f.Field)
	if !ok || val.IsNull() {
		return false, nil
	}
	return compareOp(f, val)
}

// fieldValue looks a field up among the row's features, then its join keys.
func fieldValue(r *storedRow, name string) (types.Value, bool) {
	if v, ok := r.values[name]; ok {
		return v, true
	}
	for _, p := range r.key {
		if p.JoinKey == name {
			return p.Value, true
		}
	}
	return types.Value{}, false
}

// compareOp applies one comparison.
func compareOp(f *onlinestore.Filter, val types.Value) (bool, error) {
	if f.Op == onlinestore.OpIn || f.Op == onlinestore.OpNin {
		found := false
		for _, want := range f.Values {
			c, err := compare(val, want, f.Field)
			if err != nil {
				return false, err
			}
			found = found || c == 0
		}
		return found == (f.Op == onlinestore.OpIn), nil
	}
	c, err := compare(val, f.Value, f.Field)
	if err != nil {
		return false, err
	}
	switch f.Op {
	case onlinestore.OpEq:
		return c == 0, nil
	case onlinestore.OpNe:
		return c != 0, nil
	case onlinestore.OpGt:
		return c > 0, nil
	case onlinestore.OpGte:
		return c >= 0, nil
	case onlinestore.OpLt:
		return c < 0, nil
	case onlinestore.OpLte:
		return c <= 0, nil
	}
	return false, storeerr.InvalidArgument("filter on %s has unknown operator %d", f.Field, int(f.Op))
}

// compare orders two scalar values: numbers (and timestamps) numerically,
// strings and bytes lexically, bools false < true.
func compare(a, b types.Value, field string) (int, error) {
	na, aNum := number(a)
	nb, bNum := number(b)
	ia, aInt := integer(a)
	ib, bInt := integer(b)
	switch {
	case aInt && bInt:
		return cmp.Compare(ia, ib), nil
	case aNum && bNum:
		return cmp.Compare(na, nb), nil
	case a.Type() == types.String && b.Type() == types.String:
		return cmp.Compare(a.Str(), b.Str()), nil
	case a.Type() == types.Bytes && b.Type() == types.Bytes:
		return slices.Compare(a.BytesVal(), b.BytesVal()), nil
	case a.Type() == types.Bool && b.Type() == types.Bool:
		return cmp.Compare(boolInt(a.Bool()), boolInt(b.Bool())), nil
	}
	return 0, storeerr.InvalidArgument("filter on %s compares a %s field with a %s value", field, a.Type(), b.Type())
}

// number returns a numeric value as float64 (timestamps as microseconds).
func number(v types.Value) (float64, bool) {
	switch v.Type() {
	case types.Int32:
		return float64(v.Int32()), true
	case types.Int64, types.Timestamp:
		return float64(v.Int64()), true
	case types.Float32:
		return float64(v.Float32()), true
	case types.Float64:
		return v.Float64(), true
	}
	return 0, false
}

// integer returns an integer value (timestamps as microseconds) as int64.
func integer(v types.Value) (int64, bool) {
	switch v.Type() {
	case types.Int32, types.Int64, types.Timestamp:
		return v.Int64(), true
	}
	return 0, false
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
