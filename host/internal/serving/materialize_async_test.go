package serving_test

import (
	"fmt"
	"net/http"
	"testing"
	"time"
)

// TestMaterializeAsync: ?async=true answers 202 with the views once the
// request is checked and materializes in the background (rows pushed to
// the offline store become readable online); a bad async value or a bad
// request is refused before anything starts.
func TestMaterializeAsync(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	status, answer := e.post(t, "/push", map[string]any{"push_source_name": "driver_push", "to": "offline", "df": map[string]any{
		"driver_id": []any{3001}, "conv_rate": []any{0.25}, "acc_rate": []any{0.5}, "trips": []any{7},
		"note": []any{"async"}, "event_timestamp": []any{now.Unix()}, "created": []any{now.Unix()}}})
	if status != 200 {
		t.Fatalf("push offline = %d %v", status, answer)
	}
	body := map[string]any{"start_ts": now.Add(-time.Hour).Format(time.RFC3339), "end_ts": now.Add(time.Hour).Format(time.RFC3339),
		"feature_views": []string{"driver_stats"}}
	status, answer = e.post(t, "/materialize?async=true", body)
	if status != http.StatusAccepted || answer["status"] != "accepted" || fmt.Sprint(answer["feature_views"]) != "[driver_stats]" {
		t.Fatalf("async materialize = %d %v; want 202 accepted [driver_stats]", status, answer)
	}
	deadline := time.Now().Add(20 * time.Second)
	for {
		got := readDriver(t, e, 3001)
		if got.Statuses[0] == "PRESENT" && fmt.Sprint(got.Values[0]) == "7" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("driver 3001 after the background materialization: %+v; want trips 7", got)
		}
		time.Sleep(50 * time.Millisecond)
	}
	for _, bad := range []struct {
		path string
		body any
		want int
	}{
		{"/materialize?async=maybe", body, http.StatusBadRequest},
		{"/materialize?async=true", map[string]any{"start_ts": "yesterday", "end_ts": "2025-01-01"}, http.StatusBadRequest},
		{"/materialize-incremental?async=true", map[string]any{"end_ts": now.Format(time.RFC3339), "feature_views": []string{"nope"}}, http.StatusNotFound},
	} {
		if status, answer := e.post(t, bad.path, bad.body); status != bad.want {
			t.Errorf("POST %s %v = %d %v; want %d", bad.path, bad.body, status, answer, bad.want)
		}
	}
}
