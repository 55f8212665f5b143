package cassandrastore

import (
	"math"
	"testing"
	"time"

	"github.com/quiverfs/quiver/sdk/types"
)

// TestValuesRoundTrip encodes every type (empty and null included) as the
// driver would send it and decodes it back.
func TestValuesRoundTrip(t *testing.T) {
	vals := []types.Value{
		types.BoolValue(true), types.BoolValue(false), types.Int32Value(math.MinInt32), types.Int64Value(math.MaxInt64),
		types.Float32Value(float32(math.Inf(-1))), types.Float64Value(math.NaN()), types.StringValue(""), types.StringValue("héllo"),
		types.BytesValue([]byte{}), types.BytesValue([]byte{0, 255}), types.TimestampValue(time.Date(1, 1, 1, 0, 0, 0, 1000, time.UTC)),
		types.BoolListValue([]bool{true, false}), types.Int32ListValue([]int32{}), types.Int64ListValue([]int64{-1, 1}),
		types.Float32ListValue([]float32{1.5}), types.Float64ListValue([]float64{}), types.StringListValue([]string{"", "x"}),
		types.BytesListValue([][]byte{{}, {1}}), types.TimestampListValue([]int64{-5, 5}),
	}
	for _, v := range vals {
		b, err := cqlArg{v: v}.MarshalCQL(nil)
		if err != nil {
			t.Fatalf("%s: %v", v, err)
		}
		if b == nil {
			t.Fatalf("%s encodes as null", v)
		}
		got, err := decodeValue(v.Type(), false, b)
		if err != nil || !got.Equal(v) {
			t.Errorf("%s (%s): decoded %s, %v", v, v.Type(), got, err)
		}
	}
	vec := types.Float32ListValue([]float32{1, -2, 3.5})
	b, err := cqlArg{v: vec, vector: true}.MarshalCQL(nil)
	if err != nil || len(b) != 12 {
		t.Fatalf("vector: %d bytes, %v", len(b), err)
	}
	if got, err := decodeValue(types.Float32List, true, b); err != nil || !got.Equal(vec) {
		t.Errorf("vector decoded %s, %v", got, err)
	}
	if b, _ := (cqlArg{v: types.Null()}).MarshalCQL(nil); b != nil {
		t.Errorf("null encodes as %v, want nil", b)
	}
	if got, err := decodeValue(types.String, false, nil); err != nil || !got.IsNull() {
		t.Errorf("nil decodes as %s, %v", got, err)
	}
	if _, err := (cqlArg{v: types.StringValue("\xff")}).MarshalCQL(nil); err == nil {
		t.Error("invalid UTF-8 was encoded")
	}
}

func TestDecodeRefusesMalformedBytes(t *testing.T) {
	for _, tc := range []struct {
		t    types.ValueType
		vec  bool
		data []byte
	}{
		{types.Int32, false, []byte{1, 2}}, {types.Int64, false, []byte{1}}, {types.Bool, false, []byte{}},
		{types.Int64List, false, []byte{0, 0, 0, 2, 0, 0, 0, 8}}, {types.Int64List, false, []byte{0xff, 0xff, 0xff, 0xff}},
		{types.StringList, false, []byte{0, 0, 0, 1, 0xff, 0xff, 0xff, 0xfe}}, {types.Float32List, true, []byte{1, 2, 3}},
		{types.Int32List, false, []byte{0, 0, 0, 0, 9}},
	} {
		if v, err := decodeValue(tc.t, tc.vec, tc.data); err == nil {
			t.Errorf("%s % x: decoded %s, want an error", tc.t, tc.data, v)
		}
	}
}

func FuzzDecodeValue(f *testing.F) {
	f.Add(int(types.Int64List), false, []byte{0, 0, 0, 1, 0, 0, 0, 8, 1, 2, 3, 4, 5, 6, 7, 8})
	f.Add(int(types.String), false, []byte("x"))
	f.Add(int(types.Float32List), true, []byte{0, 0, 0, 0})
	f.Fuzz(func(t *testing.T, typ int, vector bool, data []byte) {
		vt := types.ValueType(typ)
		if !vt.Valid() {
			return
		}
		v, err := decodeValue(vt, vector, data)
		if err != nil {
			return
		}
		if !v.IsNull() && v.Type() != vt {
			t.Fatalf("decoded a %s as %s", vt, v.Type())
		}
	})
}

func FuzzParseSettings(f *testing.F) {
	f.Add([]byte(`{"hosts": ["127.0.0.1:9042"], "keyspace": "k", "password": "p", "username": "u"}`))
	f.Add([]byte(`{"replication": {"class": "NetworkTopologyStrategy", "dc1": 3}}`))
	f.Fuzz(func(t *testing.T, raw []byte) {
		s, err := ParseSettings(raw)
		if err != nil {
			return
		}
		if !identifierRE.MatchString(s.Keyspace) || s.ReadConcurrency < 1 || s.NumConns < 1 || s.Port < 1 {
			t.Fatalf("accepted %+v", s)
		}
		_ = s.replicationCQL()
	})
}

func FuzzParseComment(f *testing.F) {
	f.Add(`{"quiver_online_store":1,"project":"p","view":"v","features":[{"name":"e","type":"list<float32>","dimension":3,"metric":"cosine","index":"SAI"}]}`)
	f.Fuzz(func(t *testing.T, s string) {
		tc, ok := parseComment(s)
		if !ok {
			return
		}
		c := &conn{settings: Settings{Keyspace: "k"}}
		_, _ = c.infoOf("t", tc)
	})
}
