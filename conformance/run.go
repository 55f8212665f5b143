package conformance

import (
	"strings"
	"testing"
)

// Run runs the suite as subtests of t, named Service/RPC/should …. The
// plugin is launched (or connected) and configured once; it fails t when
// that is impossible.
func Run(t *testing.T, cfg Config) {
	t.Helper()
	cfg = cfg.withDefaults()
	s, err := openSession(t.Context(), cfg)
	if err != nil {
		t.Fatalf("%v", err)
	}
	t.Cleanup(s.close)
	for _, g := range groupByPrefix(allCases(), 0) {
		t.Run(g.name, func(t *testing.T) {
			if reason := s.groupSkip(g.name); reason != "" {
				t.Skip(reason)
			}
			for _, rpc := range groupByPrefix(g.cases, 1) {
				t.Run(rpc.name, func(t *testing.T) {
					for _, c := range rpc.cases {
						t.Run(nameAt(c.name, 2), func(t *testing.T) {
							ctx, cancel := s.caseContext(t.Context())
							t.Cleanup(cancel)
							s.runCase(tHandle{T: t, ctx: ctx}, c)
						})
					}
				})
			}
		})
	}
}

// caseGroup is cases sharing one element of their names.
type caseGroup struct {
	name  string
	cases []testCase
}

// groupByPrefix groups cases by the name element at depth, keeping the
// order in which each group first appears.
func groupByPrefix(cases []testCase, depth int) []caseGroup {
	var out []caseGroup
	index := map[string]int{}
	for _, c := range cases {
		n := nameAt(c.name, depth)
		i, ok := index[n]
		if !ok {
			i = len(out)
			index[n] = i
			out = append(out, caseGroup{name: n})
		}
		out[i].cases = append(out[i].cases, c)
	}
	return out
}

// nameAt returns element depth of a Service/RPC/should… name; the last
// element keeps any further slashes.
func nameAt(name string, depth int) string {
	parts := strings.SplitN(name, "/", 3)
	if depth < len(parts) {
		return parts[depth]
	}
	return ""
}
