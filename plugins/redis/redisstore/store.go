package redisstore

import (
	"context"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/redact"
	"github.com/quiverfs/quiver/sdk/storeerr"
)

// Store is the Redis online store. The zero value is not usable; call New.
// Every method is safe for concurrent use.
type Store struct {
	mu     sync.RWMutex
	cur    *conn // nil until Configure succeeds
	shapes readShapes
}

// conn is one configured client; Configure swaps it whole.
type conn struct {
	client   redis.UniversalClient
	settings Settings
	name     string // for messages: "redis online store (redis host:port)"
	script   *writeScript
}

var (
	_ onlinestore.Store           = (*Store)(nil)
	_ onlinestore.StoreWithKeyTTL = (*Store)(nil)
)

// New returns an unconfigured store.
func New() *Store { return &Store{} }

// KeyTTL implements onlinestore.StoreWithKeyTTL: the store can expire
// entity hashes by itself (key_ttl_seconds). Capabilities are collected
// before Configure, so this reports the ability, not the setting.
func (s *Store) KeyTTL() bool { return true }

// Configure implements onlinestore.Store. A bad block is InvalidArgument and
// leaves the store as it was. A good one replaces the client; the server is
// then pinged, and an unreachable server is Unavailable, but the new
// settings stay so that later calls succeed once the server is back.
func (s *Store) Configure(ctx context.Context, req *onlinestore.ConfigureRequest) (*onlinestore.ConfigureResponse, error) {
	st, err := ParseSettings(req.Config)
	if err != nil {
		return nil, err
	}
	client, err := newClient(st)
	if err != nil {
		return nil, storeerr.InvalidArgument("redis online store config: %s", redact.Error(err))
	}
	c := &conn{client: client, settings: st, name: "redis online store (" + st.Describe() + ")", script: newWriteScript()}
	s.mu.Lock()
	old := s.cur
	s.cur = c
	s.mu.Unlock()
	if old != nil {
		_ = old.client.Close()
	}
	pctx, cancel := context.WithTimeout(ctx, time.Duration(st.DialTimeout+st.ReadTimeout))
	defer cancel()
	if err := client.Ping(pctx).Err(); err != nil {
		return nil, storeError(c.name, "PING", err)
	}
	return &onlinestore.ConfigureResponse{}, nil
}

// conn returns the configured client, or an error before Configure.
func (s *Store) conn() (*conn, error) {
	s.mu.RLock()
	c := s.cur
	s.mu.RUnlock()
	if c == nil {
		return nil, storeerr.Unavailable("redis online store: Configure has not been called")
	}
	return c, nil
}

// Health implements onlinestore.Store: a PING bounded by the read timeout.
func (s *Store) Health(ctx context.Context, _ *onlinestore.HealthRequest) (*onlinestore.HealthResponse, error) {
	c, err := s.conn()
	if err != nil {
		return &onlinestore.HealthResponse{Serving: false, Message: err.Error()}, nil
	}
	pctx, cancel := context.WithTimeout(ctx, time.Duration(c.settings.DialTimeout+c.settings.ReadTimeout))
	defer cancel()
	if err := c.client.Ping(pctx).Err(); err != nil {
		return &onlinestore.HealthResponse{Serving: false, Message: storeError(c.name, "PING", err).Error()}, nil
	}
	return &onlinestore.HealthResponse{Serving: true, Message: c.name + " serving"}, nil
}

// Close releases the client's connections.
func (s *Store) Close() error {
	s.mu.Lock()
	c := s.cur
	s.cur = nil
	s.mu.Unlock()
	if c == nil {
		return nil
	}
	return c.client.Close()
}
