package vector

import (
	"encoding/json"
	"testing"

	"github.com/quiverfs/quiver/sdk/types"
)

var testFields = map[string]types.ValueType{"category": types.String, "year": types.Int64, "score": types.Float32, "ok": types.Bool}

func TestParseExpr(t *testing.T) {
	t.Parallel()
	cases := []struct{ in, want string }{
		{`category == "a"`, `category eq a`},
		{`category == "a" and year >= 2020`, `(category eq a and year gte 2020)`},
		{`category = 'x\'y' or year < 3 and ok == true`, `(category eq x'y or (year lt 3 and ok eq true))`},
		{`(category != "a" or year > 1) and score <= 0.5`, `((category ne a or year gt 1) and score lte 0.5)`},
		{`category in ["a", "b"] AND year not in [1, 2]`, `(category in [a b] and year nin [1 2])`},
		{`category == null`, `category eq <nil>`},
	}
	for _, c := range cases {
		n, err := ParseExpr(c.in)
		if err != nil {
			t.Errorf("ParseExpr(%q): %v", c.in, err)
			continue
		}
		if got := n.String(); got != c.want {
			t.Errorf("ParseExpr(%q) = %s, want %s", c.in, got, c.want)
		}
		if _, err := n.Typed(testFields); err != nil {
			t.Errorf("Typed(%q): %v", c.in, err)
		}
	}
}

func TestParseExprErrors(t *testing.T) {
	t.Parallel()
	for _, in := range []string{``, `category ==`, `category ~ "a"`, `(year > 1`, `year in [1 2]`, `"a" == category`, `x == "unterminated`} {
		if n, err := ParseExpr(in); err == nil {
			t.Errorf("ParseExpr(%q) = %s, want an error", in, n)
		}
	}
	n, _ := ParseExpr(`nope == 1`)
	if _, err := n.Typed(testFields); err == nil {
		t.Error("an unknown field was accepted")
	}
	n, _ = ParseExpr(`year == "x"`)
	if _, err := n.Typed(testFields); err == nil {
		t.Error("a string for an int64 field was accepted")
	}
}

func TestDecodeJSONFilter(t *testing.T) {
	t.Parallel()
	raw := `{"type": "and", "filters": [
		{"type": "eq", "key": "category", "value": "a"},
		{"type": "or", "filters": [{"type": "gte", "key": "year", "value": 2020}, {"type": "nin", "key": "year", "value": [1, 2]}]}]}`
	n, err := DecodeJSONFilter(json.RawMessage(raw))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := n.String(), `(category eq a and (year gte 2020 or year nin [1 2]))`; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
	f, err := n.Typed(testFields)
	if err != nil {
		t.Fatal(err)
	}
	if !f.And || len(f.Children) != 2 || f.Children[1].Children[0].Value.Int64() != 2020 {
		t.Errorf("typed filter %+v", f)
	}
	for _, bad := range []string{`{"type": "between", "key": "year"}`, `{"type": "in", "key": "year", "value": 3}`, `{"type": "eq"}`, `{"type": "eq", "key": "a", "extra": 1}`} {
		if _, err := DecodeJSONFilter(json.RawMessage(bad)); err == nil {
			t.Errorf("DecodeJSONFilter(%s) succeeded", bad)
		}
	}
}
