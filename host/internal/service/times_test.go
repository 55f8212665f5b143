package service

import (
	"testing"
	"time"
)

func TestParseTimeReadsISO8601AsUTC(t *testing.T) {
	t.Parallel()
	tests := map[string]string{
		"2025-03-01T00:00:00":       "2025-03-01T00:00:00Z",
		"2025-03-01T02:00:00+02:00": "2025-03-01T00:00:00Z",
		"2025-03-01 10:00:00+02:00": "2025-03-01T08:00:00Z",
		"2025-03-01T00:00:00.5Z":    "2025-03-01T00:00:00.5Z",
		"2025-03-01":                "2025-03-01T00:00:00Z",
		"2025-03-01 10:30:00":       "2025-03-01T10:30:00Z",
	}
	for in, want := range tests {
		got, err := ParseTime("end_ts", in)
		if err != nil || got.Format("2006-01-02T15:04:05.999999999Z07:00") != want {
			t.Errorf("ParseTime(%q) = %v, %v; want %s", in, got, err, want)
		}
	}
	for _, bad := range []string{"yesterday", "03/01/2025", "", "now"} {
		if _, err := ParseTime("end_ts", bad); err == nil {
			t.Errorf("ParseTime(%q) did not fail", bad)
		}
	}
}

func TestParseTimeOrNowReadsNowAsTheClock(t *testing.T) {
	t.Parallel()
	clock := time.Date(2025, 3, 1, 12, 0, 0, 0, time.FixedZone("x", 3600))
	for _, s := range []string{"now", " NOW "} {
		got, err := ParseTimeOrNow("END", s, clock)
		if err != nil || !got.Equal(clock) || got.Location() != time.UTC {
			t.Errorf("ParseTimeOrNow(%q) = %v, %v; want %v in UTC", s, got, err, clock)
		}
	}
	if _, err := ParseTimeOrNow("END", "soon", clock); err == nil {
		t.Error("ParseTimeOrNow(soon) did not fail")
	}
}
