package serving_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"runtime"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/quiverfs/quiver/sdk/arrowipc/ipctest"
)

// jsonEndpoints are the endpoints FuzzJSONEndpoints sends bodies to.
var jsonEndpoints = []string{"/get-online-features", "/push", "/write-to-online-store", "/retrieve-online-documents", "/search",
	"/get-historical-features", "/materialize", "/materialize-incremental"}

// serveFuzz sends one request through the real handler and checks what
// every answer must be: no 5xx, a JSON error body for every 4xx, and an
// allocation bounded by the body limit, not by what the body declares.
func serveFuzz(t *testing.T, h http.Handler, path, ctype string, body []byte) {
	req := httptest.NewRequest(http.MethodPost, path, bytes.NewReader(body))
	req.Header.Set("Content-Type", ctype)
	rec := httptest.NewRecorder()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	h.ServeHTTP(rec, req)
	runtime.ReadMemStats(&after)
	if rec.Code >= 500 {
		t.Fatalf("POST %s answered %d: %s", path, rec.Code, rec.Body.Bytes())
	}
	if rec.Code >= 400 {
		var e struct {
			Error struct{ Code, Message string }
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil || e.Error.Code == "" || e.Error.Message == "" {
			t.Fatalf("POST %s answered %d with no JSON error: %q", path, rec.Code, rec.Body.Bytes())
		}
	}
	// A maxBody-byte body may decode to ~50 times its size; the rest is
	// the handler's fixed cost (the historical join opens DuckDB).
	if got := after.TotalAlloc - before.TotalAlloc; got > 64*maxBody+64<<20 {
		t.Fatalf("POST %s with %d bytes allocated %d bytes", path, len(body), got)
	}
}

// FuzzJSONEndpoints sends arbitrary JSON bodies to every JSON endpoint.
func FuzzJSONEndpoints(f *testing.F) {
	e := newEnv(f, nil)
	for _, h := range hostileRequests() {
		for i, p := range jsonEndpoints {
			if p == h.path && h.ctype == "application/json" {
				f.Add(uint8(i), h.body)
			}
		}
	}
	f.Add(uint8(0), []byte(`{"features": ["driver_stats:trips", "driver_stats:note"], "entities": {"driver_id": [1001, 1002, 4242]}}`))
	f.Add(uint8(1), []byte(`{"push_source_name": "driver_push", "df": {"driver_id": [1001], "conv_rate": [0.5], "acc_rate": [0.5], "trips": [3], "note": ["x"], "event_timestamp": ["2025-01-01T00:00:00Z"]}, "to": "online_and_offline"}`))
	f.Add(uint8(2), []byte(`{"feature_view_name": "customer_profile", "df": {"customer_id": ["c9"], "tier": ["gold"], "ts": [1700000000]}}`))
	f.Add(uint8(3), []byte(`{"features": ["driver_stats:trips"], "query": [1, 0, 0], "top_k": 2, "filters": {"and": [{"field": "trips", "op": ">", "value": 1}]}}`))
	f.Add(uint8(4), []byte(`{"features": ["driver_stats:trips"], "entities": {"driver_id": [1001], "event_timestamp": ["2025-01-01T00:00:00"]}}`))
	f.Add(uint8(5), []byte(`{"start_ts": "2025-01-01", "end_ts": "2025-01-02", "feature_views": ["customer_profile"]}`))
	f.Add(uint8(6), []byte(`{"end_ts": "2025-01-02T00:00:00+02:00"}`))
	f.Fuzz(func(t *testing.T, endpoint uint8, body []byte) {
		serveFuzz(t, e.handler, jsonEndpoints[int(endpoint)%len(jsonEndpoints)], "application/json", body)
	})
}

// FuzzArrowEntityTable sends arbitrary Arrow IPC bodies as the entity
// table of /get-historical-features.
func FuzzArrowEntityTable(f *testing.F) {
	e := newEnv(f, nil)
	f.Add(entityStream(f))
	f.Add(ipctest.FramedMessage(ipctest.SchemaHeader, 1<<40))
	f.Add(ipctest.FramedMessage(ipctest.RecordBatchHeader, 1<<20))
	f.Add([]byte{0xff, 0xff, 0xff, 0xff, 0x10, 0, 0, 0})
	f.Fuzz(func(t *testing.T, body []byte) {
		serveFuzz(t, e.handler, "/get-historical-features?features=driver_stats:trips", "application/vnd.apache.arrow.stream", body)
	})
}

// entityStream is a valid entity table: two drivers at one time.
func entityStream(t testing.TB) []byte {
	schema := arrow.NewSchema([]arrow.Field{
		{Name: "driver_id", Type: arrow.PrimitiveTypes.Int64},
		{Name: "event_timestamp", Type: &arrow.TimestampType{Unit: arrow.Microsecond, TimeZone: "UTC"}},
	}, nil)
	b := array.NewRecordBuilder(memory.DefaultAllocator, schema)
	defer b.Release()
	b.Field(0).(*array.Int64Builder).AppendValues([]int64{1001, 1002}, nil)
	b.Field(1).(*array.TimestampBuilder).AppendValues([]arrow.Timestamp{1_700_000_000_000_000, 1_700_000_000_000_000}, nil)
	rec := b.NewRecordBatch()
	defer rec.Release()
	var buf bytes.Buffer
	w := ipc.NewWriter(&buf, ipc.WithSchema(schema))
	if err := w.Write(rec); err != nil {
		t.Fatal(err)
	}
	w.Close()
	return buf.Bytes()
}
