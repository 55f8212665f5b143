package storeconfig

import (
	"encoding/json"
	"testing"
	"time"
)

func TestDurationTakesStringsAndSeconds(t *testing.T) {
	for in, want := range map[string]time.Duration{`"500ms"`: 500 * time.Millisecond, `1.5`: 1500 * time.Millisecond, `"2m"`: 2 * time.Minute} {
		var d Duration
		if err := json.Unmarshal([]byte(in), &d); err != nil || time.Duration(d) != want {
			t.Errorf("%s: %v, %v; want %v", in, time.Duration(d), err, want)
		}
	}
	for _, in := range []string{`"soon"`, `true`, `{}`} {
		var d Duration
		if err := json.Unmarshal([]byte(in), &d); err == nil {
			t.Errorf("%s: accepted as %v", in, time.Duration(d))
		}
	}
}
