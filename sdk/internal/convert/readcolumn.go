package convert

import (
	pb "github.com/quiverfs/quiver/sdk/internal/gen/quiver/plugin/v1"
	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/types"
)

// The hot path of Read: one feature of many rows to a column and back,
// without a function call or a value copy per row for the usual scalar
// columns. Lists and mixed columns take ValueColumnToProto and
// ValueColumnFromProto; both ways give the same messages and rows.

// readValue returns feature f of row i, or nil where the row was not found
// or has no such value (null on the wire).
func readValue(rows []onlinestore.ReadRow, i, f int) *types.Value {
	if !rows[i].Found || f >= len(rows[i].Values) {
		return nil
	}
	return &rows[i].Values[f]
}

// readColumnToProto packs feature f of rows into a column.
func readColumnToProto(rows []onlinestore.ReadRow, f int) *pb.ValueColumn {
	typ, nulls := types.Invalid, 0
	for i := range rows {
		v := readValue(rows, i, f)
		switch {
		case v == nil || v.IsNull():
			nulls++
		case typ == types.Invalid:
			typ = v.Type()
		case v.Type() != typ:
			typ = -1
		}
		if typ < 0 {
			break
		}
	}
	if typ < 0 || typ.IsList() {
		return ValueColumnToProto(len(rows), func(i int) types.Value {
			if v := readValue(rows, i, f); v != nil {
				return *v
			}
			return types.Null()
		})
	}
	if typ == types.Invalid {
		typ = types.Int64 // an all-null column, as ValueColumnToProto makes it
	}
	c := &pb.ValueColumn{Type: pb.ValueType(typ)}
	if nulls > 0 {
		c.Nulls = make([]bool, len(rows))
	}
	switch typ {
	case types.Bool:
		c.BoolValues = packColumn(rows, f, c.Nulls, (*types.Value).Bool)
	case types.Int32:
		c.Int32Values = packColumn(rows, f, c.Nulls, (*types.Value).Int32)
	case types.Int64, types.Timestamp:
		c.Int64Values = packColumn(rows, f, c.Nulls, (*types.Value).Int64)
	case types.Float32:
		c.FloatValues = packColumn(rows, f, c.Nulls, (*types.Value).Float32)
	case types.Float64:
		c.DoubleValues = packColumn(rows, f, c.Nulls, (*types.Value).Float64)
	case types.String:
		c.StringValues = packColumn(rows, f, c.Nulls, (*types.Value).Str)
	case types.Bytes:
		c.BytesValues = packColumn(rows, f, c.Nulls, (*types.Value).BytesVal)
	}
	return c
}

// packColumn returns feature f of every row as a T, zero where null, and
// marks the nulls (nulls is nil when there are none).
func packColumn[T any](rows []onlinestore.ReadRow, f int, nulls []bool, get func(*types.Value) T) []T {
	out := make([]T, len(rows))
	for i := range rows {
		if v := readValue(rows, i, f); v != nil && !v.IsNull() {
			out[i] = get(v)
		} else if nulls != nil {
			nulls[i] = true
		}
	}
	return out
}

// readColumnFromProto sets feature f of every found row of dst from c,
// which holds len(dst) rows (checked by checkColumnRows).
func readColumnFromProto(c *pb.ValueColumn, dst []onlinestore.ReadRow, f int) error {
	nulls := c.GetNulls()
	switch types.ValueType(c.GetType()) {
	case types.Bool:
		unpackColumn(c.GetBoolValues(), nulls, dst, f, types.BoolValue)
	case types.Int32:
		unpackColumn(c.GetInt32Values(), nulls, dst, f, types.Int32Value)
	case types.Int64:
		unpackColumn(c.GetInt64Values(), nulls, dst, f, types.Int64Value)
	case types.Timestamp:
		unpackColumn(c.GetInt64Values(), nulls, dst, f, types.TimestampMicrosValue)
	case types.Float32:
		unpackColumn(c.GetFloatValues(), nulls, dst, f, types.Float32Value)
	case types.Float64:
		unpackColumn(c.GetDoubleValues(), nulls, dst, f, types.Float64Value)
	case types.String:
		unpackColumn(c.GetStringValues(), nulls, dst, f, types.StringValue)
	default:
		return ValueColumnFromProto(c, len(dst), func(i int, v types.Value) {
			if dst[i].Found {
				dst[i].Values[f] = v
			}
		})
	}
	return nil
}

// unpackColumn sets feature f of every found row from l, or null where
// nulls says so. The caller checked that l has a value per row and nulls
// none or one per row.
func unpackColumn[T any](l []T, nulls []bool, dst []onlinestore.ReadRow, f int, mk func(T) types.Value) {
	for i := range dst {
		switch {
		case !dst[i].Found:
		case len(nulls) > 0 && nulls[i]:
			dst[i].Values[f] = types.Null()
		default:
			dst[i].Values[f] = mk(l[i])
		}
	}
}
