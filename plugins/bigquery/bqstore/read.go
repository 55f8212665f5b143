package bqstore

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"sync/atomic"

	"cloud.google.com/go/bigquery"
	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"google.golang.org/api/iterator"
)

// outColumn is one column of a reader's output: the table's column name,
// the output name and the output type.
type outColumn struct {
	from string
	name string
	typ  arrow.DataType
}

// streamReader adapts the Storage Read API's record batches to one Arrow
// IPC stream: the schema message, then each batch's message. Unlike the
// client's own adapter, it returns the iterator's errors.
type streamReader struct {
	it      bigquery.ArrowIterator
	buf     bytes.Buffer
	started bool
}

// Read implements io.Reader.
func (r *streamReader) Read(p []byte) (int, error) {
	for r.buf.Len() == 0 {
		if !r.started {
			r.started = true
			r.buf.Write(r.it.SerializedArrowSchema())
			continue
		}
		b, err := r.it.Next()
		if errors.Is(err, iterator.Done) {
			return 0, io.EOF
		}
		if err != nil {
			return 0, err
		}
		r.buf.Write(b.Data)
	}
	return r.buf.Read(p)
}

// tableReader streams a table through the Storage Read API as records of
// the output columns. Release cancels the read and runs done (e.g. drop a
// temporary table).
type tableReader struct {
	refs   atomic.Int64
	schema *arrow.Schema
	cols   []outColumn
	idx    []int // input column of each output column
	in     *ipc.Reader
	cancel context.CancelFunc
	done   func()
	cur    arrow.RecordBatch
	err    error
}

var _ array.RecordReader = (*tableReader)(nil)

// readTable opens t for reading the columns cols. On an error, done has
// already run.
func (c *conn) readTable(ctx context.Context, t tableRef, cols []outColumn, done func()) (*tableReader, error) {
	ctx, cancel := context.WithCancel(ctx)
	fail := func(err error) (*tableReader, error) {
		cancel()
		done()
		return nil, err
	}
	it := c.table(t).Read(ctx)
	ait, err := it.ArrowIterator()
	if err != nil {
		return fail(bqError("reading "+t.String()+" through the Storage Read API", err))
	}
	in, err := ipc.NewReader(&streamReader{it: ait}, ipc.WithAllocator(memory.DefaultAllocator))
	if err != nil {
		return fail(bqError("reading "+t.String()+" through the Storage Read API", err))
	}
	r := &tableReader{cols: cols, in: in, cancel: cancel, done: done}
	r.refs.Store(1)
	fields := make([]arrow.Field, len(cols))
	for i, col := range cols {
		idx := in.Schema().FieldIndices(col.from)
		if len(idx) != 1 {
			r.Release()
			return nil, fmt.Errorf("the read of %s has no column %s", t, col.from)
		}
		r.idx = append(r.idx, idx[0])
		fields[i] = arrow.Field{Name: col.name, Type: col.typ, Nullable: true}
	}
	r.schema = arrow.NewSchema(fields, nil)
	return r, nil
}

// Schema implements array.RecordReader.
func (r *tableReader) Schema() *arrow.Schema { return r.schema }

// Next implements array.RecordReader: the next non-empty batch, converted.
func (r *tableReader) Next() bool {
	if r.cur != nil {
		r.cur.Release()
		r.cur = nil
	}
	if r.err != nil {
		return false
	}
	for r.in.Next() {
		rec := r.in.RecordBatch()
		if rec.NumRows() == 0 {
			continue
		}
		out, err := r.convert(rec)
		if err != nil {
			r.err = err
			return false
		}
		r.cur = out
		return true
	}
	if err := r.in.Err(); err != nil {
		r.err = bqError("reading through the Storage Read API", err)
	}
	return false
}

// convert builds an output record from an input one.
func (r *tableReader) convert(rec arrow.RecordBatch) (arrow.RecordBatch, error) {
	arrs := make([]arrow.Array, len(r.cols))
	defer func() {
		for _, a := range arrs {
			if a != nil {
				a.Release()
			}
		}
	}()
	for i, col := range r.cols {
		a, err := castTo(rec.Column(r.idx[i]), col.typ)
		if err != nil {
			return nil, fmt.Errorf("column %s: %w", col.name, err)
		}
		arrs[i] = a
	}
	return array.NewRecordBatch(r.schema, arrs, rec.NumRows()), nil
}

// RecordBatch implements array.RecordReader.
func (r *tableReader) RecordBatch() arrow.RecordBatch { return r.cur }

// Record implements array.RecordReader.
func (r *tableReader) Record() arrow.RecordBatch { return r.cur }

// Err implements array.RecordReader.
func (r *tableReader) Err() error { return r.err }

// Retain implements array.RecordReader.
func (r *tableReader) Retain() { r.refs.Add(1) }

// Release implements array.RecordReader: the last release ends the read.
func (r *tableReader) Release() {
	if r.refs.Add(-1) != 0 {
		return
	}
	if r.cur != nil {
		r.cur.Release()
		r.cur = nil
	}
	r.in.Release()
	r.cancel()
	r.done()
}
