package sqliteonline

import (
	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/storeerr"
	"github.com/quiverfs/quiver/sdk/types"
)

// predicate tells whether a row's filterable columns match a filter.
type predicate func(row []types.Value) bool

// compileFilter turns a filter tree into a predicate over rows whose
// columns are cols. Unknown fields, unfilterable types, values of the wrong
// type and malformed nodes are InvalidArgument errors naming them.
//
// Semantics: a null column matches no comparison but ne and nin (which are
// the negations of eq and in); eq and ne with a null value test for null;
// numbers of different types compare by value; And of no children matches
// everything, Or of no children nothing.
func compileFilter(f *onlinestore.Filter, cols []types.Field) (predicate, error) {
	switch {
	case f == nil:
		return func([]types.Value) bool { return true }, nil
	case f.And && f.Or:
		return nil, storeerr.InvalidArgument("sqlite online store: a filter node is both and and or")
	case f.And || f.Or:
		return compileCompound(f, cols)
	}
	col := -1
	for i, c := range cols {
		if c.Name == f.Field {
			col = i
			break
		}
	}
	if col < 0 {
		return nil, storeerr.InvalidArgument("sqlite online store: filter field %q is not a scalar feature or join key of the view", f.Field)
	}
	return compileComparison(f, col, cols[col].Type)
}

// compileCompound compiles an And or Or node.
func compileCompound(f *onlinestore.Filter, cols []types.Field) (predicate, error) {
	children := make([]predicate, len(f.Children))
	for i, c := range f.Children {
		p, err := compileFilter(c, cols)
		if err != nil {
			return nil, err
		}
		children[i] = p
	}
	if f.And {
		return func(row []types.Value) bool {
			for _, c := range children {
				if !c(row) {
					return false
				}
			}
			return true
		}, nil
	}
	return func(row []types.Value) bool {
		for _, c := range children {
			if c(row) {
				return true
			}
		}
		return false
	}, nil
}

// compileComparison compiles a comparison of column col, of type t.
func compileComparison(f *onlinestore.Filter, col int, t types.ValueType) (predicate, error) {
	values := []types.Value{f.Value}
	if f.Op == onlinestore.OpIn || f.Op == onlinestore.OpNin {
		values = f.Values
	}
	for _, v := range values {
		if err := checkOperand(f, t, v); err != nil {
			return nil, err
		}
	}
	switch f.Op {
	case onlinestore.OpEq, onlinestore.OpIn:
		return func(row []types.Value) bool { return matchesAny(row[col], values) }, nil
	case onlinestore.OpNe, onlinestore.OpNin:
		return func(row []types.Value) bool { return !matchesAny(row[col], values) }, nil
	}
	want := orderTest(f.Op)
	v := f.Value
	return func(row []types.Value) bool {
		c, ok := compare(row[col], v)
		return ok && want(c)
	}, nil
}

// orderTest returns the test of a comparison result for an order operator.
func orderTest(op onlinestore.FilterOp) func(int) bool {
	switch op {
	case onlinestore.OpGt:
		return func(c int) bool { return c > 0 }
	case onlinestore.OpGte:
		return func(c int) bool { return c >= 0 }
	case onlinestore.OpLt:
		return func(c int) bool { return c < 0 }
	}
	return func(c int) bool { return c <= 0 }
}

// checkOperand checks that v can be compared with a column of type t by op.
func checkOperand(f *onlinestore.Filter, t types.ValueType, v types.Value) error {
	switch f.Op {
	case onlinestore.OpEq, onlinestore.OpNe, onlinestore.OpIn, onlinestore.OpNin:
		if v.IsNull() {
			return nil
		}
	case onlinestore.OpGt, onlinestore.OpGte, onlinestore.OpLt, onlinestore.OpLte:
		if v.IsNull() {
			return storeerr.InvalidArgument("sqlite online store: filter %s on %q needs a value, got null", f.Op, f.Field)
		}
		if t == types.Bool {
			return storeerr.InvalidArgument("sqlite online store: filter %s on bool field %q: bools are only compared with eq, ne, in and nin", f.Op, f.Field)
		}
	default:
		return storeerr.InvalidArgument("sqlite online store: filter on %q has an invalid operator %d", f.Field, int(f.Op))
	}
	if _, ok := compare(v, zeroOf(t)); !ok {
		return storeerr.InvalidArgument("sqlite online store: filter %s on %q: a %s cannot be compared with a %s field", f.Op, f.Field, v.Type(), t)
	}
	return nil
}
