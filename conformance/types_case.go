package conformance

import (
	"math"
	"time"

	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/types"
)

// typeCases check that every value type round-trips exactly.
func typeCases() []testCase {
	return []testCase{
		{name: "OnlineStore/Read/should return exact values for every type", run: checkEveryType},
	}
}

// sampleValue returns a non-trivial value of t: extremes, unicode, zero
// bytes, negative and fractional timestamps.
func sampleValue(t types.ValueType) types.Value {
	moon := time.Date(1969, 7, 20, 20, 17, 40, 654321000, time.UTC)
	switch t {
	case types.Bool:
		return types.BoolValue(true)
	case types.Int32:
		return types.Int32Value(math.MinInt32)
	case types.Int64:
		return types.Int64Value(math.MaxInt64)
	case types.Float32:
		return types.Float32Value(-3.4028235e38)
	case types.Float64:
		return types.Float64Value(0.1)
	case types.String:
		return types.StringValue("héllo, 世界 \"quoted\"\n")
	case types.Bytes:
		return types.BytesValue([]byte{0, 1, 0xfe, 0xff, 0})
	case types.Timestamp:
		return types.TimestampValue(moon)
	case types.BoolList:
		return types.BoolListValue([]bool{true, false, true})
	case types.Int32List:
		return types.Int32ListValue([]int32{math.MaxInt32, 0, -7})
	case types.Int64List:
		return types.Int64ListValue([]int64{math.MinInt64, 1, 1 << 53})
	case types.Float32List:
		return types.Float32ListValue([]float32{1.5, float32(math.Inf(-1)), math.SmallestNonzeroFloat32})
	case types.Float64List:
		return types.Float64ListValue([]float64{math.MaxFloat64, math.Inf(1), -1e-300})
	case types.StringList:
		return types.StringListValue([]string{"", "a,b", "ünï"})
	case types.BytesList:
		return types.BytesListValue([][]byte{{}, {0}, []byte("xyz")})
	case types.TimestampList:
		return types.TimestampListValue([]int64{types.ToMicros(moon), types.ToMicros(baseTime)})
	}
	return types.Null()
}

// emptyValue returns the empty value of t: an empty list, string or bytes;
// the zero of other scalars.
func emptyValue(t types.ValueType) types.Value {
	switch t {
	case types.Bool:
		return types.BoolValue(false)
	case types.Int32:
		return types.Int32Value(0)
	case types.Int64:
		return types.Int64Value(0)
	case types.Float32:
		return types.Float32Value(0)
	case types.Float64:
		return types.Float64Value(0)
	case types.String:
		return types.StringValue("")
	case types.Bytes:
		return types.BytesValue([]byte{})
	case types.Timestamp:
		return types.TimestampMicrosValue(1)
	case types.BoolList:
		return types.BoolListValue(nil)
	case types.Int32List:
		return types.Int32ListValue(nil)
	case types.Int64List:
		return types.Int64ListValue(nil)
	case types.Float32List:
		return types.Float32ListValue(nil)
	case types.Float64List:
		return types.Float64ListValue(nil)
	case types.StringList:
		return types.StringListValue(nil)
	case types.BytesList:
		return types.BytesListValue(nil)
	}
	return types.TimestampListValue(nil)
}

// checkEveryType writes three rows over one feature per type — samples,
// nulls, empties — and expects them back exactly.
func checkEveryType(e *env) {
	var fields []types.Field
	var names []string
	samples, nulls, empties := []types.Value{}, []types.Value{}, []types.Value{}
	for _, t := range types.AllValueTypes {
		name := "f_" + typeSlug(t)
		fields = append(fields, field(name, t))
		names = append(names, name)
		samples = append(samples, sampleValue(t))
		nulls = append(nulls, types.Null())
		empties = append(empties, emptyValue(t))
	}
	e.apply(viewSpec("every_type", fields...))
	keys := []types.EntityKey{driverKey(1), driverKey(2), driverKey(3)}
	rows := []onlinestore.WriteRow{
		wrow(keys[0], at(1), at(2), samples...),
		wrow(keys[1], at(3), at(4), nulls...),
		wrow(keys[2], at(-3600), time.Time{}, empties...),
	}
	e.write("every_type", names, rows...)
	got := e.read("every_type", names, keys...)
	e.expectRows("every_type", names, keys, got, []onlinestore.ReadRow{found(rows[0]), found(rows[1]), found(rows[2])})
}

// typeSlug turns a type name into a field-name fragment: list<int64> -> int64_list.
func typeSlug(t types.ValueType) string {
	if t.IsList() {
		return t.Elem().String() + "_list"
	}
	return t.String()
}
