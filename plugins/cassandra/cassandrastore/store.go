package cassandrastore

import (
	"context"
	"sync"

	gocql "github.com/apache/cassandra-gocql-driver/v2"
	"github.com/hashicorp/go-hclog"

	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/storeerr"
)

// Store is the Cassandra online store. The zero value is not usable; call
// New. Every method is safe for concurrent use.
type Store struct {
	logger hclog.Logger
	mu     sync.RWMutex
	cur    *conn // nil until Configure succeeds
}

var (
	_ onlinestore.Store                 = (*Store)(nil)
	_ onlinestore.StoreWithKeyTTL       = (*Store)(nil)
	_ onlinestore.StoreWithVectorSearch = (*Store)(nil)
)

// New returns an unconfigured store that logs the driver's warnings and
// errors to logger (nil: hclog's default logger).
func New(logger hclog.Logger) *Store {
	if logger == nil {
		logger = hclog.Default()
	}
	return &Store{logger: logger}
}

// KeyTTL implements onlinestore.StoreWithKeyTTL: rows can expire by
// themselves (key_ttl_seconds, written with USING TTL). Capabilities are
// collected before Configure, so this reports the ability, not the setting.
func (s *Store) KeyTTL() bool { return true }

// Configure implements onlinestore.Store. A bad block is InvalidArgument and
// leaves the store as it was. A good one replaces the connection; the
// cluster is then contacted and the keyspace created if absent. An
// unreachable cluster is Unavailable, but the new settings stay, so later
// calls connect once the cluster is back.
func (s *Store) Configure(ctx context.Context, req *onlinestore.ConfigureRequest) (*onlinestore.ConfigureResponse, error) {
	st, err := ParseSettings(req.Config)
	if err != nil {
		return nil, err
	}
	c := newConn(st, func() *gocql.ClusterConfig { return clusterConfig(st, req.RepoDir, s.logger) })
	s.mu.Lock()
	old := s.cur
	s.cur = c
	s.mu.Unlock()
	if old != nil {
		old.close()
	}
	if _, err := c.session(ctx); err != nil {
		return nil, err
	}
	return &onlinestore.ConfigureResponse{}, nil
}

// conn returns the configured connection, or an error before Configure.
func (s *Store) conn() (*conn, error) {
	s.mu.RLock()
	c := s.cur
	s.mu.RUnlock()
	if c == nil {
		return nil, storeerr.Unavailable("cassandra online store: Configure has not been called")
	}
	return c, nil
}

// open returns the configured connection and its session, opening the
// session if needed.
func (s *Store) open(ctx context.Context) (*conn, *gocql.Session, error) {
	c, err := s.conn()
	if err != nil {
		return nil, nil, err
	}
	sess, err := c.session(ctx)
	if err != nil {
		return nil, nil, err
	}
	return c, sess, nil
}

// Health implements onlinestore.Store: a query of the local node's
// release version, bounded by the request timeout.
func (s *Store) Health(ctx context.Context, _ *onlinestore.HealthRequest) (*onlinestore.HealthResponse, error) {
	c, err := s.conn()
	if err != nil {
		return &onlinestore.HealthResponse{Serving: false, Message: err.Error()}, nil
	}
	if err := c.ping(ctx); err != nil {
		return &onlinestore.HealthResponse{Serving: false, Message: err.Error()}, nil
	}
	return &onlinestore.HealthResponse{Serving: true, Message: c.name + " serving"}, nil
}

// Close releases the connections.
func (s *Store) Close() error {
	s.mu.Lock()
	c := s.cur
	s.cur = nil
	s.mu.Unlock()
	if c != nil {
		c.close()
	}
	return nil
}
