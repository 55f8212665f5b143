package yamlstrict

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"gopkg.in/yaml.v3"
)

func TestDuplicateKeysFindsRepeatsAtEveryLevel(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		yaml string
		want []string
	}{
		{"no repeats", "a: 1\nb: {c: 2, d: 3}\n", nil},
		{"top level", "a: 1\nb: 2\na: 3\n", []string{"a 3:1 first 1:1"}},
		{"nested in a list", "l:\n  - x: 1\n    x: 2\n", []string{"x 3:5 first 2:5"}},
		{"flow mapping", "m: {k: 1, k: 2}\n", []string{"k 1:11 first 1:5"}},
		{"same key in sibling mappings is fine", "a: {k: 1}\nb: {k: 2}\n", nil},
		{"three times", "k: 1\nk: 2\nk: 3\n", []string{"k 2:1 first 1:1", "k 3:1 first 1:1"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var n yaml.Node
			if err := yaml.Unmarshal([]byte(tc.yaml), &n); err != nil {
				t.Fatal(err)
			}
			var got []string
			DuplicateKeys(&n, func(dup, first *yaml.Node) {
				got = append(got, fmt.Sprintf("%s %d:%d first %d:%d", dup.Value, dup.Line, dup.Column, first.Line, first.Column))
			})
			if d := cmp.Diff(tc.want, got); d != "" {
				t.Errorf("repeats (-want +got):\n%s", d)
			}
		})
	}
}

func TestSyntaxErrorNamesTheLineOfTheMistake(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		yaml string
		line int
	}{
		{"a: 1\nb:\n\tc: 2\n", 3},  // scanner: a tab
		{"a: 1\nb: [x\n", 2},       // parser: unclosed flow sequence
		{"a: 1\nb: {x: 1\n", 2},    // parser: unclosed flow mapping
		{"a: [x\n", 2},             // parser: found at the end of the input
		{"a:\n  b: 1\n c: 2\n", 3}, // parser: bad indentation
		{"a: 'x\n", 2},             // scanner: unterminated quote
		{"a: 1\n- b\n", 2},         // parser: a list item in a mapping
	} {
		var n yaml.Node
		err := yaml.Unmarshal([]byte(tc.yaml), &n)
		if err == nil {
			t.Errorf("%q: no error", tc.yaml)
			continue
		}
		if line, msg := SyntaxError(err); line != tc.line {
			t.Errorf("%q: line %d (%s), want %d", tc.yaml, line, msg, tc.line)
		}
	}
}

func TestSyntaxErrorSplitsLineFromMessage(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		err  string
		line int
		msg  string
	}{
		{"yaml: line 3: found character that cannot start any token", 3, "found character that cannot start any token"},
		{"yaml: control characters are not allowed", 1, "control characters are not allowed"},
		{"yaml: unmarshal errors:\n  line 2: cannot unmarshal", 1, "unmarshal errors: line 2: cannot unmarshal"},
		{"yaml: line x: odd", 1, "line x: odd"},
		{"yaml: line 2: did not find expected key", 3, "did not find expected key"},
	} {
		line, msg := SyntaxError(errors.New(tc.err))
		if line != tc.line || msg != tc.msg {
			t.Errorf("SyntaxError(%q) = %d, %q; want %d, %q", tc.err, line, msg, tc.line, tc.msg)
		}
	}
}

func TestClipCutsLongMessagesOnARuneBoundary(t *testing.T) {
	t.Parallel()
	if got := Clip("short"); got != "short" {
		t.Errorf("Clip(short) = %q", got)
	}
	long := strings.Repeat("é", MaxMessage) // 2 bytes each
	got := Clip(long)
	if !utf8.ValidString(got) || !strings.HasSuffix(got, fmt.Sprintf("... (%d bytes)", len(long))) || len(got) > MaxMessage+20 {
		t.Errorf("Clip(long) = %q", got)
	}
}
