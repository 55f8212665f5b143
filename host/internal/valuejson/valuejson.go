package valuejson

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/quiverfs/quiver/host/internal/isotime"
	"github.com/quiverfs/quiver/host/internal/textclip"
	"github.com/quiverfs/quiver/sdk/types"
)

// Encode returns the JSON form of v as a value encoding/json marshals.
func Encode(v types.Value) any {
	switch v.Type() {
	case types.Invalid:
		return nil
	case types.Float32:
		return finite32(v.Float32())
	case types.Float64:
		return finite(v.Float64())
	case types.Bytes:
		return base64.StdEncoding.EncodeToString(v.BytesVal())
	case types.Timestamp:
		return v.Time().Format(time.RFC3339Nano)
	case types.Float32List:
		l := v.Float32List()
		out := make([]any, len(l))
		for i, f := range l {
			out[i] = finite32(f)
		}
		return out
	case types.Float64List:
		l := v.Float64List()
		out := make([]any, len(l))
		for i, f := range l {
			out[i] = finite(f)
		}
		return out
	case types.BytesList:
		l := v.BytesList()
		out := make([]string, len(l))
		for i, b := range l {
			out[i] = base64.StdEncoding.EncodeToString(b)
		}
		return out
	case types.TimestampList:
		l := v.Int64List()
		out := make([]string, len(l))
		for i, us := range l {
			out[i] = types.FromMicros(us).Format(time.RFC3339Nano)
		}
		return out
	}
	return v.Interface()
}

// finite32 renders a float32 with the shortest digits that read back as the
// same float32 (0.302, not 0.3019999861717224), always as a float.
func finite32(f float32) any { return json.RawMessage(AppendFloat(nil, float64(f), 32)) }

// finite renders a float64 as a JSON number that always reads as a float.
func finite(f float64) any { return json.RawMessage(AppendFloat(nil, f, 64)) }

// AppendFloat appends f as JSON: the shortest digits that read back as the
// same float of bits 32 or 64, in encoding/json's forms (exponent below
// 1e-6 and from 1e21, "1e-7" not "1e-07"), a whole number with ".0" (1.0,
// not 1: Feast's client infers INT64 from 1), and NaN and infinities,
// which JSON cannot hold, as the strings "NaN", "Infinity", "-Infinity".
func AppendFloat(b []byte, f float64, bits int) []byte {
	switch {
	case math.IsNaN(f):
		return append(b, `"NaN"`...)
	case math.IsInf(f, 1):
		return append(b, `"Infinity"`...)
	case math.IsInf(f, -1):
		return append(b, `"-Infinity"`...)
	}
	abs, format := math.Abs(f), byte('f')
	if abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	start := len(b)
	b = strconv.AppendFloat(b, f, format, -1, bits)
	if format == 'e' {
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
		return b
	}
	for _, c := range b[start:] {
		if c == '.' {
			return b
		}
	}
	return append(b, ".0"...)
}

// Decode converts a JSON value (as decoded with UseNumber) to a value of type t.
func Decode(raw any, t types.ValueType) (types.Value, error) {
	if raw == nil {
		return types.Null(), nil
	}
	if t.IsList() {
		return decodeList(raw, t)
	}
	switch t {
	case types.Bool:
		b, ok := raw.(bool)
		if !ok {
			return types.Value{}, mismatch(raw, t)
		}
		return types.BoolValue(b), nil
	case types.Int32, types.Int64:
		return decodeInt(raw, t)
	case types.Float32, types.Float64:
		n, ok := raw.(json.Number)
		if !ok {
			return types.Value{}, mismatch(raw, t)
		}
		f, err := n.Float64()
		if errors.Is(err, strconv.ErrRange) {
			return types.Value{}, fmt.Errorf("%s is out of range for %s", textclip.Clip(string(n), 40), t)
		}
		if err != nil {
			return types.Value{}, mismatch(raw, t)
		}
		if t == types.Float32 {
			if math.Abs(f) > math.MaxFloat32 {
				return types.Value{}, fmt.Errorf("%s is out of range for float32", textclip.Clip(string(n), 40))
			}
			return types.Float32Value(float32(f)), nil
		}
		return types.Float64Value(f), nil
	case types.String:
		s, ok := raw.(string)
		if !ok {
			return types.Value{}, mismatch(raw, t)
		}
		return types.StringValue(s), nil
	case types.Bytes:
		s, ok := raw.(string)
		b, err := base64.StdEncoding.DecodeString(s)
		if !ok || err != nil {
			return types.Value{}, fmt.Errorf("expected base64 bytes, got %s", describe(raw))
		}
		return types.BytesValue(b), nil
	case types.Timestamp:
		return decodeTime(raw)
	}
	return types.Value{}, fmt.Errorf("unsupported type %s", t)
}

func decodeInt(raw any, t types.ValueType) (types.Value, error) {
	n, ok := raw.(json.Number)
	if !ok {
		// Feast clients sometimes send ids as strings of digits.
		s, isStr := raw.(string)
		if !isStr {
			return types.Value{}, mismatch(raw, t)
		}
		n = json.Number(s)
	}
	i, err := n.Int64()
	if errors.Is(err, strconv.ErrRange) {
		return types.Value{}, fmt.Errorf("%s is out of range for %s", textclip.Clip(string(n), 40), t)
	}
	if err != nil {
		return types.Value{}, mismatch(raw, t)
	}
	if t == types.Int32 {
		if i < math.MinInt32 || i > math.MaxInt32 {
			return types.Value{}, fmt.Errorf("%d does not fit in int32", i)
		}
		return types.Int32Value(int32(i)), nil
	}
	return types.Int64Value(i), nil
}

func decodeTime(raw any) (types.Value, error) {
	switch x := raw.(type) {
	case string:
		if t, err := isotime.Parse(x); err == nil {
			return types.TimestampValue(t), nil
		}
	case json.Number:
		if s, err := x.Int64(); err == nil {
			return types.TimestampValue(time.Unix(s, 0)), nil
		}
	}
	return types.Value{}, fmt.Errorf("expected a timestamp (RFC 3339 or Unix seconds), got %s", describe(raw))
}

func decodeList(raw any, t types.ValueType) (types.Value, error) {
	items, ok := raw.([]any)
	if !ok {
		return types.Value{}, mismatch(raw, t)
	}
	elems := make([]types.Value, len(items))
	for i, it := range items {
		v, err := Decode(it, t.Elem())
		if err != nil || v.IsNull() {
			return types.Value{}, fmt.Errorf("element %d: expected %s, got %s", i, t.Elem(), describe(it))
		}
		elems[i] = v
	}
	return types.ListOf(t, elems), nil
}

func mismatch(raw any, t types.ValueType) error {
	return fmt.Errorf("expected %s, got %s", t, describe(raw))
}

func describe(raw any) string {
	b, _ := json.Marshal(raw)
	s := textclip.Clip(string(b), 40)
	switch raw.(type) {
	case string:
		return "string " + s
	case json.Number:
		return "number " + s
	case bool:
		return "boolean " + s
	case []any:
		return "list " + s
	case map[string]any:
		return "object " + s
	}
	return s
}
