package feastfmt

import (
	"fmt"
	"math"

	"google.golang.org/protobuf/encoding/protowire"

	"github.com/quiverfs/quiver/sdk/types"
)

// appendNumbers appends the numeric elements of one field-1 occurrence,
// packed (BytesType) or single, as raw 64-bit patterns.
func appendNumbers(dst []uint64, t types.ValueType, typ protowire.Type, raw []byte) ([]uint64, error) {
	want := protowire.VarintType
	switch t {
	case types.Float64List:
		want = protowire.Fixed64Type
	case types.Float32List:
		want = protowire.Fixed32Type
	}
	one := func(b []byte) (uint64, int) {
		switch want {
		case protowire.Fixed64Type:
			return protowire.ConsumeFixed64(b)
		case protowire.Fixed32Type:
			v, n := protowire.ConsumeFixed32(b)
			return uint64(v), n
		}
		return protowire.ConsumeVarint(b)
	}
	if typ == want {
		v, _ := one(raw)
		return append(dst, v), nil
	}
	if typ != protowire.BytesType {
		return dst, fmt.Errorf("%w: %s element of wire type %d", errMalformed, t, typ)
	}
	payload, _ := protowire.ConsumeBytes(raw)
	for len(payload) > 0 {
		v, n := one(payload)
		if n < 0 {
			return dst, fmt.Errorf("%w: packed %s: %v", errMalformed, t, protowire.ParseError(n))
		}
		dst = append(dst, v)
		payload = payload[n:]
	}
	return dst, nil
}

// buildList makes the Quiver list value from decoded elements.
func buildList(t types.ValueType, elems [][]byte, nums []uint64) types.Value {
	switch t {
	case types.BytesList:
		out := make([][]byte, len(elems))
		for i, e := range elems {
			out[i] = append([]byte{}, e...)
		}
		return types.BytesListValue(out)
	case types.StringList:
		out := make([]string, len(elems))
		for i, e := range elems {
			out[i] = string(e)
		}
		return types.StringListValue(out)
	case types.Int32List:
		return types.Int32ListValue(convert(nums, func(v uint64) int32 { return int32(v) }))
	case types.Int64List:
		return types.Int64ListValue(convert(nums, func(v uint64) int64 { return int64(v) }))
	case types.Float64List:
		return types.Float64ListValue(convert(nums, math.Float64frombits))
	case types.Float32List:
		return types.Float32ListValue(convert(nums, func(v uint64) float32 { return math.Float32frombits(uint32(v)) }))
	case types.BoolList:
		return types.BoolListValue(convert(nums, func(v uint64) bool { return v != 0 }))
	}
	return types.TimestampListValue(convert(nums, func(v uint64) int64 { return int64(v) * 1_000_000 }))
}

func convert[T any](nums []uint64, f func(uint64) T) []T {
	out := make([]T, len(nums))
	for i, n := range nums {
		out[i] = f(n)
	}
	return out
}

// decodeInts decodes SubsecondField: one varint or packed varints.
func decodeInts(typ protowire.Type, raw []byte) []int64 {
	nums, _ := appendNumbers(nil, types.Int64List, typ, raw)
	return convert(nums, func(v uint64) int64 { return int64(v) })
}

// applySubseconds adds the microseconds past the second to a timestamp or
// timestamp list decoded from whole seconds.
func applySubseconds(v types.Value, sub []int64) types.Value {
	switch v.Type() {
	case types.Timestamp:
		if len(sub) == 1 {
			return types.TimestampMicrosValue(v.Int64() + sub[0])
		}
	case types.TimestampList:
		us := v.Int64List()
		if len(sub) == len(us) {
			out := make([]int64, len(us))
			for i := range us {
				out[i] = us[i] + sub[i]
			}
			return types.TimestampListValue(out)
		}
	}
	return v
}
