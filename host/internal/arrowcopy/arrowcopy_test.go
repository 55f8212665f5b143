package arrowcopy

import (
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

func record(t *testing.T, vals ...int64) arrow.RecordBatch {
	t.Helper()
	b := array.NewInt64Builder(memory.DefaultAllocator)
	defer b.Release()
	b.AppendValues(vals, nil)
	col := b.NewArray()
	defer col.Release()
	return array.NewRecordBatch(arrow.NewSchema([]arrow.Field{{Name: "x", Type: arrow.PrimitiveTypes.Int64}}, nil), []arrow.Array{col}, int64(len(vals)))
}

func TestReadAllConcatenatesIntoNewBuffers(t *testing.T) {
	t.Parallel()
	a, b := record(t, 1, 2), record(t, 3)
	rd, err := array.NewRecordReader(a.Schema(), []arrow.RecordBatch{a, b})
	if err != nil {
		t.Fatal(err)
	}
	all, err := ReadAll(rd)
	if err != nil {
		t.Fatal(err)
	}
	defer all.Release()
	got := all.Column(0).(*array.Int64).Int64Values()
	if all.NumRows() != 3 || got[0] != 1 || got[2] != 3 {
		t.Fatalf("ReadAll = %v rows %v", all.NumRows(), got)
	}
	// The copy does not share a's buffers.
	a.Column(0).(*array.Int64).Int64Values()[0] = 99
	if all.Column(0).(*array.Int64).Int64Values()[0] != 1 {
		t.Error("the result shares buffers with its input")
	}
}

func TestReadAllOfAnEmptyStreamIsAnEmptyRecord(t *testing.T) {
	t.Parallel()
	a := record(t)
	rd, _ := array.NewRecordReader(a.Schema(), nil)
	all, err := ReadAll(rd)
	if err != nil {
		t.Fatal(err)
	}
	defer all.Release()
	if all.NumRows() != 0 || all.NumCols() != 1 {
		t.Fatalf("got %d rows, %d columns", all.NumRows(), all.NumCols())
	}
}
