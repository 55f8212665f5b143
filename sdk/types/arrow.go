package types

import "github.com/apache/arrow-go/v18/arrow"

// TimestampArrowType is the Arrow type of Timestamp values:
// timestamp[us, tz=UTC].
var TimestampArrowType = &arrow.TimestampType{Unit: arrow.Microsecond, TimeZone: "UTC"}

// ArrowType returns the Arrow type Quiver writes values of type t as
// (Parquet files, pushed rows, pulled columns, Arrow answers): timestamps
// as timestamp[us, UTC], lists as Arrow lists of the element type. Invalid
// maps to the null type.
func ArrowType(t ValueType) arrow.DataType {
	switch t {
	case Bool:
		return arrow.FixedWidthTypes.Boolean
	case Int32:
		return arrow.PrimitiveTypes.Int32
	case Int64:
		return arrow.PrimitiveTypes.Int64
	case Float32:
		return arrow.PrimitiveTypes.Float32
	case Float64:
		return arrow.PrimitiveTypes.Float64
	case String:
		return arrow.BinaryTypes.String
	case Bytes:
		return arrow.BinaryTypes.Binary
	case Timestamp:
		return TimestampArrowType
	}
	if t.IsList() {
		return arrow.ListOf(ArrowType(t.Elem()))
	}
	return arrow.Null
}
