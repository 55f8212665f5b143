package bqstore_test

import (
	"errors"
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

// TestWriteBatchAppendsByName appends to a table records whose columns
// come in another order and lack a column (as a push of some features
// does): values land in their columns by name, the missing one is null.
// A column the table does not have is refused, and the table keeps its
// rows.
func TestWriteBatchAppendsByName(t *testing.T) {
	s := newStore(t, nil)
	name := baseTable(t, s, [][4]int{{1, 1, 0, 0}})
	dest := types.DataSourceSpec{Name: name, Options: map[string]string{"table": name}}
	ts := &arrow.TimestampType{Unit: arrow.Microsecond, TimeZone: "UTC"}
	write := func(fields []arrow.Field, fill func(b *array.RecordBuilder)) error {
		schema := arrow.NewSchema(fields, nil)
		b := array.NewRecordBuilder(memory.DefaultAllocator, schema)
		defer b.Release()
		fill(b)
		rec := b.NewRecordBatch()
		defer rec.Release()
		rd, _ := array.NewRecordReader(schema, []arrow.RecordBatch{rec})
		defer rd.Release()
		_, err := s.WriteBatch(ctx(t), &offlinestore.WriteBatchRequest{Project: "p", Destination: dest, Records: rd})
		return err
	}
	err := write([]arrow.Field{{Name: "ev", Type: ts}, {Name: "id", Type: arrow.PrimitiveTypes.Int64}, {Name: "rate", Type: arrow.PrimitiveTypes.Float64}},
		func(b *array.RecordBuilder) {
			b.Field(0).(*array.TimestampBuilder).Append(hour(1))
			b.Field(1).(*array.Int64Builder).Append(2)
			b.Field(2).(*array.Float64Builder).Append(0.5)
		})
	if err != nil {
		t.Fatalf("WriteBatch of reordered columns without cr: %v", err)
	}
	err = write([]arrow.Field{{Name: "id", Type: arrow.PrimitiveTypes.Int64}, {Name: "ev", Type: ts}, {Name: "surprise", Type: arrow.PrimitiveTypes.Int64}},
		func(b *array.RecordBuilder) {
			b.Field(0).(*array.Int64Builder).Append(3)
			b.Field(1).(*array.TimestampBuilder).Append(hour(1))
			b.Field(2).(*array.Int64Builder).Append(7)
		})
	if !errors.Is(err, storeerr.ErrInvalidArgument) {
		t.Errorf("WriteBatch with a column the table lacks: %v, want InvalidArgument", err)
	}
	src := dest
	src.TimestampField, src.CreatedTimestampColumn = "ev", "cr"
	resp, err := s.PullRange(ctx(t), &offlinestore.PullRequest{Project: "p", Source: src, JoinKeys: []string{"id"},
		FeatureColumns: []string{"rate"}, Start: t0, End: t0.Add(24 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Records.Release()
	var got []string
	for resp.Records.Next() {
		rec := resp.Records.RecordBatch()
		for i := range int(rec.NumRows()) {
			got = append(got, rec.Column(0).ValueStr(i)+" "+rec.Column(1).ValueStr(i)+" "+rec.Column(3).ValueStr(i))
		}
	}
	if d := cmp.Diff([]string{"1 0.1 2025-03-01T00:00:00Z", "2 0.5 (null)"}, sortedCopy(got)); d != "" {
		t.Errorf("rows after the appends (-want +got):\n%s", d)
	}
}

func sortedCopy(s []string) []string {
	out := append([]string(nil), s...)
	for i := range out {
		for j := i + 1; j < len(out); j++ {
			if out[j] < out[i] {
				out[i], out[j] = out[j], out[i]
			}
		}
	}
	return out
}

// TestWriteBatchCreateNever: with Feast's table_create_disposition
// CREATE_NEVER a missing table is NotFound and is not created.
func TestWriteBatchCreateNever(t *testing.T) {
	s := newStore(t, map[string]any{"table_create_disposition": "CREATE_NEVER"})
	name := tableName(t, client(t), "never_")
	rd := entityRecords(t, []int64{1}, []int{0})
	defer rd.Release()
	dest := types.DataSourceSpec{Name: name, Options: map[string]string{"table": name}}
	_, err := s.WriteBatch(ctx(t), &offlinestore.WriteBatchRequest{Project: "p", Destination: dest, Records: rd})
	if !errors.Is(err, storeerr.ErrNotFound) {
		t.Fatalf("WriteBatch to a missing table with CREATE_NEVER: %v, want NotFound", err)
	}
	if _, err := s.GetSourceSchema(ctx(t), &offlinestore.GetSourceSchemaRequest{Source: dest}); !errors.Is(err, storeerr.ErrNotFound) {
		t.Errorf("the table after the refused write: %v, want NotFound", err)
	}
}
