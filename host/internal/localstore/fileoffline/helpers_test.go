//go:build duckdb_arrow

package fileoffline

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"

	"github.com/quiverfs/quiver/sdk/offlinestore"
	"github.com/quiverfs/quiver/sdk/types"
)

// t0 is the fixtures' base time.
var t0 = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

// us returns t0 plus n microseconds.
func us(n int64) time.Time { return t0.Add(time.Duration(n) * time.Microsecond) }

// row is a fixture row: driver_id, conv, ts (event), created.
type row struct {
	id     int64
	conv   float64
	ev, cr time.Time
}

// fixtureSchema has timestamps in time zone tz ("" for none).
func fixtureSchema(tz string) *arrow.Schema {
	ts := &arrow.TimestampType{Unit: arrow.Microsecond, TimeZone: tz}
	return arrow.NewSchema([]arrow.Field{
		{Name: "driver_id", Type: arrow.PrimitiveTypes.Int64},
		{Name: "conv", Type: arrow.PrimitiveTypes.Float64},
		{Name: "ts", Type: ts, Nullable: true},
		{Name: "created", Type: ts, Nullable: true},
	}, nil)
}

// fixtureRecord builds a record of rows; a zero created time is null.
func fixtureRecord(tz string, rows []row) arrow.RecordBatch {
	b := array.NewRecordBuilder(memory.NewGoAllocator(), fixtureSchema(tz))
	defer b.Release()
	for _, r := range rows {
		b.Field(0).(*array.Int64Builder).Append(r.id)
		b.Field(1).(*array.Float64Builder).Append(r.conv)
		b.Field(2).(*array.TimestampBuilder).Append(arrow.Timestamp(r.ev.UnixMicro()))
		if r.cr.IsZero() {
			b.Field(3).AppendNull()
		} else {
			b.Field(3).(*array.TimestampBuilder).Append(arrow.Timestamp(r.cr.UnixMicro()))
		}
	}
	return b.NewRecordBatch()
}

// writeRecord writes rec as a Parquet file at path, creating its directory.
func writeRecord(t *testing.T, path string, rec arrow.RecordBatch) {
	t.Helper()
	defer rec.Release()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w, err := pqarrow.NewFileWriter(rec.Schema(), f, nil, pqarrow.DefaultWriterProps())
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Write(rec); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
}

// newStore returns a configured store closed at the end of the test.
func newStore(t *testing.T, cfg string) *Store {
	t.Helper()
	s := New()
	if _, err := s.Configure(t.Context(), &offlinestore.ConfigureRequest{Project: "p", Config: json.RawMessage(cfg)}); err != nil {
		t.Fatalf("Configure: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// fixtureSource is a source over path with the fixture's timestamps.
func fixtureSource(path string) types.DataSourceSpec {
	return types.DataSourceSpec{Name: "drivers", Options: map[string]string{"path": path},
		TimestampField: "ts", CreatedTimestampColumn: "created"}
}

// pullRows runs a pull and renders every row as "col=value ..." sorted.
func pullRows(t *testing.T, s *Store, latest bool, req *offlinestore.PullRequest) []string {
	t.Helper()
	call := s.PullRange
	if latest {
		call = s.PullLatest
	}
	resp, err := call(context.Background(), req)
	if err != nil {
		t.Fatalf("pull: %v", err)
	}
	return render(t, resp.Records)
}

// render reads and releases rd, rendering each row as "col=value ...",
// timestamps in RFC 3339 with microseconds, then sorts the rows.
func render(t *testing.T, rd array.RecordReader) []string {
	t.Helper()
	defer rd.Release()
	var out []string
	for rd.Next() {
		rec := rd.RecordBatch()
		for i := range int(rec.NumRows()) {
			parts := make([]string, rec.NumCols())
			for c, col := range rec.Columns() {
				parts[c] = rec.ColumnName(c) + "=" + cell(col, i)
			}
			out = append(out, strings.Join(parts, " "))
		}
	}
	if err := rd.Err(); err != nil {
		t.Fatalf("reading records: %v", err)
	}
	sort.Strings(out)
	return out
}

// cell renders one value; timestamps as microseconds after t0.
func cell(col arrow.Array, i int) string {
	if col.IsNull(i) {
		return "null"
	}
	if ts, ok := col.(*array.Timestamp); ok {
		return fmt.Sprintf("t0+%dus", int64(ts.Value(i))-t0.UnixMicro())
	}
	return col.ValueStr(i)
}

// rowLine renders a fixture row as render renders a pulled one.
func rowLine(r row) string {
	cr := "null"
	if !r.cr.IsZero() {
		cr = fmt.Sprintf("t0+%dus", r.cr.Sub(t0).Microseconds())
	}
	return fmt.Sprintf("driver_id=%d conv=%g ts=t0+%dus created=%s", r.id, r.conv, r.ev.Sub(t0).Microseconds(), cr)
}
