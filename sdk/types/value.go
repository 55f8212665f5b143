package types

import (
	"bytes"
	"fmt"
	"math"
	"slices"
	"time"
)

// Value is one typed value or null. The zero Value is null. Values are
// immutable once built; build them with the constructors below.
type Value struct {
	typ  ValueType
	num  uint64 // bool, int32, int64, timestamp micros, float bits
	str  string
	list any // []bool, []int32, []int64, []float32, []float64, []string, [][]byte
}

// Null returns the null value.
func Null() Value { return Value{} }

// BoolValue returns a bool value.
func BoolValue(v bool) Value {
	var n uint64
	if v {
		n = 1
	}
	return Value{typ: Bool, num: n}
}

// Int32Value returns an int32 value.
func Int32Value(v int32) Value { return Value{typ: Int32, num: uint64(int64(v))} }

// Int64Value returns an int64 value.
func Int64Value(v int64) Value { return Value{typ: Int64, num: uint64(v)} }

// Float32Value returns a float32 value.
func Float32Value(v float32) Value { return Value{typ: Float32, num: uint64(math.Float32bits(v))} }

// Float64Value returns a float64 value.
func Float64Value(v float64) Value { return Value{typ: Float64, num: math.Float64bits(v)} }

// StringValue returns a string value.
func StringValue(v string) Value { return Value{typ: String, str: v} }

// BytesValue returns a bytes value. The slice is not copied.
func BytesValue(v []byte) Value { return Value{typ: Bytes, list: v} }

// TimestampValue returns a timestamp value truncated to microseconds, in UTC.
func TimestampValue(t time.Time) Value { return Value{typ: Timestamp, num: uint64(ToMicros(t))} }

// TimestampMicrosValue returns a timestamp value from microseconds since the epoch.
func TimestampMicrosValue(us int64) Value { return Value{typ: Timestamp, num: uint64(us)} }

// BoolListValue returns a list<bool> value. The slice is not copied.
func BoolListValue(v []bool) Value { return Value{typ: BoolList, list: nonNil(v)} }

// Int32ListValue returns a list<int32> value. The slice is not copied.
func Int32ListValue(v []int32) Value { return Value{typ: Int32List, list: nonNil(v)} }

// Int64ListValue returns a list<int64> value. The slice is not copied.
func Int64ListValue(v []int64) Value { return Value{typ: Int64List, list: nonNil(v)} }

// Float32ListValue returns a list<float32> value. The slice is not copied.
func Float32ListValue(v []float32) Value { return Value{typ: Float32List, list: nonNil(v)} }

// Float64ListValue returns a list<float64> value. The slice is not copied.
func Float64ListValue(v []float64) Value { return Value{typ: Float64List, list: nonNil(v)} }

// StringListValue returns a list<string> value. The slice is not copied.
func StringListValue(v []string) Value { return Value{typ: StringList, list: nonNil(v)} }

// BytesListValue returns a list<bytes> value. The slice is not copied.
func BytesListValue(v [][]byte) Value { return Value{typ: BytesList, list: nonNil(v)} }

// TimestampListValue returns a list<timestamp> value of microseconds since the epoch.
func TimestampListValue(us []int64) Value { return Value{typ: TimestampList, list: nonNil(us)} }

func nonNil[T any](v []T) []T {
	if v == nil {
		return []T{}
	}
	return v
}

// Type returns the value's type, or Invalid for null.
func (v Value) Type() ValueType { return v.typ }

// IsNull reports whether v is null.
func (v Value) IsNull() bool { return v.typ == Invalid }

// Bool returns the value of a bool.
func (v Value) Bool() bool { return v.num != 0 }

// Int32 returns the value of an int32.
func (v Value) Int32() int32 { return int32(int64(v.num)) }

// Int64 returns the value of an int64, or the microseconds of a timestamp.
func (v Value) Int64() int64 { return int64(v.num) }

// Float32 returns the value of a float32.
func (v Value) Float32() float32 { return math.Float32frombits(uint32(v.num)) }

// Float64 returns the value of a float64.
func (v Value) Float64() float64 { return math.Float64frombits(v.num) }

// Str returns the value of a string.
func (v Value) Str() string { return v.str }

// BytesVal returns the value of a bytes value.
func (v Value) BytesVal() []byte { b, _ := v.list.([]byte); return b }

// Time returns the value of a timestamp, in UTC.
func (v Value) Time() time.Time { return FromMicros(int64(v.num)) }

// BoolList returns the elements of a list<bool>.
func (v Value) BoolList() []bool { l, _ := v.list.([]bool); return l }

// Int32List returns the elements of a list<int32>.
func (v Value) Int32List() []int32 { l, _ := v.list.([]int32); return l }

// Int64List returns the elements of a list<int64> or list<timestamp> (microseconds).
func (v Value) Int64List() []int64 { l, _ := v.list.([]int64); return l }

// Float32List returns the elements of a list<float32>.
func (v Value) Float32List() []float32 { l, _ := v.list.([]float32); return l }

// Float64List returns the elements of a list<float64>.
func (v Value) Float64List() []float64 { l, _ := v.list.([]float64); return l }

// StringList returns the elements of a list<string>.
func (v Value) StringList() []string { l, _ := v.list.([]string); return l }

// BytesList returns the elements of a list<bytes>.
func (v Value) BytesList() [][]byte { l, _ := v.list.([][]byte); return l }

// Interface returns the value as a plain Go value: nil, bool, int32, int64,
// float32, float64, string, []byte, time.Time, or a slice of those
// ([]time.Time for list<timestamp>).
func (v Value) Interface() any {
	switch v.typ {
	case Invalid:
		return nil
	case Bool:
		return v.Bool()
	case Int32:
		return v.Int32()
	case Int64:
		return v.Int64()
	case Float32:
		return v.Float32()
	case Float64:
		return v.Float64()
	case String:
		return v.str
	case Timestamp:
		return v.Time()
	case TimestampList:
		us := v.Int64List()
		out := make([]time.Time, len(us))
		for i, u := range us {
			out[i] = FromMicros(u)
		}
		return out
	default:
		return v.list
	}
}

// Equal reports whether two values have the same type and contents. Floats
// compare by bits, so NaN equals NaN.
func (v Value) Equal(o Value) bool {
	if v.typ != o.typ || v.num != o.num || v.str != o.str {
		return false
	}
	switch a := v.list.(type) {
	case nil:
		return o.list == nil
	case []byte:
		return bytes.Equal(a, o.list.([]byte))
	case []bool:
		return slices.Equal(a, o.list.([]bool))
	case []int32:
		return slices.Equal(a, o.list.([]int32))
	case []int64:
		return slices.Equal(a, o.list.([]int64))
	case []float32:
		return slices.EqualFunc(a, o.list.([]float32), func(x, y float32) bool { return math.Float32bits(x) == math.Float32bits(y) })
	case []float64:
		return slices.EqualFunc(a, o.list.([]float64), func(x, y float64) bool { return math.Float64bits(x) == math.Float64bits(y) })
	case []string:
		return slices.Equal(a, o.list.([]string))
	case [][]byte:
		return slices.EqualFunc(a, o.list.([][]byte), bytes.Equal)
	}
	return false
}

// String renders the value for messages and logs.
func (v Value) String() string {
	if v.IsNull() {
		return "null"
	}
	switch v.typ {
	case String:
		return fmt.Sprintf("%q", v.str)
	case Timestamp:
		return v.Time().Format(time.RFC3339Nano)
	}
	return fmt.Sprint(v.Interface())
}

// ListOf builds a list value of type t from non-null element values of
// t.Elem(). It panics if t is not a list type.
func ListOf(t ValueType, elems []Value) Value {
	switch t {
	case BoolList:
		return BoolListValue(collect(elems, Value.Bool))
	case Int32List:
		return Int32ListValue(collect(elems, Value.Int32))
	case Int64List:
		return Int64ListValue(collect(elems, Value.Int64))
	case Float32List:
		return Float32ListValue(collect(elems, Value.Float32))
	case Float64List:
		return Float64ListValue(collect(elems, Value.Float64))
	case StringList:
		return StringListValue(collect(elems, Value.Str))
	case BytesList:
		return BytesListValue(collect(elems, Value.BytesVal))
	case TimestampList:
		return TimestampListValue(collect(elems, Value.Int64))
	}
	panic(fmt.Sprintf("types.ListOf: %v is not a list type", t))
}

func collect[T any](elems []Value, get func(Value) T) []T {
	out := make([]T, len(elems))
	for i, e := range elems {
		out[i] = get(e)
	}
	return out
}

// Elems returns the elements of a list value as values of t.Elem(); it is
// the inverse of ListOf. A scalar or null gives nil.
func (v Value) Elems() []Value {
	switch v.Type() {
	case BoolList:
		return wrap(v.BoolList(), BoolValue)
	case Int32List:
		return wrap(v.Int32List(), Int32Value)
	case Int64List:
		return wrap(v.Int64List(), Int64Value)
	case Float32List:
		return wrap(v.Float32List(), Float32Value)
	case Float64List:
		return wrap(v.Float64List(), Float64Value)
	case StringList:
		return wrap(v.StringList(), StringValue)
	case BytesList:
		return wrap(v.BytesList(), BytesValue)
	case TimestampList:
		return wrap(v.Int64List(), TimestampMicrosValue)
	}
	return nil
}

func wrap[T any](elems []T, mk func(T) Value) []Value {
	out := make([]Value, len(elems))
	for i, e := range elems {
		out[i] = mk(e)
	}
	return out
}

// AsFloat64 returns a numeric value as float64 (a timestamp as its
// microseconds); false for other types and null.
func AsFloat64(v Value) (float64, bool) {
	switch v.Type() {
	case Int32:
		return float64(v.Int32()), true
	case Int64, Timestamp:
		return float64(v.Int64()), true
	case Float32:
		return float64(v.Float32()), true
	case Float64:
		return v.Float64(), true
	}
	return 0, false
}

// AsInt64 returns an integer value (a timestamp as its microseconds) as
// int64; false for other types and null.
func AsInt64(v Value) (int64, bool) {
	switch v.Type() {
	case Int32, Int64, Timestamp:
		return v.Int64(), true
	}
	return 0, false
}
