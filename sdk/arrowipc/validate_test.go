package arrowipc

import (
	"errors"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

func TestValidateCatchesBuffersShorterThanDeclared(t *testing.T) {
	t.Parallel()
	buf := func(n int) *memory.Buffer { return memory.NewBufferBytes(make([]byte, n)) }
	offsets := func(vals ...int32) *memory.Buffer {
		b := make([]byte, 4*len(vals))
		for i, v := range vals {
			arrow.Int32Traits.PutValue(b[4*i:], v)
		}
		return memory.NewBufferBytes(b)
	}
	cases := []struct {
		name string
		data arrow.ArrayData
	}{
		{"int64 values", array.NewData(arrow.PrimitiveTypes.Int64, 100, []*memory.Buffer{nil, buf(8)}, nil, 0, 0)},
		{"int64 with offset", array.NewData(arrow.PrimitiveTypes.Int64, 2, []*memory.Buffer{nil, buf(16)}, nil, 0, 1)},
		{"validity bitmap", array.NewData(arrow.PrimitiveTypes.Int32, 64, []*memory.Buffer{buf(1), buf(256)}, nil, 1, 0)},
		{"nulls without a bitmap", array.NewData(arrow.PrimitiveTypes.Int32, 4, []*memory.Buffer{nil, buf(16)}, nil, 2, 0)},
		{"null count above length", array.NewData(arrow.PrimitiveTypes.Int32, 4, []*memory.Buffer{buf(1), buf(16)}, nil, 5, 0)},
		{"booleans", array.NewData(arrow.FixedWidthTypes.Boolean, 65, []*memory.Buffer{nil, buf(8)}, nil, 0, 0)},
		{"string offsets", array.NewData(arrow.BinaryTypes.String, 3, []*memory.Buffer{nil, offsets(0, 1), buf(4)}, nil, 0, 0)},
		{"string data", array.NewData(arrow.BinaryTypes.String, 2, []*memory.Buffer{nil, offsets(0, 1, 9), buf(4)}, nil, 0, 0)},
		{"decreasing offsets", array.NewData(arrow.BinaryTypes.String, 2, []*memory.Buffer{nil, offsets(0, 3, 1), buf(4)}, nil, 0, 0)},
		{"negative offset", array.NewData(arrow.BinaryTypes.Binary, 1, []*memory.Buffer{nil, offsets(-4, 0), buf(4)}, nil, 0, 0)},
		{"list child", array.NewData(arrow.ListOf(arrow.PrimitiveTypes.Int64), 1, []*memory.Buffer{nil, offsets(0, 5)},
			[]arrow.ArrayData{array.NewData(arrow.PrimitiveTypes.Int64, 2, []*memory.Buffer{nil, buf(16)}, nil, 0, 0)}, 0, 0)},
		{"list child buffers", array.NewData(arrow.ListOf(arrow.PrimitiveTypes.Int64), 1, []*memory.Buffer{nil, offsets(0, 5)},
			[]arrow.ArrayData{array.NewData(arrow.PrimitiveTypes.Int64, 5, []*memory.Buffer{nil, buf(16)}, nil, 0, 0)}, 0, 0)},
	}
	for _, c := range cases {
		if err := validate(c.data); !errors.Is(err, ErrInvalid) {
			t.Errorf("%s: validate = %v, want ErrInvalid", c.name, err)
		}
	}
}

func TestValidateAcceptsWellFormedArrays(t *testing.T) {
	t.Parallel()
	rec := sampleRecord(t, 50)
	defer rec.Release()
	for i, col := range rec.Columns() {
		if err := validate(col.Data()); err != nil {
			t.Errorf("column %s: %v", rec.ColumnName(i), err)
		}
		s := array.NewSlice(col, 5, 20)
		if err := validate(s.Data()); err != nil {
			t.Errorf("slice of column %s: %v", rec.ColumnName(i), err)
		}
		s.Release()
	}
}
