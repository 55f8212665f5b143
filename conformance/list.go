package conformance

import (
	"strings"
)

// CaseInfo describes one case of the suite.
type CaseInfo struct {
	// Name is Service/RPC/should …: what the case checks.
	Name string
	// Needs lists what the case needs besides the store of its Service, in
	// words (e.g. "vector search filters", "Config.BadConfig"); the case is
	// skipped without it. Empty when it always runs.
	Needs []string
}

// Cases lists every case, in the order RunCases runs them.
func Cases() []CaseInfo {
	all := allCases()
	out := make([]CaseInfo, len(all))
	for i, c := range all {
		out[i].Name = c.name
		for _, n := range c.needs {
			out[i].Needs = append(out[i].Needs, n.label())
		}
	}
	return out
}

// capLabels name the capabilities whose skip reason does not say it.
var capLabels = map[string]string{
	capNoOnline.missing:  "no online store",
	capAnyMetric.missing: "a vector metric",
}

// label names what a capability stands for, from its skip reason:
// "plugin does not advertise X" and "plugin advertises no X" give X,
// "Config.F is empty …" gives Config.F; any other reason is kept whole.
func (c capability) label() string {
	m := c.missing
	if l, ok := capLabels[m]; ok {
		return l
	}
	for _, p := range []string{"plugin does not advertise ", "plugin advertises no "} {
		if rest, ok := strings.CutPrefix(m, p); ok {
			return rest
		}
	}
	if strings.HasPrefix(m, "Config.") {
		if f, _, ok := strings.Cut(m, " is empty"); ok {
			return f
		}
	}
	return m
}
