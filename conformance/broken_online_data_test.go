package conformance

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/quiverfs/quiver/conformance/memstore"
	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/storeerr"
	"github.com/quiverfs/quiver/sdk/types"
)

// The online data cases, each proved able to fail: every store below is
// memstore with one behavior broken (or, for the race, a map store that
// reads then writes), as real plugins break it.

// The cases' names, short.
var (
	odKeyParts  = "OnlineStore/Read/should keep apart composite keys that differ in one part or share a prefix"
	odSwapped   = "OnlineStore/Read/should keep apart the same values under different join keys"
	odNewerNull = "OnlineStore/WriteBatch/should let a newer null replace an older value"
	odOlderNull = "OnlineStore/WriteBatch/should not let an older null replace a newer value"
	odEmptyList = "OnlineStore/WriteBatch/should overwrite a list with an empty list and back"
	odRepeated  = "OnlineStore/Read/should answer every repeated key in its place"
	odEmptyKeys = "OnlineStore/Read/should answer an empty key list with no rows"
	odOrder     = "OnlineStore/Read/should return the requested features in the requested order"
	odEqualPair = "OnlineStore/WriteBatch/should let a row with an equal (event, created) pair replace the stored row"
	odPartial   = "OnlineStore/ApplyInfra/should keep the views a partial apply does not list"
	odUnapplied = "OnlineStore/Read/should report Found=false for a view that was never applied"
	odHealth    = "OnlineStore/Health/should answer without serving while not yet configured"
	odRacing    = "OnlineStore/WriteBatch/should keep the newest row when writers race on the same keys"
)

// odRewriteKeys returns a copy of rows with their keys replaced by one
// string part computed by enc: how a store that encodes keys badly sees them.
func odRewriteKeys(rows []onlinestore.WriteRow, enc func(types.EntityKey) string) []onlinestore.WriteRow {
	out := slices.Clone(rows)
	for i := range out {
		out[i].EntityKey = types.EntityKey{{JoinKey: "k", Value: types.StringValue(enc(out[i].EntityKey))}}
	}
	return out
}

// odKeyStore encodes every key with enc before memstore sees it.
type odKeyStore struct {
	*memstore.Online
	enc func(types.EntityKey) string
}

func (s odKeyStore) WriteBatch(ctx context.Context, req *onlinestore.WriteBatchRequest) (*onlinestore.WriteBatchResponse, error) {
	r := *req
	r.Rows = odRewriteKeys(req.Rows, s.enc)
	return s.Online.WriteBatch(ctx, &r)
}

func (s odKeyStore) Read(ctx context.Context, req *onlinestore.ReadRequest) (*onlinestore.ReadResponse, error) {
	r := *req
	r.Views = slices.Clone(req.Views)
	for i, v := range r.Views {
		keys := make([]types.EntityKey, len(v.EntityKeys))
		for j, k := range v.EntityKeys {
			keys[j] = types.EntityKey{{JoinKey: "k", Value: types.StringValue(s.enc(k))}}
		}
		r.Views[i].EntityKeys = keys
	}
	return s.Online.Read(ctx, &r)
}

// odConcat joins the values' text, as a store building "id:city"-less keys does.
func odConcat(k types.EntityKey) string {
	var b strings.Builder
	for _, p := range k {
		fmt.Fprint(&b, p.Value.Interface())
	}
	return b.String()
}

// odSortedValues keeps the values apart but forgets which join key holds which.
func odSortedValues(k types.EntityKey) string {
	vals := make([]string, len(k))
	for i, p := range k {
		vals[i] = fmt.Sprint(p.Value.Interface())
	}
	sort.Strings(vals)
	return strings.Join(vals, "\x1f")
}

// odStored reads the stored rows of a batch's keys, with all its features.
func odStored(ctx context.Context, s onlinestore.Store, req *onlinestore.WriteBatchRequest) []onlinestore.ReadRow {
	rv := onlinestore.ReadView{FeatureView: req.FeatureView, Features: req.FeatureNames}
	for _, r := range req.Rows {
		rv.EntityKeys = append(rv.EntityKeys, r.EntityKey)
	}
	resp, err := s.Read(ctx, &onlinestore.ReadRequest{Project: req.Project, Views: []onlinestore.ReadView{rv}})
	if err != nil {
		return make([]onlinestore.ReadRow, len(req.Rows))
	}
	return resp.Views[0]
}

// odNullKeepsOld treats a null as "leave the stored value".
type odNullKeepsOld struct{ *memstore.Online }

func (s odNullKeepsOld) WriteBatch(ctx context.Context, req *onlinestore.WriteBatchRequest) (*onlinestore.WriteBatchResponse, error) {
	r := *req
	r.Rows = slices.Clone(req.Rows)
	stored := odStored(ctx, s.Online, req)
	for i := range r.Rows {
		r.Rows[i].Values = slices.Clone(r.Rows[i].Values)
		for f, v := range r.Rows[i].Values {
			if v.IsNull() && stored[i].Found {
				r.Rows[i].Values[f] = stored[i].Values[f]
			}
		}
	}
	return s.Online.WriteBatch(ctx, &r)
}

// odNullsIgnoreTime applies a row's nulls even when the row is older, as a
// store turning nulls into field deletions outside its timestamp check does.
type odNullsIgnoreTime struct{ *memstore.Online }

func (s odNullsIgnoreTime) WriteBatch(ctx context.Context, req *onlinestore.WriteBatchRequest) (*onlinestore.WriteBatchResponse, error) {
	resp, err := s.Online.WriteBatch(ctx, req)
	if err != nil {
		return nil, err
	}
	stored := odStored(ctx, s.Online, req)
	for i, row := range req.Rows {
		st := stored[i]
		if !st.Found || !slices.ContainsFunc(row.Values, types.Value.IsNull) {
			continue
		}
		forced := onlinestore.WriteRow{EntityKey: row.EntityKey, Values: slices.Clone(st.Values),
			EventTimestamp: st.EventTimestamp, CreatedTimestamp: st.CreatedTimestamp} // an equal pair: replaces
		for f, v := range row.Values {
			if v.IsNull() {
				forced.Values[f] = v
			}
		}
		f := *req
		f.Rows = []onlinestore.WriteRow{forced}
		if _, err := s.Online.WriteBatch(ctx, &f); err != nil {
			return nil, err
		}
	}
	return resp, nil
}

// odEmptyAsNull stores empty lists, strings and bytes as null.
type odEmptyAsNull struct{ *memstore.Online }

func (s odEmptyAsNull) WriteBatch(ctx context.Context, req *onlinestore.WriteBatchRequest) (*onlinestore.WriteBatchResponse, error) {
	r := *req
	r.Rows = slices.Clone(req.Rows)
	for i := range r.Rows {
		r.Rows[i].Values = slices.Clone(r.Rows[i].Values)
		for f, v := range r.Rows[i].Values {
			if !v.IsNull() && (v.Type().IsList() && len(v.Elems()) == 0 || v.Type() == types.String && v.Str() == "" ||
				v.Type() == types.Bytes && len(v.BytesVal()) == 0) {
				r.Rows[i].Values[f] = types.Null()
			}
		}
	}
	return s.Online.WriteBatch(ctx, &r)
}

// odDedupRead answers each distinct key once.
type odDedupRead struct{ *memstore.Online }

func (s odDedupRead) Read(ctx context.Context, req *onlinestore.ReadRequest) (*onlinestore.ReadResponse, error) {
	r := *req
	r.Views = slices.Clone(req.Views)
	for i, v := range r.Views {
		seen := map[string]bool{}
		var keys []types.EntityKey
		for _, k := range v.EntityKeys {
			if !seen[k.String()] {
				seen[k.String()] = true
				keys = append(keys, k)
			}
		}
		r.Views[i].EntityKeys = keys
	}
	return s.Online.Read(ctx, &r)
}

// odDropsEmptyViews leaves views asked for no keys out of the answer.
type odDropsEmptyViews struct{ *memstore.Online }

func (s odDropsEmptyViews) Read(ctx context.Context, req *onlinestore.ReadRequest) (*onlinestore.ReadResponse, error) {
	resp, err := s.Online.Read(ctx, req)
	if err != nil {
		return nil, err
	}
	var views [][]onlinestore.ReadRow
	for i, v := range req.Views {
		if len(v.EntityKeys) > 0 {
			views = append(views, resp.Views[i])
		}
	}
	return &onlinestore.ReadResponse{Views: views}, nil
}

// odSpecs remembers the specs applied, by project and view.
type odSpecs struct {
	mu    sync.Mutex
	specs map[string]types.FeatureViewSpec
}

func (s *odSpecs) apply(req *onlinestore.ApplyInfraRequest) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.specs == nil {
		s.specs = map[string]types.FeatureViewSpec{}
	}
	for _, v := range req.ViewsToDelete {
		delete(s.specs, req.Project+"/"+v.Name)
	}
	for _, v := range req.ViewsToKeep {
		s.specs[req.Project+"/"+v.Name] = v
	}
}

func (s *odSpecs) get(project, view string) (types.FeatureViewSpec, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.specs[project+"/"+view]
	return v, ok
}

// odViewOrder returns the requested features in the view's order.
type odViewOrder struct {
	*memstore.Online
	specs *odSpecs
}

func (s odViewOrder) ApplyInfra(ctx context.Context, req *onlinestore.ApplyInfraRequest) (*onlinestore.ApplyInfraResponse, error) {
	s.specs.apply(req)
	return s.Online.ApplyInfra(ctx, req)
}

func (s odViewOrder) Read(ctx context.Context, req *onlinestore.ReadRequest) (*onlinestore.ReadResponse, error) {
	r := *req
	r.Views = slices.Clone(req.Views)
	for i, v := range r.Views {
		spec, ok := s.specs.get(req.Project, v.FeatureView)
		if !ok {
			continue
		}
		var inSpecOrder []string
		for _, f := range spec.Features {
			if slices.Contains(v.Features, f.Name) {
				inSpecOrder = append(inSpecOrder, f.Name)
			}
		}
		r.Views[i].Features = inSpecOrder
	}
	return s.Online.Read(ctx, &r)
}

// odStrictlyNewer replaces a stored row only with a strictly newer one.
type odStrictlyNewer struct{ *memstore.Online }

func (s odStrictlyNewer) WriteBatch(ctx context.Context, req *onlinestore.WriteBatchRequest) (*onlinestore.WriteBatchResponse, error) {
	stored := odStored(ctx, s.Online, req)
	r := *req
	r.Rows = nil
	for i, row := range req.Rows {
		if stored[i].Found && stored[i].EventTimestamp.Equal(row.EventTimestamp) && stored[i].CreatedTimestamp.Equal(row.CreatedTimestamp) {
			continue
		}
		r.Rows = append(r.Rows, row)
	}
	if _, err := s.Online.WriteBatch(ctx, &r); err != nil {
		return nil, err
	}
	return &onlinestore.WriteBatchResponse{RowsReceived: int64(len(req.Rows))}, nil
}

// odPartialIgnored treats every apply as listing every view: the project's
// views it does not list are dropped.
type odPartialIgnored struct {
	*memstore.Online
	specs *odSpecs
}

func (s odPartialIgnored) ApplyInfra(ctx context.Context, req *onlinestore.ApplyInfraRequest) (*onlinestore.ApplyInfraResponse, error) {
	r := *req
	s.specs.mu.Lock()
	for id, v := range s.specs.specs {
		if strings.HasPrefix(id, req.Project+"/") && !slices.ContainsFunc(req.ViewsToKeep, func(k types.FeatureViewSpec) bool { return k.Name == v.Name }) {
			r.ViewsToDelete = append(slices.Clone(r.ViewsToDelete), v)
		}
	}
	s.specs.mu.Unlock()
	s.specs.apply(&r)
	return s.Online.ApplyInfra(ctx, &r)
}

// odPartialKeepsDeletes deletes nothing in a partial apply.
type odPartialKeepsDeletes struct{ *memstore.Online }

func (s odPartialKeepsDeletes) ApplyInfra(ctx context.Context, req *onlinestore.ApplyInfraRequest) (*onlinestore.ApplyInfraResponse, error) {
	r := *req
	if r.Partial {
		r.ViewsToDelete = nil
	}
	return s.Online.ApplyInfra(ctx, &r)
}

// odUnappliedNotFound fails a Read of a view that is not applied, as
// memstore, the SQLite store and Milvus did.
type odUnappliedNotFound struct {
	*memstore.Online
	specs *odSpecs
}

func (s odUnappliedNotFound) ApplyInfra(ctx context.Context, req *onlinestore.ApplyInfraRequest) (*onlinestore.ApplyInfraResponse, error) {
	s.specs.apply(req)
	return s.Online.ApplyInfra(ctx, req)
}

func (s odUnappliedNotFound) Read(ctx context.Context, req *onlinestore.ReadRequest) (*onlinestore.ReadResponse, error) {
	for _, v := range req.Views {
		if _, ok := s.specs.get(req.Project, v.FeatureView); !ok {
			return nil, storeerr.NotFound("feature view %q of project %q is not applied", v.FeatureView, req.Project)
		}
	}
	return s.Online.Read(ctx, req)
}

// odEarlyHealthStore is memstore whose Health before Configure serves, panics
// or hangs.
type odEarlyHealthStore struct {
	*memstore.Online
	how        string // "serving", "panic" or "hang"
	mu         sync.Mutex
	configured bool
}

func (s *odEarlyHealthStore) Configure(ctx context.Context, req *onlinestore.ConfigureRequest) (*onlinestore.ConfigureResponse, error) {
	resp, err := s.Online.Configure(ctx, req)
	if err == nil {
		s.mu.Lock()
		s.configured = true
		s.mu.Unlock()
	}
	return resp, err
}

func (s *odEarlyHealthStore) Health(ctx context.Context, req *onlinestore.HealthRequest) (*onlinestore.HealthResponse, error) {
	s.mu.Lock()
	configured := s.configured
	s.mu.Unlock()
	if !configured {
		switch s.how {
		case "serving":
			return &onlinestore.HealthResponse{Serving: true, Message: "memory store serving"}, nil
		case "panic":
			panic("memory store: no settings yet")
		case "hang":
			<-ctx.Done()
			return nil, ctx.Err()
		}
	}
	return s.Online.Health(ctx, req)
}

// odRacy is a map store that keeps newer-wins for one writer but reads the
// stored row and writes in two steps, with a gap, like a store with a
// round trip between its GET and its SET.
type odRacy struct {
	mu         sync.Mutex
	configured bool
	rows       map[string]odRacyRow // project/view/key
}

type odRacyRow struct {
	event, created time.Time
	vals           map[string]types.Value
}

var _ onlinestore.Store = (*odRacy)(nil)

func (s *odRacy) Configure(context.Context, *onlinestore.ConfigureRequest) (*onlinestore.ConfigureResponse, error) {
	s.mu.Lock()
	s.configured = true
	s.mu.Unlock()
	return &onlinestore.ConfigureResponse{}, nil
}

func (s *odRacy) drop(prefix string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for id := range s.rows {
		if strings.HasPrefix(id, prefix) {
			delete(s.rows, id)
		}
	}
}

func (s *odRacy) ApplyInfra(_ context.Context, req *onlinestore.ApplyInfraRequest) (*onlinestore.ApplyInfraResponse, error) {
	for _, v := range req.ViewsToDelete {
		s.drop(req.Project + "/" + v.Name + "/")
	}
	return &onlinestore.ApplyInfraResponse{}, nil
}

func (s *odRacy) Teardown(_ context.Context, req *onlinestore.TeardownRequest) (*onlinestore.TeardownResponse, error) {
	s.drop(req.Project + "/")
	return &onlinestore.TeardownResponse{}, nil
}

func (s *odRacy) WriteBatch(_ context.Context, req *onlinestore.WriteBatchRequest) (*onlinestore.WriteBatchResponse, error) {
	for _, r := range req.Rows {
		id := rowID(req.Project, req.FeatureView, r.EntityKey)
		s.mu.Lock()
		cur, ok := s.rows[id]
		s.mu.Unlock()
		time.Sleep(20 * time.Microsecond) // the round trip between GET and SET
		if ok && (cur.event.After(r.EventTimestamp) || cur.event.Equal(r.EventTimestamp) && cur.created.After(r.CreatedTimestamp)) {
			continue
		}
		vals := map[string]types.Value{}
		for i, n := range req.FeatureNames {
			vals[n] = r.Values[i]
		}
		s.mu.Lock()
		s.rows[id] = odRacyRow{event: r.EventTimestamp.UTC(), created: r.CreatedTimestamp.UTC(), vals: vals}
		s.mu.Unlock()
	}
	return &onlinestore.WriteBatchResponse{RowsReceived: int64(len(req.Rows))}, nil
}

func (s *odRacy) Read(_ context.Context, req *onlinestore.ReadRequest) (*onlinestore.ReadResponse, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := &onlinestore.ReadResponse{}
	for _, v := range req.Views {
		rows := make([]onlinestore.ReadRow, len(v.EntityKeys))
		for i, k := range v.EntityKeys {
			r, ok := s.rows[rowID(req.Project, v.FeatureView, k)]
			if !ok {
				continue
			}
			rows[i] = onlinestore.ReadRow{Found: true, EventTimestamp: r.event, CreatedTimestamp: r.created}
			for _, f := range v.Features {
				rows[i].Values = append(rows[i].Values, r.vals[f])
			}
		}
		out.Views = append(out.Views, rows)
	}
	return out, nil
}

func (s *odRacy) Health(context.Context, *onlinestore.HealthRequest) (*onlinestore.HealthResponse, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return &onlinestore.HealthResponse{Serving: s.configured}, nil
}

// TestOnlineDataCasesFailBrokenStores runs the online data cases against
// each broken store: exactly the listed cases fail, each with a message
// holding says; every other one passes. The correct memstore passes all.
func TestOnlineDataCasesFailBrokenStores(t *testing.T) {
	t.Parallel()
	mem := func() *memstore.Online { return memstore.NewOnline() }
	tests := []struct {
		name   string
		store  func() onlinestore.Store
		direct bool                // call the store directly (a panic would end the test binary behind the shims)
		fails  map[string][]string // case -> what its message must say
	}{
		{name: "memstore (correct)", store: func() onlinestore.Store { return mem() }},
		{name: "keys are their values' text joined", store: func() onlinestore.Store { return odKeyStore{mem(), odConcat} },
			fails: map[string][]string{odKeyParts: {"returned the row written for key", "keys that differ in any join key are different entities"}}},
		{name: "keys are their sorted values", store: func() onlinestore.Store { return odKeyStore{mem(), odSortedValues} },
			fails: map[string][]string{odSwapped: {"returned the row written for key", "the same values under other join keys are another entity"}}},
		{name: "a null leaves the stored value", store: func() onlinestore.Store { return odNullKeepsOld{mem()} },
			fails: map[string][]string{odNewerNull: {"want null: a null in a newer row is the feature's value now", "the host would report PRESENT, want NULL_VALUE"}}},
		{name: "nulls applied outside the timestamp check", store: func() onlinestore.Store { return odNullsIgnoreTime{mem()} },
			fails: map[string][]string{odOlderNull: {"= null, want", "an older row loses whole, nulls included"}}},
		{name: "empty values stored as null", store: func() onlinestore.Store { return odEmptyAsNull{mem()} },
			fails: map[string][]string{odEmptyList: {"after writing empty values over values", "an empty list (or string, or bytes) is a value"}}},
		{name: "repeated keys answered once", store: func() onlinestore.Store { return odDedupRead{mem()} },
			fails: map[string][]string{odRepeated: {"rows for 9 keys", "one row per requested key"}}},
		{name: "views without keys left out of the answer", store: func() onlinestore.Store { return odDropsEmptyViews{mem()} },
			fails: map[string][]string{odEmptyKeys: {"answered 0 views", "a view asked for no keys is answered with no rows"}}},
		{name: "features answered in the view's order", store: func() onlinestore.Store { return odViewOrder{mem(), &odSpecs{}} },
			fails: map[string][]string{odOrder: {`features "d", "c", "b", "a"`, "values align with ReadView.Features"}}},
		{name: "an equal pair does not replace", store: func() onlinestore.Store { return odStrictlyNewer{mem()} },
			fails: map[string][]string{odEqualPair: {`still holds the row "first" after the row "second"`, "an equal pair is not older"}}},
		{name: "a partial apply drops the views it does not list", store: func() onlinestore.Store { return odPartialIgnored{mem(), &odSpecs{}} },
			fails: map[string][]string{
				odPartial:   {"view partial_b: Found = false, want true", "a view it does not list keeps its rows"},
				odUnapplied: {"a deleted view: view driver_stats, key driver_id=1: Found = false, want true"}}},
		{name: "a partial apply deletes nothing", store: func() onlinestore.Store { return odPartialKeepsDeletes{mem()} },
			fails: map[string][]string{
				odPartial:   {"view partial_c: Found = true, want false", "a view in ViewsToDelete loses its rows, Partial or not"},
				odUnapplied: {"a deleted view: view deleted_view, key driver_id=1: Found = true, want false"}}},
		{name: "a view never applied is NotFound", store: func() onlinestore.Store { return odUnappliedNotFound{mem(), &odSpecs{}} },
			fails: map[string][]string{odUnapplied: {"is not applied", "Read answers one Found=false row per key"}}},
		{name: "Health serves before Configure", store: func() onlinestore.Store { return &odEarlyHealthStore{Online: mem(), how: "serving"} },
			fails: map[string][]string{odHealth: {"Health before Configure reported serving", "a store that has not been configured cannot serve"}}},
		{name: "Health panics before Configure", store: func() onlinestore.Store { return &odEarlyHealthStore{Online: mem(), how: "panic"} }, direct: true,
			fails: map[string][]string{odHealth: {"Health before Configure panicked (memory store: no settings yet)"}}},
		{name: "Health hangs before Configure", store: func() onlinestore.Store { return &odEarlyHealthStore{Online: mem(), how: "hang"} },
			fails: map[string][]string{odHealth: {"did not answer within 5s", "never wait for a configuration"}}},
		{name: "read then write, not atomic", store: func() onlinestore.Store { return &odRacy{rows: map[string]odRacyRow{}} },
			fails: map[string][]string{odRacing: {"but writer", "newer-wins must hold between concurrent writers", "keys lost a race"}}},
	}
	var names []string
	for _, c := range onlineDataCases() {
		names = append(names, c.name)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			for name := range tt.fails {
				if !slices.Contains(names, name) {
					t.Fatalf("no case %q", name)
				}
			}
			cfg := NewConfig()
			cfg.Online, cfg.NewOnline, cfg.Direct = tt.store(), tt.store, tt.direct
			for _, r := range runNamed(t, cfg, names) {
				says, wantFail := tt.fails[r.Name]
				switch {
				case wantFail && r.Status != StatusFail:
					t.Errorf("%s: %s, want FAIL", r.Name, r.Status)
				case wantFail:
					t.Logf("%s fails: %s", r.Name, shorten(r.Message, 400))
					for _, s := range says {
						if !strings.Contains(r.Message, s) {
							t.Errorf("%s: the message does not say %q:\n%s", r.Name, s, r.Message)
						}
					}
				case r.Status != StatusPass:
					t.Errorf("%s: %s %q, want PASS", r.Name, r.Status, r.Message)
				}
			}
		})
	}
}
