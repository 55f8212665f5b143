package httpapi

import (
	"bytes"
	"encoding/json"
	"runtime"
	"strings"
	"testing"
)

// BenchmarkDecodeJSONBody measures what a JSON body costs once decoded:
// a 1 MiB /push body of small numbers, the densest shape a client can
// send. It reports heap bytes allocated and kept per body byte, the
// factor behind the server's decode budget (docs/reliability.md).
func BenchmarkDecodeJSONBody(b *testing.B) {
	n := (1 << 20) / 2
	body := []byte(`{"push_source_name": "s", "df": {"a": [` + strings.TrimSuffix(strings.Repeat("1,", n), ",") + `]}}`)
	decode := func() pushRequest {
		var req pushRequest
		dec := json.NewDecoder(bytes.NewReader(body))
		dec.UseNumber()
		if err := dec.Decode(&req); err != nil {
			b.Fatal(err)
		}
		return req
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	kept := decode()
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(kept)
	live := float64(after.HeapAlloc) - float64(before.HeapAlloc)
	b.ReportAllocs()
	b.SetBytes(int64(len(body)))
	b.ResetTimer()
	runtime.ReadMemStats(&before)
	for range b.N {
		decode()
	}
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/float64(b.N)/float64(len(body)), "alloc-bytes/body-byte")
	b.ReportMetric(live/float64(len(body)), "live-bytes/body-byte")
}
