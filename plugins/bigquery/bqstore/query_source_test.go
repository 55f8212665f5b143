package bqstore_test

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/google/go-cmp/cmp"

	"github.com/quiverfs/quiver/sdk/offlinestore"
	"github.com/quiverfs/quiver/sdk/storeerr"
	"github.com/quiverfs/quiver/sdk/types"
)

var t0 = time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)

// hour is t0 plus h hours, as Arrow µs.
func hour(h int) arrow.Timestamp {
	return arrow.Timestamp(t0.Add(time.Duration(h) * time.Hour).UnixMicro())
}

// baseTable writes rows (id, rate, event hour, created hour) through
// WriteBatch and returns the table's name.
func baseTable(t *testing.T, s offlinestore.Store, rows [][4]int) string {
	t.Helper()
	name := tableName(t, client(t), "base_")
	ts := &arrow.TimestampType{Unit: arrow.Microsecond, TimeZone: "UTC"}
	schema := arrow.NewSchema([]arrow.Field{{Name: "id", Type: arrow.PrimitiveTypes.Int64}, {Name: "rate", Type: arrow.PrimitiveTypes.Float64},
		{Name: "ev", Type: ts}, {Name: "cr", Type: ts}}, nil)
	b := array.NewRecordBuilder(memory.DefaultAllocator, schema)
	defer b.Release()
	for _, r := range rows {
		b.Field(0).(*array.Int64Builder).Append(int64(r[0]))
		b.Field(1).(*array.Float64Builder).Append(float64(r[1]) / 10)
		b.Field(2).(*array.TimestampBuilder).Append(hour(r[2]))
		b.Field(3).(*array.TimestampBuilder).Append(hour(r[3]))
	}
	rec := b.NewRecordBatch()
	defer rec.Release()
	rd, _ := array.NewRecordReader(schema, []arrow.RecordBatch{rec})
	defer rd.Release()
	if _, err := s.WriteBatch(ctx(t), &offlinestore.WriteBatchRequest{Project: "p",
		Destination: types.DataSourceSpec{Name: name, Options: map[string]string{"table": name}}, Records: rd}); err != nil {
		t.Fatal(err)
	}
	return name
}

// TestQuerySource reads a source defined by SQL: its schema, the latest
// rows per key, and a pushed-down join, with the query's own column
// names and a computed column; writing to it is refused.
func TestQuerySource(t *testing.T) {
	s := newStore(t, nil)
	base := baseTable(t, s, [][4]int{{1, 1, 0, 0}, {1, 2, 2, 2}, {1, 3, 2, 5}, {1, 9, 9, 9}, {2, 4, 1, 1}, {3, 5, 3, 3}})
	src := types.DataSourceSpec{Name: "q", TimestampField: "event_time", CreatedTimestampColumn: "created_time",
		FieldMapping: map[string]string{"driver": "driver_id"},
		Options: map[string]string{"query": fmt.Sprintf("SELECT id AS driver, rate * 10 AS score, ev AS event_time, cr AS created_time\n"+
			"FROM `%s.%s` WHERE id <> 3;", testDataset, base)}}
	schema, err := s.GetSourceSchema(ctx(t), &offlinestore.GetSourceSchemaRequest{Source: src})
	if err != nil {
		t.Fatal(err)
	}
	wantCols := []types.Field{{Name: "driver_id", Type: types.Int64}, {Name: "score", Type: types.Float64},
		{Name: "event_time", Type: types.Timestamp}, {Name: "created_time", Type: types.Timestamp}}
	if d := cmp.Diff(wantCols, schema.Columns); d != "" {
		t.Errorf("GetSourceSchema of the query (-want +got):\n%s", d)
	}

	resp, err := s.PullLatest(ctx(t), &offlinestore.PullRequest{Project: "p", Source: src, JoinKeys: []string{"driver_id"},
		FeatureColumns: []string{"score"}, Start: t0, End: t0.Add(5 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	got := map[int64]float64{}
	for resp.Records.Next() {
		rec := resp.Records.RecordBatch()
		for i := range int(rec.NumRows()) {
			got[rec.Column(0).(*array.Int64).Value(i)] = rec.Column(1).(*array.Float64).Value(i)
		}
	}
	resp.Records.Release()
	if d := cmp.Diff(map[int64]float64{1: 3, 2: 4}, got); d != "" {
		t.Errorf("PullLatest of the query: latest score per driver (-want +got):\n%s", d)
	}

	// Entity rows: driver 1 at hours 1, 2 and 10; driver 2 at hour 0
	// (before its row); driver 3, whom the query leaves out.
	ents := entityRecords(t, []int64{1, 1, 1, 2, 3}, []int{1, 2, 10, 0, 5})
	defer ents.Release()
	view := types.FeatureViewSpec{Name: "v", JoinKeys: []types.Field{{Name: "driver_id", Type: types.Int64}},
		Features: []types.Field{{Name: "score", Type: types.Float64}}}
	out, err := s.HistoricalFeatures(ctx(t), &offlinestore.HistoricalFeaturesRequest{Project: "p", EntityTimestampColumn: "ts",
		Views: []offlinestore.ViewRef{{View: view, Source: src, Features: []string{"score"}}}, Entities: ents})
	if err != nil {
		t.Fatal(err)
	}
	var scores []string
	for out.Records.Next() {
		rec := out.Records.RecordBatch()
		col := rec.Column(int(rec.NumCols()) - 1)
		for i := range col.Len() {
			scores = append(scores, col.ValueStr(i))
		}
	}
	out.Records.Release()
	if d := cmp.Diff([]string{"1", "3", "9", "(null)", "(null)"}, scores); d != "" {
		t.Errorf("HistoricalFeatures over the query, score per entity row (-want +got):\n%s", d)
	}

	rd := entityRecords(t, []int64{1}, []int{0})
	defer rd.Release()
	_, err = s.WriteBatch(ctx(t), &offlinestore.WriteBatchRequest{Project: "p", Destination: src, Records: rd})
	if !errors.Is(err, storeerr.ErrInvalidArgument) {
		t.Errorf("WriteBatch to a query source: %v, want InvalidArgument", err)
	}
}

// entityRecords is an entity table (driver_id, ts at t0 + hours).
func entityRecords(t *testing.T, ids []int64, hours []int) array.RecordReader {
	t.Helper()
	schema := arrow.NewSchema([]arrow.Field{{Name: "driver_id", Type: arrow.PrimitiveTypes.Int64},
		{Name: "ts", Type: &arrow.TimestampType{Unit: arrow.Microsecond}}}, nil)
	b := array.NewRecordBuilder(memory.DefaultAllocator, schema)
	defer b.Release()
	for i, id := range ids {
		b.Field(0).(*array.Int64Builder).Append(id)
		b.Field(1).(*array.TimestampBuilder).Append(hour(hours[i]))
	}
	rec := b.NewRecordBatch()
	defer rec.Release()
	rd, err := array.NewRecordReader(schema, []arrow.RecordBatch{rec})
	if err != nil {
		t.Fatal(err)
	}
	return rd
}
