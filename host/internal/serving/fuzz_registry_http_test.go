package serving_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
)

// FuzzRegistryHTTPPaths sends arbitrary paths and queries to GET
// /api/v1/registry/{kind}[/{name}]: the answer is a success or a client
// error with a JSON error body, never a 5xx.
func FuzzRegistryHTTPPaths(f *testing.F) {
	e := newEnv(f, nil)
	for _, seed := range []string{"feature-views", "feature-views/driver_stats", "entities?tag=team=risk", "saved-datasets/x",
		"feature_view?tag=a&tag==b", "permissions/%00", "widgets/a/b", "data-sources?tag=" + "k=%ff"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, rest string) {
		req, err := http.NewRequest(http.MethodGet, "http://quiver/api/v1/registry/"+rest, nil)
		if err != nil {
			return // not a URL a client can send
		}
		rec := httptest.NewRecorder()
		e.handler.ServeHTTP(rec, req)
		if rec.Code >= 500 {
			t.Fatalf("GET %q answered %d: %s", rest, rec.Code, rec.Body.Bytes())
		}
		if rec.Code >= 400 && rec.Code != http.StatusMovedPermanently {
			var body struct {
				Error struct{ Code, Message string }
			}
			if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil || body.Error.Code == "" {
				t.Fatalf("GET %q answered %d with no JSON error: %q", rest, rec.Code, rec.Body.Bytes())
			}
		}
	})
}
