package pitoracle

import (
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// entities is the entity table with each column concatenated.
type entities struct {
	schema *arrow.Schema
	cols   []arrow.Array
	ts     arrow.Array
	n      int
}

// readEntities concatenates the entity records and finds the timestamp column.
func readEntities(req *Request) (*entities, error) {
	schema := req.Entities[0].Schema()
	e := &entities{schema: schema, cols: make([]arrow.Array, schema.NumFields())}
	for c := range schema.NumFields() {
		parts := make([]arrow.Array, len(req.Entities))
		for i, rec := range req.Entities {
			if !rec.Schema().Equal(schema) {
				return nil, fmt.Errorf("pitoracle: entity records differ in schema")
			}
			parts[i] = rec.Column(c)
		}
		col, err := array.Concatenate(parts, memory.DefaultAllocator)
		if err != nil {
			return nil, fmt.Errorf("pitoracle: entity column %s: %w", schema.Field(c).Name, err)
		}
		e.cols[c] = col
		e.n = col.Len()
	}
	idx := schema.FieldIndices(req.TimestampColumn)
	if len(idx) == 0 {
		return nil, fmt.Errorf("pitoracle: entity table has no column %q", req.TimestampColumn)
	}
	e.ts = e.cols[idx[0]]
	if e.ts.DataType().ID() != arrow.TIMESTAMP {
		return nil, fmt.Errorf("pitoracle: entity column %q is %s, not a timestamp", req.TimestampColumn, e.ts.DataType())
	}
	return e, nil
}

// time returns the entity timestamp of row i in microseconds; false for null.
func (e *entities) time(i int) (int64, bool) { return micros(e.ts, i) }

// keyColumns returns the entity columns holding v's join keys, in order.
func (e *entities) keyColumns(v *View) ([]arrow.Array, error) {
	out := make([]arrow.Array, len(v.JoinKeys))
	for i, k := range v.JoinKeys {
		col := k
		for from, to := range v.JoinKeyMap {
			if to == k {
				col = from
			}
		}
		idx := e.schema.FieldIndices(col)
		if len(idx) == 0 {
			return nil, fmt.Errorf("pitoracle: view %s: entity table has no column %q for join key %q", v.Name, col, k)
		}
		out[i] = e.cols[idx[0]]
	}
	return out, nil
}

// key reads the join key of entity row i; false if a part is null.
func (e *entities) key(cols []arrow.Array, i int) ([]cell, bool) {
	out := make([]cell, len(cols))
	for j, a := range cols {
		c, ok, err := cellAt(a, i)
		if err != nil || !ok {
			return nil, false
		}
		out[j] = c
	}
	return out, true
}
