package types

import (
	"math"
	"testing"
	"time"
)

func TestValueAccessorsReturnWhatWasBuilt(t *testing.T) {
	t.Parallel()
	ts := time.Date(2025, 1, 2, 3, 4, 5, 6789, time.FixedZone("x", 3600))
	tests := []struct {
		name string
		v    Value
		typ  ValueType
		want any
	}{
		{"null", Null(), Invalid, nil},
		{"bool", BoolValue(true), Bool, true},
		{"int32", Int32Value(math.MinInt32), Int32, int32(math.MinInt32)},
		{"int64", Int64Value(math.MaxInt64), Int64, int64(math.MaxInt64)},
		{"float32", Float32Value(-1.25), Float32, float32(-1.25)},
		{"float64", Float64Value(math.Pi), Float64, math.Pi},
		{"string", StringValue("s"), String, "s"},
		{"timestamp truncated to micros in UTC", TimestampValue(ts), Timestamp, ts.Truncate(time.Microsecond).UTC()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.v.Type() != tt.typ || tt.v.Interface() != tt.want {
				t.Errorf("got %v %#v, want %v %#v", tt.v.Type(), tt.v.Interface(), tt.typ, tt.want)
			}
		})
	}
}

func TestValueEqual(t *testing.T) {
	t.Parallel()
	nan := math.Float32frombits(0x7fc00000)
	tests := []struct {
		a, b Value
		want bool
	}{
		{Null(), Null(), true},
		{Int32Value(1), Int64Value(1), false},
		{Float32ListValue([]float32{nan}), Float32ListValue([]float32{nan}), true},
		{StringListValue(nil), StringListValue([]string{}), true},
		{BytesListValue([][]byte{{1}}), BytesListValue([][]byte{{2}}), false},
		{Int64ListValue([]int64{1}), TimestampListValue([]int64{1}), false},
	}
	for i, tt := range tests {
		if got := tt.a.Equal(tt.b); got != tt.want {
			t.Errorf("%d: %v.Equal(%v) = %v, want %v", i, tt.a, tt.b, got, tt.want)
		}
	}
}

func TestParseValueTypeAcceptsOwnAndFeastNames(t *testing.T) {
	t.Parallel()
	for _, vt := range AllValueTypes {
		got, err := ParseValueType(vt.String())
		if err != nil || got != vt {
			t.Errorf("ParseValueType(%q) = %v, %v", vt.String(), got, err)
		}
	}
	if got, err := ParseValueType("Array(Float32)"); err != nil || got != Float32List {
		t.Errorf("Feast name: %v, %v", got, err)
	}
	if _, err := ParseValueType("decimal"); err == nil {
		t.Error("ParseValueType(decimal) did not fail")
	}
}

func TestElemsInvertsListOf(t *testing.T) {
	t.Parallel()
	lists := []Value{BoolListValue([]bool{true}), Int32ListValue([]int32{1, 2}), Int64ListValue(nil),
		Float32ListValue([]float32{0.5}), Float64ListValue([]float64{2}), StringListValue([]string{"a"}),
		BytesListValue([][]byte{{1}}), TimestampListValue([]int64{5})}
	for _, l := range lists {
		if got := ListOf(l.Type(), l.Elems()); !got.Equal(l) {
			t.Errorf("ListOf(Elems(%v)) = %v", l, got)
		}
	}
	if Int64Value(1).Elems() != nil {
		t.Error("a scalar has elements")
	}
}
