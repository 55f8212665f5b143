package bqstore

import (
	"context"
	"fmt"
	"io"
	"os"

	"cloud.google.com/go/bigquery"
	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/compress"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
	"google.golang.org/api/googleapi"
)

// parquetFile is a temporary Parquet file that records are written to
// before a load job sends it to BigQuery (a load job is free; streaming
// inserts are not, and go row by row).
type parquetFile struct {
	f      *os.File
	w      *pqarrow.FileWriter
	schema *arrow.Schema // the upload schema
	rows   int64
}

// onlyWriter hides the file's Close from the Parquet writer.
type onlyWriter struct{ io.Writer }

// newParquetFile starts a file of records of schema in; columns are
// written as uploadType of their type.
func newParquetFile(in *arrow.Schema) (*parquetFile, error) {
	fields := make([]arrow.Field, in.NumFields())
	for i, f := range in.Fields() {
		fields[i] = arrow.Field{Name: f.Name, Type: uploadType(f.Type), Nullable: true}
	}
	schema := arrow.NewSchema(fields, nil)
	f, err := os.CreateTemp("", "quiver-bigquery-*.parquet")
	if err != nil {
		return nil, fmt.Errorf("creating a temporary Parquet file: %w", err)
	}
	props := parquet.NewWriterProperties(parquet.WithCompression(compress.Codecs.Snappy))
	w, err := pqarrow.NewFileWriter(schema, onlyWriter{f}, props, pqarrow.NewArrowWriterProperties())
	if err != nil {
		f.Close()
		os.Remove(f.Name())
		return nil, fmt.Errorf("starting a Parquet file: %w", err)
	}
	return &parquetFile{f: f, w: w, schema: schema}, nil
}

// write appends a record of the input schema.
func (p *parquetFile) write(rec arrow.RecordBatch) error {
	cols := make([]arrow.Array, rec.NumCols())
	defer func() {
		for _, c := range cols {
			if c != nil {
				c.Release()
			}
		}
	}()
	for i := range cols {
		c, err := castTo(rec.Column(i), p.schema.Field(i).Type)
		if err != nil {
			return fmt.Errorf("column %s: %w", p.schema.Field(i).Name, err)
		}
		cols[i] = c
	}
	out := array.NewRecordBatch(p.schema, cols, rec.NumRows())
	defer out.Release()
	if err := p.w.Write(out); err != nil {
		return fmt.Errorf("writing Parquet: %w", err)
	}
	p.rows += rec.NumRows()
	return nil
}

// close ends the file; the caller then loads it and calls remove.
func (p *parquetFile) close() error {
	if err := p.w.Close(); err != nil {
		return fmt.Errorf("ending the Parquet file: %w", err)
	}
	if _, err := p.f.Seek(0, io.SeekStart); err != nil {
		return fmt.Errorf("rewinding the Parquet file: %w", err)
	}
	return nil
}

// remove deletes the file.
func (p *parquetFile) remove() {
	p.f.Close()
	os.Remove(p.f.Name())
}

// bqSchema is the BigQuery schema of an Arrow schema.
func bqSchema(s *arrow.Schema) (bigquery.Schema, error) {
	out := make(bigquery.Schema, s.NumFields())
	for i, f := range s.Fields() {
		if err := checkIdent(f.Name); err != nil {
			return nil, err
		}
		t, rep, ok := bqFieldType(f.Type)
		if !ok {
			return nil, fmt.Errorf("column %s is %s, which BigQuery cannot hold", f.Name, f.Type)
		}
		out[i] = &bigquery.FieldSchema{Name: f.Name, Type: t, Repeated: rep}
	}
	return out, nil
}

// load appends a closed Parquet file to an existing table with a load job
// (emulators load Parquet only into a table that exists).
func (c *conn) load(ctx context.Context, p *parquetFile, t tableRef) error {
	src := bigquery.NewReaderSource(p.f)
	src.SourceFormat = bigquery.Parquet
	src.ParquetOptions = &bigquery.ParquetOptions{EnableListInference: true}
	l := c.table(t).LoaderFrom(src)
	l.WriteDisposition = bigquery.WriteAppend
	l.CreateDisposition = bigquery.CreateNever
	l.Labels = c.settings.Labels
	l.Location = c.settings.Location
	l.MediaOptions = []googleapi.MediaOption{googleapi.ChunkSize(*c.settings.UploadChunkBytes)}
	return runJob(ctx, "loading rows into "+t.String(), l.Run)
}

// uploadTemp writes records to a new temporary table of project, which
// expires by itself; the caller drops it when done.
func (c *conn) uploadTemp(ctx context.Context, project, kind string, schema *arrow.Schema, recs []arrow.RecordBatch) (tableRef, error) {
	dst := c.tempTable(project, kind)
	bs, err := bqSchema(schema)
	if err != nil {
		return dst, err
	}
	p, err := newParquetFile(schema)
	if err != nil {
		return dst, err
	}
	defer p.remove()
	for _, r := range recs {
		if err := p.write(r); err != nil {
			return dst, err
		}
	}
	if err := p.close(); err != nil {
		return dst, err
	}
	if err := c.ensureDataset(ctx, dst.Project, dst.Dataset); err != nil {
		return dst, err
	}
	md := &bigquery.TableMetadata{Schema: bs, ExpirationTime: c.expiry(),
		Labels: map[string]string{"created_by": "quiver"}}
	if err := c.table(dst).Create(ctx, md); err != nil {
		return dst, bqError("creating temporary table "+dst.String(), err)
	}
	if err := c.load(ctx, p, dst); err != nil {
		c.dropTable(ctx, dst)
		return dst, err
	}
	return dst, nil
}
