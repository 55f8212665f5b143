package feastfmt

import (
	"math"

	"google.golang.org/protobuf/encoding/protowire"

	"github.com/quiverfs/quiver/sdk/types"
)

// Field numbers of Feast's Value message (feast/types/Value.proto).
const (
	fieldBytes         protowire.Number = 1
	fieldString        protowire.Number = 2
	fieldInt32         protowire.Number = 3
	fieldInt64         protowire.Number = 4
	fieldDouble        protowire.Number = 5
	fieldFloat         protowire.Number = 6
	fieldBool          protowire.Number = 7
	fieldUnixTimestamp protowire.Number = 8
	fieldBytesList     protowire.Number = 11
	fieldStringList    protowire.Number = 12
	fieldInt32List     protowire.Number = 13
	fieldInt64List     protowire.Number = 14
	fieldDoubleList    protowire.Number = 15
	fieldFloatList     protowire.Number = 16
	fieldBoolList      protowire.Number = 17
	fieldTimestampList protowire.Number = 18
	fieldNull          protowire.Number = 19
)

// SubsecondField is the Value field, unknown to Feast, where Quiver keeps the
// microseconds past the whole second of a timestamp value (a varint), or of
// each element of a timestamp list (packed varints). It is written only when
// some microseconds are not zero.
const SubsecondField protowire.Number = 536870000

// AppendValue appends v in Feast's Value wire format. Null is the empty
// message, as Feast writes it. Lists are messages whose field 1 repeats the
// elements, packed for numbers.
func AppendValue(dst []byte, v types.Value) []byte {
	switch v.Type() {
	case types.Invalid:
		return dst
	case types.Bytes:
		return protowire.AppendBytes(protowire.AppendTag(dst, fieldBytes, protowire.BytesType), v.BytesVal())
	case types.String:
		return protowire.AppendString(protowire.AppendTag(dst, fieldString, protowire.BytesType), v.Str())
	case types.Int32:
		return protowire.AppendVarint(protowire.AppendTag(dst, fieldInt32, protowire.VarintType), uint64(int64(v.Int32())))
	case types.Int64:
		return protowire.AppendVarint(protowire.AppendTag(dst, fieldInt64, protowire.VarintType), uint64(v.Int64()))
	case types.Float64:
		return protowire.AppendFixed64(protowire.AppendTag(dst, fieldDouble, protowire.Fixed64Type), math.Float64bits(v.Float64()))
	case types.Float32:
		return protowire.AppendFixed32(protowire.AppendTag(dst, fieldFloat, protowire.Fixed32Type), math.Float32bits(v.Float32()))
	case types.Bool:
		return protowire.AppendVarint(protowire.AppendTag(dst, fieldBool, protowire.VarintType), protowire.EncodeBool(v.Bool()))
	case types.Timestamp:
		sec, us := splitMicros(v.Int64())
		dst = protowire.AppendVarint(protowire.AppendTag(dst, fieldUnixTimestamp, protowire.VarintType), uint64(sec))
		if us != 0 {
			dst = protowire.AppendVarint(protowire.AppendTag(dst, SubsecondField, protowire.VarintType), uint64(us))
		}
		return dst
	}
	return appendList(dst, v)
}

// appendList appends a list value: the list message, then for timestamps
// the sub-second part when there is one.
func appendList(dst []byte, v types.Value) []byte {
	var body []byte
	var num protowire.Number
	switch v.Type() {
	case types.BytesList:
		num = fieldBytesList
		for _, b := range v.BytesList() {
			body = protowire.AppendBytes(protowire.AppendTag(body, 1, protowire.BytesType), b)
		}
	case types.StringList:
		num = fieldStringList
		for _, s := range v.StringList() {
			body = protowire.AppendString(protowire.AppendTag(body, 1, protowire.BytesType), s)
		}
	case types.Int32List:
		num, body = fieldInt32List, packed(v.Int32List(), func(b []byte, x int32) []byte { return protowire.AppendVarint(b, uint64(int64(x))) })
	case types.Int64List:
		num, body = fieldInt64List, packed(v.Int64List(), func(b []byte, x int64) []byte { return protowire.AppendVarint(b, uint64(x)) })
	case types.Float64List:
		num, body = fieldDoubleList, packed(v.Float64List(), func(b []byte, x float64) []byte { return protowire.AppendFixed64(b, math.Float64bits(x)) })
	case types.Float32List:
		num, body = fieldFloatList, packed(v.Float32List(), func(b []byte, x float32) []byte { return protowire.AppendFixed32(b, math.Float32bits(x)) })
	case types.BoolList:
		num, body = fieldBoolList, packed(v.BoolList(), func(b []byte, x bool) []byte { return protowire.AppendVarint(b, protowire.EncodeBool(x)) })
	case types.TimestampList:
		return appendTimestampList(dst, v.Int64List())
	}
	return protowire.AppendBytes(protowire.AppendTag(dst, num, protowire.BytesType), body)
}

// packed encodes elements as one packed field 1, or nothing when empty.
func packed[T any](elems []T, put func([]byte, T) []byte) []byte {
	if len(elems) == 0 {
		return nil
	}
	var payload []byte
	for _, e := range elems {
		payload = put(payload, e)
	}
	return protowire.AppendBytes(protowire.AppendTag(nil, 1, protowire.BytesType), payload)
}

// appendTimestampList appends whole seconds as unix_timestamp_list_val and,
// when any element has a fraction, the microseconds as SubsecondField.
func appendTimestampList(dst []byte, us []int64) []byte {
	secs := make([]int64, len(us))
	subs := make([]int64, len(us))
	fraction := false
	for i, u := range us {
		secs[i], subs[i] = splitMicros(u)
		fraction = fraction || subs[i] != 0
	}
	put := func(b []byte, x int64) []byte { return protowire.AppendVarint(b, uint64(x)) }
	dst = protowire.AppendBytes(protowire.AppendTag(dst, fieldTimestampList, protowire.BytesType), packed(secs, put))
	if fraction {
		var payload []byte
		for _, s := range subs {
			payload = put(payload, s)
		}
		dst = protowire.AppendBytes(protowire.AppendTag(dst, SubsecondField, protowire.BytesType), payload)
	}
	return dst
}

// splitMicros splits microseconds since the epoch into whole seconds
// (floored) and the microseconds past them (0..999999).
func splitMicros(us int64) (sec, sub int64) {
	sec, sub = us/1_000_000, us%1_000_000
	if sub < 0 {
		sec, sub = sec-1, sub+1_000_000
	}
	return sec, sub
}
