package isotime

import (
	"testing"
	"time"
)

func TestParseReadsEveryFormAsUTC(t *testing.T) {
	t.Parallel()
	want := time.Date(2025, 3, 1, 8, 0, 0, 0, time.UTC)
	for _, s := range []string{
		"2025-03-01T08:00:00Z", "2025-03-01T10:00:00+02:00", "2025-03-01 10:00:00+02:00", "2025-03-01T08:00:00",
		"2025-03-01 08:00:00", "2025-03-01T08:00", "2025-03-01 08:00", "2025-03-01T10:00+02:00", " 2025-03-01T08:00:00.000000Z ",
	} {
		got, err := Parse(s)
		if err != nil || !got.Equal(want) || got.Location() != time.UTC {
			t.Errorf("Parse(%q) = %v, %v; want %v", s, got, err, want)
		}
	}
	if got, err := Parse("2025-03-01"); err != nil || !got.Equal(time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("Parse of a date = %v, %v", got, err)
	}
	for _, s := range []string{"", "yesterday", "2025-13-01", "2025-03-01T25:00:00", "1741000000"} {
		if _, err := Parse(s); err == nil {
			t.Errorf("Parse(%q) accepted it", s)
		}
	}
}
