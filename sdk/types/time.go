package types

import "time"

// ToMicros converts t to microseconds since the Unix epoch. The zero time maps to 0.
func ToMicros(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMicro()
}

// FromMicros converts microseconds since the Unix epoch to a UTC time. 0 maps
// to the zero time.
func FromMicros(us int64) time.Time {
	if us == 0 {
		return time.Time{}
	}
	return time.UnixMicro(us).UTC()
}
