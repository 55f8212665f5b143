package snapshot

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hashicorp/go-hclog"

	"github.com/quiverfs/quiver/host/internal/model"
)

// DefaultInterval is how often the registry is reloaded when no interval
// is given.
const DefaultInterval = 5 * time.Second

// LoadFunc loads the project's current objects from the registry.
type LoadFunc func(ctx context.Context) (*model.Repo, error)

// Cache holds the latest repository snapshot. Every method is safe for
// concurrent use. A snapshot is never modified once published: a refresh
// replaces it whole.
type Cache struct {
	load     LoadFunc
	interval time.Duration
	log      hclog.Logger

	repo atomic.Pointer[model.Repo]

	mu       sync.Mutex
	loadedAt time.Time
	lastErr  error
}

// Options configures a Cache.
type Options struct {
	// Load reads the registry. Required.
	Load LoadFunc
	// Interval between reloads; DefaultInterval when zero.
	Interval time.Duration
	// Logger for reload failures. Optional.
	Logger hclog.Logger
}

// New loads the first snapshot; it fails if the registry cannot be read.
func New(ctx context.Context, opts Options) (*Cache, error) {
	c := &Cache{load: opts.Load, interval: opts.Interval, log: opts.Logger}
	if c.interval <= 0 {
		c.interval = DefaultInterval
	}
	if c.log == nil {
		c.log = hclog.NewNullLogger()
	}
	if err := c.Refresh(ctx); err != nil {
		return nil, err
	}
	return c, nil
}

// Repo returns the current snapshot. Callers must not modify it.
func (c *Cache) Repo() *model.Repo { return c.repo.Load() }

// Refresh reloads the registry now. On failure the previous snapshot stays
// in use and the error is remembered for Status.
func (c *Cache) Refresh(ctx context.Context) error {
	repo, err := c.load(ctx)
	c.mu.Lock()
	defer c.mu.Unlock()
	if err != nil {
		c.lastErr = fmt.Errorf("reloading the registry: %w", err)
		return c.lastErr
	}
	c.repo.Store(repo)
	c.loadedAt, c.lastErr = time.Now(), nil
	return nil
}

// Run reloads the registry every interval until ctx ends.
func (c *Cache) Run(ctx context.Context) {
	t := time.NewTicker(c.interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if err := c.Refresh(ctx); err != nil && ctx.Err() == nil {
				c.log.Warn("registry reload failed; serving the previous snapshot", "error", err)
			}
		}
	}
}

// Status reports when the snapshot in use was loaded and the error of the
// last reload, nil if it succeeded.
func (c *Cache) Status() (loadedAt time.Time, lastErr error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.loadedAt, c.lastErr
}
