package conformance

import (
	"context"
	"slices"
	"strings"

	"github.com/quiverfs/quiver/sdk/types"
)

// testCase is one check of the suite.
type testCase struct {
	name  string       // Service/RPC/should …
	needs []capability // all must hold, or the case is skipped
	run   func(e *env)
	// unconfigured: the case does not need a configured store (it checks
	// capabilities or Configure itself).
	unconfigured bool
}

// capability is something a case needs from the plugin or the Config.
type capability struct {
	missing string // the skip reason when has is false
	has     func(s *session) bool
}

var (
	capVectorSearch = capability{"plugin does not advertise vector search",
		func(s *session) bool { return s.onCaps.VectorSearch }}
	capVectorFilters = capability{"plugin does not advertise vector search filters",
		func(s *session) bool { return s.onCaps.VectorSearch && s.onCaps.Vector.Filters }}
	capExactIndex = capability{"plugin advertises no exact (FLAT) vector index",
		func(s *session) bool {
			idx := s.onCaps.Vector.IndexTypes
			return len(idx) == 0 || slices.ContainsFunc(idx, func(t string) bool { return strings.EqualFold(t, "FLAT") })
		}}
	capAnyMetric = capability{"plugin advertises vector search with no metric",
		func(s *session) bool { return len(s.onCaps.Vector.Metrics) > 0 }}
	capBadConfig = capability{"Config.BadConfig is empty (quiver-conformance --bad-config FILE): give a config the store must reject",
		func(s *session) bool { return len(s.cfg.BadConfig) > 0 }}
)

// capMetric holds when the plugin advertises metric m.
func capMetric(m types.DistanceMetric) capability {
	return capability{"plugin does not advertise the " + m.String() + " metric",
		func(s *session) bool { return slices.Contains(s.onCaps.Vector.Metrics, m) }}
}

// The groups: the first element of every case name.
const (
	groupOnline  = "OnlineStore"
	groupOffline = "OfflineStore"
)

// allCases lists every case, online ones first.
func allCases() []testCase {
	var out []testCase
	for _, list := range [][]testCase{protocolCases(), typeCases(), semanticsCases(), ttlCases(), infraCases(),
		loadCases(), vectorCases(), vectorMoreCases(), filterCases(), offlineCases(), historicalCases()} {
		out = append(out, list...)
	}
	out = append(out, vectorIsolationCases()...)
	out = append(out, scopeCases()...)
	out = append(out, onlineDataCases()...)
	slices.SortStableFunc(out, func(a, b testCase) int {
		return strings.Compare(groupOrder(a.name), groupOrder(b.name))
	})
	return out
}

// groupOrder sorts online cases before offline ones.
func groupOrder(name string) string {
	if strings.HasPrefix(name, groupOnline+"/") {
		return "0"
	}
	return "1"
}

// skipReason says why c cannot run against s, or "" when it can.
func (s *session) skipReason(c testCase) string {
	group, _, _ := strings.Cut(c.name, "/")
	if reason := s.groupSkip(group); reason != "" {
		return reason
	}
	for _, need := range c.needs {
		if !need.has(s) {
			return need.missing
		}
	}
	return ""
}

// groupSkip says why a whole group cannot run, or "" when it can.
func (s *session) groupSkip(group string) string {
	switch {
	case group == groupOnline && s.online == nil:
		return "plugin serves no online store"
	case group == groupOffline && s.offline == nil:
		return "plugin serves no offline store"
	}
	return ""
}

// runCase runs c on h against s, after checking its capabilities.
func (s *session) runCase(h testHandle, c testCase) {
	if reason := s.skipReason(c); reason != "" {
		h.Skipf("%s", reason)
	}
	if err := s.configureErr(c); err != nil && !c.unconfigured {
		h.Fatalf("the store could not be configured, so this case cannot run: %v", err)
	}
	e := &env{testHandle: h, s: s, project: newProject(s.cfg.ProjectPrefix)}
	c.run(e)
}

// configureErr returns why the store of c's group could not be configured.
func (s *session) configureErr(c testCase) error {
	if strings.HasPrefix(c.name, groupOnline+"/") {
		return s.onConfigErr
	}
	return s.offConfigErr
}

// caseContext returns a context bounded by the case timeout.
func (s *session) caseContext(parent context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(parent, s.cfg.CaseTimeout)
}
