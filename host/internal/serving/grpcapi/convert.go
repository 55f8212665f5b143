package grpcapi

import (
	"encoding/base64"
	"encoding/json"
	"strconv"
	"time"

	"github.com/quiverfs/quiver/host/internal/apierr"
	servingv1 "github.com/quiverfs/quiver/host/internal/gen/quiver/serving/v1"
	"github.com/quiverfs/quiver/host/internal/onlineread"
	"github.com/quiverfs/quiver/sdk/types"
)

// fromColumns turns request columns into names (in order) and the
// JSON-shaped values the service decodes.
func fromColumns(field string, cols []*servingv1.Column) ([]string, map[string][]any, error) {
	names := make([]string, len(cols))
	data := make(map[string][]any, len(cols))
	for i, c := range cols {
		if _, dup := data[c.GetName()]; dup {
			return nil, nil, apierr.Invalid("%s: column %q is given twice", field, c.GetName())
		}
		vals := make([]any, len(c.GetValues()))
		for j, v := range c.GetValues() {
			vals[j] = fromValue(v)
		}
		names[i], data[c.GetName()] = c.GetName(), vals
	}
	return names, data, nil
}

// fromValue returns the JSON form of a typed value.
func fromValue(v *servingv1.Value) any {
	switch k := v.GetKind().(type) {
	case *servingv1.Value_BoolValue:
		return k.BoolValue
	case *servingv1.Value_Int32Value:
		return json.Number(strconv.FormatInt(int64(k.Int32Value), 10))
	case *servingv1.Value_Int64Value:
		return json.Number(strconv.FormatInt(k.Int64Value, 10))
	case *servingv1.Value_FloatValue:
		return json.Number(strconv.FormatFloat(float64(k.FloatValue), 'g', -1, 32))
	case *servingv1.Value_DoubleValue:
		return json.Number(strconv.FormatFloat(k.DoubleValue, 'g', -1, 64))
	case *servingv1.Value_StringValue:
		return k.StringValue
	case *servingv1.Value_BytesValue:
		return base64.StdEncoding.EncodeToString(k.BytesValue)
	case *servingv1.Value_TimestampValue:
		return types.FromMicros(k.TimestampValue).Format(time.RFC3339Nano)
	case *servingv1.Value_BoolListValue:
		return listOf(k.BoolListValue.GetValues(), func(x bool) any { return x })
	case *servingv1.Value_Int32ListValue:
		return listOf(k.Int32ListValue.GetValues(), func(x int32) any { return json.Number(strconv.FormatInt(int64(x), 10)) })
	case *servingv1.Value_Int64ListValue:
		return listOf(k.Int64ListValue.GetValues(), func(x int64) any { return json.Number(strconv.FormatInt(x, 10)) })
	case *servingv1.Value_FloatListValue:
		return listOf(k.FloatListValue.GetValues(), func(x float32) any { return json.Number(strconv.FormatFloat(float64(x), 'g', -1, 32)) })
	case *servingv1.Value_DoubleListValue:
		return listOf(k.DoubleListValue.GetValues(), func(x float64) any { return json.Number(strconv.FormatFloat(x, 'g', -1, 64)) })
	case *servingv1.Value_StringListValue:
		return listOf(k.StringListValue.GetValues(), func(x string) any { return x })
	case *servingv1.Value_BytesListValue:
		return listOf(k.BytesListValue.GetValues(), func(x []byte) any { return base64.StdEncoding.EncodeToString(x) })
	case *servingv1.Value_TimestampListValue:
		return listOf(k.TimestampListValue.GetValues(), func(x int64) any { return types.FromMicros(x).Format(time.RFC3339Nano) })
	}
	return nil
}

func listOf[T any](xs []T, f func(T) any) []any {
	out := make([]any, len(xs))
	for i, x := range xs {
		out[i] = f(x)
	}
	return out
}

// toValue returns the wire form of a typed value.
func toValue(v types.Value) *servingv1.Value {
	out := &servingv1.Value{}
	switch v.Type() {
	case types.Invalid:
		out.Kind = &servingv1.Value_NullValue{}
	case types.Bool:
		out.Kind = &servingv1.Value_BoolValue{BoolValue: v.Bool()}
	case types.Int32:
		out.Kind = &servingv1.Value_Int32Value{Int32Value: v.Int32()}
	case types.Int64:
		out.Kind = &servingv1.Value_Int64Value{Int64Value: v.Int64()}
	case types.Float32:
		out.Kind = &servingv1.Value_FloatValue{FloatValue: v.Float32()}
	case types.Float64:
		out.Kind = &servingv1.Value_DoubleValue{DoubleValue: v.Float64()}
	case types.String:
		out.Kind = &servingv1.Value_StringValue{StringValue: v.Str()}
	case types.Bytes:
		out.Kind = &servingv1.Value_BytesValue{BytesValue: v.BytesVal()}
	case types.Timestamp:
		out.Kind = &servingv1.Value_TimestampValue{TimestampValue: v.Int64()}
	case types.BoolList:
		out.Kind = &servingv1.Value_BoolListValue{BoolListValue: &servingv1.BoolList{Values: v.BoolList()}}
	case types.Int32List:
		out.Kind = &servingv1.Value_Int32ListValue{Int32ListValue: &servingv1.Int32List{Values: v.Int32List()}}
	case types.Int64List:
		out.Kind = &servingv1.Value_Int64ListValue{Int64ListValue: &servingv1.Int64List{Values: v.Int64List()}}
	case types.Float32List:
		out.Kind = &servingv1.Value_FloatListValue{FloatListValue: &servingv1.FloatList{Values: v.Float32List()}}
	case types.Float64List:
		out.Kind = &servingv1.Value_DoubleListValue{DoubleListValue: &servingv1.DoubleList{Values: v.Float64List()}}
	case types.StringList:
		out.Kind = &servingv1.Value_StringListValue{StringListValue: &servingv1.StringList{Values: v.StringList()}}
	case types.BytesList:
		out.Kind = &servingv1.Value_BytesListValue{BytesListValue: &servingv1.BytesList{Values: v.BytesList()}}
	case types.TimestampList:
		out.Kind = &servingv1.Value_TimestampListValue{TimestampListValue: &servingv1.TimestampList{Values: v.Int64List()}}
	}
	return out
}

// toStatus returns the wire form of a status.
func toStatus(s onlineread.Status) servingv1.FieldStatus {
	switch s {
	case onlineread.Present:
		return servingv1.FieldStatus_PRESENT
	case onlineread.NullValue:
		return servingv1.FieldStatus_NULL_VALUE
	case onlineread.NotFound:
		return servingv1.FieldStatus_NOT_FOUND
	case onlineread.OutsideMaxAge:
		return servingv1.FieldStatus_OUTSIDE_MAX_AGE
	}
	return servingv1.FieldStatus_INVALID
}
