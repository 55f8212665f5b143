package cassandrastore

import (
	"encoding/binary"
	"fmt"
	"math"
	"unicode/utf8"

	gocql "github.com/apache/cassandra-gocql-driver/v2"

	"github.com/quiverfs/quiver/sdk/types"
)

// This file encodes Quiver values as CQL values and back, by hand: the
// column's Quiver type decides (timestamps are bigint microseconds), null
// and empty stay apart (an empty string, blob or list is a value), and
// malformed bytes are an error, never a panic.

// cqlArg is a statement argument: a value of a column of type t.
type cqlArg struct {
	v      types.Value
	vector bool // a vector<...> column: fixed size, no element count
}

var _ gocql.Marshaler = cqlArg{}

// MarshalCQL implements gocql.Marshaler. Null is CQL null.
func (a cqlArg) MarshalCQL(gocql.TypeInfo) ([]byte, error) {
	v := a.v
	switch v.Type() {
	case types.Invalid:
		return nil, nil
	case types.Bool:
		if v.Bool() {
			return []byte{1}, nil
		}
		return []byte{0}, nil
	case types.Int32:
		return binary.BigEndian.AppendUint32(nil, uint32(v.Int32())), nil
	case types.Int64, types.Timestamp:
		return binary.BigEndian.AppendUint64(nil, uint64(v.Int64())), nil
	case types.Float32:
		return binary.BigEndian.AppendUint32(nil, math.Float32bits(v.Float32())), nil
	case types.Float64:
		return binary.BigEndian.AppendUint64(nil, math.Float64bits(v.Float64())), nil
	case types.String:
		if !utf8.ValidString(v.Str()) {
			return nil, fmt.Errorf("a string value is not valid UTF-8, which Cassandra's text columns require")
		}
		return append([]byte{}, v.Str()...), nil
	case types.Bytes:
		return append([]byte{}, v.BytesVal()...), nil
	}
	if a.vector {
		return marshalVector(v)
	}
	return marshalList(v)
}

// marshalVector encodes a float list as a vector<float|double, n>: the
// elements back to back.
func marshalVector(v types.Value) ([]byte, error) {
	switch v.Type() {
	case types.Float32List:
		out := make([]byte, 0, 4*len(v.Float32List()))
		for _, x := range v.Float32List() {
			out = binary.BigEndian.AppendUint32(out, math.Float32bits(x))
		}
		return out, nil
	case types.Float64List:
		out := make([]byte, 0, 8*len(v.Float64List()))
		for _, x := range v.Float64List() {
			out = binary.BigEndian.AppendUint64(out, math.Float64bits(x))
		}
		return out, nil
	}
	return nil, fmt.Errorf("a vector column cannot hold a %s value", v.Type())
}

// marshalList encodes a list as a CQL list: a count, then each element
// with its length.
func marshalList(v types.Value) ([]byte, error) {
	var out []byte
	appendElem := func(b []byte) { out = binary.BigEndian.AppendUint32(out, uint32(len(b))); out = append(out, b...) }
	var scratch [8]byte
	count := func(n int) { out = binary.BigEndian.AppendUint32(make([]byte, 0, 4+n*12), uint32(n)) }
	switch v.Type() {
	case types.BoolList:
		count(len(v.BoolList()))
		for _, x := range v.BoolList() {
			b := byte(0)
			if x {
				b = 1
			}
			appendElem([]byte{b})
		}
	case types.Int32List:
		count(len(v.Int32List()))
		for _, x := range v.Int32List() {
			binary.BigEndian.PutUint32(scratch[:4], uint32(x))
			appendElem(scratch[:4])
		}
	case types.Int64List, types.TimestampList:
		count(len(v.Int64List()))
		for _, x := range v.Int64List() {
			binary.BigEndian.PutUint64(scratch[:], uint64(x))
			appendElem(scratch[:])
		}
	case types.Float32List:
		count(len(v.Float32List()))
		for _, x := range v.Float32List() {
			binary.BigEndian.PutUint32(scratch[:4], math.Float32bits(x))
			appendElem(scratch[:4])
		}
	case types.Float64List:
		count(len(v.Float64List()))
		for _, x := range v.Float64List() {
			binary.BigEndian.PutUint64(scratch[:], math.Float64bits(x))
			appendElem(scratch[:])
		}
	case types.StringList:
		count(len(v.StringList()))
		for _, x := range v.StringList() {
			if !utf8.ValidString(x) {
				return nil, fmt.Errorf("a string in a list is not valid UTF-8, which Cassandra's text columns require")
			}
			appendElem([]byte(x))
		}
	case types.BytesList:
		count(len(v.BytesList()))
		for _, x := range v.BytesList() {
			appendElem(x)
		}
	default:
		return nil, fmt.Errorf("cannot encode a %s value", v.Type())
	}
	return out, nil
}

// cell receives one column of a result row as a value of type t.
type cell struct {
	t      types.ValueType
	vector bool
	v      types.Value
}

var _ gocql.Unmarshaler = (*cell)(nil)

// UnmarshalCQL implements gocql.Unmarshaler: nil data is null.
func (c *cell) UnmarshalCQL(_ gocql.TypeInfo, data []byte) error {
	v, err := decodeValue(c.t, c.vector, data)
	if err != nil {
		return err
	}
	c.v = v
	return nil
}

// errMalformed says stored bytes do not fit the column's type.
func errMalformed(t types.ValueType, n int) error {
	return fmt.Errorf("a stored %s value of %d bytes is malformed (was the table changed outside Quiver?)", t, n)
}

// decodeValue decodes CQL bytes of a column of type t; nil is null.
func decodeValue(t types.ValueType, vector bool, data []byte) (types.Value, error) {
	if data == nil {
		return types.Null(), nil
	}
	if t.IsList() {
		if vector {
			return decodeVector(t, data)
		}
		return decodeList(t, data)
	}
	v, ok := decodeScalar(t, data)
	if !ok {
		return types.Null(), errMalformed(t, len(data))
	}
	return v, nil
}

// decodeScalar decodes one scalar; false when the bytes do not fit t.
func decodeScalar(t types.ValueType, b []byte) (types.Value, bool) {
	switch t {
	case types.Bool:
		return types.BoolValue(len(b) == 1 && b[0] != 0), len(b) == 1
	case types.Int32:
		if len(b) != 4 {
			return types.Null(), false
		}
		return types.Int32Value(int32(binary.BigEndian.Uint32(b))), true
	case types.Int64, types.Timestamp:
		if len(b) != 8 {
			return types.Null(), false
		}
		if t == types.Timestamp {
			return types.TimestampMicrosValue(int64(binary.BigEndian.Uint64(b))), true
		}
		return types.Int64Value(int64(binary.BigEndian.Uint64(b))), true
	case types.Float32:
		if len(b) != 4 {
			return types.Null(), false
		}
		return types.Float32Value(math.Float32frombits(binary.BigEndian.Uint32(b))), true
	case types.Float64:
		if len(b) != 8 {
			return types.Null(), false
		}
		return types.Float64Value(math.Float64frombits(binary.BigEndian.Uint64(b))), true
	case types.String:
		return types.StringValue(string(b)), true
	case types.Bytes:
		return types.BytesValue(append([]byte{}, b...)), true
	}
	return types.Null(), false
}

// decodeVector decodes a vector<float|double, n>.
func decodeVector(t types.ValueType, b []byte) (types.Value, error) {
	switch t {
	case types.Float32List:
		if len(b)%4 != 0 {
			return types.Null(), errMalformed(t, len(b))
		}
		out := make([]float32, len(b)/4)
		for i := range out {
			out[i] = math.Float32frombits(binary.BigEndian.Uint32(b[4*i:]))
		}
		return types.Float32ListValue(out), nil
	case types.Float64List:
		if len(b)%8 != 0 {
			return types.Null(), errMalformed(t, len(b))
		}
		out := make([]float64, len(b)/8)
		for i := range out {
			out[i] = math.Float64frombits(binary.BigEndian.Uint64(b[8*i:]))
		}
		return types.Float64ListValue(out), nil
	}
	return types.Null(), errMalformed(t, len(b))
}

// decodeList decodes a CQL list of t's element type.
func decodeList(t types.ValueType, b []byte) (types.Value, error) {
	if len(b) < 4 {
		return types.Null(), errMalformed(t, len(b))
	}
	n := int(binary.BigEndian.Uint32(b))
	b = b[4:]
	if n < 0 || n > len(b)/4 { // every element has at least its 4-byte length
		return types.Null(), errMalformed(t, len(b)+4)
	}
	elems := make([]types.Value, 0, n)
	for range n {
		if len(b) < 4 {
			return types.Null(), errMalformed(t, len(b))
		}
		size := int32(binary.BigEndian.Uint32(b))
		b = b[4:]
		if size < 0 || int(size) > len(b) {
			return types.Null(), errMalformed(t, len(b))
		}
		e, ok := decodeScalar(t.Elem(), b[:size])
		if !ok {
			return types.Null(), errMalformed(t, int(size))
		}
		elems = append(elems, e)
		b = b[size:]
	}
	if len(b) != 0 {
		return types.Null(), errMalformed(t, len(b))
	}
	return listOf(t, elems), nil
}

// listOf builds a list value of type t from scalar elements.
func listOf(t types.ValueType, elems []types.Value) types.Value {
	switch t {
	case types.BoolList:
		return types.BoolListValue(mapElems(elems, types.Value.Bool))
	case types.Int32List:
		return types.Int32ListValue(mapElems(elems, types.Value.Int32))
	case types.Int64List:
		return types.Int64ListValue(mapElems(elems, types.Value.Int64))
	case types.TimestampList:
		return types.TimestampListValue(mapElems(elems, types.Value.Int64))
	case types.Float32List:
		return types.Float32ListValue(mapElems(elems, types.Value.Float32))
	case types.Float64List:
		return types.Float64ListValue(mapElems(elems, types.Value.Float64))
	case types.StringList:
		return types.StringListValue(mapElems(elems, types.Value.Str))
	case types.BytesList:
		return types.BytesListValue(mapElems(elems, types.Value.BytesVal))
	}
	return types.Null()
}

func mapElems[T any](elems []types.Value, f func(types.Value) T) []T {
	out := make([]T, len(elems))
	for i, e := range elems {
		out[i] = f(e)
	}
	return out
}
