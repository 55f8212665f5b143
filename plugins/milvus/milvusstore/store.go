package milvusstore

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"sync"

	"github.com/milvus-io/milvus-sdk-go/v2/client"

	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/storeerr"
	"github.com/quiverfs/quiver/sdk/types"
)

// Store is the Milvus online store. Create it with New; the host calls
// Configure before anything else.
type Store struct {
	mu    sync.RWMutex
	cfg   Config
	cli   client.Client
	views map[string]*view // by collection name
	locks keyLocks
	// connErr is why the last Configure could not connect; nil once one did.
	connErr error
}

var _ onlinestore.StoreWithVectorSearch = (*Store)(nil)

// New returns an unconfigured store.
func New() *Store { return &Store{views: map[string]*view{}} }

// Configure connects to Milvus. A bad config is InvalidArgument and leaves
// the store as it was; a server that does not answer within dial_timeout is
// Unavailable, and the store is then not connected: it serves nothing (its
// calls fail with Unavailable) until a Configure connects.
func (s *Store) Configure(ctx context.Context, req *onlinestore.ConfigureRequest) (*onlinestore.ConfigureResponse, error) {
	cfg, err := parseConfig(req.Config)
	if err != nil {
		return nil, err
	}
	dctx, cancel := context.WithTimeout(ctx, cfg.dialTimeout)
	defer cancel()
	cli, err := client.NewClient(dctx, client.Config{Address: cfg.Address, Username: cfg.Username,
		Password: cfg.Password, DBName: cfg.Database})
	if err != nil {
		err = storeerr.Unavailable("milvus online store: connecting to %s: %v", cfg.Address, err).Downstream()
		s.mu.Lock()
		old := s.cli
		s.cfg, s.cli, s.views, s.connErr = cfg, nil, map[string]*view{}, err
		s.mu.Unlock()
		if old != nil {
			old.Close()
		}
		return nil, err
	}
	s.mu.Lock()
	old := s.cli
	s.cfg, s.cli, s.views, s.connErr = cfg, cli, map[string]*view{}, nil
	s.mu.Unlock()
	if old != nil {
		old.Close()
	}
	return &onlinestore.ConfigureResponse{}, nil
}

// conn returns the client and config, or an error before Configure.
func (s *Store) conn() (client.Client, Config, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	switch {
	case s.connErr != nil:
		return nil, Config{}, s.connErr
	case s.cli == nil:
		return nil, Config{}, storeerr.Unavailable("milvus online store: not configured")
	}
	return s.cli, s.cfg, nil
}

// Health asks Milvus for its health.
func (s *Store) Health(ctx context.Context, _ *onlinestore.HealthRequest) (*onlinestore.HealthResponse, error) {
	cli, cfg, err := s.conn()
	if err != nil {
		return &onlinestore.HealthResponse{Serving: false, Message: err.Error()}, nil
	}
	st, err := cli.CheckHealth(ctx)
	if err != nil {
		return &onlinestore.HealthResponse{Serving: false, Message: "milvus at " + cfg.Address + ": " + err.Error()}, nil
	}
	if !st.IsHealthy {
		return &onlinestore.HealthResponse{Serving: false, Message: "milvus at " + cfg.Address + ": " + strings.Join(st.Reasons, "; ")}, nil
	}
	return &onlinestore.HealthResponse{Serving: true, Message: "milvus at " + cfg.Address}, nil
}

// VectorSearchOptions implements onlinestore.StoreWithVectorSearch.
func (s *Store) VectorSearchOptions() onlinestore.VectorSearchOptions {
	return onlinestore.VectorSearchOptions{
		Metrics:    []types.DistanceMetric{types.MetricL2, types.MetricCosine, types.MetricInnerProduct},
		IndexTypes: []string{"FLAT", "IVF_FLAT", "HNSW"},
		Filters:    true,
	}
}

// consistency is the search and query option of the configured level.
func consistency(cfg Config) client.SearchQueryOptionFunc {
	return client.WithSearchQueryConsistencyLevel(consistencyLevels[cfg.Consistency])
}

// lookup returns the view of a collection, from the cache or from the
// spec kept in the collection's description.
func (s *Store) lookup(ctx context.Context, project, name string) (*view, client.Client, Config, error) {
	cli, cfg, err := s.conn()
	if err != nil {
		return nil, nil, cfg, err
	}
	coll := collectionName(cfg.CollectionPrefix, project, name)
	s.mu.RLock()
	v := s.views[coll]
	s.mu.RUnlock()
	if v != nil {
		return v, cli, cfg, nil
	}
	has, err := cli.HasCollection(ctx, coll)
	if err != nil {
		return nil, nil, cfg, downstream(err, "checking collection "+coll)
	}
	if !has {
		return nil, nil, cfg, storeerr.NotFound("milvus online store: feature view %q of project %q is not applied (no collection %s)", name, project, coll)
	}
	c, err := cli.DescribeCollection(ctx, coll)
	if err != nil {
		return nil, nil, cfg, downstream(err, "describing collection "+coll)
	}
	var spec types.FeatureViewSpec
	if err := json.Unmarshal([]byte(c.Schema.Description), &spec); err != nil {
		return nil, nil, cfg, storeerr.Internal("milvus online store: collection %s has no Quiver view description: %v", coll, err)
	}
	if v, err = newView(spec, coll); err != nil {
		return nil, nil, cfg, err
	}
	s.remember(v)
	return v, cli, cfg, nil
}

func (s *Store) remember(v *view) {
	s.mu.Lock()
	s.views[v.collection] = v
	s.mu.Unlock()
}

func (s *Store) forget(coll string) {
	s.mu.Lock()
	delete(s.views, coll)
	s.mu.Unlock()
}

// downstream labels a Milvus error: Unavailable when the server cannot be
// reached, Internal otherwise.
func downstream(err error, what string) error {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	msg := err.Error()
	if strings.Contains(msg, "Unavailable") || strings.Contains(msg, "connection refused") {
		return storeerr.Unavailable("milvus online store: %s: %v", what, err).Downstream()
	}
	return storeerr.Internal("milvus online store: %s: %v", what, err).Downstream()
}
