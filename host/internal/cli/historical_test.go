package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestGetHistoricalFeatures runs the command end to end on the embedded
// file store: a CSV entity table in, CSV out, a saved dataset, and the
// bad inputs that must fail before any work.
func TestGetHistoricalFeatures(t *testing.T) {
	t.Parallel()
	dir := newTestRepo(t)
	ok(t, dir, "apply")
	writeFile(t, dir, "entities.csv", "driver_id,event_timestamp,y\n"+
		"1002,2025-03-01T02:30:00,a\n1001,2025-03-01T00:00:00Z,b\n1001,2025-02-28T23:59:59,c\n1009,2025-03-01T05:00:00,d\n")
	out := filepath.Join(dir, "train.csv")
	ok(t, dir, "get-historical-features", "--entities", filepath.Join(dir, "entities.csv"),
		"--features", "driver_hourly_stats:conv_rate,driver_trips:avg_daily_trips", "--full-feature-names",
		"--output", out, "--save-as", "train")
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	want := "driver_id,event_timestamp,y,driver_hourly_stats__conv_rate,driver_trips__avg_daily_trips\n" +
		"1002,2025-03-01 02:30:00Z,a,2.2,10022\n" +
		"1001,2025-03-01 00:00:00Z,b,1,10010\n" +
		"1001,2025-02-28 23:59:59Z,c,,\n" +
		"1009,2025-03-01 05:00:00Z,d,,\n"
	if string(got) != want {
		t.Errorf("training set:\n%s\nwant:\n%s", got, want)
	}
	if list := ok(t, dir, "list", "datasets"); !strings.Contains(list, "train") || !strings.Contains(list, "4") {
		t.Errorf("list datasets:\n%s", list)
	}
	var d map[string]any
	okJSON(t, &d, dir, "describe", "dataset", "train", "-o", "json")
	if d["rows"] == nil || d["rows"].(interface{ String() string }).String() != "4" {
		t.Errorf("describe dataset: %v", d)
	}
	entities := filepath.Join(dir, "entities.csv")
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"--entities", entities, "--features", "driver_hourly_stats:avg_daily_trips,driver_trips:avg_daily_trips"}, "ambiguous"},
		{[]string{"--entities", entities, "--features", "driver_hourly_stats:nope"}, `unknown feature "driver_hourly_stats:nope"`},
		{[]string{"--entities", filepath.Join(dir, "missing.parquet"), "--feature-service", "driver_activity"}, "does not exist"},
		{[]string{"--entities", filepath.Join(dir, "quiver.yaml"), "--feature-service", "driver_activity"}, "neither Parquet"},
		{[]string{"--entities", entities, "--features", "driver_trips", "--save-as", "train"}, "already exists"},
		{[]string{"--entities", entities, "--features", "driver_trips", "--save-as", "../../../etc/passwd"}, `--save-as: "../../../etc/passwd" may hold only letters`},
		{[]string{"--entities", entities, "--features", "driver_trips", "--save-as", "x'; DROP TABLE"}, `--save-as: "x'; DROP TABLE" may hold only letters`},
		{[]string{"--entities", entities, "--features", "driver_trips", "--timestamp-column", "ts"}, `no timestamp column "ts"`},
	} {
		r := quiver(t, dir, append(append([]string{"get-historical-features"}, tt.args...), "--output", filepath.Join(dir, "x.csv"))...)
		if r.code == 0 || !strings.Contains(r.stderr, tt.want) {
			t.Errorf("%v: exit %d, stderr %q; want an error with %q", tt.args, r.code, r.stderr, tt.want)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "x.csv")); err == nil {
		t.Error("a failed run left its output file")
	}
}
