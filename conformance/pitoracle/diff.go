package pitoracle

import (
	"fmt"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// Concat joins records of one schema into one record; nil for none.
func Concat(recs []arrow.RecordBatch) (arrow.RecordBatch, error) {
	if len(recs) == 0 {
		return nil, nil
	}
	schema := recs[0].Schema()
	cols := make([]arrow.Array, schema.NumFields())
	var n int64
	for _, r := range recs {
		if !r.Schema().Equal(schema) {
			return nil, fmt.Errorf("records differ in schema: %s and %s", schema, r.Schema())
		}
		n += r.NumRows()
	}
	for c := range cols {
		parts := make([]arrow.Array, len(recs))
		for i, r := range recs {
			parts[i] = r.Column(c)
		}
		col, err := array.Concatenate(parts, memory.DefaultAllocator)
		if err != nil {
			return nil, err
		}
		defer col.Release()
		cols[c] = col
	}
	return array.NewRecordBatch(schema, cols, n), nil
}

// ReadAll reads every record of rd into one record and releases rd.
func ReadAll(rd array.RecordReader) (arrow.RecordBatch, error) {
	defer rd.Release()
	var recs []arrow.RecordBatch
	defer func() {
		for _, r := range recs {
			r.Release()
		}
	}()
	for rd.Next() {
		r := rd.RecordBatch()
		r.Retain()
		recs = append(recs, r)
	}
	if err := rd.Err(); err != nil {
		return nil, err
	}
	if len(recs) == 0 {
		cols := make([]arrow.Array, rd.Schema().NumFields())
		for i, f := range rd.Schema().Fields() {
			cols[i] = array.MakeArrayOfNull(memory.DefaultAllocator, f.Type, 0)
			defer cols[i].Release()
		}
		return array.NewRecordBatch(rd.Schema(), cols, 0), nil
	}
	return Concat(recs)
}

// Diff compares two join results strictly: column names and types in
// order, row count, and every cell including nulls, in order. It returns
// "" when they are identical, else a description of the first differences.
func Diff(want, got arrow.RecordBatch) string {
	var b strings.Builder
	ws, gs := want.Schema(), got.Schema()
	if ws.NumFields() != gs.NumFields() {
		fmt.Fprintf(&b, "columns: want %s, got %s\n", names(ws), names(gs))
		return b.String()
	}
	for i := range ws.NumFields() {
		wf, gf := ws.Field(i), gs.Field(i)
		if wf.Name != gf.Name || !arrow.TypeEqual(wf.Type, gf.Type) {
			fmt.Fprintf(&b, "column %d: want %s %s, got %s %s\n", i, wf.Name, wf.Type, gf.Name, gf.Type)
		}
	}
	if b.Len() > 0 {
		return b.String()
	}
	if want.NumRows() != got.NumRows() {
		return fmt.Sprintf("rows: want %d, got %d\n", want.NumRows(), got.NumRows())
	}
	shown := 0
	for c := range ws.NumFields() {
		wc, gc := want.Column(c), got.Column(c)
		if array.Equal(wc, gc) {
			continue
		}
		before := shown
		for r := range wc.Len() {
			if wc.IsNull(r) == gc.IsNull(r) && (wc.IsNull(r) || wc.ValueStr(r) == gc.ValueStr(r)) {
				continue
			}
			if shown++; shown > 20 {
				b.WriteString("...\n")
				return b.String()
			}
			fmt.Fprintf(&b, "row %d column %s: want %s, got %s\n", r, ws.Field(c).Name, cellStr(wc, r), cellStr(gc, r))
		}
		if shown == before {
			shown++
			fmt.Fprintf(&b, "column %s: arrays differ though every cell prints the same\n", ws.Field(c).Name)
		}
	}
	return b.String()
}

func cellStr(a arrow.Array, i int) string {
	if a.IsNull(i) {
		return "null"
	}
	return a.ValueStr(i)
}

func names(s *arrow.Schema) []string {
	out := make([]string, s.NumFields())
	for i, f := range s.Fields() {
		out[i] = f.Name + " " + f.Type.String()
	}
	return out
}
