package conformance

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/quiverfs/quiver/conformance/internal/remotestore"
	"github.com/quiverfs/quiver/conformance/memstore"
	"github.com/quiverfs/quiver/sdk/offlinestore"
	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/types"
)

// The stores below each have one deliberate bug that a case of
// scopeCases (or a case it changed) must catch; the correct stores they
// break pass the same cases.

// The cases the variants fail, by short name.
const (
	caseTeardownNamed    = "OfflineStore/Teardown/should remove the sources it names and keep the others"
	caseTeardownOther    = "OfflineStore/Teardown/should keep another project's rows in a source of the same name"
	caseFilterRange      = "OfflineStore/PullRange/should return only the rows of the listed entity keys"
	caseFilterLatest     = "OfflineStore/PullLatest/should return only the latest rows of the listed entity keys"
	caseCompositeRange   = "OfflineStore/PullRange/should match every part of a composite entity key"
	caseCompositeLatest  = "OfflineStore/PullLatest/should match every part of a composite entity key"
	caseKeyTTL           = "OnlineStore/Read/should stop returning a key once its key TTL has passed since its last write"
	caseTTLZero          = "OnlineStore/Read/should return rows of a view without ttl however old their event time"
	caseTTLStatuses      = "OnlineStore/Read/should give statuses with the ttl applied at read time"
	caseHealthDown       = "OnlineStore/Health/should report not serving when the backend is unreachable"
	caseReadDown         = "OnlineStore/Read/should fail with Unavailable when the backend is unreachable"
	caseWriteDown        = "OnlineStore/WriteBatch/should fail with Unavailable when the backend is unreachable"
	casePullDown         = "OfflineStore/PullRange/should fail with Unavailable when the backend is unreachable"
	caseOffWriteDown     = "OfflineStore/WriteBatch/should fail with Unavailable when the backend is unreachable"
	caseBadConfigOnline  = "OnlineStore/Configure/should keep the stored data when it rejects a bad config"
	caseBadConfigOffline = "OfflineStore/Configure/should keep the stored data when it rejects a bad config"
	caseOfflineName      = "OfflineStore/GetCapabilities/should report the plugin's name"
)

// writesSeen remembers every project and source an offline store wrote.
type writesSeen struct {
	mu      sync.Mutex
	sources map[string][]types.DataSourceSpec // project -> sources
}

func (w *writesSeen) note(project string, src types.DataSourceSpec) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.sources == nil {
		w.sources = map[string][]types.DataSourceSpec{}
	}
	w.sources[project] = append(w.sources[project], src)
}

func (w *writesSeen) snapshot() map[string][]types.DataSourceSpec {
	w.mu.Lock()
	defer w.mu.Unlock()
	out := map[string][]types.DataSourceSpec{}
	for p, s := range w.sources {
		out[p] = slices.Clone(s)
	}
	return out
}

// teardownEveryProject drops the named sources of every project.
type teardownEveryProject struct {
	*memstore.Offline
	seen writesSeen
}

func (s *teardownEveryProject) WriteBatch(ctx context.Context, req *offlinestore.WriteBatchRequest) (*offlinestore.WriteBatchResponse, error) {
	s.seen.note(req.Project, req.Destination)
	return s.Offline.WriteBatch(ctx, req)
}

func (s *teardownEveryProject) Teardown(ctx context.Context, req *offlinestore.TeardownRequest) (*offlinestore.TeardownResponse, error) {
	for p := range s.seen.snapshot() {
		r := *req
		r.Project = p
		if _, err := s.Offline.Teardown(ctx, &r); err != nil {
			return nil, err
		}
	}
	return &offlinestore.TeardownResponse{}, nil
}

// teardownWholeProject drops every source of the project, named or not.
type teardownWholeProject struct {
	*memstore.Offline
	seen writesSeen
}

func (s *teardownWholeProject) WriteBatch(ctx context.Context, req *offlinestore.WriteBatchRequest) (*offlinestore.WriteBatchResponse, error) {
	s.seen.note(req.Project, req.Destination)
	return s.Offline.WriteBatch(ctx, req)
}

func (s *teardownWholeProject) Teardown(ctx context.Context, req *offlinestore.TeardownRequest) (*offlinestore.TeardownResponse, error) {
	r := *req
	r.Sources = s.seen.snapshot()[req.Project]
	return s.Offline.Teardown(ctx, &r)
}

// teardownNothing removes nothing.
type teardownNothing struct{ *memstore.Offline }

func (teardownNothing) Teardown(context.Context, *offlinestore.TeardownRequest) (*offlinestore.TeardownResponse, error) {
	return &offlinestore.TeardownResponse{}, nil
}

// entityFilterIgnored advertises entity filters and pulls every key.
type entityFilterIgnored struct{ *memstore.Offline }

func (s entityFilterIgnored) PullRange(ctx context.Context, req *offlinestore.PullRequest) (*offlinestore.PullResponse, error) {
	r := *req
	r.EntityKeys = nil
	return s.Offline.PullRange(ctx, &r)
}

func (s entityFilterIgnored) PullLatest(ctx context.Context, req *offlinestore.PullRequest) (*offlinestore.PullResponse, error) {
	r := *req
	r.EntityKeys = nil
	return s.Offline.PullLatest(ctx, &r)
}

// filterPartByPart matches each part of a key on its own (one IN list
// per join key), so (1, b) passes for the keys (1, a) and (2, b).
type filterPartByPart struct{ *memstore.Offline }

// crossProduct returns every combination of the parts of keys.
func crossProduct(keys []types.EntityKey) []types.EntityKey {
	if len(keys) == 0 {
		return nil
	}
	out := []types.EntityKey{{}}
	for i := range keys[0] {
		var vals []types.Value
		for _, k := range keys {
			if !slices.ContainsFunc(vals, k[i].Value.Equal) {
				vals = append(vals, k[i].Value)
			}
		}
		var next []types.EntityKey
		for _, prefix := range out {
			for _, v := range vals {
				next = append(next, append(slices.Clone(prefix), types.KeyPart{JoinKey: keys[0][i].JoinKey, Value: v}))
			}
		}
		out = next
	}
	return out
}

func (s filterPartByPart) PullRange(ctx context.Context, req *offlinestore.PullRequest) (*offlinestore.PullResponse, error) {
	r := *req
	r.EntityKeys = crossProduct(req.EntityKeys)
	return s.Offline.PullRange(ctx, &r)
}

func (s filterPartByPart) PullLatest(ctx context.Context, req *offlinestore.PullRequest) (*offlinestore.PullResponse, error) {
	r := *req
	r.EntityKeys = crossProduct(req.EntityKeys)
	return s.Offline.PullLatest(ctx, &r)
}

// filterNoneMeansAll pulls every key when none of the listed keys has rows.
type filterNoneMeansAll struct{ *memstore.Offline }

func (s filterNoneMeansAll) pull(ctx context.Context, req *offlinestore.PullRequest,
	call func(context.Context, *offlinestore.PullRequest) (*offlinestore.PullResponse, error)) (*offlinestore.PullResponse, error) {
	resp, err := call(ctx, req)
	if err != nil {
		return nil, err
	}
	var recs []arrow.RecordBatch
	rows := int64(0)
	for resp.Records.Next() {
		rec := resp.Records.RecordBatch()
		rec.Retain()
		recs = append(recs, rec)
		rows += rec.NumRows()
	}
	schema := resp.Records.Schema()
	resp.Records.Release()
	if rows == 0 && len(req.EntityKeys) > 0 {
		r := *req
		r.EntityKeys = nil
		return call(ctx, &r)
	}
	rd, err := array.NewRecordReader(schema, recs)
	for _, r := range recs {
		r.Release()
	}
	return &offlinestore.PullResponse{Records: rd}, err
}

func (s filterNoneMeansAll) PullRange(ctx context.Context, req *offlinestore.PullRequest) (*offlinestore.PullResponse, error) {
	return s.pull(ctx, req, s.Offline.PullRange)
}

func (s filterNoneMeansAll) PullLatest(ctx context.Context, req *offlinestore.PullRequest) (*offlinestore.PullResponse, error) {
	return s.pull(ctx, req, s.Offline.PullLatest)
}

// keyTTLScaled advertises key TTL and keeps keys key_ttl times scale.
type keyTTLScaled struct {
	*memstore.Online
	scale float64 // 0: never expires
}

func (s keyTTLScaled) Configure(ctx context.Context, req *onlinestore.ConfigureRequest) (*onlinestore.ConfigureResponse, error) {
	var fields map[string]any
	if err := json.Unmarshal(req.Config, &fields); err != nil {
		return nil, err
	}
	if v, ok := fields["key_ttl"].(string); ok {
		d, err := time.ParseDuration(v)
		if err != nil {
			return nil, err
		}
		delete(fields, "key_ttl")
		if s.scale > 0 {
			fields["key_ttl"] = time.Duration(float64(d) * s.scale).String()
		}
	}
	r := *req
	r.Config, _ = json.Marshal(fields)
	return s.Online.Configure(ctx, &r)
}

// ttlAppliedByStore hides rows older than their view's ttl, taking ttl 0
// as no time at all, instead of leaving the ttl to the host.
type ttlAppliedByStore struct {
	*memstore.Online
	mu  sync.Mutex
	ttl map[string]time.Duration // project/view -> ttl
}

func (s *ttlAppliedByStore) ApplyInfra(ctx context.Context, req *onlinestore.ApplyInfraRequest) (*onlinestore.ApplyInfraResponse, error) {
	s.mu.Lock()
	if s.ttl == nil {
		s.ttl = map[string]time.Duration{}
	}
	for _, v := range req.ViewsToKeep {
		s.ttl[req.Project+"/"+v.Name] = v.TTL
	}
	s.mu.Unlock()
	return s.Online.ApplyInfra(ctx, req)
}

func (s *ttlAppliedByStore) Read(ctx context.Context, req *onlinestore.ReadRequest) (*onlinestore.ReadResponse, error) {
	resp, err := s.Online.Read(ctx, req)
	if err != nil {
		return nil, err
	}
	now := time.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, v := range req.Views {
		ttl := s.ttl[req.Project+"/"+v.FeatureView]
		for j, r := range resp.Views[i] {
			if r.Found && r.EventTimestamp.Before(now.Add(-ttl)) {
				resp.Views[i][j] = onlinestore.ReadRow{}
			}
		}
	}
	return resp, nil
}

// addrConfig returns {"address": addr}.
func addrConfig(addr string) json.RawMessage {
	b, _ := json.Marshal(map[string]string{"address": addr})
	return b
}

// remoteConfig is the remote store with faults f, its backend up, and a
// config of a closed port.
func remoteConfig(t *testing.T, f remotestore.Faults) Config {
	cfg := NewConfig()
	cfg.Name = "remote"
	cfg.Online, cfg.Offline = remotestore.NewOnline(f), remotestore.NewOffline(f)
	cfg.NewOnline = func() onlinestore.Store { return remotestore.NewOnline(f) }
	cfg.NewOffline = func() offlinestore.Store { return remotestore.NewOffline(f) }
	cfg.StoreConfig = addrConfig(remotestore.UpBackend(t))
	cfg.UnreachableConfig = addrConfig(remotestore.DownBackend(t))
	cfg.UnreachableTimeout = time.Second
	cfg.BadConfig = json.RawMessage(`{"no_such_key": 1}`)
	return cfg
}

// memoryCfg is memstore, with the key TTL config, around the given stores.
func memoryCfg(on onlinestore.Store, off offlinestore.Store) Config {
	cfg := NewConfig()
	cfg.Name = "memory"
	cfg.Online, cfg.Offline = on, off
	cfg.BadConfig = json.RawMessage(`{"no_such_key": 1}`)
	cfg.KeyTTLConfig, cfg.KeyTTL = json.RawMessage(`{"key_ttl": "1s"}`), time.Second
	return cfg
}

func TestScopeCasesFailBrokenStores(t *testing.T) {
	variants := []struct {
		name     string
		cfg      func(t *testing.T) Config
		wantFail []string
	}{
		{"offline teardown drops the source in every project",
			func(*testing.T) Config { return memoryCfg(nil, &teardownEveryProject{Offline: memstore.NewOffline()}) },
			[]string{caseTeardownOther}},
		{"offline teardown drops every source of the project",
			func(*testing.T) Config { return memoryCfg(nil, &teardownWholeProject{Offline: memstore.NewOffline()}) },
			[]string{caseTeardownNamed}},
		{"offline teardown removes nothing",
			func(*testing.T) Config { return memoryCfg(nil, teardownNothing{memstore.NewOffline()}) },
			[]string{caseTeardownNamed, caseTeardownOther}},
		{"entity filter ignored",
			func(*testing.T) Config { return memoryCfg(nil, entityFilterIgnored{memstore.NewOffline()}) },
			[]string{caseFilterRange, caseFilterLatest, caseCompositeRange, caseCompositeLatest}},
		{"composite keys matched part by part",
			func(*testing.T) Config { return memoryCfg(nil, filterPartByPart{memstore.NewOffline()}) },
			[]string{caseCompositeRange, caseCompositeLatest}},
		{"no key found means every key",
			func(*testing.T) Config { return memoryCfg(nil, filterNoneMeansAll{memstore.NewOffline()}) },
			[]string{caseFilterRange, caseFilterLatest}},
		{"keys never expire",
			func(*testing.T) Config { return memoryCfg(keyTTLScaled{memstore.NewOnline(), 0}, nil) },
			[]string{caseKeyTTL}},
		{"keys expire at a quarter of their TTL",
			func(*testing.T) Config { return memoryCfg(keyTTLScaled{memstore.NewOnline(), 0.25}, nil) },
			[]string{caseKeyTTL}},
		{"keys expire eight times too late",
			func(*testing.T) Config { return memoryCfg(keyTTLScaled{memstore.NewOnline(), 8}, nil) },
			[]string{caseKeyTTL}},
		{"the store applies the view's ttl, 0 as none",
			func(*testing.T) Config { return memoryCfg(&ttlAppliedByStore{Online: memstore.NewOnline()}, nil) },
			[]string{caseTTLZero, caseTTLStatuses}},
		{"Health always says serving",
			func(t *testing.T) Config { return remoteConfig(t, remotestore.Faults{HealthAlwaysServing: true}) },
			[]string{caseHealthDown}},
		{"reads and writes served from memory while the backend is down",
			func(t *testing.T) Config { return remoteConfig(t, remotestore.Faults{ServeWhileDown: true}) },
			[]string{caseReadDown, caseWriteDown, casePullDown, caseOffWriteDown}},
		{"calls hang while the backend is down",
			func(t *testing.T) Config { return remoteConfig(t, remotestore.Faults{HangWhileDown: true}) },
			[]string{caseHealthDown, caseReadDown, caseWriteDown, casePullDown, caseOffWriteDown}},
		{"Configure clears the data before it rejects a config",
			func(t *testing.T) Config { return remoteConfig(t, remotestore.Faults{ClearOnBadConfig: true}) },
			[]string{caseBadConfigOnline, caseBadConfigOffline}},
	}
	// The correct stores the variants break pass every case the variants fail.
	correct := map[string]func(t *testing.T) Config{
		"memory": func(*testing.T) Config { return memoryCfg(memstore.NewOnline(), memstore.NewOffline()) },
		"remote": func(t *testing.T) Config { return remoteConfig(t, remotestore.Faults{}) },
	}
	var all []string
	for _, v := range variants {
		all = append(all, v.wantFail...)
	}
	for _, name := range []string{"memory", "remote"} {
		t.Run("correct "+name, func(t *testing.T) {
			results := runNamed(t, correct[name](t), all)
			for _, r := range results {
				if r.Status == StatusFail {
					t.Errorf("%s: FAIL %s", r.Name, r.Message)
				}
			}
			for _, want := range all {
				if !slices.ContainsFunc(results, func(r Result) bool { return r.Name == want && r.Status == StatusPass }) &&
					(name == "remote") == isRemoteCase(want) {
					t.Errorf("%s does not PASS against the correct %s store", want, name)
				}
			}
		})
	}
	for _, v := range variants {
		t.Run(v.name, func(t *testing.T) {
			results := runNamed(t, v.cfg(t), v.wantFail)
			if len(results) != len(v.wantFail) {
				t.Fatalf("%d results for %d cases: %+v", len(results), len(v.wantFail), results)
			}
			for _, r := range results {
				if r.Status != StatusFail || !strings.Contains(r.Message, "want") {
					t.Errorf("%s: %s %q, want FAIL with a message", r.Name, r.Status, r.Message)
				} else {
					t.Logf("%s: FAIL %s", r.Name, firstMessageLine(r.Message))
				}
			}
		})
	}
}

// isRemoteCase reports whether a case needs the remote store's backend.
func isRemoteCase(name string) bool {
	return strings.Contains(name, "unreachable") || strings.Contains(name, "rejects a bad config")
}

// runNamed runs the named cases against cfg.
func runNamed(t *testing.T, cfg Config, names []string) []Result {
	t.Helper()
	results, err := RunCases(t.Context(), cfg, Options{Match: func(n string) bool { return slices.Contains(names, n) }})
	if err != nil {
		t.Fatal(err)
	}
	return results
}

func firstMessageLine(s string) string {
	l, _, _ := strings.Cut(s, "\n")
	return l
}
