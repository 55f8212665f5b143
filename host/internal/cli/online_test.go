package cli

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// feastResponse is Feast's online response shape, decoded with UseNumber.
type feastResponse struct {
	Metadata struct {
		FeatureNames []string `json:"feature_names"`
	} `json:"metadata"`
	Results []struct {
		Values          []any    `json:"values"`
		Statuses        []string `json:"statuses"`
		EventTimestamps []string `json:"event_timestamps"`
	} `json:"results"`
}

func getOnline(t *testing.T, dir string, args ...string) feastResponse {
	t.Helper()
	var resp feastResponse
	okJSON(t, &resp, dir, append([]string{"get-online-features", "-o", "json"}, args...)...)
	return resp
}

// num32 renders a float32 as the server does: the shortest digits that read
// back as the same float32.
func num32(f float32) json.Number {
	return json.Number(strconv.FormatFloat(float64(f), 'g', -1, 32))
}

func TestMaterializeAndReadOnline(t *testing.T) {
	dir := newTestRepo(t)
	ok(t, dir, "apply")
	out := ok(t, dir, "materialize", "2025-03-01T00:00:00", "2025-03-01T03:00:00")
	if !strings.Contains(out, "driver_hourly_stats") || !strings.Contains(out, "3 rows") {
		t.Errorf("materialize output:\n%s", out)
	}

	resp := getOnline(t, dir, "--features", "driver_hourly_stats:conv_rate,driver_hourly_stats:avg_daily_trips",
		"--features", "driver_hourly_stats:label,driver_hourly_stats:embedding",
		"--entity", "driver_id=1001", "--entity", "driver_id=1003", "--entity", "driver_id=9999")
	if diff := cmp.Diff([]string{"driver_id", "conv_rate", "avg_daily_trips", "label", "embedding"}, resp.Metadata.FeatureNames); diff != "" {
		t.Fatalf("feature_names (-want +got):\n%s", diff)
	}
	// The latest rows before 03:00 are those of hour 2.
	want := [][]any{
		{json.Number("1001"), json.Number("1003"), json.Number("9999")},
		{num32(convRate(1001, 2)), num32(convRate(1003, 2)), nil},
		{json.Number("10012"), json.Number("10032"), nil},
		{"dxx", nil, nil},
		// Float list elements are written as floats (Feast's client infers INT64 from 1).
		{[]any{json.Number("1001.0"), json.Number("2.0")}, []any{json.Number("1003.0"), json.Number("2.0")}, nil},
	}
	wantStatuses := [][]string{
		{"PRESENT", "PRESENT", "PRESENT"},
		{"PRESENT", "PRESENT", "NOT_FOUND"},
		{"PRESENT", "PRESENT", "NOT_FOUND"},
		{"PRESENT", "NULL_VALUE", "NOT_FOUND"},
		{"PRESENT", "PRESENT", "NOT_FOUND"},
	}
	for i, res := range resp.Results {
		if diff := cmp.Diff(want[i], res.Values); diff != "" {
			t.Errorf("%s values (-want +got):\n%s", resp.Metadata.FeatureNames[i], diff)
		}
		if diff := cmp.Diff(wantStatuses[i], res.Statuses); diff != "" {
			t.Errorf("%s statuses (-want +got):\n%s", resp.Metadata.FeatureNames[i], diff)
		}
	}
	if got := resp.Results[1].EventTimestamps[0]; got != "2025-03-01T02:00:00Z" {
		t.Errorf("event timestamp of 1001: %s", got)
	}

	// Incremental runs continue where the last run ended.
	out = ok(t, dir, "materialize-incremental", "2025-03-01T06:00:00", "--views", "driver_hourly_stats")
	if !strings.Contains(out, "2025-03-01T03:00:00Z to 2025-03-01T06:00:00Z") || !strings.Contains(out, "3 rows") {
		t.Errorf("first incremental run:\n%s", out)
	}
	out = ok(t, dir, "materialize-incremental", "2025-03-01T06:00:00", "--views", "driver_hourly_stats")
	if !strings.Contains(out, "(up to date)") {
		t.Errorf("second incremental run:\n%s", out)
	}
	resp = getOnline(t, dir, "--feature-service", "driver_activity", "--entity", "driver_id=1002", "--full-feature-names")
	if diff := cmp.Diff([]string{"driver_id", "driver_hourly_stats__conv_rate", "driver_trips__avg_daily_trips"}, resp.Metadata.FeatureNames); diff != "" {
		t.Errorf("service feature_names (-want +got):\n%s", diff)
	}
	if got := resp.Results[1].Values[0]; got != num32(convRate(1002, 5)) {
		t.Errorf("conv_rate after the incremental run = %v, want hour 5's", got)
	}
	// driver_trips was materialized only up to 03:00.
	if got := resp.Results[2].Values[0]; got != json.Number("10022") {
		t.Errorf("driver_trips avg_daily_trips = %v, want 10022", got)
	}

	if out := ok(t, dir, "get-online-features", "--features", "driver_hourly_stats:label", "--entity", "driver_id=1003"); !strings.Contains(out, "NULL_VALUE") {
		t.Errorf("table output:\n%s", out)
	}
	if r := quiver(t, dir, "get-online-features", "--features", "driver_hourly_stats:nope", "--entity", "driver_id=1"); r.code != 1 || !strings.Contains(r.stderr, "driver_hourly_stats:nope") {
		t.Errorf("unknown feature: exit %d, %s", r.code, r.stderr)
	}

	ok(t, dir, "teardown")
	r := quiver(t, dir, "get-online-features", "-o", "json", "--features", "driver_hourly_stats:conv_rate", "--entity", "driver_id=1001")
	if r.code == 0 && !strings.Contains(r.stdout, "NOT_FOUND") {
		t.Errorf("online data survived teardown:\n%s", r.stdout)
	}
	ok(t, dir, "apply")
	resp = getOnline(t, dir, "--features", "driver_hourly_stats:conv_rate", "--entity", "driver_id=1001")
	if got := resp.Results[1].Statuses[0]; got != "NOT_FOUND" {
		t.Errorf("after teardown and apply, status %s", got)
	}
}
