package conformance

import (
	"time"

	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/types"
)

var (
	capKeyTTL = capability{"plugin does not advertise key TTL",
		func(s *session) bool { return s.onCaps.KeyTTL }}
	capKeyTTLConfig = capability{"Config.KeyTTLConfig is empty (quiver-conformance --key-ttl-config FILE --key-ttl D): " +
		"give a config with which the store expires keys, and after how long",
		func(s *session) bool { return len(s.cfg.KeyTTLConfig) > 0 && s.cfg.KeyTTL > 0 }}
)

// keyTTLCases check a store that expires keys by itself.
func keyTTLCases() []testCase {
	return []testCase{
		{name: "OnlineStore/Read/should stop returning a key once its key TTL has passed since its last write",
			needs: []capability{capKeyTTL, capKeyTTLConfig}, run: checkKeyTTL},
	}
}

// keyTTLGrace is how long after its TTL a key may still be read.
func keyTTLGrace(ttl time.Duration) time.Duration { return ttl/2 + 2*time.Second }

// checkKeyTTL writes keys 1 and 2, rewrites key 2 half a TTL later, and
// reads both until they are gone: neither may go before its TTL has passed
// since its last write, nor stay more than keyTTLGrace after it.
func checkKeyTTL(e *env) {
	ttl := e.s.cfg.KeyTTL
	st := e.ownOnline()
	_, err := e.configure(st, e.s.cfg.KeyTTLConfig, 0)
	e.must(err, "Configure with Config.KeyTTLConfig")
	view := renamed("driver_stats_key_ttl")
	_, err = st.ApplyInfra(e.ctx(), &onlinestore.ApplyInfraRequest{Project: e.project,
		ViewsToKeep: []types.FeatureViewSpec{view}, EntitiesToKeep: []types.EntitySpec{driverEntity}})
	e.must(err, "ApplyInfra")
	e.Cleanup(func() {
		_, _ = st.Teardown(e.ctx(), &onlinestore.TeardownRequest{Project: e.project,
			Views: []types.FeatureViewSpec{view}, Entities: []types.EntitySpec{driverEntity}})
	})
	write := func(rows ...onlinestore.WriteRow) (start, end time.Time) {
		start = time.Now()
		_, err := st.WriteBatch(e.ctx(), &onlinestore.WriteBatchRequest{Project: e.project, FeatureView: view.Name,
			FeatureNames: statsFeatures, Rows: rows})
		e.must(err, "WriteBatch")
		return start, time.Now()
	}
	keys := []types.EntityKey{driverKey(1), driverKey(2)}
	// read returns whether each key was found, and when the read began and ended.
	read := func() (found [2]bool, start, end time.Time) {
		start = time.Now()
		resp, err := st.Read(e.ctx(), &onlinestore.ReadRequest{Project: e.project,
			Views: []onlinestore.ReadView{{FeatureView: view.Name, Features: statsFeatures, EntityKeys: keys}}})
		e.must(err, "Read")
		end = time.Now()
		if len(resp.Views) != 1 || len(resp.Views[0]) != len(keys) {
			e.Fatalf("Read answered %d views (first with %d rows), want 1 view with %d rows", len(resp.Views), firstLen(resp.Views), len(keys))
		}
		return [2]bool{resp.Views[0][0].Found, resp.Views[0][1].Found}, start, end
	}
	var last [2][2]time.Time // per key, the start and end of its last write
	last[0][0], last[0][1] = write(statsRow(1, 10, 10, "first"), statsRow(2, 10, 10, "first"))
	last[1] = last[0]
	rewritten := false
	var gone [2]bool
	for !gone[0] || !gone[1] {
		if !rewritten && time.Since(last[1][0]) >= ttl/2 {
			last[1][0], last[1][1] = write(statsRow(2, 20, 20, "again"))
			rewritten = true
		}
		found, rs, re := read()
		for k := range keys {
			switch {
			case !found[k] && re.Before(last[k][0].Add(ttl)):
				e.Fatalf("key %d was gone %s after its last write began; want it kept for its key TTL of %s", k+1,
					re.Sub(last[k][0]).Round(time.Millisecond), ttl)
			case !found[k]:
				gone[k] = true
			case rs.After(last[k][1].Add(ttl + keyTTLGrace(ttl))):
				e.Fatalf("key %d was still there %s after its last write; want it gone within its key TTL of %s and %s more", k+1,
					rs.Sub(last[k][1]).Round(time.Millisecond), ttl, keyTTLGrace(ttl))
			}
		}
		select {
		case <-e.ctx().Done():
			e.Fatalf("the case ended before the keys expired: %v", e.ctx().Err())
		case <-time.After(max(ttl/20, 10*time.Millisecond)):
		}
	}
}
