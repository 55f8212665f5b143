package bqstore

import (
	"context"
	"fmt"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/compute"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/quiverfs/quiver/sdk/offlinestore"
)

// entityTable is a join's entity rows, each column in one array of its
// output type (docs/historical.md: timestamps as timestamp[us, UTC], text
// as utf8, other types as they are).
type entityTable struct {
	schema       *arrow.Schema // output schema of the entity columns
	cols         []arrow.Array
	n            int
	ts           *array.Timestamp // the entity time, µs UTC
	keys         []int            // entity columns used as join keys, in first-use order
	minTS, maxTS time.Time
	hasTS        bool // some entity time is not null
}

// normalType is the output type of an entity column.
func normalType(dt arrow.DataType) arrow.DataType { return offlinestore.EntityColumnType(dt) }

// readEntities reads the entity records whole (the caller releases rd
// after the call) into output-typed columns.
func readEntities(rd array.RecordReader, tsColumn string) (*entityTable, error) {
	in := rd.Schema()
	tsIdx := in.FieldIndices(tsColumn)
	if tsColumn == "" || len(tsIdx) != 1 {
		return nil, fmt.Errorf("the entity table has no (single) timestamp column %q", clip(tsColumn))
	}
	if in.Field(tsIdx[0]).Type.ID() != arrow.TIMESTAMP {
		return nil, fmt.Errorf("entity column %s is %s, not a timestamp", tsColumn, in.Field(tsIdx[0]).Type)
	}
	parts := make([][]arrow.Array, in.NumFields())
	defer func() {
		for _, p := range parts {
			for _, a := range p {
				a.Release()
			}
		}
	}()
	n := 0
	for rd.Next() {
		rec := rd.RecordBatch()
		if !rec.Schema().Equal(in) {
			return nil, fmt.Errorf("entity records differ in schema")
		}
		n += int(rec.NumRows())
		if n > maxEntityRows {
			return nil, fmt.Errorf("more than %d entity rows", maxEntityRows)
		}
		for i := range parts {
			a, err := castTo(rec.Column(i), normalType(in.Field(i).Type))
			if err != nil {
				return nil, fmt.Errorf("entity column %s: %w", in.Field(i).Name, err)
			}
			parts[i] = append(parts[i], a)
		}
	}
	if err := rd.Err(); err != nil {
		return nil, fmt.Errorf("reading the entity records: %w", err)
	}
	t := &entityTable{n: n}
	fields := make([]arrow.Field, in.NumFields())
	for i, f := range in.Fields() {
		dt := normalType(f.Type)
		fields[i] = arrow.Field{Name: f.Name, Type: dt, Nullable: true}
		var col arrow.Array
		var err error
		if len(parts[i]) == 0 {
			col = array.MakeArrayOfNull(memory.DefaultAllocator, dt, 0)
		} else if col, err = array.Concatenate(parts[i], memory.DefaultAllocator); err != nil {
			t.release()
			return nil, fmt.Errorf("entity column %s: %w", f.Name, err)
		}
		t.cols = append(t.cols, col)
	}
	t.schema = arrow.NewSchema(fields, nil)
	t.ts = t.cols[tsIdx[0]].(*array.Timestamp)
	for i := range t.n {
		if t.ts.IsNull(i) {
			continue
		}
		v := time.UnixMicro(int64(t.ts.Value(i))).UTC()
		if !t.hasTS || v.Before(t.minTS) {
			t.minTS = v
		}
		if !t.hasTS || v.After(t.maxTS) {
			t.maxTS = v
		}
		t.hasTS = true
	}
	return t, nil
}

func (t *entityTable) release() {
	for _, c := range t.cols {
		c.Release()
	}
}

// keyIndex returns the index among t.keys of entity column name, adding
// it; -1 if the table has no such column.
func (t *entityTable) keyIndex(name string) int {
	idx := t.schema.FieldIndices(name)
	if len(idx) != 1 {
		return -1
	}
	for i, k := range t.keys {
		if k == idx[0] {
			return i
		}
	}
	t.keys = append(t.keys, idx[0])
	return len(t.keys) - 1
}

// uploadRecords are the records of the entity table in BigQuery: the
// row number, the time and the join-key columns.
func (t *entityTable) uploadRecords() (*arrow.Schema, []arrow.RecordBatch, error) {
	fields := []arrow.Field{{Name: entRow, Type: arrow.PrimitiveTypes.Int64, Nullable: true}, {Name: entTS, Type: tsType, Nullable: true}}
	for i, k := range t.keys {
		f := t.schema.Field(k)
		if f.Type.ID() == arrow.LIST || f.Type.ID() == arrow.LARGE_LIST || f.Type.ID() == arrow.STRUCT || f.Type.ID() == arrow.MAP {
			return nil, nil, fmt.Errorf("entity column %s is %s; a join key is a scalar", f.Name, f.Type)
		}
		fields = append(fields, arrow.Field{Name: entKeyColumn(i), Type: f.Type, Nullable: true})
	}
	schema := arrow.NewSchema(fields, nil)
	rb := array.NewInt64Builder(memory.DefaultAllocator)
	defer rb.Release()
	var recs []arrow.RecordBatch
	for lo := 0; lo < t.n; lo += outBatchRows * 16 {
		hi := min(lo+outBatchRows*16, t.n)
		for r := lo; r < hi; r++ {
			rb.Append(int64(r))
		}
		cols := []arrow.Array{rb.NewArray(), array.NewSlice(t.ts, int64(lo), int64(hi))}
		for _, k := range t.keys {
			cols = append(cols, array.NewSlice(t.cols[k], int64(lo), int64(hi)))
		}
		recs = append(recs, array.NewRecordBatch(schema, cols, int64(hi-lo)))
		for _, c := range cols {
			c.Release()
		}
	}
	return schema, recs, nil
}

// buildOutput zips the entity columns with the features in entity-row
// order, in records of outBatchRows rows.
func buildOutput(ents *entityTable, views []*joinView, res *joinResult) (array.RecordReader, error) {
	fields := append([]arrow.Field(nil), ents.schema.Fields()...)
	for _, v := range views {
		for _, f := range v.features {
			fields = append(fields, arrow.Field{Name: f.out, Type: v.featureType(f), Nullable: true})
		}
	}
	schema := arrow.NewSchema(fields, nil)
	var recs []arrow.RecordBatch
	defer func() {
		for _, r := range recs {
			r.Release()
		}
	}()
	nEnt := len(ents.cols)
	for lo := 0; lo < ents.n || (lo == 0 && ents.n == 0); lo += outBatchRows {
		hi := min(lo+outBatchRows, ents.n)
		cols := make([]arrow.Array, 0, len(fields))
		release := func() {
			for _, c := range cols {
				c.Release()
			}
		}
		for _, c := range ents.cols {
			cols = append(cols, array.NewSlice(c, int64(lo), int64(hi)))
		}
		for j := nEnt; j < len(fields); j++ {
			if res == nil || len(res.cols) == 0 {
				cols = append(cols, array.MakeArrayOfNull(memory.DefaultAllocator, fields[j].Type, hi-lo))
				continue
			}
			data := array.NewData(arrow.PrimitiveTypes.Int64, hi-lo,
				[]*memory.Buffer{nil, memory.NewBufferBytes(arrow.Int64Traits.CastToBytes(res.pos[lo:hi]))}, nil, 0, 0)
			idx := array.NewInt64Data(data)
			data.Release()
			taken, err := compute.TakeArray(context.Background(), res.cols[j-nEnt], idx)
			idx.Release()
			if err != nil {
				release()
				return nil, fmt.Errorf("ordering the join's answer: %w", err)
			}
			cols = append(cols, taken)
		}
		recs = append(recs, array.NewRecordBatch(schema, cols, int64(hi-lo)))
		release()
		if ents.n == 0 {
			break
		}
	}
	return array.NewRecordReader(schema, recs)
}
