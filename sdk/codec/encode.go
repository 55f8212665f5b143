package codec

import (
	"encoding/binary"
	"math"

	"github.com/quiverfs/quiver/sdk/types"
)

// formatVersion is the first byte of every encoded key and row.
const formatVersion byte = 1

// signBit flips the sign of fixed-width integers so their bytes sort like
// their values.
const (
	signBit32 = uint32(1) << 31
	signBit64 = uint64(1) << 63
)

// AppendValue appends the encoding of one value (its type byte, then its
// payload) to dst and returns the result.
func AppendValue(dst []byte, v types.Value) []byte {
	t := v.Type()
	dst = append(dst, byte(t))
	switch t {
	case types.Invalid:
		return dst
	case types.Bool:
		return appendBool(dst, v.Bool())
	case types.Int32:
		return appendInt32(dst, v.Int32())
	case types.Int64, types.Timestamp:
		return appendInt64(dst, v.Int64())
	case types.Float32:
		return binary.BigEndian.AppendUint32(dst, math.Float32bits(v.Float32()))
	case types.Float64:
		return binary.BigEndian.AppendUint64(dst, math.Float64bits(v.Float64()))
	case types.String:
		return appendString(dst, v.Str())
	case types.Bytes:
		return appendBytes(dst, v.BytesVal())
	}
	return appendList(dst, v)
}

// appendList appends the element count and elements of a list value.
func appendList(dst []byte, v types.Value) []byte {
	switch v.Type() {
	case types.BoolList:
		return appendEach(dst, v.BoolList(), appendBool)
	case types.Int32List:
		return appendEach(dst, v.Int32List(), appendInt32)
	case types.Int64List, types.TimestampList:
		return appendEach(dst, v.Int64List(), appendInt64)
	case types.Float32List:
		return appendEach(dst, v.Float32List(), func(b []byte, f float32) []byte {
			return binary.BigEndian.AppendUint32(b, math.Float32bits(f))
		})
	case types.Float64List:
		return appendEach(dst, v.Float64List(), func(b []byte, f float64) []byte {
			return binary.BigEndian.AppendUint64(b, math.Float64bits(f))
		})
	case types.StringList:
		return appendEach(dst, v.StringList(), appendString)
	case types.BytesList:
		return appendEach(dst, v.BytesList(), appendBytes)
	}
	// Unknown types cannot be built through the types constructors; encode
	// them as null so the output stays decodable.
	dst[len(dst)-1] = byte(types.Invalid)
	return dst
}

func appendEach[T any](dst []byte, elems []T, add func([]byte, T) []byte) []byte {
	dst = appendUvarint(dst, uint64(len(elems)))
	for _, e := range elems {
		dst = add(dst, e)
	}
	return dst
}

func appendBool(dst []byte, b bool) []byte {
	if b {
		return append(dst, 1)
	}
	return append(dst, 0)
}

func appendInt32(dst []byte, v int32) []byte {
	return binary.BigEndian.AppendUint32(dst, uint32(v)^signBit32)
}

func appendInt64(dst []byte, v int64) []byte {
	return binary.BigEndian.AppendUint64(dst, uint64(v)^signBit64)
}

func appendUvarint(dst []byte, n uint64) []byte { return binary.AppendUvarint(dst, n) }

func appendString(dst []byte, s string) []byte {
	return append(appendUvarint(dst, uint64(len(s))), s...)
}

func appendBytes(dst []byte, b []byte) []byte {
	return append(appendUvarint(dst, uint64(len(b))), b...)
}
