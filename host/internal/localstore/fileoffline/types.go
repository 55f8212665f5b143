package fileoffline

import (
	"strings"

	"github.com/quiverfs/quiver/sdk/types"
)

// duckScalar maps a DuckDB scalar type name to its Quiver type and the
// DuckDB type a pull casts it to ("" when no cast is needed).
var duckScalar = map[string]struct {
	typ  types.ValueType
	cast string
}{
	"BOOLEAN":                  {types.Bool, ""},
	"TINYINT":                  {types.Int32, "INTEGER"},
	"SMALLINT":                 {types.Int32, "INTEGER"},
	"UTINYINT":                 {types.Int32, "INTEGER"},
	"USMALLINT":                {types.Int32, "INTEGER"},
	"INTEGER":                  {types.Int32, ""},
	"UINTEGER":                 {types.Int64, "BIGINT"},
	"BIGINT":                   {types.Int64, ""},
	"FLOAT":                    {types.Float32, ""},
	"DOUBLE":                   {types.Float64, ""},
	"VARCHAR":                  {types.String, ""},
	"BLOB":                     {types.Bytes, ""},
	"TIMESTAMP":                {types.Timestamp, "TIMESTAMPTZ"},
	"TIMESTAMP_S":              {types.Timestamp, "TIMESTAMPTZ"},
	"TIMESTAMP_MS":             {types.Timestamp, "TIMESTAMPTZ"},
	"TIMESTAMP_NS":             {types.Timestamp, "TIMESTAMPTZ"},
	"TIMESTAMP WITH TIME ZONE": {types.Timestamp, ""},
}

// quiverType returns the Quiver type of a DuckDB type as DESCRIBE names it,
// and the DuckDB type to cast to on output ("" for none). ok is false for a
// type Quiver cannot represent.
func quiverType(duck string) (t types.ValueType, cast string, ok bool) {
	if strings.HasPrefix(duck, "DECIMAL(") {
		return types.Float64, "DOUBLE", true
	}
	if elem, isList := strings.CutSuffix(duck, "[]"); isList {
		et, ecast, ok := quiverType(elem)
		if !ok || et.IsList() {
			return types.Invalid, "", false
		}
		if ecast != "" {
			cast = ecast + "[]"
		}
		return et + (types.BoolList - types.Bool), cast, true
	}
	s, ok := duckScalar[duck]
	return s.typ, s.cast, ok
}

// isTimestamp reports whether a DuckDB scalar type is a timestamp.
func isTimestamp(duck string) bool {
	s, ok := duckScalar[duck]
	return ok && s.typ == types.Timestamp
}

// duckKeyType returns the DuckDB type of an entity-key value of type t, for
// the temporary key table; ok is false for a type keys cannot have.
func duckKeyType(t types.ValueType) (string, bool) {
	switch t {
	case types.Bool:
		return "BOOLEAN", true
	case types.Int32:
		return "INTEGER", true
	case types.Int64:
		return "BIGINT", true
	case types.Float32:
		return "FLOAT", true
	case types.Float64:
		return "DOUBLE", true
	case types.String:
		return "VARCHAR", true
	case types.Bytes:
		return "BLOB", true
	case types.Timestamp:
		return "TIMESTAMPTZ", true
	}
	return "", false
}
