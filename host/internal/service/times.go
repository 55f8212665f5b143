package service

import (
	"strings"
	"time"

	"github.com/quiverfs/quiver/host/internal/apierr"
	"github.com/quiverfs/quiver/host/internal/isotime"
	"github.com/quiverfs/quiver/host/internal/textclip"
)

// ParseTimeOrNow is ParseTime that also reads "now" (any case) as now.
func ParseTimeOrNow(field, value string, now time.Time) (time.Time, error) {
	if strings.EqualFold(strings.TrimSpace(value), "now") {
		return now.UTC(), nil
	}
	return ParseTime(field, value)
}

// ParseTime parses an ISO 8601 time (isotime.Parse); one without an
// offset is UTC.
func ParseTime(field, s string) (time.Time, error) {
	if strings.TrimSpace(s) == "" {
		return time.Time{}, apierr.Invalid("%s is required", field)
	}
	t, err := isotime.Parse(s)
	if err != nil {
		return time.Time{}, apierr.Invalid("%s %q is not an ISO 8601 time (e.g. %s)", field, textclip.Clip(s, 40), isotime.Example)
	}
	return t, nil
}
