package vector

import (
	"strings"
	"testing"
)

func TestFiltersBeyondTheLimitsAreInvalid(t *testing.T) {
	t.Parallel()
	nest := func(depth int) string {
		return strings.Repeat("(", depth) + "year == 1" + strings.Repeat(")", depth)
	}
	deepTree := &Node{Op: "eq", Key: "year", Value: 1.0}
	for range MaxFilterDepth {
		deepTree = &Node{Op: "and", Children: []*Node{deepTree}}
	}
	cases := []struct {
		name  string
		parse func() error
	}{
		{"parentheses nested one level too deep", func() error { _, err := ParseExpr(nest(MaxFilterDepth + 1)); return err }},
		{"an expression one byte too long", func() error {
			_, err := ParseExpr("year in [" + strings.Repeat(" ", MaxExprBytes) + "]")
			return err
		}},
		{"JSON filters nested one level too deep", func() error { _, err := DecodeJSONFilter([]byte(nestedJSON(MaxFilterDepth + 1))); return err }},
		{"a JSON filter one byte too long", func() error {
			_, err := DecodeJSONFilter([]byte(`{"type": "eq", "key": "category", "value": "` + strings.Repeat("a", MaxJSONFilterBytes) + `"}`))
			return err
		}},
		{"a JSON filter with data after it", func() error {
			_, err := DecodeJSONFilter([]byte(`{"type": "eq", "key": "year", "value": 1} {}`))
			return err
		}},
		{"a tree one level too deep", func() error { _, err := deepTree.Typed(testFields); return err }},
		{"a compound holding a null filter", func() error {
			_, err := (&Node{Op: "or", Children: []*Node{nil}}).Typed(testFields)
			return err
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			requireInvalid(t, c.name, c.parse())
		})
	}
}

func TestFiltersAtTheLimitsAreAccepted(t *testing.T) {
	t.Parallel()
	if _, err := ParseExpr(strings.Repeat("(", MaxFilterDepth) + "year == 1" + strings.Repeat(")", MaxFilterDepth)); err != nil {
		t.Errorf("parentheses nested %d levels: %v", MaxFilterDepth, err)
	}
	n, err := DecodeJSONFilter([]byte(nestedJSON(MaxFilterDepth)))
	if err != nil {
		t.Fatalf("JSON filters nested %d levels: %v", MaxFilterDepth, err)
	}
	if _, err := n.Typed(testFields); err != nil {
		t.Errorf("typing a tree %d levels deep: %v", MaxFilterDepth, err)
	}
}
