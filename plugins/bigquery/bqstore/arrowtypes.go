package bqstore

import (
	"context"
	"fmt"

	"cloud.google.com/go/bigquery"
	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/compute"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/quiverfs/quiver/sdk/types"
)

// tsType is Quiver's Arrow timestamp type.
var tsType = types.TimestampArrowType

// arrowType is the Arrow type of a Quiver type.
func arrowType(t types.ValueType) arrow.DataType { return types.ArrowType(t) }

// castTo converts a column to the type dt: numeric widths (checked for
// overflow), timestamp units and zones (a timestamp without a zone is
// UTC), string and binary layouts, element by element in lists.
func castTo(a arrow.Array, dt arrow.DataType) (arrow.Array, error) {
	if arrow.TypeEqual(a.DataType(), dt) {
		a.Retain()
		return a, nil
	}
	if from, ok := a.DataType().(*arrow.TimestampType); ok {
		if to, ok := dt.(*arrow.TimestampType); ok && from.Unit == to.Unit {
			// Only the zone differs: same values. (compute's cast of a
			// sliced array loses its offset here.)
			d := a.Data()
			nd := array.NewData(dt, d.Len(), d.Buffers(), nil, d.NullN(), d.Offset())
			defer nd.Release()
			return array.MakeFromData(nd), nil
		}
		if to, ok := dt.(*arrow.TimestampType); ok && from.Unit == arrow.Nanosecond && to.Unit == arrow.Microsecond {
			return nanosToMicros(a.(*array.Timestamp), to), nil
		}
	}
	out, err := compute.CastArray(context.Background(), a, compute.SafeCastOptions(dt))
	if err != nil {
		return nil, fmt.Errorf("converting %s to %s: %w", a.DataType(), dt, err)
	}
	return out, nil
}

// bqFieldType is the BigQuery column type of an Arrow type; repeated for
// lists. ok is false for a type BigQuery cannot hold.
func bqFieldType(dt arrow.DataType) (t bigquery.FieldType, repeated, ok bool) {
	if l, isList := dt.(arrow.ListLikeType); isList {
		t, rep, ok := bqFieldType(l.Elem())
		return t, true, ok && !rep
	}
	switch dt.ID() {
	case arrow.BOOL:
		return bigquery.BooleanFieldType, false, true
	case arrow.INT8, arrow.INT16, arrow.INT32, arrow.INT64, arrow.UINT8, arrow.UINT16, arrow.UINT32:
		return bigquery.IntegerFieldType, false, true
	case arrow.FLOAT16, arrow.FLOAT32, arrow.FLOAT64:
		return bigquery.FloatFieldType, false, true
	case arrow.STRING, arrow.LARGE_STRING, arrow.STRING_VIEW:
		return bigquery.StringFieldType, false, true
	case arrow.BINARY, arrow.LARGE_BINARY, arrow.BINARY_VIEW, arrow.FIXED_SIZE_BINARY:
		return bigquery.BytesFieldType, false, true
	case arrow.TIMESTAMP:
		return bigquery.TimestampFieldType, false, true
	case arrow.DATE32, arrow.DATE64:
		return bigquery.DateFieldType, false, true
	}
	return "", false, false
}

// uploadType is the Arrow type a column is written to Parquet as, for a
// load into a column of bqFieldType(dt): timestamps as timestamp[us, UTC],
// other types as the nearest type BigQuery loads without loss.
func uploadType(dt arrow.DataType) arrow.DataType {
	if l, isList := dt.(arrow.ListLikeType); isList {
		return arrow.ListOf(uploadType(l.Elem()))
	}
	switch dt.ID() {
	case arrow.TIMESTAMP:
		return tsType
	case arrow.INT8, arrow.INT16, arrow.INT32, arrow.UINT8, arrow.UINT16, arrow.UINT32:
		return arrow.PrimitiveTypes.Int64
	case arrow.FLOAT16, arrow.FLOAT32:
		return arrow.PrimitiveTypes.Float64
	case arrow.LARGE_STRING, arrow.STRING_VIEW:
		return arrow.BinaryTypes.String
	case arrow.LARGE_BINARY, arrow.BINARY_VIEW, arrow.FIXED_SIZE_BINARY:
		return arrow.BinaryTypes.Binary
	case arrow.DATE64:
		return arrow.FixedWidthTypes.Date32
	}
	return dt
}

// nanosToMicros converts nanoseconds to microseconds rounding down (toward
// the past, as the semantics contract reads times), where compute's cast
// refuses a fraction.
func nanosToMicros(a *array.Timestamp, to *arrow.TimestampType) arrow.Array {
	b := array.NewTimestampBuilder(memory.DefaultAllocator, to)
	defer b.Release()
	b.Reserve(a.Len())
	for i := range a.Len() {
		if a.IsNull(i) {
			b.AppendNull()
			continue
		}
		v := int64(a.Value(i))
		q := v / 1000
		if v%1000 != 0 && v < 0 {
			q--
		}
		b.Append(arrow.Timestamp(q))
	}
	return b.NewArray()
}
