// Package arrowcopy copies Arrow record streams into one record in Go
// memory: for streams whose buffers belong to something about to go away
// (a DuckDB connection, say).
//
// Start with ReadAll.
package arrowcopy

import (
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// ReadAll drains rd, releases it, and returns its records concatenated
// into one record whose buffers are new Go memory (a stream without
// records gives an empty record of its schema). The caller releases the
// result.
func ReadAll(rd array.RecordReader) (arrow.RecordBatch, error) {
	defer rd.Release()
	schema := rd.Schema()
	var recs []arrow.RecordBatch
	defer func() {
		for _, r := range recs {
			r.Release()
		}
	}()
	var rows int64
	for rd.Next() {
		r := rd.RecordBatch()
		if !r.Schema().Equal(schema) {
			return nil, fmt.Errorf("arrowcopy: a record's schema %s differs from the stream's %s", r.Schema(), schema)
		}
		r.Retain()
		recs = append(recs, r)
		rows += r.NumRows()
	}
	if err := rd.Err(); err != nil {
		return nil, err
	}
	cols := make([]arrow.Array, schema.NumFields())
	defer func() {
		for _, c := range cols {
			if c != nil {
				c.Release()
			}
		}
	}()
	for c, f := range schema.Fields() {
		if len(recs) == 0 {
			cols[c] = array.MakeArrayOfNull(memory.DefaultAllocator, f.Type, 0)
			continue
		}
		parts := make([]arrow.Array, len(recs))
		for i, r := range recs {
			parts[i] = r.Column(c)
		}
		col, err := array.Concatenate(parts, memory.DefaultAllocator)
		if err != nil {
			return nil, fmt.Errorf("arrowcopy: column %s: %w", f.Name, err)
		}
		cols[c] = col
	}
	return array.NewRecordBatch(schema, cols, rows), nil
}
