package codec

import (
	"bytes"
	"errors"
	"runtime"
	"testing"

	"github.com/quiverfs/quiver/sdk/types"
)

// FuzzDecode checks that the decoders never panic, fail only with
// ErrMalformed, allocate at most 64 bytes per input byte (plus 4 KiB), and
// accept only canonical input: whatever decodes re-encodes to the same bytes.
func FuzzDecode(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		var row []NamedValue
		var err error
		checkAllocs(t, "DecodeNamedValues", b, func() { row, err = DecodeNamedValues(b) })
		if checkErr(t, "DecodeNamedValues", err) {
			if again := EncodeNamedValues(row); !bytes.Equal(again, b) {
				t.Errorf("row %x re-encodes to %x", b, again)
			}
			checkEqualAfterRoundTrip(t, row)
		}
		checkInterned(t, b, row, err)
		var k types.EntityKey
		checkAllocs(t, "DecodeEntityKey", b, func() { k, err = DecodeEntityKey(b) })
		if checkErr(t, "DecodeEntityKey", err) {
			if again := EncodeEntityKey(k); !bytes.Equal(again, b) {
				t.Errorf("key %x re-encodes to %x", b, again)
			}
		}
		var v types.Value
		var n int
		checkAllocs(t, "DecodeValue", b, func() { v, n, err = DecodeValue(b) })
		if checkErr(t, "DecodeValue", err) {
			if again := AppendValue(nil, v); !bytes.Equal(again, b[:n]) {
				t.Errorf("value %x re-encodes to %x", b[:n], again)
			}
		}
	})
}

// checkErr reports whether err is nil, failing unless it wraps ErrMalformed.
func checkErr(t *testing.T, what string, err error) bool {
	t.Helper()
	if err != nil && !errors.Is(err, ErrMalformed) {
		t.Fatalf("%s: error %v does not wrap ErrMalformed", what, err)
	}
	return err == nil
}

// checkInterned checks that decoding through a Names table gives what
// decoding without one gave.
func checkInterned(t *testing.T, b []byte, row []NamedValue, err error) {
	t.Helper()
	names := Names{"a": "a"}
	got, gotErr := DecodeNamedValuesWith(b, names)
	if (gotErr == nil) != (err == nil) {
		t.Fatalf("with names: error %v, without: %v", gotErr, err)
	}
	for i := range got {
		if got[i].Name != row[i].Name || !got[i].Value.Equal(row[i].Value) {
			t.Errorf("field %d: %s=%s with names, %s=%s without", i, got[i].Name, got[i].Value, row[i].Name, row[i].Value)
		}
	}
}

// checkAllocs fails if decode allocates more than 64 bytes per byte of b,
// plus 4 KiB: a declared length must not allocate before its bytes are
// there. The fuzzing engine allocates too, now and then, so a call over the
// limit is measured twice more and the least of the three counts.
func checkAllocs(t *testing.T, what string, b []byte, decode func()) {
	t.Helper()
	limit := 64*uint64(len(b)) + 4096
	got := allocated(decode)
	for i := 0; i < 2 && got > limit; i++ {
		got = min(got, allocated(decode))
	}
	if got > limit {
		t.Fatalf("%s of %d bytes allocated %d bytes, over the limit of %d", what, len(b), got, limit)
	}
}

// allocated returns the bytes allocated while f runs.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
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
