package codec

import (
	"bytes"
	"errors"
	"sort"
	"testing"
	"time"

	"github.com/quiverfs/quiver/sdk/types"
)

func key(parts ...types.KeyPart) types.EntityKey { return types.EntityKey(parts) }

func TestEqualKeysGiveEqualBytes(t *testing.T) {
	t.Parallel()
	ts := time.Date(2024, 5, 1, 12, 0, 0, 123456789, time.UTC)
	paris := ts.In(time.FixedZone("CEST", 2*3600))
	tests := []struct {
		name string
		a, b types.Value
	}{
		{"timestamp in any zone", types.TimestampValue(ts), types.TimestampValue(paris)},
		{"timestamp from micros", types.TimestampValue(ts), types.TimestampMicrosValue(ts.UnixMicro())},
		{"nil and empty bytes", types.BytesValue(nil), types.BytesValue([]byte{})},
		{"nil and empty list", types.StringListValue(nil), types.StringListValue([]string{})},
		{"zero value and null", types.Value{}, types.Null()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ka := EncodeEntityKey(key(types.KeyPart{JoinKey: "k", Value: tt.a}))
			kb := EncodeEntityKey(key(types.KeyPart{JoinKey: "k", Value: tt.b}))
			if !bytes.Equal(ka, kb) {
				t.Errorf("%x != %x", ka, kb)
			}
		})
	}
}

func TestDifferentKeysGiveDifferentBytes(t *testing.T) {
	t.Parallel()
	keys := []types.EntityKey{
		key(types.KeyPart{JoinKey: "k", Value: types.Int64Value(1)}),
		key(types.KeyPart{JoinKey: "k", Value: types.Int32Value(1)}),
		key(types.KeyPart{JoinKey: "k", Value: types.TimestampMicrosValue(1)}),
		key(types.KeyPart{JoinKey: "j", Value: types.Int64Value(1)}),
		key(types.KeyPart{JoinKey: "k", Value: types.StringValue("1")}),
		key(types.KeyPart{JoinKey: "k", Value: types.StringValue("")}, types.KeyPart{JoinKey: "k", Value: types.StringValue("")}),
		key(),
	}
	seen := map[string]int{}
	for i, k := range keys {
		b := string(EncodeEntityKey(k))
		if j, dup := seen[b]; dup {
			t.Errorf("keys %s and %s encode alike", keys[j], k)
		}
		seen[b] = i
	}
}

func TestIntegerKeysSortByValue(t *testing.T) {
	t.Parallel()
	ids := []int64{-1 << 62, -3, -1, 0, 2, 1 << 40}
	enc := make([]string, len(ids))
	for i, id := range ids {
		enc[i] = string(EncodeEntityKey(key(types.KeyPart{JoinKey: "id", Value: types.Int64Value(id)})))
	}
	if !sort.StringsAreSorted(enc) {
		t.Error("encoded int64 keys do not sort by value")
	}
}

func TestDecodeRejectsMalformedInput(t *testing.T) {
	t.Parallel()
	good := EncodeNamedValues([]NamedValue{{Name: "a", Value: types.StringValue("xy")}})
	tests := map[string][]byte{
		"empty":              {},
		"wrong version":      {2, 0},
		"truncated":          good[:len(good)-1],
		"trailing byte":      append(append([]byte{}, good...), 0),
		"unknown type":       {1, 1, 1, 'a', 9},
		"bool byte 2":        {1, 1, 1, 'a', byte(types.Bool), 2},
		"non-minimal varint": {1, 0x80, 0x00},
		"huge count":         {1, 0xff, 0xff, 0xff, 0xff, 0x0f},
		"huge list":          {1, 1, 1, 'a', byte(types.Int64List), 0x7f},
	}
	for name, b := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if _, err := DecodeNamedValues(b); !errors.Is(err, ErrMalformed) {
				t.Errorf("DecodeNamedValues(%x) error = %v, want ErrMalformed", b, err)
			}
		})
	}
}
