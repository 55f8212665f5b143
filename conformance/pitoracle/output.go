package pitoracle

import (
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/quiverfs/quiver/sdk/offlinestore"
	"github.com/quiverfs/quiver/sdk/types"
)

// TimestampType is the type of every output timestamp column.
var TimestampType = types.TimestampArrowType

// NormalType returns the output type of an entity column of type dt.
func NormalType(dt arrow.DataType) arrow.DataType { return offlinestore.EntityColumnType(dt) }

// normalize converts an entity column to its output type.
func normalize(a arrow.Array) (arrow.Array, error) {
	mem := memory.DefaultAllocator
	switch a.DataType().ID() {
	case arrow.TIMESTAMP:
		b := array.NewTimestampBuilder(mem, TimestampType)
		defer b.Release()
		for i := range a.Len() {
			if v, ok := micros(a, i); ok {
				b.Append(arrow.Timestamp(v))
			} else {
				b.AppendNull()
			}
		}
		return b.NewArray(), nil
	case arrow.LARGE_STRING, arrow.STRING_VIEW, arrow.LARGE_BINARY, arrow.BINARY_VIEW:
		b := array.NewBuilder(mem, NormalType(a.DataType()))
		defer b.Release()
		for i := range a.Len() {
			if a.IsNull(i) {
				b.AppendNull()
				continue
			}
			if err := b.AppendValueFromString(a.ValueStr(i)); err != nil {
				return nil, err
			}
		}
		return b.NewArray(), nil
	}
	a.Retain()
	return a, nil
}

// buildOutput assembles the entity columns and each view's feature columns.
func buildOutput(req *Request, ents *entities, matches [][]match) (arrow.RecordBatch, error) {
	var fields []arrow.Field
	var cols []arrow.Array
	for i, f := range ents.schema.Fields() {
		col, err := normalize(ents.cols[i])
		if err != nil {
			return nil, err
		}
		fields = append(fields, arrow.Field{Name: f.Name, Type: col.DataType(), Nullable: true})
		cols = append(cols, col)
	}
	for vi := range req.Views {
		v := &req.Views[vi]
		for _, feat := range v.Features {
			col, err := featureColumn(v, feat, matches[vi])
			if err != nil {
				return nil, err
			}
			fields = append(fields, arrow.Field{Name: OutputName(v.Name, feat, req.FullFeatureNames), Type: col.DataType(), Nullable: true})
			cols = append(cols, col)
		}
	}
	rec := array.NewRecordBatch(arrow.NewSchema(fields, nil), cols, int64(ents.n))
	for _, c := range cols {
		c.Release()
	}
	return rec, nil
}

// featureColumn gathers the matched source values of one feature.
func featureColumn(v *View, feat string, ms []match) (arrow.Array, error) {
	if len(v.Rows) == 0 {
		return nil, fmt.Errorf("pitoracle: view %s has no source record (a schema is needed)", v.Name)
	}
	var src []arrow.Array
	for _, rec := range v.Rows {
		idx := rec.Schema().FieldIndices(feat)
		if len(idx) == 0 {
			return nil, fmt.Errorf("pitoracle: view %s: source has no feature column %q", v.Name, feat)
		}
		src = append(src, rec.Column(idx[0]))
	}
	dt := src[0].DataType()
	null := array.MakeArrayOfNull(memory.DefaultAllocator, dt, 1)
	defer null.Release()
	parts := make([]arrow.Array, len(ms))
	for i, m := range ms {
		if m.rec < 0 {
			parts[i] = null
			continue
		}
		parts[i] = array.NewSlice(src[m.rec], int64(m.row), int64(m.row+1))
	}
	defer func() {
		for _, p := range parts {
			if p != null {
				p.Release()
			}
		}
	}()
	if len(parts) == 0 {
		return array.MakeArrayOfNull(memory.DefaultAllocator, dt, 0), nil
	}
	return array.Concatenate(parts, memory.DefaultAllocator)
}
