package httpapi

import (
	"encoding/base64"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/quiverfs/quiver/host/internal/onlineread"
	"github.com/quiverfs/quiver/host/internal/valuejson"
	"github.com/quiverfs/quiver/sdk/types"
)

// zeroTime is how Feast writes an unknown event timestamp.
const zeroTime = "1970-01-01T00:00:00Z"

// appendResponse appends the Feast JSON of an online read:
// {"metadata":{"feature_names":[...]},"results":[{"values":[...],
// "statuses":[...],"event_timestamps":[...]},...]}.
func appendResponse(b []byte, resp *onlineread.Response, viewMetadata bool) []byte {
	times := timeCache{}
	b = append(b, `{"metadata":{"feature_names":[`...)
	for i, n := range resp.FeatureNames {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, n)
	}
	b = append(b, ']')
	if viewMetadata {
		// Feast's feature_view_metadata: name and version, the version
		// left out when 0, as Feast does (Quiver's views have none).
		b = append(b, `,"feature_view_metadata":[`...)
		for i, v := range resp.Views {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"name":`...)
			b = appendString(b, v)
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	b = append(b, `},"results":[`...)
	for i := range resp.Results {
		if i > 0 {
			b = append(b, ',')
		}
		col := &resp.Results[i]
		b = append(b, `{"values":[`...)
		for j, v := range col.Values {
			if j > 0 {
				b = append(b, ',')
			}
			b = appendValue(b, v)
		}
		b = append(b, `],"statuses":[`...)
		for j, s := range col.Statuses {
			if j > 0 {
				b = append(b, ',')
			}
			b = append(b, '"')
			b = append(b, s...)
			b = append(b, '"')
		}
		b = append(b, `],"event_timestamps":[`...)
		for j, t := range col.EventTimestamps {
			if j > 0 {
				b = append(b, ',')
			}
			b = times.append(b, t)
		}
		b = append(b, "]}"...)
	}
	return append(b, "]}\n"...)
}

// timeCache formats each distinct timestamp of a response once: every
// feature of a row shares the row's event time.
type timeCache map[int64]string

func (c timeCache) append(b []byte, t time.Time) []byte {
	if t.IsZero() {
		return appendTime(b, t)
	}
	us := t.UnixMicro()
	s, ok := c[us]
	if !ok {
		s = string(appendTime(nil, t))
		c[us] = s
	}
	return append(b, s...)
}

// appendTime appends an RFC 3339 UTC time; the zero time as Feast's epoch.
func appendTime(b []byte, t time.Time) []byte {
	if t.IsZero() {
		return append(append(append(b, '"'), zeroTime...), '"')
	}
	b = append(b, '"')
	b = t.UTC().AppendFormat(b, time.RFC3339Nano)
	return append(b, '"')
}

// appendValue appends the JSON of a typed value, in the shapes of package
// valuejson: numbers, strings, base64 bytes, RFC 3339 times, arrays, null.
func appendValue(b []byte, v types.Value) []byte {
	switch v.Type() {
	case types.Invalid:
		return append(b, "null"...)
	case types.Bool:
		return strconv.AppendBool(b, v.Bool())
	case types.Int32, types.Int64:
		return strconv.AppendInt(b, v.Int64(), 10)
	case types.Float32:
		return appendFloat32(b, v.Float32())
	case types.Float64:
		return appendFloat(b, v.Float64())
	case types.String:
		return appendString(b, v.Str())
	case types.Bytes:
		return appendBytes(b, v.BytesVal())
	case types.Timestamp:
		return appendTime(b, v.Time())
	}
	return appendList(b, v)
}

func appendList(b []byte, v types.Value) []byte {
	b = append(b, '[')
	n := 0
	sep := func() {
		if n > 0 {
			b = append(b, ',')
		}
		n++
	}
	switch v.Type() {
	case types.BoolList:
		for _, x := range v.BoolList() {
			sep()
			b = strconv.AppendBool(b, x)
		}
	case types.Int32List:
		for _, x := range v.Int32List() {
			sep()
			b = strconv.AppendInt(b, int64(x), 10)
		}
	case types.Int64List:
		for _, x := range v.Int64List() {
			sep()
			b = strconv.AppendInt(b, x, 10)
		}
	case types.Float32List:
		for _, x := range v.Float32List() {
			sep()
			b = appendFloat32(b, x)
		}
	case types.Float64List:
		for _, x := range v.Float64List() {
			sep()
			b = appendFloat(b, x)
		}
	case types.StringList:
		for _, x := range v.StringList() {
			sep()
			b = appendString(b, x)
		}
	case types.BytesList:
		for _, x := range v.BytesList() {
			sep()
			b = appendBytes(b, x)
		}
	case types.TimestampList:
		for _, x := range v.Int64List() {
			sep()
			b = appendTime(b, types.FromMicros(x))
		}
	}
	return append(b, ']')
}

// appendFloat32 writes f at float32 precision (0.1, not
// 0.10000000149011612), as package valuejson does.
func appendFloat32(b []byte, f float32) []byte { return valuejson.AppendFloat(b, float64(f), 32) }

// appendFloat writes f as package valuejson does.
func appendFloat(b []byte, f float64) []byte { return valuejson.AppendFloat(b, f, 64) }

func appendBytes(b []byte, x []byte) []byte {
	b = append(b, '"')
	b = base64.StdEncoding.AppendEncode(b, x)
	return append(b, '"')
}

const hex = "0123456789abcdef"

// appendString appends s as a JSON string; invalid UTF-8 becomes U+FFFD.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
