package codec

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
)

// ErrMalformed is wrapped by every decoding error.
var ErrMalformed = errors.New("codec: malformed input")

// decoder reads b from off; the first problem is kept in err and later
// reads return zero values.
type decoder struct {
	b     []byte
	off   int
	err   error
	names Names // optional interning of field names
}

func (d *decoder) fail(format string, args ...any) {
	if d.err == nil {
		d.err = fmt.Errorf("%w: at byte %d: %s", ErrMalformed, d.off, fmt.Sprintf(format, args...))
	}
}

// take returns the next n bytes, or nil after a failure.
func (d *decoder) take(n int) []byte {
	if d.err != nil {
		return nil
	}
	if n < 0 || n > len(d.b)-d.off {
		d.fail("need %d bytes, have %d", n, len(d.b)-d.off)
		return nil
	}
	p := d.b[d.off : d.off+n]
	d.off += n
	return p
}

func (d *decoder) header() {
	if p := d.take(1); p != nil && p[0] != formatVersion {
		d.off--
		d.fail("format version %d, want %d", p[0], formatVersion)
	}
}

// finish reports the first problem, or trailing bytes.
func (d *decoder) finish() error {
	if d.err == nil && d.off != len(d.b) {
		d.fail("%d trailing bytes", len(d.b)-d.off)
	}
	return d.err
}

// uvarint reads a minimally encoded unsigned varint.
func (d *decoder) uvarint() uint64 {
	if d.err != nil {
		return 0
	}
	n, size := binary.Uvarint(d.b[d.off:])
	if size <= 0 {
		d.fail("bad varint")
		return 0
	}
	if size != len(binary.AppendUvarint(nil, n)) {
		d.fail("non-minimal varint")
		return 0
	}
	d.off += size
	return n
}

// count reads an element count and checks that the remaining input can hold
// that many elements of at least minSize bytes each.
func (d *decoder) count(minSize int) int {
	n := d.uvarint()
	if d.err == nil && n > uint64((len(d.b)-d.off)/minSize) {
		d.fail("count %d exceeds the remaining %d bytes", n, len(d.b)-d.off)
		return 0
	}
	return int(n)
}

func (d *decoder) bytes() []byte {
	n := d.uvarint()
	if d.err == nil && n > uint64(len(d.b)-d.off) {
		d.fail("length %d exceeds the remaining %d bytes", n, len(d.b)-d.off)
		return nil
	}
	p := d.take(int(n))
	if p == nil {
		return nil
	}
	return append(make([]byte, 0, len(p)), p...)
}

func (d *decoder) str() string {
	n := d.uvarint()
	if d.err == nil && n > uint64(len(d.b)-d.off) {
		d.fail("length %d exceeds the remaining %d bytes", n, len(d.b)-d.off)
		return ""
	}
	return string(d.take(int(n)))
}

// name reads a string through the decoder's name interning, if any.
func (d *decoder) name() string {
	if d.names == nil {
		return d.str()
	}
	n := d.uvarint()
	if d.err == nil && n > uint64(len(d.b)-d.off) {
		d.fail("length %d exceeds the remaining %d bytes", n, len(d.b)-d.off)
		return ""
	}
	raw := d.take(int(n))
	if s, ok := d.names[string(raw)]; ok {
		return s
	}
	s := string(raw)
	d.names[s] = s
	return s
}

func (d *decoder) bool() bool {
	p := d.take(1)
	if p != nil && p[0] > 1 {
		d.off--
		d.fail("bool byte %d", p[0])
	}
	return p != nil && p[0] == 1
}

func (d *decoder) uint32() uint32 {
	if p := d.take(4); p != nil {
		return binary.BigEndian.Uint32(p)
	}
	return 0
}

func (d *decoder) uint64() uint64 {
	if p := d.take(8); p != nil {
		return binary.BigEndian.Uint64(p)
	}
	return 0
}

func (d *decoder) int32() int32     { return int32(d.uint32() ^ signBit32) }
func (d *decoder) int64() int64     { return int64(d.uint64() ^ signBit64) }
func (d *decoder) float32() float32 { return math.Float32frombits(d.uint32()) }
func (d *decoder) float64() float64 { return math.Float64frombits(d.uint64()) }
