package serving_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/quiverfs/quiver/host/internal/model"
)

// column is one decoded result of /get-online-features.
type column struct {
	Values     []any
	Statuses   []string
	Timestamps []string
}

// results splits an answer into feature names and columns.
func results(t *testing.T, body map[string]any) ([]string, []column) {
	t.Helper()
	b, _ := json.Marshal(body)
	var resp struct {
		Metadata struct {
			FeatureNames []string `json:"feature_names"`
		} `json:"metadata"`
		Results []struct {
			Values          []any    `json:"values"`
			Statuses        []string `json:"statuses"`
			EventTimestamps []string `json:"event_timestamps"`
		} `json:"results"`
	}
	if err := json.Unmarshal(b, &resp); err != nil {
		t.Fatal(err)
	}
	cols := make([]column, len(resp.Results))
	for i, r := range resp.Results {
		cols[i] = column{Values: r.Values, Statuses: r.Statuses, Timestamps: r.EventTimestamps}
	}
	return resp.Metadata.FeatureNames, cols
}

func TestGetOnlineFeatures(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	// customer_id comes first in the request, so it comes first in the answer.
	body := `{"features": ["driver_stats:conv_rate", "driver_stats:note", "customer_profile:tier"],
		"entities": {"customer_id": ["c1", "c2", "c1", "c1"], "driver_id": [1001, 1002, 1003, 1004]},
		"full_feature_names": true}`
	status, answer := e.post(t, "/get-online-features", body)
	if status != 200 {
		t.Fatalf("status %d: %v", status, answer)
	}
	names, cols := results(t, answer)
	wantNames := []string{"customer_id", "driver_id", "driver_stats__conv_rate", "driver_stats__note", "customer_profile__tier"}
	if diff := cmp.Diff(wantNames, names); diff != "" {
		t.Errorf("feature names (-want +got):\n%s", diff)
	}
	ts := func(d time.Duration) string { return now.Add(d).Format(time.RFC3339Nano) }
	const epoch = "1970-01-01T00:00:00Z"
	want := []column{
		{Values: []any{"c1", "c2", "c1", "c1"}, Statuses: []string{"PRESENT", "PRESENT", "PRESENT", "PRESENT"},
			Timestamps: []string{epoch, epoch, epoch, epoch}},
		{Values: []any{1001.0, 1002.0, 1003.0, 1004.0}, Statuses: []string{"PRESENT", "PRESENT", "PRESENT", "PRESENT"},
			Timestamps: []string{epoch, epoch, epoch, epoch}},
		{Values: []any{0.5, nil, 0.125, nil}, Statuses: []string{"PRESENT", "OUTSIDE_MAX_AGE", "PRESENT", "NOT_FOUND"},
			Timestamps: []string{ts(-time.Hour), ts(-48 * time.Hour), ts(-2 * time.Hour), epoch}},
		{Values: []any{`hi "there"`, nil, nil, nil}, Statuses: []string{"PRESENT", "OUTSIDE_MAX_AGE", "NULL_VALUE", "NOT_FOUND"},
			Timestamps: []string{ts(-time.Hour), ts(-48 * time.Hour), ts(-2 * time.Hour), epoch}},
		{Values: []any{"gold", nil, "gold", "gold"}, Statuses: []string{"PRESENT", "NOT_FOUND", "PRESENT", "PRESENT"},
			Timestamps: []string{ts(-time.Minute), epoch, ts(-time.Minute), ts(-time.Minute)}},
	}
	if diff := cmp.Diff(want, cols); diff != "" {
		t.Errorf("results (-want +got):\n%s", diff)
	}
}

func TestGetOnlineFeaturesByServiceWithShortNames(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	status, answer := e.post(t, "/get-online-features", map[string]any{"feature_service": "svc",
		"entities": map[string]any{"driver_id": []any{1001}, "customer_id": []any{"c1"}}})
	if status != 200 {
		t.Fatalf("status %d: %v", status, answer)
	}
	names, cols := results(t, answer)
	if got := strings.Join(names, ","); got != "customer_id,driver_id,conv_rate,tier" {
		t.Errorf("names = %s", got)
	}
	if len(cols) != 4 || cols[2].Values[0] != 0.5 || cols[3].Values[0] != "gold" {
		t.Errorf("results = %+v", cols)
	}
}

func TestRegistryChangesArePickedUp(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	req := map[string]any{"feature_service": "svc2", "entities": map[string]any{"driver_id": []any{1001}}}
	if status, _ := e.post(t, "/get-online-features", req); status != 404 {
		t.Fatalf("status %d before the service exists; want 404", status)
	}
	apply(t, e.fs, &model.FeatureService{Name: "svc2", Features: []string{"driver_stats"}})
	deadline := time.Now().Add(5 * time.Second)
	for {
		status, answer := e.post(t, "/get-online-features", req)
		if status == 200 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the new feature service was not picked up: %d %v", status, answer)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestGRPCGetOnlineFeaturesEqualsHTTP(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	body := `{"features": ["driver_stats"], "entities": {"driver_id": [1001, 1002, 1003, 1004]}}`
	status, answer := e.post(t, "/get-online-features", body)
	if status != 200 {
		t.Fatalf("status %d: %v", status, answer)
	}
	httpNames, httpCols := results(t, answer)
	grpcNames, grpcCols := grpcRead(t, e, []string{"driver_stats"}, 1001, 1002, 1003, 1004)
	if diff := cmp.Diff(httpNames, grpcNames); diff != "" {
		t.Errorf("feature names differ (-http +grpc):\n%s", diff)
	}
	if diff := cmp.Diff(httpCols, grpcCols); diff != "" {
		t.Errorf("results differ (-http +grpc):\n%s", diff)
	}
}

func TestHealth(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	status, body := e.get(t, "/health")
	if status != 200 {
		t.Fatalf("status %d: %s", status, body)
	}
	for _, want := range []string{`"serving":true`, `"component":"registry"`, `"component":"online_store","type":"sqlite"`,
		`"component":"offline_store","type":"memory"`} {
		if !strings.Contains(string(body), want) {
			t.Errorf("health %s does not contain %s", body, want)
		}
	}
}

func TestMetricsCountRequests(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	for range 3 {
		e.post(t, "/get-online-features", `{"features": ["driver_stats:trips"], "entities": {"driver_id": [1001]}}`)
	}
	e.post(t, "/get-online-features", `{"features": ["nope:trips"], "entities": {"driver_id": [1001]}}`)
	status, body := e.get(t, "/metrics")
	if status != 200 {
		t.Fatalf("status %d: %s", status, body)
	}
	for _, want := range []string{
		`quiver_requests_total{api="http",code="200",endpoint="get-online-features"} 3`,
		`quiver_requests_total{api="http",code="404",endpoint="get-online-features"} 1`,
		`quiver_request_duration_seconds_count{api="http",endpoint="get-online-features"} 4`,
		`quiver_store_call_duration_seconds_count{kind="online",method="Read",plugin="false",store="sqlite"} 3`,
	} {
		if !strings.Contains(string(body), want) {
			t.Errorf("metrics do not contain %s", want)
		}
	}
	if t.Failed() {
		t.Logf("metrics:\n%s", grepLines(string(body), "quiver_"))
	}
}

func grepLines(s, substr string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, substr) && !strings.HasPrefix(l, "#") {
			out = append(out, l)
		}
	}
	return fmt.Sprint(strings.Join(out, "\n"))
}

// TestFeatureViewMetadata: with Feast's include_feature_view_version_metadata
// the answer lists the views read, in order of first appearance, under
// metadata.feature_view_metadata (no version: Quiver's views have none,
// and Feast leaves a version of 0 out); without it the key is absent.
func TestFeatureViewMetadata(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	body := map[string]any{"features": []string{"customer_profile:tier", "driver_stats:trips", "driver_stats:conv_rate"},
		"entities": map[string]any{"driver_id": []any{1001}, "customer_id": []any{"c1"}}, "full_feature_names": true,
		"include_feature_view_version_metadata": true}
	status, answer := e.post(t, "/get-online-features", body)
	if status != 200 {
		t.Fatalf("status %d: %v", status, answer)
	}
	meta := answer["metadata"].(map[string]any)
	if got := fmt.Sprint(meta["feature_view_metadata"]); got != "[map[name:customer_profile] map[name:driver_stats]]" {
		t.Errorf("feature_view_metadata = %s", got)
	}
	delete(body, "include_feature_view_version_metadata")
	if _, answer = e.post(t, "/get-online-features", body); answer["metadata"].(map[string]any)["feature_view_metadata"] != nil {
		t.Errorf("feature_view_metadata without the flag: %v", answer["metadata"])
	}
}

// TestEntityNameForJoinKey: an entity's name stands for its only join key
// ({"driver": [...]} for driver_id), as Feast's server accepts; the answer
// names the column by the join key and has the same values.
func TestEntityNameForJoinKey(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	byKey := map[string]any{"features": []string{"driver_stats:trips"}, "entities": map[string]any{"driver_id": []any{1001, 1002}}}
	byName := map[string]any{"features": []string{"driver_stats:trips"}, "entities": map[string]any{"driver": []any{1001, 1002}}}
	status, want := e.post(t, "/get-online-features", byKey)
	if status != 200 {
		t.Fatalf("by join key: %d %v", status, want)
	}
	status, got := e.post(t, "/get-online-features", byName)
	if status != 200 {
		t.Fatalf("by entity name: %d %v", status, got)
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("by entity name = %v\nby join key = %v", got, want)
	}
	// Both at once: the entity name is not taken for the join key.
	both := map[string]any{"features": []string{"driver_stats:trips"}, "entities": map[string]any{"driver_id": []any{1001}, "driver": []any{1002}}}
	if status, answer := e.post(t, "/get-online-features", both); status != 200 || !strings.Contains(fmt.Sprint(answer), "driver ") {
		t.Errorf("join key and entity name together = %d %v; want the entity column passed through", status, answer)
	}
}
