package ingest

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSplitBoundsAndOverlap(t *testing.T) {
	t.Parallel()
	text := strings.Repeat("alpha beta gamma delta epsilon. ", 40) + "\n\nSecond paragraph here.\n\n" + strings.Repeat("x", 130)
	chunks := Split(text, 100, 20)
	if len(chunks) < 10 {
		t.Fatalf("%d chunks, want many", len(chunks))
	}
	for i, c := range chunks {
		if n := utf8.RuneCountInString(c); n > 100 || n == 0 {
			t.Errorf("chunk %d has %d characters", i, n)
		}
	}
	// consecutive chunks of the first paragraph share words
	first := strings.Fields(chunks[0])
	if !strings.HasPrefix(chunks[1], first[len(first)-1]) && !strings.Contains(chunks[1], first[len(first)-1]) {
		t.Errorf("no overlap between %q and %q", chunks[0], chunks[1])
	}
	if got := Split("", 100, 10); len(got) != 0 {
		t.Errorf("empty text gave %q", got)
	}
	if got := Split("one two", 100, 10); len(got) != 1 || got[0] != "one two" {
		t.Errorf("short text gave %q", got)
	}
}
