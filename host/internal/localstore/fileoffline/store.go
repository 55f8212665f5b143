package fileoffline

import (
	"context"
	"database/sql/driver"
	"sync"

	duckdb "github.com/duckdb/duckdb-go/v2"

	"github.com/quiverfs/quiver/sdk/offlinestore"
	"github.com/quiverfs/quiver/sdk/storeerr"
)

// Name is the store's type in quiver.yaml.
const Name = "file"

// Store is the file offline store. Create it with New; the zero value is
// not usable. Its methods are safe for concurrent use.
type Store struct {
	mu  sync.RWMutex
	cfg settings
	db  *duckdb.Connector // one in-memory DuckDB; nil until first use
}

var (
	_ offlinestore.Store                 = (*Store)(nil)
	_ offlinestore.StoreWithEntityFilter = (*Store)(nil)
)

// New returns an unconfigured store. A store used before Configure opens
// its database with the default settings.
func New() *Store { return &Store{} }

// Configure checks the settings and opens a new embedded database with
// them. A rejected config leaves the store as it was.
func (s *Store) Configure(ctx context.Context, req *offlinestore.ConfigureRequest) (*offlinestore.ConfigureResponse, error) {
	cfg, err := parseSettings(req.Config)
	if err != nil {
		return nil, err
	}
	db, err := openDB(cfg)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	old := s.db
	s.cfg, s.db = cfg, db
	s.mu.Unlock()
	if old != nil {
		// Open connections keep the old database alive until they close.
		_ = old.Close()
	}
	return &offlinestore.ConfigureResponse{}, nil
}

// FiltersEntities implements offlinestore.StoreWithEntityFilter: pulls
// always honour PullRequest.EntityKeys.
func (s *Store) FiltersEntities() bool { return true }

// Close closes the embedded database. Pulls still streaming keep it alive
// until their readers are released.
func (s *Store) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.db == nil {
		return nil
	}
	err := s.db.Close()
	s.db = nil
	return err
}

// openDB opens an in-memory DuckDB whose connections all use UTC.
func openDB(cfg settings) (*duckdb.Connector, error) {
	db, err := duckdb.NewConnector(cfg.dsn(), func(ex driver.ExecerContext) error {
		_, err := ex.ExecContext(context.Background(), "SET TimeZone = 'UTC'", nil)
		return err
	})
	if err != nil {
		return nil, storeerr.InvalidArgument("file offline store: opening DuckDB: %v", err)
	}
	return db, nil
}

// ensureDB opens the database with the current settings when Configure
// was never called.
func (s *Store) ensureDB() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.db != nil {
		return nil
	}
	db, err := openDB(s.cfg)
	if err != nil {
		return err
	}
	s.db = db
	return nil
}

// connect opens a new connection to the store's database and returns it
// with the settings; the caller closes it. Each call gets its own
// connection, so temporary tables and streaming results never meet. The
// read lock keeps Configure from closing the database mid-connect.
func (s *Store) connect(ctx context.Context) (settings, *duckdb.Conn, error) {
	for {
		s.mu.RLock()
		cfg, db := s.cfg, s.db
		if db == nil {
			s.mu.RUnlock()
			if err := s.ensureDB(); err != nil {
				return cfg, nil, err
			}
			continue
		}
		c, err := db.Connect(ctx)
		s.mu.RUnlock()
		if err != nil {
			return cfg, nil, storeerr.Internal("file offline store: connecting to DuckDB: %v", err).Downstream()
		}
		return cfg, c.(*duckdb.Conn), nil
	}
}

// settings returns the current settings.
func (s *Store) settings() settings {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.cfg
}
