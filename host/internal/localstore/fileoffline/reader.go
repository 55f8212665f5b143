package fileoffline

import (
	"io"
	"sync/atomic"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/quiverfs/quiver/sdk/storeerr"
)

// batchRows is about how many rows one record of a pull holds: DuckDB
// yields chunks of 2048 rows, which connReader gathers.
const batchRows = 16 * 2048

// connReader is the record reader of a pull. It owns the DuckDB connection
// its records come from and closes it on the last Release.
//
// It copies DuckDB's records into Go memory, gathering chunks into records
// of about batchRows rows. DuckDB's records live in C memory freed as soon
// as they are released, so a string or byte slice taken from one would
// dangle; the copies are as safe to keep as records decoded from a plugin's
// stream.
type connReader struct {
	src  array.RecordReader // DuckDB's reader
	conn io.Closer
	refs atomic.Int64
	cur  arrow.RecordBatch
	err  error
}

var _ array.RecordReader = (*connReader)(nil)

// newConnReader wraps src, taking over its reference, and conn.
func newConnReader(src array.RecordReader, conn io.Closer) *connReader {
	r := &connReader{src: src, conn: conn}
	r.refs.Store(1)
	return r
}

// Schema returns the records' schema.
func (r *connReader) Schema() *arrow.Schema { return r.src.Schema() }

// Next moves to the next record, releasing the current one.
func (r *connReader) Next() bool {
	if r.cur != nil {
		r.cur.Release()
		r.cur = nil
	}
	if r.err != nil {
		return false
	}
	var parts []arrow.RecordBatch
	defer func() {
		for _, p := range parts {
			p.Release()
		}
	}()
	for n := int64(0); n < batchRows && r.src.Next(); {
		rec := r.src.RecordBatch()
		rec.Retain()
		parts = append(parts, rec)
		n += rec.NumRows()
	}
	if len(parts) == 0 {
		return false
	}
	r.cur, r.err = copyRecords(r.src.Schema(), parts)
	return r.err == nil
}

// RecordBatch returns the current record, valid until Next or Release.
func (r *connReader) RecordBatch() arrow.RecordBatch { return r.cur }

// Record returns the current record.
//
// Deprecated: use RecordBatch.
func (r *connReader) Record() arrow.RecordBatch { return r.cur }

// Err returns the error that ended the records, if any.
func (r *connReader) Err() error {
	if r.err != nil {
		return r.err
	}
	if err := r.src.Err(); err != nil {
		return storeerr.Internal("file offline store: reading DuckDB's result: %v", err).Downstream()
	}
	return nil
}

// Retain adds a reference.
func (r *connReader) Retain() { r.refs.Add(1) }

// Release drops a reference; the last one releases the records and closes
// the connection.
func (r *connReader) Release() {
	if r.refs.Add(-1) != 0 {
		return
	}
	if r.cur != nil {
		r.cur.Release()
		r.cur = nil
	}
	r.src.Release()
	_ = r.conn.Close()
}

// copyRecords concatenates parts into one record in Go memory.
func copyRecords(schema *arrow.Schema, parts []arrow.RecordBatch) (arrow.RecordBatch, error) {
	cols := make([]arrow.Array, schema.NumFields())
	defer func() {
		for _, c := range cols {
			if c != nil {
				c.Release()
			}
		}
	}()
	var rows int64
	for _, p := range parts {
		rows += p.NumRows()
	}
	chunks := make([]arrow.Array, len(parts))
	for i := range cols {
		for j, p := range parts {
			chunks[j] = p.Column(i)
		}
		c, err := array.Concatenate(chunks, memory.DefaultAllocator)
		if err != nil {
			return nil, storeerr.Internal("file offline store: copying column %s: %v", schema.Field(i).Name, err)
		}
		cols[i] = c
	}
	return array.NewRecordBatch(schema, cols, rows), nil
}
