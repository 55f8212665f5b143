package model

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Duration is a time.Duration written as "90s", "15m", "2h", "1d", "1w" or a
// plain number of seconds. 0 means "never expires" for a ttl.
type Duration struct{ time.Duration }

// ParseDuration parses a duration as definition files write it.
func ParseDuration(s string) (Duration, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Duration{}, fmt.Errorf("empty duration")
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return checkNonNegative(s, time.Duration(n)*time.Second)
	}
	for suffix, unit := range map[string]time.Duration{"d": 24 * time.Hour, "w": 7 * 24 * time.Hour} {
		if num, ok := strings.CutSuffix(s, suffix); ok {
			n, err := strconv.ParseFloat(num, 64)
			if err != nil {
				return Duration{}, fmt.Errorf("invalid duration %q", s)
			}
			return checkNonNegative(s, time.Duration(n*float64(unit)))
		}
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return Duration{}, fmt.Errorf("invalid duration %q (use e.g. 3600s, 90m, 24h, 1d, 2w)", s)
	}
	return checkNonNegative(s, d)
}

func checkNonNegative(s string, d time.Duration) (Duration, error) {
	if d < 0 {
		return Duration{}, fmt.Errorf("negative duration %q", s)
	}
	return Duration{d}, nil
}

// String renders the duration compactly, e.g. "1d" or "2h30m0s".
func (d Duration) String() string {
	if d.Duration == 0 {
		return "0s"
	}
	if d.Duration%(24*time.Hour) == 0 {
		return fmt.Sprintf("%dd", d.Duration/(24*time.Hour))
	}
	return d.Duration.String()
}

// MarshalJSON writes the duration as its string.
func (d Duration) MarshalJSON() ([]byte, error) { return json.Marshal(d.String()) }

// UnmarshalJSON reads a string or a number of seconds.
func (d *Duration) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		var n float64
		if err := json.Unmarshal(b, &n); err != nil {
			return fmt.Errorf("duration must be a string or seconds: %s", b)
		}
		s = strconv.FormatInt(int64(n), 10)
	}
	parsed, err := ParseDuration(s)
	if err != nil {
		return err
	}
	*d = parsed
	return nil
}
