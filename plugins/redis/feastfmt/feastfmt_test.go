package feastfmt_test

import (
	"encoding/hex"
	"math"
	"testing"
	"time"

	"github.com/quiverfs/quiver/plugins/redis/feastfmt"
	"github.com/quiverfs/quiver/sdk/types"
)

// TestValueBytes checks encodings against bytes Feast's Python protobuf produced.
func TestValueBytes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		v    types.Value
		want string
	}{
		{types.Int64ListValue([]int64{1, 2}), "72040a020102"},
		{types.Float32ListValue(nil), "820100"},
		{types.Int32Value(-1), "18ffffffffffffffffff01"},
		{types.StringValue(""), "1200"},
		{types.Null(), ""},
		{types.Float64Value(math.Copysign(0, -1)), "290000000000000080"},
		{types.TimestampValue(time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)), "40c0ed8bbe06"},
	}
	for _, tt := range tests {
		if got := hex.EncodeToString(feastfmt.AppendValue(nil, tt.v)); got != tt.want {
			t.Errorf("AppendValue(%s) = %s, want %s", tt.v, got, tt.want)
		}
	}
}

// TestValueRoundTrip encodes and decodes every type, with sub-second and
// pre-1970 timestamps, which Feast's layout alone cannot hold.
func TestValueRoundTrip(t *testing.T) {
	t.Parallel()
	moon := time.Date(1969, 7, 20, 20, 17, 40, 654321000, time.UTC)
	values := []types.Value{
		types.BoolValue(true), types.Int32Value(math.MinInt32), types.Int64Value(math.MaxInt64),
		types.Float32Value(-3.4e38), types.Float64Value(0.1), types.StringValue("héllo"), types.BytesValue([]byte{0, 0xff}),
		types.TimestampValue(moon), types.TimestampMicrosValue(-1), types.BoolListValue([]bool{true, false}),
		types.Int32ListValue([]int32{-7}), types.Int64ListValue([]int64{math.MinInt64}), types.Float32ListValue([]float32{1.5}),
		types.Float64ListValue([]float64{math.Inf(1)}), types.StringListValue([]string{"", "a"}),
		types.BytesListValue([][]byte{{}, {1}}), types.TimestampListValue([]int64{types.ToMicros(moon), 1_000_000}),
		types.TimestampListValue(nil), types.StringListValue(nil), types.Null(),
	}
	for _, v := range values {
		got, err := feastfmt.DecodeValue(feastfmt.AppendValue(nil, v))
		if err != nil || !got.Equal(v) {
			t.Errorf("round trip of %s (%s) = %s (%s), %v", v, v.Type(), got, got.Type(), err)
		}
	}
}

func TestTimestampRoundTrip(t *testing.T) {
	t.Parallel()
	for _, ts := range []time.Time{time.Date(2024, 5, 1, 12, 0, 0, 123456000, time.UTC), time.Date(1969, 12, 31, 23, 59, 59, 500000000, time.UTC)} {
		got, err := feastfmt.DecodeTimestamp(feastfmt.AppendTimestamp(nil, ts))
		if err != nil || !got.Equal(ts) {
			t.Errorf("timestamp %s came back as %s, %v", ts, got, err)
		}
	}
}

func TestProjectOf(t *testing.T) {
	t.Parallel()
	key := types.EntityKey{{JoinKey: "b", Value: types.StringValue("x")}, {JoinKey: "a", Value: types.Int64Value(1)}}
	k, err := feastfmt.AppendRedisKey(nil, key, "shop")
	if err != nil {
		t.Fatal(err)
	}
	if !feastfmt.ProjectOf(k, "shop") || feastfmt.ProjectOf(k, "hop") || feastfmt.ProjectOf(k, "myshop") {
		t.Errorf("ProjectOf misreads %x", k)
	}
	sorted, _ := feastfmt.AppendRedisKey(nil, types.EntityKey{key[1], key[0]}, "shop")
	if string(sorted) != string(k) {
		t.Errorf("join key order changes the key: %x vs %x", k, sorted)
	}
	if _, err := feastfmt.AppendEntityKey(nil, types.EntityKey{{JoinKey: "f", Value: types.Float64Value(1)}}); err == nil {
		t.Errorf("a float join key was accepted")
	}
}
