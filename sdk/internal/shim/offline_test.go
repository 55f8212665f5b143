package shim_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/google/go-cmp/cmp"

	"github.com/quiverfs/quiver/sdk/offlinestore"
	"github.com/quiverfs/quiver/sdk/pluginclient"
	"github.com/quiverfs/quiver/sdk/storeerr"
	"github.com/quiverfs/quiver/sdk/types"
)

var testSchema = arrow.NewSchema([]arrow.Field{
	{Name: "driver_id", Type: arrow.PrimitiveTypes.Int64},
	{Name: "rate", Type: arrow.PrimitiveTypes.Float32, Nullable: true},
	{Name: "event_timestamp", Type: &arrow.TimestampType{Unit: arrow.Microsecond, TimeZone: "UTC"}},
}, nil)

// testRecords builds n rows split over batches of 10,000.
func testRecords(t *testing.T, n int) array.RecordReader {
	t.Helper()
	var recs []arrow.RecordBatch
	b := array.NewRecordBuilder(memory.DefaultAllocator, testSchema)
	defer b.Release()
	for i := range n {
		b.Field(0).(*array.Int64Builder).Append(int64(i))
		if i%7 == 0 {
			b.Field(1).AppendNull()
		} else {
			b.Field(1).(*array.Float32Builder).Append(float32(i) / 2)
		}
		b.Field(2).(*array.TimestampBuilder).Append(arrow.Timestamp(t0.UnixMicro() + int64(i)))
		if (i+1)%10000 == 0 || i == n-1 {
			recs = append(recs, b.NewRecordBatch())
		}
	}
	rr, err := array.NewRecordReader(testSchema, recs)
	if err != nil {
		t.Fatal(err)
	}
	return rr
}

// checkRecords asserts that rr holds exactly the rows testRecords(n) builds.
func checkRecords(t *testing.T, rr array.RecordReader, n int) {
	t.Helper()
	defer rr.Release()
	if !rr.Schema().Equal(testSchema) {
		t.Fatalf("schema = %v, want %v", rr.Schema(), testSchema)
	}
	i := 0
	for rr.Next() {
		rec := rr.RecordBatch()
		ids, rates := rec.Column(0).(*array.Int64), rec.Column(1).(*array.Float32)
		for r := range int(rec.NumRows()) {
			if ids.Value(r) != int64(i) || rates.IsNull(r) != (i%7 == 0) || (!rates.IsNull(r) && rates.Value(r) != float32(i)/2) {
				t.Fatalf("row %d = (%d, %v) differs", i, ids.Value(r), rates.Value(r))
			}
			i++
		}
	}
	if err := rr.Err(); err != nil {
		t.Fatal(err)
	}
	if i != n {
		t.Fatalf("got %d rows, want %d", i, n)
	}
}

func connectOffline(t *testing.T, store offlinestore.Store) offlinestore.Store {
	t.Helper()
	c, err := pluginclient.Connect(context.Background(), pluginclient.InProcessConfig{Name: "fake", OfflineStore: store})
	if err != nil {
		t.Fatalf("Connect: %v", err)
	}
	t.Cleanup(c.Close)
	s, ok := c.Offline()
	if !ok {
		t.Fatal("Offline() = false")
	}
	return s
}

func TestOfflineRoundTrips(t *testing.T) {
	t.Parallel()
	src := types.DataSourceSpec{Name: "driver_stats", Options: map[string]string{"path": "data/x.parquet"},
		TimestampField: "event_timestamp", CreatedTimestampColumn: "created", FieldMapping: map[string]string{"a": "b"}}
	pull := &offlinestore.PullRequest{Project: "p", Source: src, JoinKeys: []string{"driver_id"}, FeatureColumns: []string{"rate"},
		Start: t0, End: t0.Add(time.Hour), EntityKeys: []types.EntityKey{{{JoinKey: "driver_id", Value: types.Int64Value(1)}}}}
	cols := []types.Field{{Name: "driver_id", Type: types.Int64}, {Name: "rate", Type: types.Float32}}
	const rows = 150_000 // several MiB of IPC: many chunks both ways
	var gotPull *offlinestore.PullRequest
	var gotWrite *offlinestore.WriteBatchRequest
	var gotTeardown *offlinestore.TeardownRequest
	var written int
	fake := &fakeOffline{
		schema: func(r *offlinestore.GetSourceSchemaRequest) (*offlinestore.GetSourceSchemaResponse, error) {
			if d := cmp.Diff(src, r.Source); d != "" {
				t.Errorf("GetSourceSchema source (-want +got):\n%s", d)
			}
			return &offlinestore.GetSourceSchemaResponse{Columns: cols}, nil
		},
		pull: func(r *offlinestore.PullRequest) (*offlinestore.PullResponse, error) {
			gotPull = r
			return &offlinestore.PullResponse{Records: testRecords(t, rows)}, nil
		},
		write: func(r *offlinestore.WriteBatchRequest) (*offlinestore.WriteBatchResponse, error) {
			gotWrite = r
			for r.Records.Next() {
				written += int(r.Records.RecordBatch().NumRows())
			}
			return &offlinestore.WriteBatchResponse{RowsWritten: int64(written)}, r.Records.Err()
		},
		teardown: func(r *offlinestore.TeardownRequest) error { gotTeardown = r; return nil },
	}
	s := connectOffline(t, fake)
	ctx := context.Background()
	schema, err := s.GetSourceSchema(ctx, &offlinestore.GetSourceSchemaRequest{Source: src})
	if err != nil || !cmp.Equal(schema.Columns, cols) {
		t.Fatalf("GetSourceSchema = %+v, %v", schema, err)
	}
	for name, call := range map[string]func(context.Context, *offlinestore.PullRequest) (*offlinestore.PullResponse, error){
		"PullLatest": s.PullLatest, "PullRange": s.PullRange} {
		resp, err := call(ctx, pull)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		checkRecords(t, resp.Records, rows)
		// The store did not advertise entity filtering, so the keys are not sent.
		want := *pull
		want.EntityKeys = nil
		if d := cmp.Diff(&want, gotPull, valueCmp); d != "" {
			t.Errorf("%s request (-want +got):\n%s", name, d)
		}
	}
	wresp, err := s.WriteBatch(ctx, &offlinestore.WriteBatchRequest{Project: "p", Destination: src, Records: testRecords(t, rows)})
	if err != nil || wresp.RowsWritten != rows || written != rows {
		t.Fatalf("WriteBatch = %+v, %v (store saw %d rows)", wresp, err, written)
	}
	if gotWrite.Project != "p" || !cmp.Equal(gotWrite.Destination, src) {
		t.Errorf("WriteBatch header = %q %+v", gotWrite.Project, gotWrite.Destination)
	}
	if _, err := s.Teardown(ctx, &offlinestore.TeardownRequest{Project: "p", Sources: []types.DataSourceSpec{src}}); err != nil {
		t.Fatal(err)
	}
	if gotTeardown.Project != "p" || len(gotTeardown.Sources) != 1 {
		t.Errorf("Teardown request = %+v", gotTeardown)
	}
	if _, ok := s.(offlinestore.StoreWithHistoricalFeatures); ok {
		t.Error("a store without pushdown is handed out as StoreWithHistoricalFeatures")
	}
}

func TestHistoricalFeaturesStreamsBothWays(t *testing.T) {
	t.Parallel()
	const rows = 120_000
	views := []offlinestore.ViewRef{{View: types.FeatureViewSpec{Name: "v", JoinKeys: []types.Field{}, Features: []types.Field{}},
		Source: types.DataSourceSpec{Name: "s"}, Features: []string{"rate"}, JoinKeyMap: map[string]string{"id": "driver_id"}}}
	s := connectOffline(t, fakeHistorical{&fakeOffline{historical: func(r *offlinestore.HistoricalFeaturesRequest) (*offlinestore.PullResponse, error) {
		if r.Project != "p" || r.EntityTimestampColumn != "ts" || !r.FullFeatureNames || !cmp.Equal(r.Views, views) {
			t.Errorf("header = %+v", r)
		}
		checkRecordsNoRelease(t, r.Entities, rows)
		return &offlinestore.PullResponse{Records: testRecords(t, rows)}, nil
	}}})
	hs, ok := s.(offlinestore.StoreWithHistoricalFeatures)
	if !ok {
		t.Fatal("a store with pushdown is not handed out as StoreWithHistoricalFeatures")
	}
	resp, err := hs.HistoricalFeatures(context.Background(), &offlinestore.HistoricalFeaturesRequest{
		Project: "p", Views: views, EntityTimestampColumn: "ts", FullFeatureNames: true, Entities: testRecords(t, rows)})
	if err != nil {
		t.Fatal(err)
	}
	checkRecords(t, resp.Records, rows)
}

func checkRecordsNoRelease(t *testing.T, rr array.RecordReader, n int) {
	t.Helper()
	rr.Retain()
	checkRecords(t, rr, n)
}

func TestPullErrorReachesTheHost(t *testing.T) {
	t.Parallel()
	s := connectOffline(t, &fakeOffline{pull: func(*offlinestore.PullRequest) (*offlinestore.PullResponse, error) {
		return nil, storeerr.NotFound("table t does not exist")
	}})
	_, err := s.PullRange(context.Background(), &offlinestore.PullRequest{})
	if !errors.Is(err, storeerr.ErrNotFound) {
		t.Fatalf("err = %v, want NotFound", err)
	}
}

// fakeFiltering is a fakeOffline that advertises entity filtering.
type fakeFiltering struct{ *fakeOffline }

func (fakeFiltering) FiltersEntities() bool { return true }

func TestEntityKeysReachAStoreThatFiltersEntities(t *testing.T) {
	t.Parallel()
	keys := []types.EntityKey{{{JoinKey: "driver_id", Value: types.Int64Value(7)}}}
	var got []types.EntityKey
	s := connectOffline(t, fakeFiltering{&fakeOffline{pull: func(r *offlinestore.PullRequest) (*offlinestore.PullResponse, error) {
		got = r.EntityKeys
		return &offlinestore.PullResponse{Records: testRecords(t, 1)}, nil
	}}})
	resp, err := s.PullLatest(context.Background(), &offlinestore.PullRequest{EntityKeys: keys})
	if err != nil {
		t.Fatal(err)
	}
	resp.Records.Release()
	if d := cmp.Diff(keys, got, valueCmp); d != "" {
		t.Errorf("entity keys (-want +got):\n%s", d)
	}
}
