package sqliteonline

import (
	"context"
	"sync"

	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/storeerr"
	"github.com/quiverfs/quiver/sdk/types"
)

// Type is the online_store type of quiver.yaml that selects this store.
const Type = "sqlite"

// Store is the embedded SQLite online store. Build it with New; it is safe
// for concurrent use once configured.
type Store struct {
	mu sync.RWMutex
	db *database // nil until Configure succeeds

	specs   specCache
	vectors vectorCache
}

var (
	_ onlinestore.Store                 = (*Store)(nil)
	_ onlinestore.StoreWithVectorSearch = (*Store)(nil)
)

// New returns an unconfigured store.
func New() *Store { return &Store{} }

// Configure opens the SQLite file named by the "path" setting. Configuring
// again with the same path keeps the open file; another path replaces it. A
// bad config is InvalidArgument and leaves the store as it was.
func (s *Store) Configure(ctx context.Context, req *onlinestore.ConfigureRequest) (*onlinestore.ConfigureResponse, error) {
	cfg, err := parseSettings(req.Config)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.db != nil && s.db.path == cfg.Path {
		return &onlinestore.ConfigureResponse{}, nil
	}
	if err := checkPath(cfg.Path); err != nil {
		return nil, err
	}
	db, err := openDatabase(ctx, cfg.Path)
	if err != nil {
		return nil, err
	}
	if old := s.db; old != nil {
		_ = old.close()
	}
	s.db = db
	s.specs.reset()
	s.vectors.reset()
	return &onlinestore.ConfigureResponse{}, nil
}

// Close closes the SQLite file. The store can be configured again afterwards.
func (s *Store) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.db == nil {
		return nil
	}
	err := s.db.close()
	s.db = nil
	s.vectors.reset()
	return err
}

// database returns the open file, or Unavailable before Configure.
func (s *Store) database() (*database, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.db == nil {
		return nil, storeerr.Unavailable("sqlite online store: not configured")
	}
	return s.db, nil
}

// Health reports serving when the file is open and answers a ping.
func (s *Store) Health(ctx context.Context, _ *onlinestore.HealthRequest) (*onlinestore.HealthResponse, error) {
	db, err := s.database()
	if err != nil {
		return &onlinestore.HealthResponse{Serving: false, Message: err.Error()}, nil
	}
	if err := db.reader.PingContext(ctx); err != nil {
		return &onlinestore.HealthResponse{Serving: false, Message: "sqlite online store: " + err.Error()}, nil
	}
	return &onlinestore.HealthResponse{Serving: true, Message: "sqlite " + db.path}, nil
}

// VectorSearchOptions advertises exact (FLAT) search with every metric and
// filters, without text queries.
func (s *Store) VectorSearchOptions() onlinestore.VectorSearchOptions {
	return onlinestore.VectorSearchOptions{
		Metrics:    []types.DistanceMetric{types.MetricL2, types.MetricCosine, types.MetricInnerProduct},
		IndexTypes: []string{"FLAT"},
		Filters:    true,
	}
}
