package conformance

import (
	"errors"
	"slices"
	"strings"

	"github.com/quiverfs/quiver/sdk/offlinestore"
	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/storeerr"
	"github.com/quiverfs/quiver/sdk/types"
)

// protocolCases check the handshake, capabilities and Configure. (Health:
// unreachableCases.)
func protocolCases() []testCase {
	return []testCase{
		{name: "OnlineStore/GetCapabilities/should report the plugin's name", run: checkName, unconfigured: true},
		{name: "OnlineStore/GetCapabilities/should advertise consistent vector search options", run: checkVectorCaps, unconfigured: true},
		{name: "OnlineStore/Configure/should reject a bad config with InvalidArgument", needs: []capability{capBadConfig},
			run: func(e *env) { checkBadConfig(e, true) }, unconfigured: true},
		{name: "OfflineStore/GetCapabilities/should report the plugin's name", needs: []capability{capNoOnline}, run: checkName, unconfigured: true},
		{name: "OfflineStore/Configure/should reject a bad config with InvalidArgument", needs: []capability{capBadConfig},
			run: func(e *env) { checkBadConfig(e, false) }, unconfigured: true},
	}
}

// capNoOnline holds for a plugin that serves no online store: the name is
// then checked by the offline name case, else by the online one.
var capNoOnline = capability{"the plugin serves an online store: OnlineStore/GetCapabilities checks the name",
	func(s *session) bool { return s.online == nil }}

func checkName(e *env) {
	if strings.TrimSpace(e.s.name) == "" {
		e.Errorf("the plugin reported an empty name")
	}
}

func checkVectorCaps(e *env) {
	c := e.s.onCaps
	if !c.VectorSearch {
		if len(c.Vector.Metrics) > 0 || c.Vector.Filters || c.Vector.TextQuery || len(c.Vector.IndexTypes) > 0 {
			e.Errorf("vector search is not advertised but its options are: %+v", c.Vector)
		}
		return
	}
	if len(c.Vector.Metrics) == 0 {
		e.Errorf("vector search is advertised with no metric")
	}
	for i, m := range c.Vector.Metrics {
		if m != types.MetricL2 && m != types.MetricCosine && m != types.MetricInnerProduct {
			e.Errorf("advertised metric %d is not a known metric", int(m))
		}
		if slices.Contains(c.Vector.Metrics[:i], m) {
			e.Errorf("metric %s is advertised twice", m)
		}
	}
}

// checkBadConfig configures a fresh connection with Config.BadConfig and
// expects InvalidArgument with a message.
func checkBadConfig(e *env, online bool) {
	st, err := connect(e.ctx(), e.s.cfg)
	e.must(err, "connecting to the plugin")
	defer st.close()
	if online {
		_, err = st.online.Configure(e.ctx(), &onlinestore.ConfigureRequest{Project: e.project, Config: e.s.cfg.BadConfig})
	} else {
		_, err = st.offline.Configure(e.ctx(), &offlinestore.ConfigureRequest{Project: e.project, Config: e.s.cfg.BadConfig})
	}
	if err == nil {
		e.Fatalf("Configure accepted the bad config %s", e.s.cfg.BadConfig)
	}
	if !errors.Is(err, storeerr.ErrInvalidArgument) {
		e.Errorf("Configure of a bad config returned %q of kind %s, want %s", err, storeerr.As(err).Kind, storeerr.KindInvalidArgument)
	}
	msg := strings.TrimSpace(err.Error())
	if msg == "" || strings.HasSuffix(msg, ":") {
		e.Errorf("Configure of a bad config returned an error without a message: %q", msg)
	}
}
