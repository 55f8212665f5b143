package bqstore

import (
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// TestCastToKeepsSliceOffsets checks every conversion the store makes on
// a sliced array (records split from one batch are slices): the values
// must be those of the slice, not of the array's start.
func TestCastToKeepsSliceOffsets(t *testing.T) {
	mem := memory.NewGoAllocator()
	build := func(dt arrow.DataType, vals ...string) arrow.Array {
		b := array.NewBuilder(mem, dt)
		defer b.Release()
		for _, v := range vals {
			if v == "null" {
				b.AppendNull()
				continue
			}
			if err := b.AppendValueFromString(v); err != nil {
				t.Fatal(err)
			}
		}
		return b.NewArray()
	}
	naive := &arrow.TimestampType{Unit: arrow.Microsecond}
	ms := &arrow.TimestampType{Unit: arrow.Millisecond, TimeZone: "UTC"}
	cases := []struct {
		from, to arrow.DataType
		vals     []string
	}{
		{naive, tsType, []string{"2025-01-01T00:00:00", "2025-01-02T00:00:00", "null", "2025-01-04T00:00:00"}},
		{ms, tsType, []string{"2025-01-01T00:00:00Z", "2025-01-02T00:00:00Z", "null", "2025-01-04T00:00:00Z"}},
		{arrow.PrimitiveTypes.Int64, arrow.PrimitiveTypes.Int32, []string{"1", "2", "null", "4"}},
		{arrow.PrimitiveTypes.Int32, arrow.PrimitiveTypes.Int64, []string{"1", "2", "null", "4"}},
		{arrow.PrimitiveTypes.Float64, arrow.PrimitiveTypes.Float32, []string{"1.5", "2.5", "null", "4.5"}},
		{arrow.PrimitiveTypes.Float32, arrow.PrimitiveTypes.Float64, []string{"1.5", "2.5", "null", "4.5"}},
		{arrow.BinaryTypes.LargeString, arrow.BinaryTypes.String, []string{"a", "b", "null", "d"}},
	}
	// Nanoseconds round down to the microsecond, before 1970 too.
	nanos := build(&arrow.TimestampType{Unit: arrow.Nanosecond, TimeZone: "UTC"}, "1970-01-01T00:00:00.000001999Z", "1969-12-31T23:59:59.999999001Z", "null")
	got, err := castTo(array.NewSlice(nanos, 0, 3), tsType)
	if err != nil {
		t.Fatal(err)
	}
	if s := got.(*array.Timestamp); s.Value(0) != 1 || s.Value(1) != -1 || !s.IsNull(2) {
		t.Errorf("nanoseconds to microseconds: %v, want [1 -1 (null)]", got)
	}
	got.Release()
	nanos.Release()
	for _, c := range cases {
		full := build(c.from, c.vals...)
		slice := array.NewSlice(full, 1, 4)
		got, err := castTo(slice, c.to)
		if err != nil {
			t.Fatalf("%s -> %s: %v", c.from, c.to, err)
		}
		wantVals := c.vals[1:]
		if c.from == naive {
			wantVals = []string{"2025-01-02T00:00:00Z", "null", "2025-01-04T00:00:00Z"}
		}
		want := build(c.to, wantVals...)
		if !array.Equal(got, want) {
			t.Errorf("%s -> %s of a slice = %v, want %v", c.from, c.to, got, want)
		}
		for _, a := range []arrow.Array{full, slice, got, want} {
			a.Release()
		}
	}
}
