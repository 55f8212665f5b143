//go:build duckdb_arrow

package fileoffline

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/quiverfs/quiver/sdk/offlinestore"
)

// TestPulledStringsOutliveRecords keeps the strings of every record past
// the record's release: the reader must hand out Go memory, not DuckDB's.
func TestPulledStringsOutliveRecords(t *testing.T) {
	t.Parallel()
	const rows = 3*batchRows + 100
	schema := arrow.NewSchema([]arrow.Field{
		{Name: "driver_id", Type: arrow.PrimitiveTypes.Int64},
		{Name: "label", Type: arrow.BinaryTypes.String},
		{Name: "ts", Type: &arrow.TimestampType{Unit: arrow.Microsecond}},
	}, nil)
	b := array.NewRecordBuilder(memory.NewGoAllocator(), schema)
	for i := range rows {
		b.Field(0).(*array.Int64Builder).Append(int64(i))
		b.Field(1).(*array.StringBuilder).Append(fmt.Sprintf("label %d", i))
		b.Field(2).(*array.TimestampBuilder).Append(arrow.Timestamp(us(int64(i)).UnixMicro()))
	}
	path := filepath.Join(t.TempDir(), "labels.parquet")
	writeRecord(t, path, b.NewRecordBatch())
	b.Release()

	s := newStore(t, `{}`)
	src := fixtureSource(path)
	src.CreatedTimestampColumn = ""
	resp, err := s.PullRange(t.Context(), &offlinestore.PullRequest{Source: src,
		JoinKeys: []string{"driver_id"}, FeatureColumns: []string{"label"}})
	if err != nil {
		t.Fatal(err)
	}
	got := map[int64]string{}
	records := 0
	for resp.Records.Next() {
		rec := resp.Records.RecordBatch()
		records++
		ids, labels := rec.Column(0).(*array.Int64), rec.Column(1).(*array.String)
		for i := range labels.Len() {
			got[ids.Value(i)] = labels.Value(i) // no copy, on purpose
		}
	}
	if err := resp.Records.Err(); err != nil {
		t.Fatal(err)
	}
	resp.Records.Release()
	if len(got) != rows {
		t.Fatalf("%d rows, want %d", len(got), rows)
	}
	if records < 4 || records > 5 {
		t.Errorf("%d records, want 4 or 5 of about %d rows", records, batchRows)
	}
	for id, l := range got {
		if want := fmt.Sprintf("label %d", id); l != want {
			t.Fatalf("row %d: label %q after release, want %q", id, l, want)
		}
	}
}
