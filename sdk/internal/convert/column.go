package convert

import (
	"fmt"

	pb "github.com/quiverfs/quiver/sdk/internal/gen/quiver/plugin/v1"
	"github.com/quiverfs/quiver/sdk/types"
)

// ValueColumnToProto packs n values, value(i) for row i, into a column.
func ValueColumnToProto(n int, value func(i int) types.Value) *pb.ValueColumn {
	typ, uniform := columnType(n, value)
	if !uniform || typ.IsList() {
		vals := make([]*pb.Value, n)
		for i := range n {
			vals[i] = ValueToProto(value(i))
		}
		return &pb.ValueColumn{Values: vals}
	}
	c := &pb.ValueColumn{Type: pb.ValueType(typ)}
	reserve(c, typ, n)
	for i := range n {
		v := value(i)
		if v.IsNull() {
			if c.Nulls == nil {
				c.Nulls = make([]bool, n)
			}
			c.Nulls[i] = true
		}
		appendScalar(c, typ, v)
	}
	return c
}

// columnType returns the one type of the column's non-null values; uniform
// is false when the rows mix types. An all-null column is uniform Int64.
func columnType(n int, value func(i int) types.Value) (types.ValueType, bool) {
	typ := types.Invalid
	for i := range n {
		t := value(i).Type()
		switch {
		case t == types.Invalid:
		case typ == types.Invalid:
			typ = t
		case t != typ:
			return typ, false
		}
	}
	if typ == types.Invalid {
		return types.Int64, true
	}
	return typ, true
}

// reserve sizes the column's typed list for n rows.
func reserve(c *pb.ValueColumn, typ types.ValueType, n int) {
	switch typ {
	case types.Bool:
		c.BoolValues = make([]bool, 0, n)
	case types.Int32:
		c.Int32Values = make([]int32, 0, n)
	case types.Int64, types.Timestamp:
		c.Int64Values = make([]int64, 0, n)
	case types.Float32:
		c.FloatValues = make([]float32, 0, n)
	case types.Float64:
		c.DoubleValues = make([]float64, 0, n)
	case types.String:
		c.StringValues = make([]string, 0, n)
	case types.Bytes:
		c.BytesValues = make([][]byte, 0, n)
	}
}

func appendScalar(c *pb.ValueColumn, typ types.ValueType, v types.Value) {
	switch typ {
	case types.Bool:
		c.BoolValues = append(c.BoolValues, v.Bool())
	case types.Int32:
		c.Int32Values = append(c.Int32Values, v.Int32())
	case types.Int64, types.Timestamp:
		c.Int64Values = append(c.Int64Values, v.Int64())
	case types.Float32:
		c.FloatValues = append(c.FloatValues, v.Float32())
	case types.Float64:
		c.DoubleValues = append(c.DoubleValues, v.Float64())
	case types.String:
		c.StringValues = append(c.StringValues, v.Str())
	case types.Bytes:
		c.BytesValues = append(c.BytesValues, v.BytesVal())
	}
}

// ValueColumnFromProto unpacks a column of n rows, calling set for each row.
func ValueColumnFromProto(c *pb.ValueColumn, n int, set func(i int, v types.Value)) error {
	if c.GetType() == pb.ValueType_VALUE_TYPE_UNSPECIFIED {
		if len(c.GetValues()) != n {
			return fmt.Errorf("column has %d values for %d rows", len(c.GetValues()), n)
		}
		for i, p := range c.GetValues() {
			set(i, ValueFromProto(p))
		}
		return nil
	}
	nulls := c.GetNulls()
	if len(nulls) != 0 && len(nulls) != n {
		return fmt.Errorf("column has %d null flags for %d rows", len(nulls), n)
	}
	get, have := scalarGetter(c)
	if have != n {
		return fmt.Errorf("%v column has %d values for %d rows", types.ValueType(c.GetType()), have, n)
	}
	for i := range n {
		if len(nulls) > 0 && nulls[i] {
			set(i, types.Null())
			continue
		}
		set(i, get(i))
	}
	return nil
}

// columnRows returns the number of rows c holds, or -1 for a typed column
// of a type columns cannot hold.
func columnRows(c *pb.ValueColumn) int {
	if c.GetType() == pb.ValueType_VALUE_TYPE_UNSPECIFIED {
		return len(c.GetValues())
	}
	_, have := scalarGetter(c)
	return have
}

// checkColumnRows checks that every column holds n rows, before anything is
// allocated for them.
func checkColumnRows(cols []*pb.ValueColumn, n int) error {
	for i, c := range cols {
		if rows := columnRows(c); rows != n {
			return fmt.Errorf("column %d has %d values for %d rows", i, rows, n)
		}
	}
	return nil
}

// scalarGetter returns a getter for the column's typed list and its length.
func scalarGetter(c *pb.ValueColumn) (func(i int) types.Value, int) {
	switch types.ValueType(c.GetType()) {
	case types.Bool:
		l := c.GetBoolValues()
		return func(i int) types.Value { return types.BoolValue(l[i]) }, len(l)
	case types.Int32:
		l := c.GetInt32Values()
		return func(i int) types.Value { return types.Int32Value(l[i]) }, len(l)
	case types.Int64:
		l := c.GetInt64Values()
		return func(i int) types.Value { return types.Int64Value(l[i]) }, len(l)
	case types.Timestamp:
		l := c.GetInt64Values()
		return func(i int) types.Value { return types.TimestampMicrosValue(l[i]) }, len(l)
	case types.Float32:
		l := c.GetFloatValues()
		return func(i int) types.Value { return types.Float32Value(l[i]) }, len(l)
	case types.Float64:
		l := c.GetDoubleValues()
		return func(i int) types.Value { return types.Float64Value(l[i]) }, len(l)
	case types.String:
		l := c.GetStringValues()
		return func(i int) types.Value { return types.StringValue(l[i]) }, len(l)
	case types.Bytes:
		l := c.GetBytesValues()
		return func(i int) types.Value { return types.BytesValue(nonNilBytes(l[i])) }, len(l)
	}
	return nil, -1
}
