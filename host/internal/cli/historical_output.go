package cli

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/csv"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/compress"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"

	"github.com/quiverfs/quiver/host/internal/pitjoin"
)

// tableWriter writes records to an output file.
type tableWriter interface {
	Write(rec arrow.RecordBatch) error
	Close() error
}

// outputFile writes a training set to path (Parquet or CSV by extension)
// through a hidden temporary file renamed into place on Commit.
type outputFile struct {
	path, tmp string
	f         *os.File
	w         tableWriter
}

// createOutput opens the temporary file of path for records of schema.
func createOutput(path string, schema *arrow.Schema) (*outputFile, error) {
	format, err := pitjoin.FileFormat(path)
	if err != nil {
		return nil, err
	}
	tmp := filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".tmp")
	f, err := os.Create(tmp)
	if err != nil {
		return nil, fmt.Errorf("creating %s: %w", path, err)
	}
	o := &outputFile{path: path, tmp: tmp, f: f}
	if format == "csv" {
		o.w = csvWriter{csv.NewWriter(f, schema, csv.WithHeader(true), csv.WithNullWriter(""))}
		return o, nil
	}
	props := parquet.NewWriterProperties(parquet.WithCompression(compress.Codecs.Snappy))
	pw, err := pqarrow.NewFileWriter(schema, f, props, pqarrow.NewArrowWriterProperties(pqarrow.WithStoreSchema()))
	if err != nil {
		o.Abort()
		return nil, fmt.Errorf("writing %s: %w", path, err)
	}
	o.w = pw
	return o, nil
}

// csvWriter adapts the CSV writer.
type csvWriter struct{ w *csv.Writer }

func (c csvWriter) Write(rec arrow.RecordBatch) error { return c.w.Write(rec) }
func (c csvWriter) Close() error                      { c.w.Flush(); return c.w.Error() }

// Write appends one record.
func (o *outputFile) Write(rec arrow.RecordBatch) error {
	if pw, ok := o.w.(*pqarrow.FileWriter); ok {
		return pw.WriteBuffered(rec)
	}
	return o.w.Write(rec)
}

// Commit finishes the file and moves it into place.
func (o *outputFile) Commit() error {
	err := o.w.Close()
	if _, isParquet := o.w.(*pqarrow.FileWriter); !isParquet {
		if cerr := o.f.Close(); err == nil {
			err = cerr
		}
	}
	if err == nil {
		err = os.Rename(o.tmp, o.path)
	}
	if err != nil {
		_ = os.Remove(o.tmp)
		return fmt.Errorf("writing %s: %w", o.path, err)
	}
	return nil
}

// Abort removes the temporary file.
func (o *outputFile) Abort() {
	_ = o.f.Close()
	_ = os.Remove(o.tmp)
}
