package arrowipc

import (
	"errors"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/ipc"
)

// FuzzReader feeds arbitrary bytes to the reader: it never panics, every
// error wraps ErrTooLarge or ErrInvalid, every record it yields passed
// validation, and what it allocates stays proportional to the input
// (plus a fixed allowance), never to what the input declares.
func FuzzReader(f *testing.F) {
	rec := sampleRecord(f, 20)
	defer rec.Release()
	f.Add(streamOf(f, nil, rec))
	f.Add(streamOf(f, []ipc.Option{ipc.WithZstd()}, rec))
	f.Add(streamOf(f, []ipc.Option{ipc.WithLZ4()}, rec))
	f.Add(framedMessage(1, 1<<40))
	f.Add(framedMessage(3, 9<<20))
	f.Add([]byte{0xff, 0xff, 0xff, 0xff, 0, 0, 0x10, 0})
	const limit = 1 << 20
	f.Fuzz(func(t *testing.T, data []byte) {
		var rows int64
		var err error
		got := allocated(func() { rows, err = readAll(data, Limits{MaxBytes: limit}) })
		if err != nil && !errors.Is(err, ErrTooLarge) && !errors.Is(err, ErrInvalid) {
			t.Fatalf("error of no kind: %v", err)
		}
		if rows > 8*limit {
			t.Fatalf("yielded %d rows from %d bytes", rows, len(data))
		}
		if bound := uint64(4<<20 + 64*len(data)); got > bound {
			t.Fatalf("allocated %d bytes for %d input bytes (bound %d)", got, len(data), bound)
		}
	})
}
