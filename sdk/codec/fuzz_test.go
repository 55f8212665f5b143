package codec

import (
	"bytes"
	"testing"

	"github.com/quiverfs/quiver/sdk/types"
)

// FuzzDecode checks that the decoders never panic and accept only
// canonical input: whatever decodes re-encodes to the same bytes.
func FuzzDecode(f *testing.F) {
	var fields []NamedValue
	for name, v := range sampleValues() {
		fields = append(fields, NamedValue{Name: name, Value: v})
		f.Add(EncodeNamedValues([]NamedValue{{Name: name, Value: v}}))
		f.Add(EncodeEntityKey(types.EntityKey{{JoinKey: name, Value: v}}))
	}
	f.Add(EncodeNamedValues(fields))
	f.Fuzz(func(t *testing.T, b []byte) {
		if row, err := DecodeNamedValues(b); err == nil {
			if again := EncodeNamedValues(row); !bytes.Equal(again, b) {
				t.Errorf("row %x re-encodes to %x", b, again)
			}
			checkEqualAfterRoundTrip(t, row)
		}
		if k, err := DecodeEntityKey(b); err == nil {
			if again := EncodeEntityKey(k); !bytes.Equal(again, b) {
				t.Errorf("key %x re-encodes to %x", b, again)
			}
		}
		if v, n, err := DecodeValue(b); err == nil {
			if again := AppendValue(nil, v); !bytes.Equal(again, b[:n]) {
				t.Errorf("value %x re-encodes to %x", b[:n], again)
			}
		}
	})
}

// checkEqualAfterRoundTrip encodes and decodes row and compares with Equal.
func checkEqualAfterRoundTrip(t *testing.T, row []NamedValue) {
	got, err := DecodeNamedValues(EncodeNamedValues(row))
	if err != nil {
		t.Fatalf("decoding an encoded row: %v", err)
	}
	for i := range row {
		if got[i].Name != row[i].Name || !got[i].Value.Equal(row[i].Value) {
			t.Errorf("field %d: %s=%s became %s=%s", i, row[i].Name, row[i].Value, got[i].Name, got[i].Value)
		}
	}
}
