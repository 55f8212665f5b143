package vector

import (
	"encoding/json"
	"errors"
	"runtime"
	"strings"
	"testing"

	"github.com/quiverfs/quiver/host/internal/apierr"
)

// exprOf prints n in ParseExpr's syntax so that parsing the result gives
// back n. It parenthesizes a compound only where the tree needs it (an
// "and" inside an "or" needs none), so it never nests parentheses deeper
// than the expression n was parsed from.
func exprOf(n *Node) string {
	switch n.Op {
	case "and", "or":
		parts := make([]string, len(n.Children))
		for i, c := range n.Children {
			parts[i] = exprOf(c)
			if (c.Op == "and" || c.Op == "or") && (n.Op == "and" || c.Op == "or") {
				parts[i] = "(" + parts[i] + ")"
			}
		}
		return strings.Join(parts, " "+n.Op+" ")
	case "in", "nin":
		vals := make([]string, len(n.Values))
		for i, v := range n.Values {
			vals[i] = literalOf(v)
		}
		op := map[string]string{"in": "in", "nin": "not in"}[n.Op]
		return n.Key + " " + op + " [" + strings.Join(vals, ", ") + "]"
	}
	sym := map[string]string{"eq": "==", "ne": "!=", "gt": ">", "gte": ">=", "lt": "<", "lte": "<="}[n.Op]
	return n.Key + " " + sym + " " + literalOf(n.Value)
}

// literalOf prints a value of a parsed expression.
func literalOf(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case bool:
		return map[bool]string{true: "true", false: "false"}[x]
	case json.Number:
		return string(x)
	case string:
		r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "\t", `\t`)
		return `"` + r.Replace(x) + `"`
	}
	panic("literalOf: unexpected value")
}

// jsonOf encodes n as Feast's JSON filter tree.
func jsonOf(t *testing.T, n *Node) []byte {
	t.Helper()
	b, err := json.Marshal(jsonTree(n))
	if err != nil {
		t.Fatalf("encoding %s: %v", n, err)
	}
	return b
}

func jsonTree(n *Node) map[string]any {
	if n.Op == "and" || n.Op == "or" {
		children := make([]any, len(n.Children))
		for i, c := range n.Children {
			children[i] = jsonTree(c)
		}
		return map[string]any{"type": n.Op, "filters": children}
	}
	if n.Op == "in" || n.Op == "nin" {
		return map[string]any{"type": n.Op, "key": n.Key, "value": n.Values}
	}
	return map[string]any{"type": n.Op, "key": n.Key, "value": n.Value}
}

// depthOf returns the levels of n; a comparison is one.
func depthOf(n *Node) int {
	d := 0
	for _, c := range n.Children {
		d = max(d, depthOf(c))
	}
	return d + 1
}

// requireInvalid fails unless err is an apierr.Error of KindInvalid.
func requireInvalid(t *testing.T, what string, err error) {
	t.Helper()
	var e *apierr.Error
	if !errors.As(err, &e) || e.Kind != apierr.KindInvalid {
		t.Fatalf("%s: error %v (%T) is not apierr KindInvalid", what, err, err)
	}
}

// checkAllocs fails if f allocates more than limit bytes. The fuzzing
// engine allocates too, now and then, so a call over the limit is measured
// twice more and the least of the three counts.
func checkAllocs(t *testing.T, what string, limit uint64, f func()) {
	t.Helper()
	got := allocated(f)
	for i := 0; i < 2 && got > limit; i++ {
		got = min(got, allocated(f))
	}
	if got > limit {
		t.Fatalf("%s allocated %d bytes, over the limit of %d", what, got, limit)
	}
}

// allocated returns the bytes f allocates.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}
