package vector

import (
	"reflect"
	"strings"
	"testing"

	"github.com/quiverfs/quiver/sdk/types"
)

// fuzzFields types the fields fuzzed filters may name, one of each scalar type.
var fuzzFields = map[string]types.ValueType{"category": types.String, "year": types.Int64, "score": types.Float32,
	"ok": types.Bool, "n": types.Int32, "x": types.Float64, "at": types.Timestamp, "blob": types.Bytes}

// The fuzz targets compare trees with reflect.DeepEqual: cmp.Diff takes
// time exponential in the depth of nested one-element slices.

// FuzzParseExpr checks that ParseExpr never panics, fails only with
// KindInvalid, allocates in proportion to its input, and that what it
// accepts is bounded, typed without panics, and prints back to itself.
func FuzzParseExpr(f *testing.F) {
	for _, s := range []string{
		`category == "a"`, `category == "a" and year >= 2020`, `category = 'x\'y' or year < 3 and ok == true`,
		`(category != "a" or year > 1) and score <= 0.5`, `category in ["a", "b"] AND year not in [1, 2]`,
		`category == null`, `at > "2024-01-02T03:04:05Z" or at <= 1700000000.5`, `n in []`, `x == -1e-300`,
		`n == 2147483648`, `ok == TRUE or ok != False`, `a.b_c == "\n\t\\\""`, `été == "世界"`, `year == 1-2e..`,
		`category ==`, `(year > 1`, `year in [1 2]`, `x == "unterminated`, `x ~ 1`, `not in [1]`, `and == 1 and and == 2`,
		strings.Repeat("(", MaxFilterDepth) + "x == 1" + strings.Repeat(")", MaxFilterDepth),
		strings.Repeat("(", MaxFilterDepth+1) + "x == 1" + strings.Repeat(")", MaxFilterDepth+1),
		strings.Repeat("x == 1 or ", 200) + "x == 2",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var n *Node
		var err error
		checkAllocs(t, "ParseExpr", 512*uint64(len(s))+64<<10, func() { n, err = ParseExpr(s) })
		if err != nil {
			requireInvalid(t, "ParseExpr", err)
			return
		}
		if d := depthOf(n); d > 2*MaxFilterDepth+1 {
			t.Fatalf("accepted a tree %d levels deep", d)
		}
		if _, err := n.Typed(fuzzFields); err != nil {
			requireInvalid(t, "Typed", err)
		}
		printed := exprOf(n)
		again, err := ParseExpr(printed)
		if err != nil {
			t.Fatalf("ParseExpr(%q) (printed from %q): %v", printed, s, err)
		}
		if !reflect.DeepEqual(n, again) {
			t.Fatalf("%q printed as %q parses differently: %s", s, printed, exprOf(again))
		}
	})
}

// FuzzDecodeJSONFilter checks that DecodeJSONFilter never panics, fails
// only with KindInvalid, stays within its depth limit, and that what it
// accepts is typed without panics and encodes back to the same tree.
func FuzzDecodeJSONFilter(f *testing.F) {
	for _, s := range []string{
		``, `null`, ` `, `{"type": "eq", "key": "category", "value": "a"}`,
		`{"type": "and", "filters": [{"type": "eq", "key": "category", "value": "a"},
			{"type": "or", "filters": [{"type": "gte", "key": "year", "value": 2020}, {"type": "nin", "key": "year", "value": [1, 2]}]}]}`,
		`{"type": "in", "key": "x", "value": [1.5, "a", null, true, {"k": [1]}]}`, `{"type": "eq", "key": "at", "value": 1e400}`,
		`{"type": "or", "filters": []}`, `{"type": "or", "filters": [null]}`, `{"type": "lt", "key": "n"}`,
		`{"type": "between", "key": "year"}`, `{"type": "in", "key": "year", "value": 3}`, `{"type": "eq"}`,
		`{"type": "eq", "key": "a", "extra": 1}`, `{"TYPE": "eq", "Key": "ok", "value": false}`,
		`{"type": "eq", "key": "a", "value": 1} {"type": "eq"}`, `{"type": "eq", "key": "a", "value": 1 2}`, `[]`, `"eq"`,
		nestedJSON(MaxFilterDepth), nestedJSON(MaxFilterDepth + 1),
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var n *Node
		var err error
		checkAllocs(t, "DecodeJSONFilter", 1024*uint64(len(b))+64<<10, func() { n, err = DecodeJSONFilter(b) })
		if err != nil {
			requireInvalid(t, "DecodeJSONFilter", err)
			return
		}
		if n == nil {
			return
		}
		if d := depthOf(n); d > MaxFilterDepth {
			t.Fatalf("accepted a tree %d levels deep", d)
		}
		if _, err := n.Typed(fuzzFields); err != nil {
			requireInvalid(t, "Typed", err)
		}
		encoded := jsonOf(t, n)
		again, err := DecodeJSONFilter(encoded)
		if err != nil {
			t.Fatalf("DecodeJSONFilter(%s) (encoded from %q): %v", encoded, b, err)
		}
		if !reflect.DeepEqual(n, again) {
			t.Fatalf("%q encoded as %s decodes differently: %s", b, encoded, jsonOf(t, again))
		}
	})
}

// nestedJSON returns a JSON filter of depth levels: and filters around one comparison.
func nestedJSON(depth int) string {
	return strings.Repeat(`{"type": "and", "filters": [`, depth-1) + `{"type": "eq", "key": "ok", "value": true}` +
		strings.Repeat(`]}`, depth-1)
}
