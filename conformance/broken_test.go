package conformance

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/types"
)

// lastWriteStore is a deliberately broken online store: the last write
// wins, whatever its timestamps. Everything else works.
type lastWriteStore struct {
	mu   sync.Mutex
	rows map[string]onlinestore.ReadRow // project/view/key/feature-set -> row
	vals map[string]map[string]types.Value
}

var _ onlinestore.Store = (*lastWriteStore)(nil)

func newLastWriteStore() *lastWriteStore {
	return &lastWriteStore{rows: map[string]onlinestore.ReadRow{}, vals: map[string]map[string]types.Value{}}
}

func rowID(project, view string, k types.EntityKey) string {
	return project + "/" + view + "/" + k.String()
}

func (s *lastWriteStore) Configure(context.Context, *onlinestore.ConfigureRequest) (*onlinestore.ConfigureResponse, error) {
	return &onlinestore.ConfigureResponse{}, nil
}

func (s *lastWriteStore) ApplyInfra(context.Context, *onlinestore.ApplyInfraRequest) (*onlinestore.ApplyInfraResponse, error) {
	return &onlinestore.ApplyInfraResponse{}, nil
}

func (s *lastWriteStore) Teardown(_ context.Context, req *onlinestore.TeardownRequest) (*onlinestore.TeardownResponse, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for id := range s.rows {
		if strings.HasPrefix(id, req.Project+"/") {
			delete(s.rows, id)
			delete(s.vals, id)
		}
	}
	return &onlinestore.TeardownResponse{}, nil
}

func (s *lastWriteStore) WriteBatch(_ context.Context, req *onlinestore.WriteBatchRequest) (*onlinestore.WriteBatchResponse, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, r := range req.Rows {
		id := rowID(req.Project, req.FeatureView, r.EntityKey)
		s.rows[id] = onlinestore.ReadRow{Found: true, EventTimestamp: r.EventTimestamp, CreatedTimestamp: r.CreatedTimestamp}
		vals := map[string]types.Value{}
		for i, n := range req.FeatureNames {
			vals[n] = r.Values[i]
		}
		s.vals[id] = vals
	}
	return &onlinestore.WriteBatchResponse{RowsReceived: int64(len(req.Rows))}, nil
}

func (s *lastWriteStore) Read(_ context.Context, req *onlinestore.ReadRequest) (*onlinestore.ReadResponse, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := &onlinestore.ReadResponse{}
	for _, v := range req.Views {
		rows := make([]onlinestore.ReadRow, len(v.EntityKeys))
		for i, k := range v.EntityKeys {
			id := rowID(req.Project, v.FeatureView, k)
			r, ok := s.rows[id]
			if !ok {
				continue
			}
			for _, f := range v.Features {
				r.Values = append(r.Values, s.vals[id][f])
			}
			rows[i] = r
		}
		out.Views = append(out.Views, rows)
	}
	return out, nil
}

func (s *lastWriteStore) Health(context.Context, *onlinestore.HealthRequest) (*onlinestore.HealthResponse, error) {
	return &onlinestore.HealthResponse{Serving: true}, nil
}

// TestSuiteFailsABrokenStore proves the suite can fail: a store that
// ignores newer-wins fails exactly the newer-wins cases, through the
// runner and the real gRPC shims.
func TestSuiteFailsABrokenStore(t *testing.T) {
	cfg := NewConfig()
	cfg.Online = newLastWriteStore()
	results, err := RunCases(t.Context(), cfg, Options{})
	if err != nil {
		t.Fatal(err)
	}
	// The concurrency case may pass or fail by timing, so it is not listed.
	wantFail := map[string]bool{
		"OnlineStore/WriteBatch/should not overwrite a newer row with an older one":                   true,
		"OnlineStore/WriteBatch/should keep the newest row of one batch whatever the order":           true,
		"OnlineStore/WriteBatch/should let the newer created timestamp win on equal event time":       true,
		"OnlineStore/ApplyInfra/should delete a removed view's data and keep the other views":         true,
		"OnlineStore/Read/should return exact values for every type":                                  false,
		"OnlineStore/Read/should align rows of many views and many keys in one call":                  false,
		"OnlineStore/SearchVectors/should return the exact top-k by l2 distance":                      false,
		"OfflineStore/PullLatest/should return the latest row per entity in [start, end)":             false,
		"OnlineStore/Teardown/should remove the project's data":                                       false,
		"OnlineStore/WriteBatch/should accept one call of more than 4 MiB":                            false,
		"OnlineStore/GetCapabilities/should advertise consistent vector search options":               false,
		"OnlineStore/Configure/should reject a bad config with InvalidArgument":                       false,
		"OnlineStore/Read/should report Found=false for an unknown entity":                            false,
		"OnlineStore/Read/should isolate projects":                                                    false,
		"OnlineStore/SearchVectors/should reject a query of the wrong dimension with InvalidArgument": false,
		"OfflineStore/PullRange/should return the rows in [start, end)":                               false,
		"OnlineStore/Read/should return the values written":                                           false,
		"OnlineStore/SearchVectors/should return no hits from an empty view":                          false,
		"OnlineStore/GetCapabilities/should report the plugin's name":                                 false,
		"OfflineStore/GetSourceSchema/should list the columns written":                                false,
		"OnlineStore/SearchVectors/should apply the eq filter":                                        false,
		"OnlineStore/SearchVectors/should return the exact top-k by cosine distance":                  false,
		"OnlineStore/SearchVectors/should return the exact top-k by inner_product distance":           false,
	}
	byName := map[string]Result{}
	for _, r := range results {
		byName[r.Name] = r
	}
	for name, fail := range wantFail {
		r, ok := byName[name]
		switch {
		case !ok:
			t.Errorf("no result for %q", name)
		case fail && (r.Status != StatusFail || !strings.Contains(r.Message, "want")):
			t.Errorf("%s: %s %q, want FAIL with a message", name, r.Status, r.Message)
		case !fail && r.Status == StatusFail:
			t.Errorf("%s: FAIL %q, want PASS or SKIP", name, r.Message)
		}
	}
}
