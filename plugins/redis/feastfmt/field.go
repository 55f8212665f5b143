package feastfmt

import (
	"encoding/binary"
	"fmt"
	"math"
	"time"

	"github.com/spaolacci/murmur3"
	"google.golang.org/protobuf/encoding/protowire"
)

// FeatureField returns the hash field of a feature: the 4-byte little-endian
// murmur3-32 (seed 0) of "view:feature", as Feast names it.
func FeatureField(view, feature string) string {
	var b [4]byte
	binary.LittleEndian.PutUint32(b[:], murmur3.Sum32([]byte(view+":"+feature)))
	return string(b[:])
}

// EventField returns the hash field holding a view's event timestamp: "_ts:view".
func EventField(view string) string { return "_ts:" + view }

// CreatedField returns the hash field holding a view's created timestamp,
// "_cts:view". It is Quiver's own; Feast neither writes nor reads it.
func CreatedField(view string) string { return "_cts:" + view }

// AppendTimestamp appends t as a google.protobuf.Timestamp message (seconds,
// nanos; zero fields omitted, as protobuf does), at microsecond precision.
func AppendTimestamp(dst []byte, t time.Time) []byte {
	sec, nanos := t.Unix(), int64(t.Nanosecond()/1000*1000)
	if sec != 0 {
		dst = protowire.AppendTag(dst, 1, protowire.VarintType)
		dst = protowire.AppendVarint(dst, uint64(sec))
	}
	if nanos != 0 {
		dst = protowire.AppendTag(dst, 2, protowire.VarintType)
		dst = protowire.AppendVarint(dst, uint64(nanos))
	}
	return dst
}

// maxSeconds bounds timestamps so that their microseconds fit an int64.
const maxSeconds = math.MaxInt64/1_000_000 - 1

// DecodeTimestamp decodes a google.protobuf.Timestamp message, truncated to
// microseconds, in UTC.
func DecodeTimestamp(b []byte) (time.Time, error) {
	var sec, nanos int64
	for len(b) > 0 {
		num, typ, n := protowire.ConsumeTag(b)
		if n < 0 {
			return time.Time{}, fmt.Errorf("timestamp: %w", protowire.ParseError(n))
		}
		b = b[n:]
		if typ != protowire.VarintType {
			if n = protowire.ConsumeFieldValue(num, typ, b); n < 0 {
				return time.Time{}, fmt.Errorf("timestamp: %w", protowire.ParseError(n))
			}
			b = b[n:]
			continue
		}
		v, n := protowire.ConsumeVarint(b)
		if n < 0 {
			return time.Time{}, fmt.Errorf("timestamp: %w", protowire.ParseError(n))
		}
		b = b[n:]
		switch num {
		case 1:
			sec = int64(v)
		case 2:
			nanos = int64(int32(v))
		}
	}
	if nanos < 0 || nanos >= 1e9 || sec > maxSeconds || sec < -maxSeconds {
		return time.Time{}, fmt.Errorf("timestamp out of range: %d s, %d ns", sec, nanos)
	}
	return time.Unix(sec, nanos/1000*1000).UTC(), nil
}
