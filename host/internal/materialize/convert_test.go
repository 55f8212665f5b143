package materialize

import (
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/quiverfs/quiver/sdk/types"
)

// build makes an array of dt with the builder function fill.
func build(t *testing.T, dt arrow.DataType, fill func(b array.Builder)) arrow.Array {
	t.Helper()
	b := array.NewBuilder(memory.DefaultAllocator, dt)
	defer b.Release()
	fill(b)
	arr := b.NewArray()
	t.Cleanup(arr.Release)
	return arr
}

func TestColumnGetterEveryType(t *testing.T) {
	t.Parallel()
	ts := time.Date(2025, 3, 1, 12, 30, 45, 123456000, time.UTC)
	tsUS := arrow.Timestamp(ts.UnixMicro())
	tests := []struct {
		name string
		dt   arrow.DataType
		fill func(b array.Builder)
		typ  types.ValueType
		want []types.Value
	}{
		{"bool", arrow.FixedWidthTypes.Boolean, func(b array.Builder) {
			b.(*array.BooleanBuilder).AppendValues([]bool{true, false}, nil)
			b.AppendNull()
		}, types.Bool, []types.Value{types.BoolValue(true), types.BoolValue(false), types.Null()}},
		{"int32", arrow.PrimitiveTypes.Int32, func(b array.Builder) {
			b.(*array.Int32Builder).AppendValues([]int32{-7, 1 << 30}, nil)
			b.AppendNull()
		}, types.Int32, []types.Value{types.Int32Value(-7), types.Int32Value(1 << 30), types.Null()}},
		{"int16 widened to int32", arrow.PrimitiveTypes.Int16, func(b array.Builder) {
			b.(*array.Int16Builder).Append(-3)
		}, types.Int32, []types.Value{types.Int32Value(-3)}},
		{"int64", arrow.PrimitiveTypes.Int64, func(b array.Builder) {
			b.(*array.Int64Builder).AppendValues([]int64{1001, -1 << 62}, nil)
			b.AppendNull()
		}, types.Int64, []types.Value{types.Int64Value(1001), types.Int64Value(-1 << 62), types.Null()}},
		{"uint32 widened to int64", arrow.PrimitiveTypes.Uint32, func(b array.Builder) {
			b.(*array.Uint32Builder).Append(4_000_000_000)
		}, types.Int64, []types.Value{types.Int64Value(4_000_000_000)}},
		{"float32", arrow.PrimitiveTypes.Float32, func(b array.Builder) {
			b.(*array.Float32Builder).Append(0.25)
			b.AppendNull()
		}, types.Float32, []types.Value{types.Float32Value(0.25), types.Null()}},
		{"float64", arrow.PrimitiveTypes.Float64, func(b array.Builder) {
			b.(*array.Float64Builder).Append(-1e300)
			b.AppendNull()
		}, types.Float64, []types.Value{types.Float64Value(-1e300), types.Null()}},
		{"string", arrow.BinaryTypes.String, func(b array.Builder) {
			b.(*array.StringBuilder).AppendValues([]string{"héllo", ""}, nil)
			b.AppendNull()
		}, types.String, []types.Value{types.StringValue("héllo"), types.StringValue(""), types.Null()}},
		{"large string", arrow.BinaryTypes.LargeString, func(b array.Builder) {
			b.(*array.LargeStringBuilder).Append("big")
		}, types.String, []types.Value{types.StringValue("big")}},
		{"string view", arrow.BinaryTypes.StringView, func(b array.Builder) {
			b.(*array.StringViewBuilder).Append("a string longer than twelve bytes")
		}, types.String, []types.Value{types.StringValue("a string longer than twelve bytes")}},
		{"bytes", arrow.BinaryTypes.Binary, func(b array.Builder) {
			b.(*array.BinaryBuilder).Append([]byte{0, 1, 0xff})
			b.AppendNull()
		}, types.Bytes, []types.Value{types.BytesValue([]byte{0, 1, 0xff}), types.Null()}},
		{"timestamp us", &arrow.TimestampType{Unit: arrow.Microsecond, TimeZone: "UTC"}, func(b array.Builder) {
			b.(*array.TimestampBuilder).Append(tsUS)
			b.AppendNull()
		}, types.Timestamp, []types.Value{types.TimestampValue(ts), types.Null()}},
		{"timestamp ns truncated", &arrow.TimestampType{Unit: arrow.Nanosecond}, func(b array.Builder) {
			b.(*array.TimestampBuilder).Append(arrow.Timestamp(ts.UnixNano() + 999))
		}, types.Timestamp, []types.Value{types.TimestampValue(ts)}},
		{"timestamp s", &arrow.TimestampType{Unit: arrow.Second}, func(b array.Builder) {
			b.(*array.TimestampBuilder).Append(arrow.Timestamp(ts.Unix()))
		}, types.Timestamp, []types.Value{types.TimestampValue(ts.Truncate(time.Second))}},
		{"list<bool>", arrow.ListOf(arrow.FixedWidthTypes.Boolean), func(b array.Builder) {
			lb := b.(*array.ListBuilder)
			lb.Append(true)
			lb.ValueBuilder().(*array.BooleanBuilder).AppendValues([]bool{true, false}, nil)
			lb.AppendNull()
			lb.Append(true) // empty list
		}, types.BoolList, []types.Value{types.BoolListValue([]bool{true, false}), types.Null(), types.BoolListValue(nil)}},
		{"list<int32>", arrow.ListOf(arrow.PrimitiveTypes.Int32), func(b array.Builder) {
			lb := b.(*array.ListBuilder)
			lb.Append(true)
			lb.ValueBuilder().(*array.Int32Builder).AppendValues([]int32{1, -2}, nil)
		}, types.Int32List, []types.Value{types.Int32ListValue([]int32{1, -2})}},
		{"list<int64>", arrow.ListOf(arrow.PrimitiveTypes.Int64), func(b array.Builder) {
			lb := b.(*array.ListBuilder)
			lb.Append(true)
			lb.ValueBuilder().(*array.Int64Builder).AppendValues([]int64{1 << 40}, nil)
		}, types.Int64List, []types.Value{types.Int64ListValue([]int64{1 << 40})}},
		{"list<float32>", arrow.ListOf(arrow.PrimitiveTypes.Float32), func(b array.Builder) {
			lb := b.(*array.ListBuilder)
			lb.Append(true)
			lb.ValueBuilder().(*array.Float32Builder).AppendValues([]float32{0.5, 1.5, -2}, nil)
		}, types.Float32List, []types.Value{types.Float32ListValue([]float32{0.5, 1.5, -2})}},
		{"large list<float64>", arrow.LargeListOf(arrow.PrimitiveTypes.Float64), func(b array.Builder) {
			lb := b.(*array.LargeListBuilder)
			lb.Append(true)
			lb.ValueBuilder().(*array.Float64Builder).AppendValues([]float64{3.25}, nil)
		}, types.Float64List, []types.Value{types.Float64ListValue([]float64{3.25})}},
		{"list<string>", arrow.ListOf(arrow.BinaryTypes.String), func(b array.Builder) {
			lb := b.(*array.ListBuilder)
			lb.Append(true)
			lb.ValueBuilder().(*array.StringBuilder).AppendValues([]string{"a", ""}, nil)
		}, types.StringList, []types.Value{types.StringListValue([]string{"a", ""})}},
		{"list<bytes>", arrow.ListOf(arrow.BinaryTypes.Binary), func(b array.Builder) {
			lb := b.(*array.ListBuilder)
			lb.Append(true)
			lb.ValueBuilder().(*array.BinaryBuilder).AppendValues([][]byte{{1}, {}}, nil)
		}, types.BytesList, []types.Value{types.BytesListValue([][]byte{{1}, {}})}},
		{"list<timestamp>", arrow.ListOf(&arrow.TimestampType{Unit: arrow.Millisecond, TimeZone: "UTC"}), func(b array.Builder) {
			lb := b.(*array.ListBuilder)
			lb.Append(true)
			lb.ValueBuilder().(*array.TimestampBuilder).Append(arrow.Timestamp(ts.UnixMilli()))
		}, types.TimestampList, []types.Value{types.TimestampListValue([]int64{ts.Truncate(time.Millisecond).UnixMicro()})}},
		{"fixed size list<float32>", arrow.FixedSizeListOf(2, arrow.PrimitiveTypes.Float32), func(b array.Builder) {
			lb := b.(*array.FixedSizeListBuilder)
			lb.Append(true)
			lb.ValueBuilder().(*array.Float32Builder).AppendValues([]float32{1, 2}, nil)
		}, types.Float32List, []types.Value{types.Float32ListValue([]float32{1, 2})}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			arr := build(t, tt.dt, tt.fill)
			get, err := columnGetter(arr, tt.typ)
			if err != nil {
				t.Fatal(err)
			}
			if arr.Len() != len(tt.want) {
				t.Fatalf("built %d rows, want %d", arr.Len(), len(tt.want))
			}
			for i, want := range tt.want {
				got, err := get(i)
				if err != nil {
					t.Fatalf("row %d: %v", i, err)
				}
				if !got.Equal(want) {
					t.Errorf("row %d: got %s (%s), want %s (%s)", i, got, got.Type(), want, want.Type())
				}
			}
		})
	}
}

func TestColumnGetterRejects(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		dt   arrow.DataType
		fill func(b array.Builder)
		typ  types.ValueType
	}{
		{"string as int64", arrow.BinaryTypes.String, func(b array.Builder) { b.(*array.StringBuilder).Append("x") }, types.Int64},
		{"float64 as float32", arrow.PrimitiveTypes.Float64, func(b array.Builder) { b.(*array.Float64Builder).Append(1) }, types.Float32},
		{"scalar as list", arrow.PrimitiveTypes.Int64, func(b array.Builder) { b.(*array.Int64Builder).Append(1) }, types.Int64List},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if _, err := columnGetter(build(t, tt.dt, tt.fill), tt.typ); err == nil {
				t.Errorf("no error reading %s as %s", tt.dt, tt.typ)
			}
		})
	}
	t.Run("int64 out of int32 range", func(t *testing.T) {
		arr := build(t, arrow.PrimitiveTypes.Int64, func(b array.Builder) { b.(*array.Int64Builder).Append(1 << 40) })
		get, err := columnGetter(arr, types.Int32)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := get(0); err == nil {
			t.Error("no error for 2^40 as int32")
		}
	})
	t.Run("null list element", func(t *testing.T) {
		arr := build(t, arrow.ListOf(arrow.PrimitiveTypes.Int64), func(b array.Builder) {
			lb := b.(*array.ListBuilder)
			lb.Append(true)
			lb.ValueBuilder().AppendNull()
		})
		get, err := columnGetter(arr, types.Int64List)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := get(0); err == nil {
			t.Error("no error for a null list element")
		}
	})
}
