package materialize

import (
	"fmt"
	"math"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/quiverfs/quiver/sdk/types"
)

// getter returns the value of row i of a column, typed as the view
// declares it. Values never alias Arrow buffers, so they outlive the record.
type getter func(i int) (types.Value, error)

// columnGetter returns a getter that reads arr as values of type t. It
// fails when the Arrow type cannot hold a t: every integer width feeds
// int32 and int64 (range-checked), float32 feeds float64, string, large
// string and string view feed string, the binary kinds feed bytes, any
// timestamp unit and dates feed timestamp, and list, large list and fixed
// size list of those feed the list types.
func columnGetter(arr arrow.Array, t types.ValueType) (getter, error) {
	if t.IsList() {
		return listGetter(arr, t)
	}
	get, err := scalarGetter(arr, t)
	if err != nil {
		return nil, err
	}
	return func(i int) (types.Value, error) {
		if arr.IsNull(i) {
			return types.Null(), nil
		}
		return get(i)
	}, nil
}

// listGetter reads a list column; null lists are null, null elements are errors.
func listGetter(arr arrow.Array, t types.ValueType) (getter, error) {
	l, ok := arr.(array.ListLike)
	if !ok {
		return nil, fmt.Errorf("arrow type %s cannot hold %s", arr.DataType(), t)
	}
	child := l.ListValues()
	elem, err := scalarGetter(child, t.Elem())
	if err != nil {
		return nil, fmt.Errorf("list elements: %w", err)
	}
	return func(i int) (types.Value, error) {
		if arr.IsNull(i) {
			return types.Null(), nil
		}
		start, end := l.ValueOffsets(i)
		elems := make([]types.Value, 0, end-start)
		for j := int(start); j < int(end); j++ {
			if child.IsNull(j) {
				return types.Value{}, fmt.Errorf("element %d of the list is null; lists cannot hold nulls", j-int(start))
			}
			v, err := elem(j)
			if err != nil {
				return types.Value{}, err
			}
			elems = append(elems, v)
		}
		return types.ListOf(t, elems), nil
	}, nil
}

// scalarGetter reads non-null entries of arr as scalars of type t.
func scalarGetter(arr arrow.Array, t types.ValueType) (getter, error) {
	fail := fmt.Errorf("arrow type %s cannot hold %s", arr.DataType(), t)
	switch t {
	case types.Bool:
		a, ok := arr.(*array.Boolean)
		if !ok {
			return nil, fail
		}
		return func(i int) (types.Value, error) { return types.BoolValue(a.Value(i)), nil }, nil
	case types.Int32, types.Int64:
		get, ok := integers(arr)
		if !ok {
			return nil, fail
		}
		if t == types.Int64 {
			return func(i int) (types.Value, error) {
				n, err := get(i)
				return types.Int64Value(n), err
			}, nil
		}
		return func(i int) (types.Value, error) {
			n, err := get(i)
			if err == nil && (n < math.MinInt32 || n > math.MaxInt32) {
				err = fmt.Errorf("%d does not fit in int32", n)
			}
			return types.Int32Value(int32(n)), err
		}, nil
	case types.Float32:
		a, ok := arr.(*array.Float32)
		if !ok {
			return nil, fail
		}
		return func(i int) (types.Value, error) { return types.Float32Value(a.Value(i)), nil }, nil
	case types.Float64:
		switch a := arr.(type) {
		case *array.Float64:
			return func(i int) (types.Value, error) { return types.Float64Value(a.Value(i)), nil }, nil
		case *array.Float32:
			return func(i int) (types.Value, error) { return types.Float64Value(float64(a.Value(i))), nil }, nil
		}
		return nil, fail
	case types.String:
		get, ok := stringsOf(arr)
		if !ok {
			return nil, fail
		}
		return func(i int) (types.Value, error) { return types.StringValue(strings.Clone(get(i))), nil }, nil
	case types.Bytes:
		get, ok := bytesOf(arr)
		if !ok {
			return nil, fail
		}
		return func(i int) (types.Value, error) { return types.BytesValue(append([]byte{}, get(i)...)), nil }, nil
	case types.Timestamp:
		get, ok := micros(arr)
		if !ok {
			return nil, fail
		}
		return func(i int) (types.Value, error) { return types.TimestampMicrosValue(get(i)), nil }, nil
	}
	return nil, fmt.Errorf("unsupported type %s", t)
}

// integers reads any Arrow integer array as int64.
func integers(arr arrow.Array) (func(i int) (int64, error), bool) {
	ok := func(n int64) (int64, error) { return n, nil }
	switch a := arr.(type) {
	case *array.Int8:
		return func(i int) (int64, error) { return ok(int64(a.Value(i))) }, true
	case *array.Int16:
		return func(i int) (int64, error) { return ok(int64(a.Value(i))) }, true
	case *array.Int32:
		return func(i int) (int64, error) { return ok(int64(a.Value(i))) }, true
	case *array.Int64:
		return func(i int) (int64, error) { return ok(a.Value(i)) }, true
	case *array.Uint8:
		return func(i int) (int64, error) { return ok(int64(a.Value(i))) }, true
	case *array.Uint16:
		return func(i int) (int64, error) { return ok(int64(a.Value(i))) }, true
	case *array.Uint32:
		return func(i int) (int64, error) { return ok(int64(a.Value(i))) }, true
	case *array.Uint64:
		return func(i int) (int64, error) {
			if v := a.Value(i); v > math.MaxInt64 {
				return 0, fmt.Errorf("%d does not fit in int64", v)
			}
			return int64(a.Value(i)), nil
		}, true
	}
	return nil, false
}

// stringsOf reads the string kinds; the result aliases Arrow memory.
func stringsOf(arr arrow.Array) (func(i int) string, bool) {
	switch a := arr.(type) {
	case *array.String:
		return a.Value, true
	case *array.LargeString:
		return a.Value, true
	case *array.StringView:
		return a.Value, true
	}
	return nil, false
}

// bytesOf reads the binary kinds; the result aliases Arrow memory.
func bytesOf(arr arrow.Array) (func(i int) []byte, bool) {
	switch a := arr.(type) {
	case *array.Binary:
		return a.Value, true
	case *array.LargeBinary:
		return a.Value, true
	case *array.BinaryView:
		return a.Value, true
	case *array.FixedSizeBinary:
		return a.Value, true
	}
	return nil, false
}

// micros reads timestamps of any unit, and dates, as microseconds since
// the epoch (nanoseconds are floored to microseconds).
func micros(arr arrow.Array) (func(i int) int64, bool) {
	switch a := arr.(type) {
	case *array.Timestamp:
		unit := a.DataType().(*arrow.TimestampType).Unit
		return func(i int) int64 { return toMicros(int64(a.Value(i)), unit) }, true
	case *array.Date32:
		return func(i int) int64 { return int64(a.Value(i)) * 86_400_000_000 }, true
	case *array.Date64:
		return func(i int) int64 { return int64(a.Value(i)) * 1000 }, true
	}
	return nil, false
}

// toMicros converts a timestamp in unit to microseconds.
func toMicros(v int64, unit arrow.TimeUnit) int64 {
	switch unit {
	case arrow.Second:
		return v * 1_000_000
	case arrow.Millisecond:
		return v * 1000
	case arrow.Nanosecond:
		q := v / 1000
		if v%1000 < 0 {
			q--
		}
		return q
	}
	return v
}
