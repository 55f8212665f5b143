package serving_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/quiverfs/quiver/sdk/offlinestore"
	"github.com/quiverfs/quiver/sdk/types"
)

// TestGetHistoricalFeaturesHTTP posts JSON entity rows and an Arrow IPC
// body, and checks the Arrow answer and the 400s for bad input.
func TestGetHistoricalFeaturesHTTP(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	t0 := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	ts := &arrow.TimestampType{Unit: arrow.Microsecond, TimeZone: "UTC"}
	b := array.NewRecordBuilder(memory.DefaultAllocator, arrow.NewSchema([]arrow.Field{
		{Name: "driver_id", Type: arrow.PrimitiveTypes.Int64}, {Name: "conv_rate", Type: arrow.PrimitiveTypes.Float32},
		{Name: "trips", Type: arrow.PrimitiveTypes.Int64}, {Name: "event_timestamp", Type: ts}, {Name: "created", Type: ts}}, nil))
	for i, h := range []int{0, 1, 2} {
		b.Field(0).(*array.Int64Builder).Append(7)
		b.Field(1).(*array.Float32Builder).Append(float32(i))
		b.Field(2).(*array.Int64Builder).Append(int64(10 + i))
		b.Field(3).(*array.TimestampBuilder).Append(arrow.Timestamp(t0.Add(time.Duration(h) * time.Hour).UnixMicro()))
		b.Field(4).(*array.TimestampBuilder).Append(arrow.Timestamp(t0.UnixMicro()))
	}
	rec := b.NewRecordBatch()
	rd, _ := array.NewRecordReader(rec.Schema(), []arrow.RecordBatch{rec})
	if _, err := e.offline.WriteBatch(context.Background(), &offlinestore.WriteBatchRequest{Project: "demo",
		Destination: types.DataSourceSpec{Name: "driver_stats_src"}, Records: rd}); err != nil {
		t.Fatal(err)
	}
	body := `{"features": ["driver_stats:trips"], "entities": {"driver_id": [7, 7, 8], "event_timestamp": ["2025-01-01T01:30:00", "2025-01-01T00:00:00Z", "2025-01-01T05:00:00"]}}`
	got := postArrow(t, e.url+"/get-historical-features", "application/json", []byte(body))
	if want := "[10 11 (null)]"; !strings.Contains(got, "[11 10 (null)]") {
		t.Errorf("trips column not found in answer (want %s in order 11 10 null):\n%s", want, got)
	}
	var buf bytes.Buffer
	w := ipc.NewWriter(&buf, ipc.WithSchema(arrow.NewSchema([]arrow.Field{{Name: "driver_id", Type: arrow.PrimitiveTypes.Int64},
		{Name: "ts", Type: ts}}, nil)))
	eb := array.NewRecordBuilder(memory.DefaultAllocator, w2schema(ts))
	eb.Field(0).(*array.Int64Builder).Append(7)
	eb.Field(1).(*array.TimestampBuilder).Append(arrow.Timestamp(t0.Add(2 * time.Hour).UnixMicro()))
	if err := w.Write(eb.NewRecordBatch()); err != nil {
		t.Fatal(err)
	}
	w.Close()
	got = postArrow(t, e.url+"/get-historical-features?features=driver_stats:trips,driver_stats:conv_rate&full_feature_names=true", "application/vnd.apache.arrow.stream", buf.Bytes())
	if !strings.Contains(got, "driver_stats__trips") || !strings.Contains(got, "[12]") {
		t.Errorf("Arrow body answer:\n%s", got)
	}
	for _, tt := range []struct{ body, msg string }{
		{`{"features": ["driver_stats:nope"], "entities": {"driver_id": [7], "event_timestamp": ["2025-01-01T00:00:00"]}}`, `unknown feature \"driver_stats:nope\"`},
		{`{"features": ["driver_stats:trips"], "entities": {"id": [7], "event_timestamp": ["2025-01-01T00:00:00"]}}`, `no join key column \"driver_id\"`},
		{`{"features": ["driver_stats:trips"], "entities": {"driver_id": [7], "event_timestamp": ["soon"]}}`, `is not an ISO 8601 time`},
		{`{"features": ["driver_stats:trips"], "entities": {"driver_id": [7], "when": ["2025-01-01T00:00:00"]}}`, `no event_timestamp column`},
	} {
		resp, err := http.Post(e.url+"/get-historical-features", "application/json", strings.NewReader(tt.body))
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 400 || !strings.Contains(string(raw), tt.msg) {
			t.Errorf("%s: %d %s; want 400 with %s", tt.body, resp.StatusCode, raw, tt.msg)
		}
	}
}

func w2schema(ts arrow.DataType) *arrow.Schema {
	return arrow.NewSchema([]arrow.Field{{Name: "driver_id", Type: arrow.PrimitiveTypes.Int64}, {Name: "ts", Type: ts}}, nil)
}

// postArrow posts body and returns the Arrow answer's records as text.
func postArrow(t *testing.T, url, ctype string, body []byte) string {
	t.Helper()
	resp, err := http.Post(url, ctype, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/vnd.apache.arrow.stream" {
		raw, _ := io.ReadAll(resp.Body)
		t.Fatalf("status %d %s: %s", resp.StatusCode, resp.Header.Get("Content-Type"), raw)
	}
	rd, err := ipc.NewReader(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	for rd.Next() {
		rec := rd.RecordBatch()
		for i, c := range rec.Columns() {
			out.WriteString(rec.ColumnName(i) + ": " + c.String() + "\n")
		}
	}
	return out.String()
}
