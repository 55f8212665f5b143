package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
)

// day0 is the first event time of the test data; rows are hourly.
var day0 = time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)

// statsRow is one row of the driver stats test source.
type statsRow struct {
	driver    int64
	hour      int
	label     *string
	embedding []float32
}

// convRate and trips are the deterministic features of a row.
func convRate(driver int64, hour int) float32 { return float32(driver%1000) + float32(hour)/10 }
func trips(driver int64, hour int) int64      { return driver*10 + int64(hour) }

// writeStats writes rows as a parquet file with driver_id, event_timestamp,
// created, conv_rate (float32), acc_rate (float64), avg_daily_trips (int64),
// label (string, nullable) and embedding (list<float32>).
func writeStats(t *testing.T, path string, rows []statsRow) {
	t.Helper()
	ts := &arrow.TimestampType{Unit: arrow.Microsecond, TimeZone: "UTC"}
	schema := arrow.NewSchema([]arrow.Field{
		{Name: "driver_id", Type: arrow.PrimitiveTypes.Int64},
		{Name: "event_timestamp", Type: ts},
		{Name: "created", Type: ts},
		{Name: "conv_rate", Type: arrow.PrimitiveTypes.Float32},
		{Name: "acc_rate", Type: arrow.PrimitiveTypes.Float64},
		{Name: "avg_daily_trips", Type: arrow.PrimitiveTypes.Int64},
		{Name: "label", Type: arrow.BinaryTypes.String, Nullable: true},
		{Name: "embedding", Type: arrow.ListOf(arrow.PrimitiveTypes.Float32)},
	}, nil)
	b := array.NewRecordBuilder(memory.DefaultAllocator, schema)
	defer b.Release()
	for _, r := range rows {
		ev := day0.Add(time.Duration(r.hour) * time.Hour)
		b.Field(0).(*array.Int64Builder).Append(r.driver)
		b.Field(1).(*array.TimestampBuilder).Append(arrow.Timestamp(ev.UnixMicro()))
		b.Field(2).(*array.TimestampBuilder).Append(arrow.Timestamp(ev.Add(time.Minute).UnixMicro()))
		b.Field(3).(*array.Float32Builder).Append(convRate(r.driver, r.hour))
		b.Field(4).(*array.Float64Builder).Append(float64(r.hour) / 4)
		b.Field(5).(*array.Int64Builder).Append(trips(r.driver, r.hour))
		if r.label == nil {
			b.Field(6).AppendNull()
		} else {
			b.Field(6).(*array.StringBuilder).Append(*r.label)
		}
		lb := b.Field(7).(*array.ListBuilder)
		lb.Append(true)
		lb.ValueBuilder().(*array.Float32Builder).AppendValues(r.embedding, nil)
	}
	rec := b.NewRecordBatch()
	defer rec.Release()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w, err := pqarrow.NewFileWriter(schema, f, parquet.NewWriterProperties(), pqarrow.DefaultWriterProps())
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

// hourlyRows returns rows for drivers over hours [0, hours); driver 1003's
// label is null.
func hourlyRows(drivers []int64, hours int) []statsRow {
	var rows []statsRow
	for h := range hours {
		for _, d := range drivers {
			r := statsRow{driver: d, hour: h, embedding: []float32{float32(d), float32(h)}}
			if d != 1003 {
				label := "d" + strings.Repeat("x", h)
				r.label = &label
			}
			rows = append(rows, r)
		}
	}
	return rows
}

// writeFile writes a file of the test repository.
func writeFile(t *testing.T, dir, name, content string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// result is the outcome of one in-process quiver run.
type result struct {
	code           int
	stdout, stderr string
}

// quiver runs the CLI in process with --repo dir.
func quiver(t *testing.T, dir string, args ...string) result {
	t.Helper()
	var out, errOut bytes.Buffer
	all := append([]string{"quiver", "--repo", dir, "--plugins-dir", filepath.Join(dir, "plugins")}, args...)
	code := RunContext(context.Background(), all, &out, &errOut)
	return result{code: code, stdout: out.String(), stderr: errOut.String()}
}

// ok runs quiver and fails the test unless it exits 0.
func ok(t *testing.T, dir string, args ...string) string {
	t.Helper()
	r := quiver(t, dir, args...)
	if r.code != 0 {
		t.Fatalf("quiver %s: exit %d\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), r.code, r.stdout, r.stderr)
	}
	return r.stdout
}

// okJSON runs quiver and decodes its stdout into v.
func okJSON(t *testing.T, v any, dir string, args ...string) {
	t.Helper()
	out := ok(t, dir, args...)
	dec := json.NewDecoder(strings.NewReader(out))
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		t.Fatalf("quiver %s: output is not JSON: %v\n%s", strings.Join(args, " "), err, out)
	}
}
