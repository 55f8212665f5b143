// Package arrowtype maps Quiver value types to the Arrow types the host
// writes them as (Parquet files, pushed rows, Arrow answers): timestamps are
// timestamp[us, UTC], lists are Arrow lists of the element type.
package arrowtype

import (
	"github.com/apache/arrow-go/v18/arrow"

	"github.com/quiverfs/quiver/sdk/types"
)

// Of returns the Arrow type of a Quiver type; Invalid maps to null.
func Of(t types.ValueType) arrow.DataType {
	switch t {
	case types.Bool:
		return arrow.FixedWidthTypes.Boolean
	case types.Int32:
		return arrow.PrimitiveTypes.Int32
	case types.Int64:
		return arrow.PrimitiveTypes.Int64
	case types.Float32:
		return arrow.PrimitiveTypes.Float32
	case types.Float64:
		return arrow.PrimitiveTypes.Float64
	case types.String:
		return arrow.BinaryTypes.String
	case types.Bytes:
		return arrow.BinaryTypes.Binary
	case types.Timestamp:
		return &arrow.TimestampType{Unit: arrow.Microsecond, TimeZone: "UTC"}
	}
	if t.IsList() {
		return arrow.ListOf(Of(t.Elem()))
	}
	return arrow.Null
}
