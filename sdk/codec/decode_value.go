package codec

import "github.com/quiverfs/quiver/sdk/types"

// value reads a type byte and its payload.
func (d *decoder) value() types.Value {
	p := d.take(1)
	if p == nil {
		return types.Value{}
	}
	t := types.ValueType(p[0])
	switch t {
	case types.Invalid:
		return types.Null()
	case types.Bool:
		return types.BoolValue(d.bool())
	case types.Int32:
		return types.Int32Value(d.int32())
	case types.Int64:
		return types.Int64Value(d.int64())
	case types.Timestamp:
		return types.TimestampMicrosValue(d.int64())
	case types.Float32:
		return types.Float32Value(d.float32())
	case types.Float64:
		return types.Float64Value(d.float64())
	case types.String:
		return types.StringValue(d.str())
	case types.Bytes:
		return types.BytesValue(d.bytes())
	}
	return d.list(t)
}

// list reads the count and elements of a list of type t.
func (d *decoder) list(t types.ValueType) types.Value {
	switch t {
	case types.BoolList:
		return types.BoolListValue(readEach(d, 1, (*decoder).bool))
	case types.Int32List:
		return types.Int32ListValue(readEach(d, 4, (*decoder).int32))
	case types.Int64List:
		return types.Int64ListValue(readEach(d, 8, (*decoder).int64))
	case types.TimestampList:
		return types.TimestampListValue(readEach(d, 8, (*decoder).int64))
	case types.Float32List:
		return types.Float32ListValue(readEach(d, 4, (*decoder).float32))
	case types.Float64List:
		return types.Float64ListValue(readEach(d, 8, (*decoder).float64))
	case types.StringList:
		return types.StringListValue(readEach(d, 1, (*decoder).str))
	case types.BytesList:
		return types.BytesListValue(readEach(d, 1, (*decoder).bytes))
	}
	d.off--
	d.fail("unknown value type %d", int(t))
	return types.Value{}
}

// readEach reads a count, then that many elements of at least minSize bytes.
func readEach[T any](d *decoder, minSize int, read func(*decoder) T) []T {
	n := d.count(minSize)
	out := make([]T, n)
	for i := range out {
		out[i] = read(d)
	}
	return out
}
