package frame

import (
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/quiverfs/quiver/host/internal/apierr"
	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/types"
)

// WriteBatch builds the online write of the view l describes. Every join
// key, every feature and the event timestamp must be present; join keys
// and event timestamps must not be null.
func (t *Table) WriteBatch(project string, l *Layout) (*onlinestore.WriteBatchRequest, error) {
	keyCols := make([]int, len(l.JoinKeys))
	for j, k := range l.JoinKeys {
		if keyCols[j] = t.column(l, k.Name); keyCols[j] < 0 {
			return nil, t.errMissing("join key", k.Name, l.View)
		}
	}
	featCols := make([]int, len(l.Features))
	names := make([]string, len(l.Features))
	for j, f := range l.Features {
		if featCols[j] = t.column(l, f.Name); featCols[j] < 0 {
			return nil, t.errMissing("feature", f.Name, l.View)
		}
		names[j] = f.Name
	}
	eventCol, createdCol := t.index(l.EventColumn), -1
	if eventCol < 0 {
		return nil, t.errMissing("event timestamp", l.EventColumn, l.View)
	}
	if l.CreatedColumn != "" {
		createdCol = t.index(l.CreatedColumn)
	}
	req := &onlinestore.WriteBatchRequest{Project: project, FeatureView: l.View, FeatureNames: names,
		Rows: make([]onlinestore.WriteRow, t.Rows)}
	for r := range req.Rows {
		row := &req.Rows[r]
		row.EntityKey = make(types.EntityKey, len(keyCols))
		for j, c := range keyCols {
			if t.Cols[c][r].IsNull() {
				return nil, apierr.Invalid("%s: join key %s is null", describe(t.Names[c], r), l.JoinKeys[j].Name)
			}
			row.EntityKey[j] = types.KeyPart{JoinKey: l.JoinKeys[j].Name, Value: t.Cols[c][r]}
		}
		row.Values = make([]types.Value, len(featCols))
		for j, c := range featCols {
			row.Values[j] = t.Cols[c][r]
		}
		ev := t.Cols[eventCol][r]
		if ev.IsNull() {
			return nil, apierr.Invalid("%s: the event timestamp is null", describe(l.EventColumn, r))
		}
		row.EventTimestamp = ev.Time()
		if err := l.checkTime(row.EventTimestamp, l.EventColumn, r); err != nil {
			return nil, err
		}
		if createdCol >= 0 && !t.Cols[createdCol][r].IsNull() {
			row.CreatedTimestamp = t.Cols[createdCol][r].Time()
			if err := l.checkTime(row.CreatedTimestamp, l.CreatedColumn, r); err != nil {
				return nil, err
			}
		}
	}
	return req, nil
}

// index returns the index of the column named exactly name, or -1.
func (t *Table) index(name string) int {
	for i, n := range t.Names {
		if n == name {
			return i
		}
	}
	return -1
}

// Record builds an Arrow record of every column under its own name, for
// an offline write. Timestamps are timestamp[us, UTC]. The caller
// releases the record.
func (t *Table) Record() arrow.RecordBatch {
	fields := make([]arrow.Field, len(t.Names))
	for i, n := range t.Names {
		fields[i] = arrow.Field{Name: n, Type: types.ArrowType(t.Types[i]), Nullable: true}
	}
	b := array.NewRecordBuilder(memory.DefaultAllocator, arrow.NewSchema(fields, nil))
	defer b.Release()
	for i, col := range t.Cols {
		fb := b.Field(i)
		for _, v := range col {
			appendValue(fb, v)
		}
	}
	return b.NewRecordBatch()
}

// appendValue appends v to a builder of v's column type.
func appendValue(b array.Builder, v types.Value) {
	if v.IsNull() {
		b.AppendNull()
		return
	}
	switch x := b.(type) {
	case *array.BooleanBuilder:
		x.Append(v.Bool())
	case *array.Int32Builder:
		x.Append(v.Int32())
	case *array.Int64Builder:
		x.Append(v.Int64())
	case *array.Float32Builder:
		x.Append(v.Float32())
	case *array.Float64Builder:
		x.Append(v.Float64())
	case *array.StringBuilder:
		x.Append(v.Str())
	case *array.BinaryBuilder:
		x.Append(v.BytesVal())
	case *array.TimestampBuilder:
		x.Append(arrow.Timestamp(types.ToMicros(v.Time())))
	case *array.ListBuilder:
		x.Append(true)
		for _, e := range v.Elems() {
			appendValue(x.ValueBuilder(), e)
		}
	}
}

// checkTime applies CheckTime to the timestamp in column col, row r.
func (l *Layout) checkTime(ts time.Time, col string, r int) error {
	if l.CheckTime == nil {
		return nil
	}
	if err := l.CheckTime(ts); err != nil {
		return apierr.Invalid("%s: %v", describe(col, r), err)
	}
	return nil
}
