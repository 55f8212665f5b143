package feastfmt

import (
	"errors"
	"fmt"
	"math"

	"google.golang.org/protobuf/encoding/protowire"

	"github.com/quiverfs/quiver/sdk/types"
)

// errMalformed reports bytes that are not a Value message.
var errMalformed = errors.New("malformed Feast Value")

// NullTimestampSeconds is the unix_timestamp_val Feast writes for a null
// timestamp (pandas NaT); it decodes as null. Quiver writes null timestamps
// as the empty message, like every other null, which Feast reads as null too.
const NullTimestampSeconds = math.MinInt64

// DecodeValue decodes a Value message written by Feast or by AppendValue.
// The empty message and null_val are null. Feast's string-like fields (json,
// uuid, decimal) decode as strings and its sets as lists; other Feast-only
// types (maps, structs, zoned timestamps) are an error naming the field.
func DecodeValue(b []byte) (types.Value, error) {
	var out types.Value
	var sub []int64 // SubsecondField, for timestamps
	var subSet bool
	for len(b) > 0 {
		num, typ, n := protowire.ConsumeTag(b)
		if n < 0 {
			return types.Null(), fmt.Errorf("%w: %v", errMalformed, protowire.ParseError(n))
		}
		b = b[n:]
		m := protowire.ConsumeFieldValue(num, typ, b)
		if m < 0 {
			return types.Null(), fmt.Errorf("%w: field %d: %v", errMalformed, num, protowire.ParseError(m))
		}
		raw := b[:m]
		b = b[m:]
		if num == SubsecondField {
			sub, subSet = decodeInts(typ, raw), true
			continue
		}
		v, err := decodeField(num, typ, raw)
		if err != nil {
			return types.Null(), err
		}
		out = v
	}
	if subSet {
		out = applySubseconds(out, sub)
	}
	return out, nil
}

// decodeField decodes one field of the Value oneof.
func decodeField(num protowire.Number, typ protowire.Type, raw []byte) (types.Value, error) {
	switch num {
	case fieldBytes:
		b, _ := protowire.ConsumeBytes(raw)
		return types.BytesValue(append([]byte{}, b...)), nil
	case fieldString, 32, 36, 37, 44: // string, json, uuid, time_uuid, decimal
		b, _ := protowire.ConsumeBytes(raw)
		return types.StringValue(string(b)), nil
	case fieldInt32:
		return types.Int32Value(int32(varint(raw))), nil
	case fieldInt64:
		return types.Int64Value(int64(varint(raw))), nil
	case fieldDouble:
		v, _ := protowire.ConsumeFixed64(raw)
		return types.Float64Value(math.Float64frombits(v)), nil
	case fieldFloat:
		v, _ := protowire.ConsumeFixed32(raw)
		return types.Float32Value(math.Float32frombits(v)), nil
	case fieldBool:
		return types.BoolValue(varint(raw) != 0), nil
	case fieldUnixTimestamp:
		sec := int64(varint(raw))
		if sec == NullTimestampSeconds {
			return types.Null(), nil
		}
		if sec > maxSeconds || sec < -maxSeconds {
			return types.Null(), fmt.Errorf("timestamp value of %d seconds is out of range", sec)
		}
		return types.TimestampMicrosValue(sec * 1_000_000), nil
	case fieldNull:
		return types.Null(), nil
	}
	if t, ok := listFields[num]; ok {
		body, _ := protowire.ConsumeBytes(raw)
		return decodeList(t, body)
	}
	return types.Null(), fmt.Errorf("Feast Value field %d has no Quiver type", num)
}

// listFields maps Feast's list and set fields to Quiver list types.
var listFields = map[protowire.Number]types.ValueType{
	fieldBytesList: types.BytesList, fieldStringList: types.StringList, fieldInt32List: types.Int32List,
	fieldInt64List: types.Int64List, fieldDoubleList: types.Float64List, fieldFloatList: types.Float32List,
	fieldBoolList: types.BoolList, fieldTimestampList: types.TimestampList,
	22: types.BytesList, 23: types.StringList, 24: types.Int32List, 25: types.Int64List, // sets
	26: types.Float64List, 27: types.Float32List, 28: types.BoolList, 29: types.TimestampList,
	33: types.StringList, 38: types.StringList, 39: types.StringList, 40: types.StringList, // json, uuid lists and sets
	41: types.StringList, 45: types.StringList, 46: types.StringList, // time uuid set, decimal list and set
}

func varint(raw []byte) uint64 { v, _ := protowire.ConsumeVarint(raw); return v }

// decodeList decodes the body of a list message: field 1 repeated, packed or not.
func decodeList(t types.ValueType, body []byte) (types.Value, error) {
	var elems [][]byte // length-delimited elements
	var nums []uint64  // numeric elements
	for len(body) > 0 {
		num, typ, n := protowire.ConsumeTag(body)
		if n < 0 {
			return types.Null(), fmt.Errorf("%w: list: %v", errMalformed, protowire.ParseError(n))
		}
		body = body[n:]
		m := protowire.ConsumeFieldValue(num, typ, body)
		if m < 0 {
			return types.Null(), fmt.Errorf("%w: list: %v", errMalformed, protowire.ParseError(m))
		}
		raw := body[:m]
		body = body[m:]
		if num != 1 {
			continue
		}
		if t == types.BytesList || t == types.StringList {
			b, _ := protowire.ConsumeBytes(raw)
			elems = append(elems, b)
			continue
		}
		var err error
		if nums, err = appendNumbers(nums, t, typ, raw); err != nil {
			return types.Null(), err
		}
	}
	return buildList(t, elems, nums), nil
}
