package serving_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"runtime"
	"strings"
	"testing"
	"time"

	servingv1 "github.com/quiverfs/quiver/host/internal/gen/quiver/serving/v1"
	"github.com/quiverfs/quiver/sdk/arrowipc/ipctest"
)

// Each case is one defect of issue 9: a hostile or careless request that
// must get a 4xx JSON error naming the problem.
func TestHostileRequestsGetClear4xxErrors(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	future := time.Now().UTC().Add(72 * time.Hour).Format(time.RFC3339)
	write := func(col, val string) string {
		return `{"feature_view_name": "driver_stats", "df": {"driver_id": [1001], "conv_rate": [` + map[bool]string{true: val, false: "0.5"}[col == "conv_rate"] +
			`], "acc_rate": [0.5], "trips": [` + map[bool]string{true: val, false: "1"}[col == "trips"] + `], "note": ["x"], "event_timestamp": [` +
			map[bool]string{true: val, false: `"2025-01-01T00:00:00Z"`}[col == "event_timestamp"] + `]}}`
	}
	tests := []struct {
		name, path, body string
		status           int
		code, msg        string
	}{
		{"float32 overflow", "/write-to-online-store", write("conv_rate", "1e39"), 400, "invalid_argument", "df column conv_rate, row 0: 1e39 is out of range for float32"},
		{"int64 overflow", "/write-to-online-store", write("trips", "9223372036854775808"), 400, "invalid_argument", "df column trips, row 0"},
		{"year 9999 event time", "/write-to-online-store", write("event_timestamp", `"9999-12-31T00:00:00Z"`), 400, "invalid_argument",
			"df column event_timestamp, row 0: event timestamp 9999-12-31T00:00:00Z is more than 24h0m0s ahead of now"},
		{"1e15 seconds event time", "/write-to-online-store", write("event_timestamp", "1000000000000000"), 400, "invalid_argument", "df column event_timestamp, row 0"},
		{"event time three days ahead", "/write-to-online-store", write("event_timestamp", `"`+future+`"`), 400, "invalid_argument", "ahead of now"},
		{"event time before 1970", "/write-to-online-store", write("event_timestamp", `"1969-12-31T23:59:59Z"`), 400, "invalid_argument", "before the minimum"},
		{"far-future push", "/push", `{"push_source_name": "driver_push", "df": {"driver_id": [1001], "conv_rate": [0.1], "acc_rate": [0.1], "trips": [1], "note": ["x"], "event_timestamp": ["10000-01-01T00:00:00Z"]}}`,
			400, "invalid_argument", "df column event_timestamp, row 0"},
		{"materialize from year 1", "/materialize-incremental", `{"end_ts": "0001-01-01"}`, 400, "invalid_argument", "end_ts"},
		{"materialize to year 1", "/materialize", `{"start_ts": "0001-01-01", "end_ts": "0001-01-02"}`, 400, "invalid_argument", "outside the accepted range"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body := e.post(t, tt.path, tt.body)
			errObj, _ := body["error"].(map[string]any)
			msg, _ := errObj["message"].(string)
			if status != tt.status || errObj["code"] != tt.code || !strings.Contains(msg, tt.msg) {
				t.Errorf("POST %s = %d %v; want %d %s containing %q", tt.path, status, body, tt.status, tt.code, tt.msg)
			}
		})
	}
}

func TestAFarFutureWriteCannotFreezeARow(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	body := func(ts, trips string) string {
		return `{"feature_view_name": "driver_stats", "df": {"driver_id": [1001], "conv_rate": [0.5], "acc_rate": [0.5], "trips": [` + trips +
			`], "note": ["x"], "event_timestamp": ["` + ts + `"]}}`
	}
	if status, _ := e.post(t, "/write-to-online-store", body("9999-12-31T00:00:00Z", "13")); status != 400 {
		t.Fatalf("far-future write answered %d, want 400", status)
	}
	_, err := e.grpc.WriteToOnlineStore(context.Background(), &servingv1.WriteToOnlineStoreRequest{FeatureViewName: "driver_stats",
		Df: []*servingv1.Column{
			{Name: "driver_id", Values: []*servingv1.Value{{Kind: &servingv1.Value_Int64Value{Int64Value: 1001}}}},
			{Name: "conv_rate", Values: []*servingv1.Value{{Kind: &servingv1.Value_FloatValue{FloatValue: 0.5}}}},
			{Name: "acc_rate", Values: []*servingv1.Value{{Kind: &servingv1.Value_DoubleValue{DoubleValue: 0.5}}}},
			{Name: "trips", Values: []*servingv1.Value{{Kind: &servingv1.Value_Int64Value{Int64Value: 1}}}},
			{Name: "note", Values: []*servingv1.Value{{Kind: &servingv1.Value_StringValue{StringValue: "frozen"}}}},
			{Name: "event_timestamp", Values: []*servingv1.Value{{Kind: &servingv1.Value_TimestampValue{TimestampValue: 253402214400000000}}}},
		}})
	if err == nil || !strings.Contains(err.Error(), "InvalidArgument") {
		t.Fatalf("far-future gRPC write: err = %v, want InvalidArgument", err)
	}
	now := time.Now().UTC().Format(time.RFC3339)
	if status, b := e.post(t, "/write-to-online-store", body(now, "42")); status != 200 {
		t.Fatalf("current write answered %d %v", status, b)
	}
	if got := readDriver(t, e, 1001); fmt.Sprint(got.Values[0]) != "42" {
		t.Fatalf("after the refused far-future writes a current write reads back trips %v, want 42", got.Values)
	}
}

func TestArrowBodyDeclaringATebibyteIsRefusedWith413(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	body := ipctest.FramedMessage(ipctest.SchemaHeader, 1<<40)
	if len(body) > 64 {
		t.Fatalf("the hostile body is %d bytes", len(body))
	}
	status, out := postRaw(t, e.url+"/get-historical-features?features=driver_stats:conv_rate", "application/vnd.apache.arrow.stream", body)
	if status != 413 {
		t.Fatalf("answered %d %s, want 413", status, out)
	}
}

func TestTinyArrowBodiesDoNotAllocateWhatTheyDeclare(t *testing.T) {
	// Not parallel: it measures the process's allocations.
	e := newEnv(t, nil)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for range 5 {
		for _, h := range []byte{ipctest.SchemaHeader, ipctest.RecordBatchHeader} {
			status, out := postRaw(t, e.url+"/get-historical-features?features=driver_stats:conv_rate",
				"application/vnd.apache.arrow.stream", ipctest.FramedMessage(h, 200<<20))
			if status != 413 && status != 400 {
				t.Fatalf("answered %d %s, want 413 or 400", status, out)
			}
		}
	}
	runtime.ReadMemStats(&after)
	if got := after.TotalAlloc - before.TotalAlloc; got > 64<<20 {
		t.Fatalf("10 tiny requests declaring 200 MiB each allocated %d MiB", got>>20)
	}
}

func TestWrongMethodIs405AndWrongContentTypeIs415(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	resp, err := http.Get(e.url + "/get-online-features")
	if err != nil {
		t.Fatal(err)
	}
	status, body := decode(t, resp)
	if status != 405 || resp.Header.Get("Allow") != "POST" {
		t.Errorf("GET /get-online-features = %d (Allow %q) %v, want 405 with Allow: POST", status, resp.Header.Get("Allow"), body)
	}
	status, out := postRaw(t, e.url+"/get-online-features", "application/x-www-form-urlencoded",
		[]byte(`{"features": ["driver_stats:trips"], "entities": {"driver_id": [1001]}}`))
	if status != 415 || !strings.Contains(string(out), "application/json") {
		t.Errorf("a form-encoded body = %d %s, want 415 naming application/json", status, out)
	}
}

// postRaw posts body with a content type and returns the status and body.
func postRaw(t *testing.T, url, ctype string, body []byte) (int, []byte) {
	t.Helper()
	resp, err := http.Post(url, ctype, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	if ct := resp.Header.Get("Content-Type"); resp.StatusCode >= 400 && ct != "application/json" {
		t.Errorf("error answer has Content-Type %q: %s", ct, out)
	}
	return resp.StatusCode, out
}
