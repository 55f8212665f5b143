package convert

import (
	"testing"

	"github.com/quiverfs/quiver/sdk/types"
)

func TestValueColumnRoundTrip(t *testing.T) {
	t.Parallel()
	tests := map[string][]types.Value{
		"uniform with nulls": {types.Float32Value(1), types.Null(), types.Float32Value(-2)},
		"all null":           {types.Null(), types.Null()},
		"mixed types":        {types.Int32Value(1), types.Int64Value(2), types.Null()},
		"lists":              {types.Int64ListValue([]int64{1}), types.Int64ListValue(nil), types.Null()},
		"timestamps":         {types.TimestampMicrosValue(1), types.TimestampMicrosValue(-5)},
		"bytes":              {types.BytesValue([]byte{}), types.BytesValue([]byte{1})},
		"empty":              {},
	}
	for name, vals := range tests {
		t.Run(name, func(t *testing.T) {
			col := ValueColumnToProto(len(vals), func(i int) types.Value { return vals[i] })
			got := make([]types.Value, len(vals))
			if err := ValueColumnFromProto(col, len(vals), func(i int, v types.Value) { got[i] = v }); err != nil {
				t.Fatal(err)
			}
			for i := range vals {
				if !got[i].Equal(vals[i]) {
					t.Errorf("row %d: got %v (%v), want %v (%v)", i, got[i], got[i].Type(), vals[i], vals[i].Type())
				}
			}
		})
	}
}

func TestValueColumnFromProtoRejectsWrongLengths(t *testing.T) {
	t.Parallel()
	col := ValueColumnToProto(2, func(int) types.Value { return types.Int64Value(1) })
	if err := ValueColumnFromProto(col, 3, func(int, types.Value) {}); err == nil {
		t.Fatal("a 2-row column read as 3 rows gave no error")
	}
}
