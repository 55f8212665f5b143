package textclip

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestClipCutsOnACharacterBoundary(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in          string
		max         int
		clip, sized string
	}{
		{"four", 4, "four", "four"},
		{"abcdef", 4, "abcd...", "abcd... (6 bytes)"},
		{"ééé", 3, "é...", "é... (6 bytes)"}, // 3 bytes would split the second é
	}
	for _, tt := range tests {
		if got := Clip(tt.in, tt.max); got != tt.clip {
			t.Errorf("Clip(%q, %d) = %q, want %q", tt.in, tt.max, got, tt.clip)
		}
		if got := ClipSized(tt.in, tt.max); got != tt.sized {
			t.Errorf("ClipSized(%q, %d) = %q, want %q", tt.in, tt.max, got, tt.sized)
		}
	}
	if got := Clip(strings.Repeat("€", 1000), 100); !utf8.ValidString(got) || len(got) > 103 {
		t.Errorf("Clip of a long text = %d bytes, valid UTF-8 %v", len(got), utf8.ValidString(got))
	}
}
