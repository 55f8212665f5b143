package scaffold

import (
	"context"
	"os"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"

	"github.com/quiverfs/quiver/sdk/types"
)

// readTable reads a parquet file back with pqarrow.
func readTable(t *testing.T, path string) arrow.Table {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	tbl, err := pqarrow.ReadTable(context.Background(), f, parquet.NewReaderProperties(memory.DefaultAllocator),
		pqarrow.ArrowReadProperties{BatchSize: 64 * 1024}, memory.DefaultAllocator)
	if err != nil {
		t.Fatalf("reading %s: %v", path, err)
	}
	t.Cleanup(tbl.Release)
	return tbl
}

// quiverFields returns the table's columns as Quiver fields.
func quiverFields(t *testing.T, s *arrow.Schema) []types.Field {
	t.Helper()
	out := make([]types.Field, s.NumFields())
	for i, f := range s.Fields() {
		vt := quiverType(f.Type)
		if vt == types.Invalid {
			t.Fatalf("column %s has arrow type %s, which is no Quiver type", f.Name, f.Type)
		}
		out[i] = types.Field{Name: f.Name, Type: vt}
	}
	return out
}

// quiverType is the inverse of arrowType; lists match by element type.
func quiverType(dt arrow.DataType) types.ValueType {
	if lt, ok := dt.(*arrow.ListType); ok {
		elem := quiverType(lt.Elem())
		if elem == types.Invalid || elem.IsList() {
			return types.Invalid
		}
		return elem + (types.BoolList - types.Bool)
	}
	for _, vt := range types.AllValueTypes {
		if !vt.IsList() && arrow.TypeEqual(types.ArrowType(vt), dt) {
			return vt
		}
	}
	return types.Invalid
}

// int64Range returns the least and greatest value of an int64-backed column
// (int64 or timestamp) and its null count.
func int64Range(t *testing.T, tbl arrow.Table, name string) (lo, hi int64, nulls int) {
	t.Helper()
	idx := tbl.Schema().FieldIndices(name)
	if len(idx) != 1 {
		t.Fatalf("no column %s", name)
	}
	first := true
	for _, chunk := range tbl.Column(idx[0]).Data().Chunks() {
		nulls += chunk.NullN()
		for i := range chunk.Len() {
			if chunk.IsNull(i) {
				continue
			}
			var v int64
			switch c := chunk.(type) {
			case *array.Int64:
				v = c.Value(i)
			case *array.Timestamp:
				v = int64(c.Value(i))
			default:
				t.Fatalf("column %s is %T", name, chunk)
			}
			if first || v < lo {
				lo = v
			}
			if first || v > hi {
				hi = v
			}
			first = false
		}
	}
	return lo, hi, nulls
}

// nullCount returns the nulls of a column.
func nullCount(tbl arrow.Table, name string) int {
	idx := tbl.Schema().FieldIndices(name)
	if len(idx) != 1 {
		return -1
	}
	return tbl.Column(idx[0]).Data().NullN()
}
