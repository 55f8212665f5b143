// Package isotime is the one parser of the times people and clients write:
// ISO 8601 with or without an offset, a T or a space between date and
// time, down to the nanosecond or up to the day. The CLI, the HTTP and gRPC
// servers and the JSON value decoder all read times through it, so what
// one accepts the others accept.
//
// Start with Parse.
package isotime

import (
	"errors"
	"strings"
	"time"
)

// layouts are the accepted forms, most specific first; those without an
// offset are read as UTC.
var layouts = []string{
	time.RFC3339Nano,
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02T15:04Z07:00",
	"2006-01-02 15:04Z07:00",
	"2006-01-02T15:04",
	"2006-01-02 15:04",
	"2006-01-02",
}

// Example is a time in the accepted forms, for messages.
const Example = "2025-03-01T00:00:00 (UTC), 2025-03-01 10:00:00+02:00 or 2025-03-01"

// ErrNotATime is returned for text in none of the accepted forms.
var ErrNotATime = errors.New("not an ISO 8601 time")

// Parse reads s (surrounding space ignored) and returns it in UTC.
func Parse(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	for _, layout := range layouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, ErrNotATime
}
