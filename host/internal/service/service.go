package service

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"github.com/quiverfs/quiver/host/internal/authn"
	"github.com/quiverfs/quiver/host/internal/authz"
	"github.com/quiverfs/quiver/host/internal/embed"
	"github.com/quiverfs/quiver/host/internal/featurestore"
	"github.com/quiverfs/quiver/host/internal/materialize"
	"github.com/quiverfs/quiver/host/internal/model"
	"github.com/quiverfs/quiver/host/internal/onlineread"
	"github.com/quiverfs/quiver/host/internal/pitjoin"
	"github.com/quiverfs/quiver/sdk/offlinestore"
	"github.com/quiverfs/quiver/sdk/onlinestore"
)

// RepoSource returns the current repository snapshot without blocking.
type RepoSource interface {
	Repo() *model.Repo
	// Status reports when the snapshot was loaded and the last reload error.
	Status() (loadedAt time.Time, lastErr error)
}

// StoreInfo describes a configured store for health reports.
type StoreInfo struct {
	// Type is the store type of quiver.yaml. Required.
	Type string
	// Plugin names the plugin binary serving the store; empty when embedded.
	Plugin string
}

// Options say what a Service works on. Only FS is required: the CLI runs
// one operation with the defaults, the feature server sets Repos to its
// reloading snapshot and instruments the stores.
type Options struct {
	// FS is the open feature repository: configuration, registry, stores
	// (opened on first use) and authorizer. Required.
	FS *featurestore.FeatureStore
	// Repos gives the repository snapshot operations work on; default the
	// registry as New loaded it.
	Repos RepoSource
	// InstrumentOnline and InstrumentOffline wrap a store once, when it
	// first opens (the server's metrics). Optional.
	InstrumentOnline  func(onlinestore.Store) onlinestore.Store
	InstrumentOffline func(offlinestore.Store) offlinestore.Store
	// OnlineInfo and OfflineInfo describe the stores for health reports;
	// default the store types of quiver.yaml.
	OnlineInfo, OfflineInfo StoreInfo
	// Historical joins training sets; default an engine with DuckDB's
	// default settings, which Close releases.
	Historical *pitjoin.Engine
	// Embedder embeds text queries and documents; default the embedder of
	// quiver.yaml, made on first use.
	Embedder embed.Embedder
	// MaterializeProgress reports a materialization's progress per view.
	// Optional.
	MaterializeProgress func() materialize.Progress
	// MaterializeBatchRows is the number of rows per online write of a
	// materialization; default materialize.DefaultBatchRows.
	MaterializeBatchRows int
	// Now is the clock for ttl and the event time window; default time.Now.
	Now func() time.Time
	// HealthTimeout bounds each health probe; default 2s.
	HealthTimeout time.Duration
	// OpenHealth lets anyone read health and metrics (feature_server's
	// protect_health_and_metrics off, the default); else they need
	// DESCRIBE on the project.
	OpenHealth bool
}

// Service carries out Quiver's operations for every front end: the CLI
// commands, the HTTP routes and the gRPC methods call the same methods.
// Each method authorizes first (see access.go for what every operation
// asks), then validates the whole request, then works. A Service is safe
// for concurrent use and holds no per-request state.
type Service struct {
	opts Options
	fs   *featurestore.FeatureStore

	storesMu   sync.Mutex // serializes opening the stores
	online     atomic.Pointer[onlinestore.Store]
	offline    atomic.Pointer[offlinestore.Store]
	embedOnce  sync.Once
	embedder   embed.Embedder
	embedErr   error
	ownsEngine bool
	enforcer   *authz.Enforcer
	perms      atomic.Pointer[compiledPermissions]
	background backgroundRuns // views materializing after ?async=true
}

// New returns a Service over opts. Without opts.Repos it loads the
// registry once, so every method of this Service sees that snapshot.
func New(ctx context.Context, opts Options) (*Service, error) {
	if opts.Repos == nil {
		repo, err := opts.FS.Repo(ctx)
		if err != nil {
			return nil, err
		}
		opts.Repos = loadedRepo{repo: repo, at: time.Now()}
	}
	if opts.HealthTimeout <= 0 {
		opts.HealthTimeout = 2 * time.Second
	}
	if opts.OnlineInfo.Type == "" {
		opts.OnlineInfo.Type = opts.FS.Config.OnlineStore.Type
	}
	if opts.OfflineInfo.Type == "" {
		opts.OfflineInfo.Type = opts.FS.Config.OfflineStore.Type
	}
	s := &Service{opts: opts, fs: opts.FS, embedder: opts.Embedder}
	s.enforcer = &authz.Enforcer{Permissions: s.permissions, AuthEnabled: authn.Enabled(opts.FS.Config.Auth)}
	if s.opts.Historical == nil {
		s.opts.Historical, s.ownsEngine = &pitjoin.Engine{Logger: opts.FS.Logger.Named("pitjoin")}, true
	}
	return s, nil
}

// Close releases what New made (the default join engine); the feature
// store stays open.
func (s *Service) Close() error {
	if s.ownsEngine {
		return s.opts.Historical.Close()
	}
	return nil
}

// loadedRepo is a snapshot loaded once.
type loadedRepo struct {
	repo *model.Repo
	at   time.Time
}

func (l loadedRepo) Repo() *model.Repo                     { return l.repo }
func (l loadedRepo) Status() (loadedAt time.Time, _ error) { return l.at, nil }

// Repo returns the current repository snapshot.
func (s *Service) Repo() *model.Repo { return s.opts.Repos.Repo() }

// OnlineStoreType is the online store type of quiver.yaml.
func (s *Service) OnlineStoreType() string { return s.fs.Config.OnlineStore.Type }

// Project is the project's name.
func (s *Service) Project() string { return s.fs.Project() }

// onlineStore returns the online store, opened and instrumented once.
func (s *Service) onlineStore(ctx context.Context) (onlinestore.Store, error) {
	return openOnce(ctx, s, &s.online, s.fs.Online, s.opts.InstrumentOnline)
}

// offlineStore returns the offline store, opened and instrumented once.
func (s *Service) offlineStore(ctx context.Context) (offlinestore.Store, error) {
	return openOnce(ctx, s, &s.offline, s.fs.Offline, s.opts.InstrumentOffline)
}

// openOnce returns *slot, or opens the store, instruments it and keeps it
// there. After the first open it takes no lock.
func openOnce[T any](ctx context.Context, s *Service, slot *atomic.Pointer[T], open func(context.Context) (T, error), instrument func(T) T) (T, error) {
	if p := slot.Load(); p != nil {
		return *p, nil
	}
	s.storesMu.Lock()
	defer s.storesMu.Unlock()
	if p := slot.Load(); p != nil {
		return *p, nil
	}
	st, err := open(ctx)
	if err != nil {
		return st, err
	}
	if instrument != nil {
		st = instrument(st)
	}
	slot.Store(&st)
	return st, nil
}

// embed returns the embedder, made from quiver.yaml on first use.
func (s *Service) embed() (embed.Embedder, error) {
	s.embedOnce.Do(func() {
		if s.embedder == nil {
			s.embedder, s.embedErr = embed.New(s.fs.Config.Embedder)
		}
	})
	return s.embedder, s.embedErr
}

// GetOnlineFeatures reads features of the request's entities with one
// online store read.
func (s *Service) GetOnlineFeatures(ctx context.Context, req *onlineread.Request) (*onlineread.Response, error) {
	repo := s.opts.Repos.Repo()
	if err := s.check(ctx, readOnlineAccess(repo, req)); err != nil {
		return nil, err
	}
	store, err := s.onlineStore(ctx)
	if err != nil {
		return nil, err
	}
	r := onlineread.Reader{Store: store, Now: s.opts.Now}
	return r.Read(ctx, repo, req)
}

// now reads the service's clock.
func (s *Service) now() time.Time {
	if s.opts.Now != nil {
		return s.opts.Now()
	}
	return time.Now()
}

// authorizer is the feature store's authorizer when one was set (tests),
// else the permissions of the snapshot (authorizer.go).
func (s *Service) authorizer() authz.Authorizer {
	if s.fs.Authorizer != nil {
		return s.fs.Authorizer
	}
	return s.enforcer
}
