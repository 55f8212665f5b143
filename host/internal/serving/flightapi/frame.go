package flightapi

import (
	"encoding/base64"
	"encoding/json"
	"math"
	"strconv"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/quiverfs/quiver/host/internal/apierr"
	"github.com/quiverfs/quiver/host/internal/serving/frame"
	"github.com/quiverfs/quiver/host/internal/textclip"
)

// toFrame turns an uploaded table into the column form the service checks
// every write in: the values a JSON request would carry (numbers as
// json.Number, timestamps as RFC 3339, bytes as base64, lists as arrays).
func toFrame(rec arrow.RecordBatch) (frame.Frame, error) {
	f := frame.Frame{Data: make(map[string][]any, rec.NumCols())}
	for i, field := range rec.Schema().Fields() {
		if _, dup := f.Data[field.Name]; dup {
			return frame.Frame{}, apierr.Invalid("the table has two columns named %q", textclip.Clip(field.Name, 80))
		}
		col := rec.Column(i)
		vals := make([]any, col.Len())
		for row := range vals {
			v, err := valueAt(col, row)
			if err != nil {
				return frame.Frame{}, apierr.Invalid("column %q: %v", textclip.Clip(field.Name, 80), err)
			}
			vals[row] = v
		}
		f.Columns = append(f.Columns, field.Name)
		f.Data[field.Name] = vals
	}
	return f, nil
}

// valueAt is row i of arr in its JSON form.
func valueAt(arr arrow.Array, i int) (any, error) {
	if arr.IsNull(i) {
		return nil, nil
	}
	switch a := arr.(type) {
	case *array.Boolean:
		return a.Value(i), nil
	case *array.Int8:
		return intNumber(int64(a.Value(i))), nil
	case *array.Int16:
		return intNumber(int64(a.Value(i))), nil
	case *array.Int32:
		return intNumber(int64(a.Value(i))), nil
	case *array.Int64:
		return intNumber(a.Value(i)), nil
	case *array.Uint8:
		return intNumber(int64(a.Value(i))), nil
	case *array.Uint16:
		return intNumber(int64(a.Value(i))), nil
	case *array.Uint32:
		return intNumber(int64(a.Value(i))), nil
	case *array.Uint64:
		return json.Number(strconv.FormatUint(a.Value(i), 10)), nil
	case *array.Float32:
		return floatNumber(float64(a.Value(i)), 32), nil
	case *array.Float64:
		return floatNumber(a.Value(i), 64), nil
	case *array.String:
		return a.Value(i), nil
	case *array.LargeString:
		return a.Value(i), nil
	case *array.Binary:
		return base64.StdEncoding.EncodeToString(a.Value(i)), nil
	case *array.LargeBinary:
		return base64.StdEncoding.EncodeToString(a.Value(i)), nil
	case *array.Timestamp:
		unit := a.DataType().(*arrow.TimestampType).Unit
		return a.Value(i).ToTime(unit).UTC().Format(time.RFC3339Nano), nil
	case *array.Date32:
		return a.Value(i).ToTime().UTC().Format(time.RFC3339), nil
	case *array.Date64:
		return a.Value(i).ToTime().UTC().Format(time.RFC3339), nil
	case array.ListLike:
		if _, isMap := arr.(*array.Map); isMap {
			break
		}
		start, end := a.ValueOffsets(i)
		items := make([]any, 0, end-start)
		for j := start; j < end; j++ {
			v, err := valueAt(a.ListValues(), int(j))
			if err != nil {
				return nil, err
			}
			items = append(items, v)
		}
		return items, nil
	}
	return nil, errUnsupported(arr.DataType())
}

func errUnsupported(t arrow.DataType) error {
	return apierr.Invalid("Arrow type %s cannot be written (supported: booleans, integers, floats, strings, binary, timestamps, dates and lists of them)", t)
}

func intNumber(v int64) json.Number { return json.Number(strconv.FormatInt(v, 10)) }

// floatNumber is f as a JSON number, or the strings JSON uses for NaN and
// the infinities.
func floatNumber(f float64, bits int) any {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	}
	return json.Number(strconv.FormatFloat(f, 'g', -1, bits))
}
