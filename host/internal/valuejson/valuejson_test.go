package valuejson

import (
	"encoding/json"
	"math"
	"testing"

	"github.com/quiverfs/quiver/sdk/types"
)

// TestEncodeWritesFloatsAsFloats: a float or double, alone or in a list,
// is written with a decimal point or an exponent, so a JSON reader (such
// as Feast's client, which infers INT64 from 1) reads a float; the digits
// are the shortest that read back as the same value.
func TestEncodeWritesFloatsAsFloats(t *testing.T) {
	for _, tt := range []struct {
		v    types.Value
		want string
	}{
		{types.Float64Value(1), "1.0"},
		{types.Float64Value(-0.0), "0.0"},
		{types.Float64Value(math.Copysign(0, -1)), "-0.0"},
		{types.Float64Value(0.1), "0.1"},
		{types.Float64Value(1e21), "1e+21"},
		{types.Float64Value(1e-7), "1e-7"},
		{types.Float64Value(123456789), "123456789.0"},
		{types.Float32Value(1), "1.0"},
		{types.Float32Value(0.302), "0.302"},
		{types.Float32Value(3e-8), "3e-8"},
		{types.Float64Value(math.NaN()), `"NaN"`},
		{types.Float32Value(float32(math.Inf(-1))), `"-Infinity"`},
		{types.Float64ListValue([]float64{1, 0.5, 0}), "[1.0,0.5,0.0]"},
		{types.Float32ListValue([]float32{2, 0.25}), "[2.0,0.25]"},
		{types.Int64Value(1), "1"},
		{types.Int64ListValue([]int64{1, 2}), "[1,2]"},
	} {
		b, err := json.Marshal(Encode(tt.v))
		if err != nil {
			t.Fatal(err)
		}
		if string(b) != tt.want {
			t.Errorf("Encode(%v) = %s, want %s", tt.v, b, tt.want)
		}
	}
}
