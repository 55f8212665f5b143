package serving_test

import (
	"bytes"
	"io"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/quiverfs/quiver/sdk/arrowipc/ipctest"
)

// hostileRequest is one kind of malformed request.
type hostileRequest struct {
	method, path, ctype string
	body                []byte
}

// hostileRequests are malformed requests of every kind the server reads.
func hostileRequests() []hostileRequest {
	j := "application/json"
	arrow := "application/vnd.apache.arrow.stream"
	post := func(path, body string) hostileRequest { return hostileRequest{"POST", path, j, []byte(body)} }
	deep := strings.Repeat("[", 2000)
	return []hostileRequest{
		post("/get-online-features", `{"features": [`),
		post("/get-online-features", `{"features": ["driver_stats:trips"], "entities": {"driver_id": ["x", 1, true, null, {}]}}`),
		post("/get-online-features", `{"features": ["driver_stats:trips"], "entities": {"driver_id": `+deep+`}}`),
		post("/get-online-features", `{"features": ["driver_stats:trips"], "entities": {"driver_id": [1], "driver_id": [2]}}`),
		post("/get-online-features", `{"features": ["`+strings.Repeat("x", 5000)+`"]}`),
		post("/push", `{"push_source_name": "driver_push", "df": {"driver_id": [1001], "conv_rate": [1e39], "acc_rate": [1e400], "trips": [1], "note": ["x"], "event_timestamp": ["9999-12-31T00:00:00Z"]}}`),
		post("/push", `{"push_source_name": "driver_push", "df": {"driver_id": [1001], "event_timestamp": [1000000000000000]}}`),
		post("/write-to-online-store", `{"feature_view_name": "driver_stats", "df": {"driver_id": [1, 2], "trips": [1]}}`),
		post("/write-to-online-store", `{"feature_view_name": "driver_stats", "df": {"driver_id": [9223372036854775808]}}`),
		post("/retrieve-online-documents", `{"features": ["driver_stats:trips"], "query": [1, 2], "top_k": 1000000000}`),
		post("/retrieve-online-documents", `{"features": ["driver_stats:trips"], "query_string": "x", "top_k": 1, "filters": `+deep+`}`),
		post("/get-historical-features", `{"features": ["driver_stats:trips"], "entities": {"driver_id": [1], "event_timestamp": ["not a time"]}}`),
		post("/materialize", `{"start_ts": "0001-01-01", "end_ts": "0001-01-02"}`),
		post("/materialize-incremental", `{"end_ts": "0001-01-01"}`),
		{"POST", "/get-historical-features?features=driver_stats:trips", arrow, ipctest.FramedMessage(ipctest.SchemaHeader, 1<<40)},
		{"POST", "/get-historical-features?features=driver_stats:trips", arrow, ipctest.FramedMessage(ipctest.RecordBatchHeader, 200<<20)},
		{"POST", "/get-historical-features?features=driver_stats:trips", arrow, []byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f}},
		{"POST", "/push", "text/plain", []byte(`{}`)},
		{"GET", "/push", "", nil},
		{"DELETE", "/nope", "", nil},
	}
}

func TestHeapStaysBoundedAfterThousandsOfMalformedRequests(t *testing.T) {
	// Not parallel: it measures the process's heap.
	e := newEnv(t, nil)
	reqs := hostileRequests()
	const rounds = 250 // 20 kinds: 5,000 requests
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 8}}
	send := func(h hostileRequest) int {
		req, _ := http.NewRequest(h.method, e.url+h.path, bytes.NewReader(h.body))
		if h.ctype != "" {
			req.Header.Set("Content-Type", h.ctype)
		}
		resp, err := client.Do(req)
		if err != nil {
			t.Errorf("%s %s: %v", h.method, h.path, err)
			return 0
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp.StatusCode
	}
	for _, h := range reqs { // warm up: pools, caches, connections
		if status := send(h); status < 400 || status >= 500 {
			t.Errorf("%s %s %.60q answered %d, want 4xx", h.method, h.path, h.body, status)
		}
	}
	heap := func() uint64 {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.HeapAlloc
	}
	before := heap()
	var peak atomic.Uint64
	stop := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		var m runtime.MemStats
		for {
			select {
			case <-stop:
				return
			case <-time.After(2 * time.Millisecond):
			}
			runtime.ReadMemStats(&m)
			if m.HeapAlloc > peak.Load() {
				peak.Store(m.HeapAlloc)
			}
		}
	}()
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range rounds * len(reqs) / 8 {
				h := reqs[(i+w)%len(reqs)]
				if status := send(h); status < 400 || status >= 500 {
					t.Errorf("%s %s answered %d", h.method, h.path, status)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(stop)
	<-sampled
	after := heap()
	grew := int64(after) - int64(before)
	t.Logf("%d malformed requests: heap %d KiB before, %d KiB after (%+d KiB), peak %d KiB", rounds*len(reqs),
		before>>10, after>>10, grew>>10, peak.Load()>>10)
	if grew > 8<<20 {
		t.Errorf("the heap grew by %d KiB over the run", grew>>10)
	}
	if peak.Load() > before+64<<20 {
		t.Errorf("the heap peaked at %d KiB, %d KiB over its start", peak.Load()>>10, (peak.Load()-before)>>10)
	}
}
