package httpapi

import (
	"bytes"
	"encoding/json"
	"math"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/quiverfs/quiver/host/internal/onlineread"
	"github.com/quiverfs/quiver/sdk/types"
)

// TestAppendResponseMatchesFeastJSON checks the hand-written hot-path
// encoder against the reference encoder (onlineread.WriteFeastJSON) on
// every value type, with numbers compared as written.
func TestAppendResponseMatchesFeastJSON(t *testing.T) {
	t.Parallel()
	ts := time.Date(2025, 3, 1, 12, 30, 0, 123456000, time.UTC)
	values := []types.Value{
		types.Null(), types.BoolValue(true), types.Int32Value(-7), types.Int64Value(1 << 60),
		types.Float32Value(0.1), types.Float32Value(1e-8), types.Float32Value(float32(math.Inf(1))),
		types.Float64Value(0.1), types.Float64Value(1e21), types.Float64Value(1e-7), types.Float64Value(math.NaN()),
		types.Float64Value(-123456.789), types.StringValue("a \"q\" \\ \n\t\x01 é \xff <>&"),
		types.BytesValue([]byte{0, 1, 254}), types.TimestampValue(ts),
		types.BoolListValue([]bool{true, false}), types.Int32ListValue([]int32{1, 2}), types.Int64ListValue([]int64{}),
		types.Float32ListValue([]float32{0.5, 0.1}), types.Float64ListValue([]float64{2.5}),
		types.StringListValue([]string{"x", "y"}), types.BytesListValue([][]byte{{1}}),
		types.TimestampListValue([]int64{types.ToMicros(ts)}),
	}
	resp := &onlineread.Response{FeatureNames: []string{"k", "f\"eature"}, Results: []onlineread.Column{
		{Values: values, Statuses: make([]onlineread.Status, len(values)), EventTimestamps: make([]time.Time, len(values))},
		{Values: []types.Value{types.Int64Value(1)}, Statuses: []onlineread.Status{onlineread.OutsideMaxAge}, EventTimestamps: []time.Time{ts}},
	}}
	for i := range values {
		resp.Results[0].Statuses[i] = onlineread.Present
	}
	var want bytes.Buffer
	if err := onlineread.WriteFeastJSON(&want, resp, ""); err != nil {
		t.Fatal(err)
	}
	got := appendResponse(nil, resp, false)
	if diff := cmp.Diff(decodeNumbers(t, want.Bytes()), decodeNumbers(t, got)); diff != "" {
		t.Errorf("appendResponse differs from WriteFeastJSON (-want +got):\n%s\ngot: %s", diff, got)
	}
}

func decodeNumbers(t *testing.T, b []byte) any {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("invalid JSON: %v\n%s", err, b)
	}
	return v
}

func BenchmarkAppendResponse(b *testing.B) {
	col := onlineread.Column{Values: make([]types.Value, 100), Statuses: make([]onlineread.Status, 100), EventTimestamps: make([]time.Time, 100)}
	for i := range col.Values {
		col.Values[i], col.Statuses[i], col.EventTimestamps[i] = types.Float64Value(float64(i)/3), onlineread.Present, time.Now()
	}
	resp := &onlineread.Response{}
	for range 50 {
		resp.FeatureNames = append(resp.FeatureNames, "driver_stats__conv_rate")
		resp.Results = append(resp.Results, col)
	}
	buf := make([]byte, 0, 1<<20)
	b.ReportAllocs()
	for b.Loop() {
		buf = appendResponse(buf[:0], resp, false)
	}
}
