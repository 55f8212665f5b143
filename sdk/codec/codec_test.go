package codec

import (
	"bytes"
	"math"
	"testing"
	"time"

	"github.com/quiverfs/quiver/sdk/types"
)

// sampleValues covers every type with extremes, empties and odd floats.
func sampleValues() map[string]types.Value {
	moon := time.Date(1969, 7, 20, 20, 17, 40, 654321000, time.UTC)
	nan32 := math.Float32frombits(0x7fc00001)
	nan64 := math.Float64frombits(0x7ff8000000000001)
	return map[string]types.Value{
		"null":                types.Null(),
		"bool true":           types.BoolValue(true),
		"bool false":          types.BoolValue(false),
		"int32 min":           types.Int32Value(math.MinInt32),
		"int32 max":           types.Int32Value(math.MaxInt32),
		"int64 min":           types.Int64Value(math.MinInt64),
		"int64 max":           types.Int64Value(math.MaxInt64),
		"float32 nan payload": types.Float32Value(nan32),
		"float32 neg zero":    types.Float32Value(float32(math.Copysign(0, -1))),
		"float32 -inf":        types.Float32Value(float32(math.Inf(-1))),
		"float64 nan payload": types.Float64Value(nan64),
		"float64 smallest":    types.Float64Value(math.SmallestNonzeroFloat64),
		"string unicode":      types.StringValue("héllo, 世界 \"q\"\n\x00"),
		"string empty":        types.StringValue(""),
		"bytes zeros":         types.BytesValue([]byte{0, 1, 0xfe, 0xff, 0}),
		"bytes empty":         types.BytesValue([]byte{}),
		"timestamp negative":  types.TimestampValue(moon),
		"timestamp zero":      types.TimestampMicrosValue(0),
		"bool list":           types.BoolListValue([]bool{true, false}),
		"int32 list":          types.Int32ListValue([]int32{math.MaxInt32, 0, -7}),
		"int64 list":          types.Int64ListValue([]int64{math.MinInt64, 1 << 53}),
		"float32 list":        types.Float32ListValue([]float32{1.5, nan32, float32(math.Inf(1))}),
		"float64 list":        types.Float64ListValue([]float64{math.MaxFloat64, nan64, -1e-300}),
		"string list":         types.StringListValue([]string{"", "a,b", "ünï"}),
		"bytes list":          types.BytesListValue([][]byte{{}, {0}, []byte("xyz")}),
		"timestamp list":      types.TimestampListValue([]int64{-1, 0, 1}),
		"empty bool list":     types.BoolListValue(nil),
		"empty int32 list":    types.Int32ListValue(nil),
		"empty int64 list":    types.Int64ListValue(nil),
		"empty float32 list":  types.Float32ListValue(nil),
		"empty float64 list":  types.Float64ListValue(nil),
		"empty string list":   types.StringListValue(nil),
		"empty bytes list":    types.BytesListValue(nil),
		"empty ts list":       types.TimestampListValue(nil),
	}
}

func TestValueRoundTrip(t *testing.T) {
	t.Parallel()
	for name, v := range sampleValues() {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			b := AppendValue(nil, v)
			got, n, err := DecodeValue(b)
			if err != nil || n != len(b) {
				t.Fatalf("DecodeValue(%x) = %v, %d, %v", b, got, n, err)
			}
			if !got.Equal(v) || got.Type() != v.Type() {
				t.Errorf("round trip of %s (%s) gave %s (%s)", v, v.Type(), got, got.Type())
			}
		})
	}
}

func TestNamedValuesRoundTrip(t *testing.T) {
	t.Parallel()
	var fields []NamedValue
	for name, v := range sampleValues() {
		fields = append(fields, NamedValue{Name: name, Value: v})
	}
	b := EncodeNamedValues(fields)
	got, err := DecodeNamedValues(b)
	if err != nil {
		t.Fatalf("DecodeNamedValues: %v", err)
	}
	if len(got) != len(fields) {
		t.Fatalf("%d fields, want %d", len(got), len(fields))
	}
	for i, f := range fields {
		if got[i].Name != f.Name || !got[i].Value.Equal(f.Value) {
			t.Errorf("field %d: got %s=%s, want %s=%s", i, got[i].Name, got[i].Value, f.Name, f.Value)
		}
	}
	if !bytes.Equal(EncodeNamedValues(got), b) {
		t.Error("re-encoding the decoded fields changed the bytes")
	}
	if empty, err := DecodeNamedValues(EncodeNamedValues(nil)); err != nil || len(empty) != 0 {
		t.Errorf("empty row: %v, %v", empty, err)
	}
}

func TestEntityKeyRoundTrip(t *testing.T) {
	t.Parallel()
	tests := map[string]types.EntityKey{
		"empty":     nil,
		"one int":   {{JoinKey: "driver_id", Value: types.Int64Value(-5)}},
		"composite": {{JoinKey: "a", Value: types.StringValue("x")}, {JoinKey: "b", Value: types.Int32Value(7)}},
		"null part": {{JoinKey: "a", Value: types.Null()}},
		"bytes":     {{JoinKey: "", Value: types.BytesValue([]byte{0})}},
	}
	for name, k := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			got, err := DecodeEntityKey(EncodeEntityKey(k))
			if err != nil || !got.Equal(k) {
				t.Errorf("round trip of %s gave %s, %v", k, got, err)
			}
		})
	}
}
