package feastfmt_test

import (
	"bytes"
	"encoding/hex"
	"testing"
	"time"

	"github.com/quiverfs/quiver/plugins/redis/feastfmt"
	"github.com/quiverfs/quiver/sdk/types"
)

// FuzzDecode feeds arbitrary bytes, as a Redis hash field written by Feast
// or anything else could hold, to the value and timestamp decoders: they
// never panic, and what they accept re-encodes to bytes that decode to
// the same encoding again.
func FuzzDecode(f *testing.F) {
	for _, h := range []string{"72040a020102", "820100", "18ffffffffffffffffff01", "1200", "", "290000000000000080", "40c0ed8bbe06",
		"08c0ed8bbe061001", "3a03616263", "72ffffffff0f", "4a0a08011080ade204"} {
		b, _ := hex.DecodeString(h)
		f.Add(b)
	}
	for _, v := range []types.Value{types.StringListValue([]string{"a", ""}), types.BoolValue(true),
		types.TimestampValue(time.Date(1950, 1, 1, 0, 0, 0, 123000, time.UTC))} {
		f.Add(feastfmt.AppendValue(nil, v))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if v, err := feastfmt.DecodeValue(b); err == nil {
			once := feastfmt.AppendValue(nil, v)
			again, err := feastfmt.DecodeValue(once)
			if err != nil {
				t.Fatalf("%x decoded to %s, whose encoding %x does not decode: %v", b, v, once, err)
			}
			if twice := feastfmt.AppendValue(nil, again); !bytes.Equal(once, twice) {
				t.Fatalf("%x: encoding is not stable: %x then %x", b, once, twice)
			}
		}
		if ts, err := feastfmt.DecodeTimestamp(b); err == nil {
			if ts.Location() != time.UTC || ts.Nanosecond()%1000 != 0 {
				t.Fatalf("%x decoded to %v: not UTC microseconds", b, ts)
			}
			back, err := feastfmt.DecodeTimestamp(feastfmt.AppendTimestamp(nil, ts))
			if err != nil || !back.Equal(ts) {
				t.Fatalf("%x: timestamp %v re-encodes to %v (%v)", b, ts, back, err)
			}
		}
	})
}
