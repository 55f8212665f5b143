package httpapi

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/quiverfs/quiver/host/internal/apierr"
	"github.com/quiverfs/quiver/host/internal/model"
	"github.com/quiverfs/quiver/host/internal/service"
	"github.com/quiverfs/quiver/sdk/types"
)

// entityRecord converts JSON entity columns to one Arrow record. The
// timestamp column holds ISO 8601 strings (UTC without an offset); a join
// key column takes its entity's type; any other column is int64 when all
// its numbers are integers, float64 for other numbers, bool or string.
func entityRecord(repo *model.Repo, cols columns, tsCol string) (arrow.RecordBatch, error) {
	if len(cols.names) == 0 {
		return nil, apierr.Invalid("entities has no columns")
	}
	keyTypes := map[string]types.ValueType{}
	for _, e := range repo.Entities {
		for _, k := range e.JoinKeys {
			keyTypes[k] = e.ValueType
		}
	}
	n := len(cols.data[cols.names[0]])
	fields := make([]arrow.Field, len(cols.names))
	arrs := make([]arrow.Array, len(cols.names))
	defer func() {
		for _, a := range arrs {
			if a != nil {
				a.Release()
			}
		}
	}()
	for i, name := range cols.names {
		vals := cols.data[name]
		if len(vals) != n {
			return nil, apierr.Invalid("entities column %q has %d values, column %q has %d", name, len(vals), cols.names[0], n)
		}
		dt := inferType(name, vals, tsCol, keyTypes)
		b := array.NewBuilder(memory.DefaultAllocator, dt)
		for row, v := range vals {
			if err := appendJSON(b, v); err != nil {
				b.Release()
				return nil, apierr.Invalid("entities column %q, row %d: %v", name, row, err)
			}
		}
		arrs[i] = b.NewArray()
		b.Release()
		fields[i] = arrow.Field{Name: name, Type: dt, Nullable: true}
	}
	return array.NewRecordBatch(arrow.NewSchema(fields, nil), arrs, int64(n)), nil
}

// inferType picks a column's Arrow type.
func inferType(name string, vals []any, tsCol string, keyTypes map[string]types.ValueType) arrow.DataType {
	if name == tsCol {
		return &arrow.TimestampType{Unit: arrow.Microsecond, TimeZone: "UTC"}
	}
	switch keyTypes[name] {
	case types.Int32:
		return arrow.PrimitiveTypes.Int32
	case types.Int64:
		return arrow.PrimitiveTypes.Int64
	case types.String:
		return arrow.BinaryTypes.String
	}
	kind := ""
	for _, v := range vals {
		switch x := v.(type) {
		case json.Number:
			if strings.ContainsAny(x.String(), ".eE") {
				kind = "float"
			} else if kind == "" {
				kind = "int"
			}
		case bool:
			return arrow.FixedWidthTypes.Boolean
		case string:
			return arrow.BinaryTypes.String
		}
	}
	if kind == "float" {
		return arrow.PrimitiveTypes.Float64
	}
	return arrow.PrimitiveTypes.Int64
}

// appendJSON appends one JSON value to b.
func appendJSON(b array.Builder, v any) error {
	if v == nil {
		b.AppendNull()
		return nil
	}
	switch bb := b.(type) {
	case *array.TimestampBuilder:
		s, ok := v.(string)
		if !ok {
			return fmt.Errorf("%v is not an ISO 8601 time string", v)
		}
		t, err := service.ParseTime("timestamp", s)
		if err != nil {
			return err
		}
		bb.Append(arrow.Timestamp(t.UnixMicro()))
		return nil
	case *array.StringBuilder:
		s, ok := v.(string)
		if !ok {
			s = fmt.Sprint(v)
		}
		bb.Append(s)
		return nil
	case *array.BooleanBuilder:
		x, ok := v.(bool)
		if !ok {
			return fmt.Errorf("%v is not a boolean", v)
		}
		bb.Append(x)
		return nil
	}
	num, ok := v.(json.Number)
	if !ok {
		return fmt.Errorf("%v is not a number", v)
	}
	return b.AppendValueFromString(num.String())
}
