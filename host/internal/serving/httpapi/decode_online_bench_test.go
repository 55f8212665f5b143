package httpapi

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// BenchmarkDecodeGetOnlineFeatures1x50 measures decoding the body of the
// serving benchmark's 1 x 50 request (docs/benchmarks.md, issue 16).
func BenchmarkDecodeGetOnlineFeatures1x50(b *testing.B) {
	features := make([]string, 50)
	for i := range features {
		features[i] = fmt.Sprintf(`"driver_stats:feature_%02d"`, i)
	}
	body := []byte(`{"features":[` + strings.Join(features, ",") + `],"entities":{"driver_id":[1234]}}`)
	b.Run("encoding/json", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(body)))
		for range b.N {
			var req getOnlineFeaturesRequest
			dec := json.NewDecoder(bytes.NewReader(body))
			dec.UseNumber()
			if err := dec.Decode(&req); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("decodeJSON", func(b *testing.B) { // the fast path takes this body
		b.ReportAllocs()
		b.SetBytes(int64(len(body)))
		for range b.N {
			var req getOnlineFeaturesRequest
			if err := decodeJSON(body, &req); err != nil {
				b.Fatal(err)
			}
		}
	})
}
