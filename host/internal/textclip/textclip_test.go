package textclip

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestClipCutsOnACharacterBoundary(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, clip, sized string }{
		{"short", "short", "short"},
		{"abcdef", "abcd...", "abcd... (6 bytes)"},
		{"ééé", "é...", "é... (6 bytes)"}, // 4 bytes would split the second é
	}
	for _, tt := range tests {
		if got := Clip(tt.in, 4); got != tt.clip {
			t.Errorf("Clip(%q, 4) = %q, want %q", tt.in, got, tt.clip)
		}
		if got := ClipSized(tt.in, 4); got != tt.sized {
			t.Errorf("ClipSized(%q, 4) = %q, want %q", tt.in, got, tt.sized)
		}
	}
	if got := Clip(strings.Repeat("€", 1000), 100); !utf8.ValidString(got) || len(got) > 103 {
		t.Errorf("Clip of a long text = %d bytes, valid UTF-8 %v", len(got), utf8.ValidString(got))
	}
}
