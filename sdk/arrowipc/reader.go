package arrowipc

import (
	"errors"
	"io"
	"sync/atomic"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/ipc"
)

// Reader is an array.RecordReader over an untrusted IPC stream. Every
// record it yields has been checked; Err reports why it stopped early.
type Reader struct {
	ipc    *ipc.Reader
	limits Limits
	rows   int64
	cur    arrow.RecordBatch
	err    error
	refs   atomic.Int64
}

var _ array.RecordReader = (*Reader)(nil)

// NewReader reads the schema message of the stream r and returns a
// reader of its records. It fails, wrapping ErrTooLarge or ErrInvalid,
// when the schema is malformed, over a limit or of an unaccepted type;
// an empty input is io.ErrUnexpectedEOF wrapped in ErrInvalid.
func NewReader(r io.Reader, limits Limits) (*Reader, error) {
	limits = limits.withDefaults()
	msgs := newMessageReader(r, limits)
	alloc := newBudget(max(limits.MaxBytes, limits.MaxMessageBytes))
	rd, err := ipc.NewReaderFromMessageReader(msgs, ipc.WithAllocator(alloc))
	if err != nil {
		return nil, classify(err)
	}
	if err := checkSchema(rd.Schema()); err != nil {
		rd.Release()
		return nil, err
	}
	out := &Reader{ipc: rd, limits: limits}
	out.refs.Store(1)
	return out, nil
}

// Schema returns the stream's schema.
func (r *Reader) Schema() *arrow.Schema { return r.ipc.Schema() }

// Next advances to the next record; false at the end or on an error.
func (r *Reader) Next() bool {
	r.releaseCur()
	if r.err != nil {
		return false
	}
	if !r.ipc.Next() {
		if err := r.ipc.Err(); err != nil {
			r.err = classify(err)
		}
		return false
	}
	rec := r.ipc.RecordBatch()
	if err := r.check(rec); err != nil {
		r.err = err
		return false
	}
	rec.Retain()
	r.cur = rec
	return true
}

// check validates one record against its declared lengths and the limits.
func (r *Reader) check(rec arrow.RecordBatch) error {
	n := rec.NumRows()
	if n < 0 {
		return invalid("arrow/ipc: a record declares %d rows", n)
	}
	r.rows += n
	if r.limits.MaxRows > 0 && r.rows > r.limits.MaxRows {
		return tooLarge("arrow/ipc: the stream holds more than the limit of %d rows", r.limits.MaxRows)
	}
	for i, col := range rec.Columns() {
		if int64(col.Len()) != n {
			return invalid("arrow/ipc: column %q has %d values in a record of %d rows", rec.ColumnName(i), col.Len(), n)
		}
		if err := validate(col.Data()); err != nil {
			return invalid("arrow/ipc: column %q: %v", rec.ColumnName(i), err)
		}
	}
	return nil
}

// RecordBatch returns the current record, valid until the next call to Next.
func (r *Reader) RecordBatch() arrow.RecordBatch { return r.cur }

// Record returns the current record.
//
// Deprecated: use RecordBatch.
func (r *Reader) Record() arrow.RecordBatch { return r.cur }

// Err returns the error that ended the stream early, if any.
func (r *Reader) Err() error { return r.err }

// Retain adds a reference.
func (r *Reader) Retain() { r.refs.Add(1) }

// Release drops a reference; the last one frees the reader.
func (r *Reader) Release() {
	if r.refs.Add(-1) == 0 {
		r.releaseCur()
		r.ipc.Release()
	}
}

func (r *Reader) releaseCur() {
	if r.cur != nil {
		r.cur.Release()
		r.cur = nil
	}
}

// classify makes sure an error from arrow-go wraps one of our kinds.
func classify(err error) error {
	if errors.Is(err, ErrTooLarge) || errors.Is(err, ErrInvalid) {
		return err
	}
	if errors.Is(err, io.EOF) {
		return invalid("arrow/ipc: the stream ended early: %v", io.ErrUnexpectedEOF)
	}
	return &kindError{kind: ErrInvalid, msg: err.Error(), cause: err}
}
