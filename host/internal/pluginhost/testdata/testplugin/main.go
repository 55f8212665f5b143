// Command testplugin is a tiny in-memory online store served over the
// plugin protocol, built by pluginhost's tests as quiver-plugin-<name>.
// Read, WriteBatch and ApplyInfra fail until Configure was called, so a
// test can tell whether the host replayed Configure after a relaunch.
// A Read of project "slow" blocks for a minute, so a test can kill the
// plugin while a call is in flight. With TESTPLUGIN_VECTOR=1 in its
// environment it advertises vector search.
package main

import (
	"context"
	"math"
	"os"
	"sort"
	"sync"
	"time"

	"github.com/quiverfs/quiver/sdk"
	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/storeerr"
	"github.com/quiverfs/quiver/sdk/types"
)

type row struct {
	values  map[string]types.Value
	event   time.Time
	created time.Time
	key     types.EntityKey
}

type store struct {
	mu      sync.Mutex
	project string // set by Configure
	rows    map[string]row
}

var _ onlinestore.Store = (*store)(nil)

func (s *store) Configure(_ context.Context, req *onlinestore.ConfigureRequest) (*onlinestore.ConfigureResponse, error) {
	if req.Project == "" {
		return nil, storeerr.InvalidArgument("project is required")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.project = req.Project
	return &onlinestore.ConfigureResponse{}, nil
}

func (s *store) configured() error {
	if s.project == "" {
		return storeerr.InvalidArgument("store is not configured")
	}
	return nil
}

func (s *store) ApplyInfra(context.Context, *onlinestore.ApplyInfraRequest) (*onlinestore.ApplyInfraResponse, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return &onlinestore.ApplyInfraResponse{}, s.configured()
}

func (s *store) Teardown(context.Context, *onlinestore.TeardownRequest) (*onlinestore.TeardownResponse, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rows = nil
	return &onlinestore.TeardownResponse{}, nil
}

func rowKey(project, view string, k types.EntityKey) string {
	return project + "\x00" + view + "\x00" + k.String()
}

func (s *store) WriteBatch(_ context.Context, req *onlinestore.WriteBatchRequest) (*onlinestore.WriteBatchResponse, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.configured(); err != nil {
		return nil, err
	}
	if s.rows == nil {
		s.rows = map[string]row{}
	}
	for _, r := range req.Rows {
		k := rowKey(req.Project, req.FeatureView, r.EntityKey)
		if old, ok := s.rows[k]; ok && (r.EventTimestamp.Before(old.event) ||
			r.EventTimestamp.Equal(old.event) && r.CreatedTimestamp.Before(old.created)) {
			continue
		}
		vals := map[string]types.Value{}
		for i, name := range req.FeatureNames {
			vals[name] = r.Values[i]
		}
		s.rows[k] = row{values: vals, event: r.EventTimestamp, created: r.CreatedTimestamp, key: r.EntityKey}
	}
	return &onlinestore.WriteBatchResponse{RowsReceived: int64(len(req.Rows))}, nil
}

func (s *store) Read(ctx context.Context, req *onlinestore.ReadRequest) (*onlinestore.ReadResponse, error) {
	if req.Project == "slow" {
		select {
		case <-time.After(time.Minute):
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.configured(); err != nil {
		return nil, err
	}
	out := &onlinestore.ReadResponse{Views: make([][]onlinestore.ReadRow, len(req.Views))}
	for i, v := range req.Views {
		out.Views[i] = make([]onlinestore.ReadRow, len(v.EntityKeys))
		for j, k := range v.EntityKeys {
			r, ok := s.rows[rowKey(req.Project, v.FeatureView, k)]
			if !ok {
				continue
			}
			vals := make([]types.Value, len(v.Features))
			for f, name := range v.Features {
				vals[f] = r.values[name]
			}
			out.Views[i][j] = onlinestore.ReadRow{Found: true, Values: vals, EventTimestamp: r.event, CreatedTimestamp: r.created}
		}
	}
	return out, nil
}

func (s *store) Health(context.Context, *onlinestore.HealthRequest) (*onlinestore.HealthResponse, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return &onlinestore.HealthResponse{Serving: true, Message: "project=" + s.project}, nil
}

// vectorStore adds brute-force L2 search over float32 list features.
type vectorStore struct{ *store }

func (v vectorStore) VectorSearchOptions() onlinestore.VectorSearchOptions {
	return onlinestore.VectorSearchOptions{Metrics: []types.DistanceMetric{types.MetricL2}}
}

func (v vectorStore) SearchVectors(_ context.Context, req *onlinestore.SearchVectorsRequest) (*onlinestore.SearchVectorsResponse, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	prefix := req.Project + "\x00" + req.FeatureView + "\x00"
	var hits []onlinestore.SearchHit
	for k, r := range v.rows {
		if len(k) < len(prefix) || k[:len(prefix)] != prefix {
			continue
		}
		vec := r.values[req.VectorField].Float32List()
		var d float64
		for i := range min(len(vec), len(req.QueryVector)) {
			diff := float64(vec[i] - req.QueryVector[i])
			d += diff * diff
		}
		vals := make([]types.Value, len(req.Features))
		for i, f := range req.Features {
			vals[i] = r.values[f]
		}
		hits = append(hits, onlinestore.SearchHit{EntityKey: r.key, Distance: math.Sqrt(d), Values: vals, EventTimestamp: r.event})
	}
	sort.Slice(hits, func(i, j int) bool { return hits[i].Distance < hits[j].Distance })
	return &onlinestore.SearchVectorsResponse{Hits: hits[:min(len(hits), req.TopK)]}, nil
}

func main() {
	var st onlinestore.Store = &store{}
	if os.Getenv("TESTPLUGIN_VECTOR") == "1" {
		st = vectorStore{st.(*store)}
	}
	sdk.Serve(sdk.ServeConfig{Name: "memory", Version: "0.0.1-test", OnlineStore: st})
}
