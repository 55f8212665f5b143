//go:build duckdb_arrow

package fileoffline

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/google/go-cmp/cmp"

	"github.com/quiverfs/quiver/sdk/offlinestore"
	"github.com/quiverfs/quiver/sdk/types"
)

// pullFixture is written as two files: the window of the tests is
// [us(0), us(30)).
var pullFixture = [][]row{
	{
		{1, 0.1, us(10), us(10)},
		{1, 0.2, us(20), us(20)},
		{1, 0.4, us(30), us(30)}, // at End: out
		{2, 0.5, us(0), us(0)},   // at Start: in
		{4, 0.8, us(29), t0.Add(0)},
	},
	{
		{1, 0.3, us(20), us(25)},      // same event, newer created: the latest
		{3, 0.6, us(-1), us(-1)},      // before Start: out
		{4, 0.9, us(29), time.Time{}}, // null created loses to a non-null one
		{1, 0.35, us(19), us(99)},     // older event, newest created: not the latest
	},
}

// writePullFixture writes pullFixture under dir in time zone tz, one file
// in a subdirectory, and returns dir.
func writePullFixture(t *testing.T, tz string) string {
	dir := t.TempDir()
	writeRecord(t, filepath.Join(dir, "a.parquet"), fixtureRecord(tz, pullFixture[0]))
	writeRecord(t, filepath.Join(dir, "sub", "b.parquet"), fixtureRecord(tz, pullFixture[1]))
	return dir
}

// line renders an expected output row like render does.
func line(id int64, conv float64, ev, cr string) string {
	return fmt.Sprintf("driver_id=%d conv=%g ts=t0+%sus created=%s", id, conv, ev, cr)
}

func TestPulls(t *testing.T) {
	t.Parallel()
	wantRange := []string{
		line(1, 0.1, "10", "t0+10us"), line(1, 0.2, "20", "t0+20us"), line(1, 0.3, "20", "t0+25us"),
		line(1, 0.35, "19", "t0+99us"), line(2, 0.5, "0", "t0+0us"), line(4, 0.8, "29", "t0+0us"), line(4, 0.9, "29", "null"),
	}
	wantLatest := []string{line(1, 0.3, "20", "t0+25us"), line(2, 0.5, "0", "t0+0us"), line(4, 0.8, "29", "t0+0us")}
	keys := []types.EntityKey{driverKey(4), driverKey(1), driverKey(99)}
	tests := []struct {
		name   string
		tz     string
		latest bool
		keys   []types.EntityKey
		want   []string
	}{
		{"range", "UTC", false, nil, wantRange},
		{"latest", "UTC", true, nil, wantLatest},
		{"range without time zone", "", false, nil, wantRange},
		{"latest without time zone", "", true, nil, wantLatest},
		{"range filtered", "UTC", false, keys, without(wantRange, 2)},
		{"latest filtered", "", true, keys, without(wantLatest, 2)},
	}
	s := newStore(t, `{"threads": 1}`)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			req := &offlinestore.PullRequest{Source: fixtureSource(writePullFixture(t, tt.tz)),
				JoinKeys: []string{"driver_id"}, FeatureColumns: []string{"conv"},
				Start: us(0), End: us(30), EntityKeys: tt.keys}
			if d := cmp.Diff(tt.want, pullRows(t, s, tt.latest, req)); d != "" {
				t.Errorf("rows (-want +got):\n%s", d)
			}
		})
	}
}

// driverKey is the entity key driver_id=id.
func driverKey(id int64) types.EntityKey {
	return types.EntityKey{{JoinKey: "driver_id", Value: types.Int64Value(id)}}
}

// without returns the lines whose driver is not id.
func without(lines []string, id int64) []string {
	var out []string
	prefix := fmt.Sprintf("driver_id=%d ", id)
	for _, l := range lines {
		if len(l) < len(prefix) || l[:len(prefix)] != prefix {
			out = append(out, l)
		}
	}
	return out
}

func TestPullOutputSchema(t *testing.T) {
	t.Parallel()
	s := newStore(t, `{}`)
	resp, err := s.PullLatest(t.Context(), &offlinestore.PullRequest{Source: fixtureSource(writePullFixture(t, "")),
		JoinKeys: []string{"driver_id"}, FeatureColumns: []string{"conv"}})
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Records.Release()
	ts := &arrow.TimestampType{Unit: arrow.Microsecond, TimeZone: "UTC"}
	want := []arrow.DataType{arrow.PrimitiveTypes.Int64, arrow.PrimitiveTypes.Float64, ts, ts}
	names := []string{"driver_id", "conv", "ts", "created"}
	got := resp.Records.Schema()
	if got.NumFields() != len(want) {
		t.Fatalf("schema %s, want %v", got, names)
	}
	for i, f := range got.Fields() {
		if f.Name != names[i] || !arrow.TypeEqual(f.Type, want[i]) {
			t.Errorf("column %d is %s %s, want %s %s", i, f.Name, f.Type, names[i], want[i])
		}
	}
}

func TestPullManyEntityKeys(t *testing.T) {
	t.Parallel()
	s := newStore(t, `{}`)
	keys := make([]types.EntityKey, 100_000)
	for i := range keys {
		keys[i] = driverKey(int64(i + 2))
	}
	req := &offlinestore.PullRequest{Source: fixtureSource(writePullFixture(t, "UTC")),
		JoinKeys: []string{"driver_id"}, FeatureColumns: []string{"conv"}, Start: us(0), End: us(30), EntityKeys: keys}
	want := []string{line(2, 0.5, "0", "t0+0us"), line(4, 0.8, "29", "t0+0us")}
	if d := cmp.Diff(want, pullRows(t, s, true, req)); d != "" {
		t.Errorf("rows (-want +got):\n%s", d)
	}
}
