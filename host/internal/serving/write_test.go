package serving_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/quiverfs/quiver/host/internal/service"
	"github.com/quiverfs/quiver/sdk/offlinestore"
)

// readDriver returns the trips, note and statuses of a driver.
func readDriver(t *testing.T, e *env, id int64) column {
	t.Helper()
	status, answer := e.post(t, "/get-online-features", map[string]any{"features": []string{"driver_stats:trips"},
		"entities": map[string]any{"driver_id": []any{id}}})
	if status != 200 {
		t.Fatalf("read: %d %v", status, answer)
	}
	_, cols := results(t, answer)
	return cols[1]
}

func TestPushOnlineThenRead(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	status, answer := e.post(t, "/push", map[string]any{"push_source_name": "driver_push", "to": "online", "df": map[string]any{
		"driver_id": []any{1005, 1001}, "conv_rate": []any{0.25, 0.5}, "acc_rate": []any{0.5, 0.5}, "trips": []any{42, 43},
		"note": []any{"new", nil}, "event_timestamp": []any{now.Format(time.RFC3339), now.Unix()},
		"created": []any{nil, now.Format(time.RFC3339)}}})
	if status != 200 || answer["online_rows"] != json.Number("2") {
		t.Fatalf("push = %d %v", status, answer)
	}
	for id, want := range map[int64]float64{1005: 42, 1001: 43} {
		if got := readDriver(t, e, id); got.Statuses[0] != "PRESENT" || got.Values[0] != want {
			t.Errorf("driver %d after push = %+v; want trips %v", id, got, want)
		}
	}
}

func TestWriteToOnlineStore(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	status, answer := e.post(t, "/write-to-online-store", `{"feature_view_name": "driver_stats", "df": {
		"driver_id": [1006], "conv_rate": [1.5], "acc_rate": [0.5], "trips": [11], "note": ["w"],
		"event_timestamp": ["`+now.Format(time.RFC3339)+`"]}}`)
	if status != 200 {
		t.Fatalf("write = %d %v", status, answer)
	}
	if got := readDriver(t, e, 1006); got.Values[0] != 11.0 {
		t.Errorf("driver 1006 after write = %+v", got)
	}
}

func TestRejectedWritesLeaveDataUnchanged(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	before := readDriver(t, e, 1001)
	// The first row is good, the second bad: nothing may be written.
	df := map[string]any{"driver_id": []any{1001, 1002}, "conv_rate": []any{0.9, 0.9}, "acc_rate": []any{0.9, 0.9},
		"trips": []any{100, "many"}, "note": []any{"x", "y"}, "event_timestamp": []any{now.Unix(), now.Unix()}}
	for _, path := range []string{"/push", "/write-to-online-store"} {
		body := map[string]any{"push_source_name": "driver_push", "feature_view_name": "driver_stats", "df": df,
			"to": "online_and_offline"}
		if status, answer := e.post(t, path, body); status != 400 {
			t.Errorf("POST %s = %d %v; want 400", path, status, answer)
		}
	}
	nullTS := map[string]any{"push_source_name": "driver_push", "df": map[string]any{"driver_id": []any{1001, 1002},
		"conv_rate": []any{0.9, 0.9}, "acc_rate": []any{0.9, 0.9}, "trips": []any{100, 100}, "note": []any{"x", "y"},
		"event_timestamp": []any{now.Unix(), nil}}}
	if status, answer := e.post(t, "/push", nullTS); status != 400 {
		t.Errorf("push with a null timestamp = %d %v; want 400", status, answer)
	}
	if after := readDriver(t, e, 1001); after.Values[0] != before.Values[0] || after.Timestamps[0] != before.Timestamps[0] {
		t.Errorf("driver 1001 changed by rejected writes: %+v -> %+v", before, after)
	}
	repo, _ := e.fs.Repo(context.Background())
	src := e.fs.SourceSpec(repo.DataSources["driver_stats_src"])
	if _, err := e.offline.GetSourceSchema(context.Background(), &offlinestore.GetSourceSchemaRequest{Source: src}); err == nil {
		t.Errorf("a rejected push reached the offline store")
	}
}

func TestPushOffline(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	status, answer := e.post(t, "/push", map[string]any{"push_source_name": "driver_push", "to": "offline", "df": map[string]any{
		"driver_id": []any{2001, 2002}, "conv_rate": []any{0.25, 0.5}, "acc_rate": []any{0.5, 0.5}, "trips": []any{1, 2},
		"note": []any{"a", nil}, "event_timestamp": []any{now.Unix(), now.Unix()}, "created": []any{now.Unix(), nil}}})
	if status != 200 || answer["offline_rows"] == nil {
		t.Fatalf("push = %d %v", status, answer)
	}
	if got := readDriver(t, e, 2001); got.Statuses[0] != "NOT_FOUND" {
		t.Errorf("an offline push reached the online store: %+v", got)
	}
	repo, _ := e.fs.Repo(context.Background())
	spec := e.fs.SourceSpec(repo.DataSources["driver_stats_src"])
	spec.Options["path"] = service.PushDir(spec.Options["path"])
	resp, err := e.offline.PullRange(context.Background(), &offlinestore.PullRequest{Project: project, Source: spec,
		JoinKeys: []string{"driver_id"}, FeatureColumns: []string{"trips", "note"}})
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Records.Release()
	rows := 0
	for resp.Records.Next() {
		rec := resp.Records.RecordBatch()
		rows += int(rec.NumRows())
		if ids := rec.Column(0).(*array.Int64); ids.Value(0) != 2001 {
			t.Errorf("first pushed driver = %d", ids.Value(0))
		}
	}
	if rows != 2 {
		t.Errorf("offline store holds %d pushed rows; want 2", rows)
	}
}

// TestWritesIgnoreUnknownColumns: columns a view does not know are left
// out and named in the answer, as Feast's feature server ignores them
// (Feast's client adds event_timestamp and created to every write, here
// to a view whose timestamp column is ts and which has no created column).
func TestWritesIgnoreUnknownColumns(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	ts := now.Format(time.RFC3339)
	status, answer := e.post(t, "/write-to-online-store", map[string]any{"feature_view_name": "customer_profile", "df": map[string]any{
		"customer_id": []any{"c9"}, "tier": []any{"gold"}, "ts": []any{ts}, "event_timestamp": []any{ts},
		"created": []any{nil}, "speed": []any{1}}})
	if status != 200 || answer["rows"] != json.Number("1") {
		t.Fatalf("write with extra columns = %d %v; want 200 and 1 row", status, answer)
	}
	// The body is built from a map: its columns come in sorted order.
	if got := fmt.Sprint(answer["ignored_columns"]); got != "[created event_timestamp speed]" {
		t.Errorf("ignored_columns = %s; want [created event_timestamp speed]", got)
	}
	status, answer = e.post(t, "/get-online-features", map[string]any{"features": []string{"customer_profile:tier"},
		"entities": map[string]any{"customer_id": []any{"c9"}}})
	if _, cols := results(t, answer); status != 200 || cols[1].Values[0] != "gold" {
		t.Errorf("read after the write = %d %v; want tier gold", status, answer)
	}
	// Without any column of the view's features the write still fails.
	status, answer = e.post(t, "/push", map[string]any{"push_source_name": "driver_push", "df": map[string]any{
		"driver_id": []any{1}, "speed": []any{1}}})
	if status != 400 {
		t.Errorf("push of a key and an unknown column = %d %v; want 400 for the missing features", status, answer)
	}
}
