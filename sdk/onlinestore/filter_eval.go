package onlinestore

import (
	"cmp"
	"slices"

	"github.com/quiverfs/quiver/sdk/storeerr"
	"github.com/quiverfs/quiver/sdk/types"
)

// MatchFilter evaluates a filter tree on one row, whose fields lookup
// returns (false: the row has no such field, which counts as null). A nil
// filter matches every row. It follows the rules of Filter: a null field
// matches no comparison but OpNe and OpNin, OpEq and OpNe with a null
// Value test for null, and numbers compare by value whatever their types.
// A comparison of unlike types (a string field with a number) is
// InvalidArgument. Stores that evaluate filters in process use it; run
// CheckFilter first to refuse bad filters before reading rows.
func MatchFilter(f *Filter, lookup func(field string) (types.Value, bool)) (bool, error) {
	switch {
	case f == nil:
		return true, nil
	case f.And || f.Or:
		for _, c := range f.Children {
			ok, err := MatchFilter(c, lookup)
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
	val, ok := lookup(f.Field)
	if !ok {
		val = types.Null()
	}
	return compareOp(f, val)
}

// compareOp applies one comparison to val, which may be null.
func compareOp(f *Filter, val types.Value) (bool, error) {
	switch f.Op {
	case OpEq, OpNe, OpIn, OpNin:
		set := f.Values
		if f.Op == OpEq || f.Op == OpNe {
			set = []types.Value{f.Value}
		}
		found := false
		for _, want := range set {
			if want.IsNull() || val.IsNull() {
				found = found || want.IsNull() && val.IsNull()
				continue
			}
			c, err := compare(val, want, f.Field)
			if err != nil {
				return false, err
			}
			found = found || c == 0
		}
		return found == (f.Op == OpEq || f.Op == OpIn), nil
	}
	if f.Value.IsNull() {
		return false, storeerr.InvalidArgument("filter %s on %s needs a value, got null", f.Op, f.Field)
	}
	if val.IsNull() {
		return false, nil
	}
	c, err := compare(val, f.Value, f.Field)
	if err != nil {
		return false, err
	}
	switch f.Op {
	case OpEq:
		return c == 0, nil
	case OpNe:
		return c != 0, nil
	case OpGt:
		return c > 0, nil
	case OpGte:
		return c >= 0, nil
	case OpLt:
		return c < 0, nil
	case OpLte:
		return c <= 0, nil
	}
	return false, storeerr.InvalidArgument("filter on %s has unknown operator %d", f.Field, int(f.Op))
}

// compare orders two scalar values: numbers (and timestamps) numerically,
// strings and bytes lexically, bools false < true.
func compare(a, b types.Value, field string) (int, error) {
	na, aNum := types.AsFloat64(a)
	nb, bNum := types.AsFloat64(b)
	ia, aInt := types.AsInt64(a)
	ib, bInt := types.AsInt64(b)
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

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// CheckFilter rejects, before any row is read, a filter naming a field that
// is not a join key or scalar feature of spec, a node that is both And and
// Or, an unknown operator, and an order comparison with a null value; all
// InvalidArgument.
func CheckFilter(spec types.FeatureViewSpec, f *Filter) error {
	switch {
	case f == nil:
		return nil
	case f.And && f.Or:
		return storeerr.InvalidArgument("a filter node is both and and or")
	case f.And || f.Or:
		for _, c := range f.Children {
			if err := CheckFilter(spec, c); err != nil {
				return err
			}
		}
		return nil
	}
	known := slices.ContainsFunc(spec.JoinKeys, func(k types.Field) bool { return k.Name == f.Field })
	if ft, ok := spec.Feature(f.Field); ok && ft.Vector == nil {
		known = true
	}
	if !known {
		return storeerr.InvalidArgument("filter field %q is not a join key or scalar feature of view %s", f.Field, spec.Name)
	}
	if f.Op < OpEq || f.Op > OpNin {
		return storeerr.InvalidArgument("filter on %s has unknown operator %d", f.Field, int(f.Op))
	}
	if f.Op >= OpGt && f.Op <= OpLte && f.Value.IsNull() {
		return storeerr.InvalidArgument("filter %s on %s needs a value, got null", f.Op, f.Field)
	}
	return nil
}
