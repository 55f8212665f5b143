package serving_test

import (
	"net/http"
	"strings"
	"testing"
)

// TestMetricsCountStoreCallsPerView reads two views and fails a read of
// one: /metrics counts the calls of each view by outcome, with their
// latency.
func TestMetricsCountStoreCallsPerView(t *testing.T) {
	e := newEnv(t, nil)
	for range 3 {
		if status, body := e.post(t, "/get-online-features", map[string]any{"features": []string{"driver_stats:trips"},
			"entities": map[string]any{"driver_id": []int{1001}}}); status != http.StatusOK {
			t.Fatalf("read: %d %v", status, body)
		}
	}
	if status, body := e.post(t, "/get-online-features", map[string]any{"features": []string{"customer_profile:tier"},
		"entities": map[string]any{"customer_id": []string{"c1"}}}); status != http.StatusOK {
		t.Fatalf("read: %d %v", status, body)
	}
	_, raw := e.get(t, "/metrics")
	body := string(raw)
	for _, want := range []string{
		`quiver_view_store_calls_total{method="Read",outcome="ok",view="driver_stats"} 3`,
		`quiver_view_store_calls_total{method="Read",outcome="ok",view="customer_profile"} 1`,
		`quiver_view_store_call_duration_seconds_count{method="Read",view="driver_stats"} 3`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics has no %s:\n%s", want, grepLines(body, "quiver_view_"))
		}
	}
}
