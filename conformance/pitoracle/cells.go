package pitoracle

import (
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
)

// cell is a join-key value normalised for comparison: every integer type
// compares as int64, strings with large strings, binary with large binary.
type cell struct {
	kind byte // 'i' integer, 'f' float, 's' string, 'b' bytes, 't' bool
	i    int64
	f    float64
	s    string
}

// cellAt reads row i of a key column; false for null.
func cellAt(a arrow.Array, i int) (cell, bool, error) {
	if a.IsNull(i) {
		return cell{}, false, nil
	}
	switch x := a.(type) {
	case *array.Int8:
		return cell{kind: 'i', i: int64(x.Value(i))}, true, nil
	case *array.Int16:
		return cell{kind: 'i', i: int64(x.Value(i))}, true, nil
	case *array.Int32:
		return cell{kind: 'i', i: int64(x.Value(i))}, true, nil
	case *array.Int64:
		return cell{kind: 'i', i: x.Value(i)}, true, nil
	case *array.Uint8:
		return cell{kind: 'i', i: int64(x.Value(i))}, true, nil
	case *array.Uint16:
		return cell{kind: 'i', i: int64(x.Value(i))}, true, nil
	case *array.Uint32:
		return cell{kind: 'i', i: int64(x.Value(i))}, true, nil
	case *array.Float32:
		return cell{kind: 'f', f: float64(x.Value(i))}, true, nil
	case *array.Float64:
		return cell{kind: 'f', f: x.Value(i)}, true, nil
	case *array.String:
		return cell{kind: 's', s: x.Value(i)}, true, nil
	case *array.LargeString:
		return cell{kind: 's', s: x.Value(i)}, true, nil
	case *array.Binary:
		return cell{kind: 'b', s: string(x.Value(i))}, true, nil
	case *array.LargeBinary:
		return cell{kind: 'b', s: string(x.Value(i))}, true, nil
	case *array.Boolean:
		c := cell{kind: 't'}
		if x.Value(i) {
			c.i = 1
		}
		return c, true, nil
	}
	return cell{}, false, fmt.Errorf("pitoracle: join key type %s is not supported", a.DataType())
}

// micros reads row i of a timestamp column as microseconds since the
// epoch, truncating finer units; false for null. Values without a time
// zone are UTC, which is their raw value.
func micros(a arrow.Array, i int) (int64, bool) {
	ts := a.(*array.Timestamp)
	if ts.IsNull(i) {
		return 0, false
	}
	v := int64(ts.Value(i))
	switch ts.DataType().(*arrow.TimestampType).Unit {
	case arrow.Second:
		return v * 1_000_000, true
	case arrow.Millisecond:
		return v * 1_000, true
	case arrow.Nanosecond:
		return floorDiv(v, 1_000), true
	}
	return v, true
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && a < 0 {
		q--
	}
	return q
}

// sourceColumns are the columns of one source record a join reads.
type sourceColumns struct {
	keys           []arrow.Array
	event, created arrow.Array // created nil when the view has none
}

// viewColumns finds v's key and timestamp columns in rec.
func viewColumns(rec arrow.RecordBatch, v *View) (sourceColumns, error) {
	var out sourceColumns
	get := func(name string) (arrow.Array, error) {
		idx := rec.Schema().FieldIndices(name)
		if len(idx) == 0 {
			return nil, fmt.Errorf("pitoracle: view %s: source has no column %q", v.Name, name)
		}
		return rec.Column(idx[0]), nil
	}
	for _, k := range v.JoinKeys {
		a, err := get(k)
		if err != nil {
			return out, err
		}
		out.keys = append(out.keys, a)
	}
	var err error
	if out.event, err = get(v.EventColumn); err != nil {
		return out, err
	}
	if v.CreatedColumn != "" {
		if out.created, err = get(v.CreatedColumn); err != nil {
			return out, err
		}
	}
	for _, a := range []arrow.Array{out.event, out.created} {
		if a != nil && a.DataType().ID() != arrow.TIMESTAMP {
			return out, fmt.Errorf("pitoracle: view %s: timestamp column is %s", v.Name, a.DataType())
		}
	}
	return out, nil
}

// sameKey reports whether source row row has exactly key (no nulls).
func sameKey(keys []arrow.Array, row int, key []cell) bool {
	for i, a := range keys {
		c, ok, err := cellAt(a, row)
		if err != nil || !ok || c != key[i] {
			return false
		}
	}
	return true
}
