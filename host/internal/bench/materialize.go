package bench

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"

	"github.com/quiverfs/quiver/sdk/types"
)

// Materialize measures `quiver materialize` of Entities rows (one per
// entity) x Features float32 features from Parquet into the embedded
// SQLite online store, through the real CLI binary.
type Materialize struct {
	Quiver             string
	Entities, Features int
	Dir                string // work folder; a temporary one when empty
}

// Run generates the data, applies, materializes and prints the figures.
func (b *Materialize) Run(ctx context.Context, w io.Writer) error {
	dir := b.Dir
	if dir == "" {
		var err error
		if dir, err = os.MkdirTemp("", "quiver-bench-materialize-"); err != nil {
			return err
		}
		defer os.RemoveAll(dir)
	}
	fields := make([]types.Field, b.Features)
	for i := range fields {
		fields[i] = types.Field{Name: fmt.Sprintf("f%02d", i), Type: types.Float32}
	}
	if err := benchRepo(dir, fields, "0s"); err != nil {
		return err
	}
	end := time.Now().UTC().Truncate(time.Hour)
	genStart := time.Now()
	if err := writeLatestRows(filepath.Join(dir, "data", "stats.parquet"), b.Entities, b.Features, end.Add(-time.Hour)); err != nil {
		return err
	}
	gen := time.Since(genStart)
	if _, err := quiverCmd(b.Quiver, dir, "apply"); err != nil {
		return err
	}
	start := time.Now()
	out, err := quiverCmd(b.Quiver, dir, "materialize", end.Add(-2*time.Hour).Format(time.RFC3339), end.Format(time.RFC3339))
	if err != nil {
		return err
	}
	took := time.Since(start)
	fmt.Fprintf(w, "Materialize %d entities x %d float32 features, Parquet -> embedded SQLite, through `quiver materialize`; %s\n\n", b.Entities, b.Features, Machine())
	fmt.Fprintf(w, "| measurement | value |\n|---|---|\n")
	fmt.Fprintf(w, "| generate the Parquet file | %.1f s |\n", gen.Seconds())
	fmt.Fprintf(w, "| `quiver materialize` wall time | %.1f s |\n", took.Seconds())
	fmt.Fprintf(w, "| rows per second | %.0f |\n\n", float64(b.Entities)/took.Seconds())
	fmt.Fprintf(w, "```\n%s```\n", out)
	return nil
}

// writeLatestRows writes one row per entity (driver_id 1..n) at event time ts.
func writeLatestRows(path string, n, features int, ts time.Time) error {
	fields := []arrow.Field{
		{Name: "driver_id", Type: arrow.PrimitiveTypes.Int64},
		{Name: "event_timestamp", Type: &arrow.TimestampType{Unit: arrow.Microsecond, TimeZone: "UTC"}},
		{Name: "created", Type: &arrow.TimestampType{Unit: arrow.Microsecond, TimeZone: "UTC"}},
	}
	for i := range features {
		fields = append(fields, arrow.Field{Name: fmt.Sprintf("f%02d", i), Type: arrow.PrimitiveTypes.Float32, Nullable: true})
	}
	schema := arrow.NewSchema(fields, nil)
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	pw, err := pqarrow.NewFileWriter(schema, f, parquet.NewWriterProperties(), pqarrow.DefaultWriterProps())
	if err != nil {
		return err
	}
	b := array.NewRecordBuilder(memory.DefaultAllocator, schema)
	defer b.Release()
	const batch = 64 * 1024
	for start := 0; start < n; start += batch {
		for i := start; i < min(n, start+batch); i++ {
			b.Field(0).(*array.Int64Builder).Append(int64(i + 1))
			b.Field(1).(*array.TimestampBuilder).Append(arrow.Timestamp(ts.UnixMicro()))
			b.Field(2).(*array.TimestampBuilder).Append(arrow.Timestamp(ts.UnixMicro() + 1))
			for j := range features {
				b.Field(3 + j).(*array.Float32Builder).Append(float32(i%1000) + float32(j)/100)
			}
		}
		rec := b.NewRecordBatch()
		err := pw.Write(rec)
		rec.Release()
		if err != nil {
			return err
		}
	}
	return pw.Close()
}
