package service

import (
	"context"
	"time"

	"github.com/quiverfs/quiver/host/internal/authz"
	"github.com/quiverfs/quiver/host/internal/config"
	"github.com/quiverfs/quiver/host/internal/embed"
	"github.com/quiverfs/quiver/host/internal/materialize"
	"github.com/quiverfs/quiver/host/internal/model"
	"github.com/quiverfs/quiver/host/internal/onlineread"
	"github.com/quiverfs/quiver/host/internal/pitjoin"
	"github.com/quiverfs/quiver/sdk/offlinestore"
	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/types"
)

// RepoSource returns the current repository snapshot without blocking.
type RepoSource interface {
	Repo() *model.Repo
	// Status reports when the snapshot was loaded and the last reload error.
	Status() (loadedAt time.Time, lastErr error)
}

// Materializer runs materializations; *materialize.Materializer is one.
type Materializer interface {
	Run(ctx context.Context, req materialize.Request) (*materialize.Result, error)
}

// StoreInfo describes a configured store for health reports.
type StoreInfo struct {
	// Type is the store type of quiver.yaml. Required.
	Type string
	// Plugin names the plugin binary serving the store; empty when embedded.
	Plugin string
}

// Options are the parts a Service works with.
type Options struct {
	// Repos gives the repository snapshot. Required.
	Repos RepoSource
	// Online is the online store (usually instrumented). Required.
	Online     onlinestore.Store
	OnlineInfo StoreInfo
	// Offline opens the offline store on first use. Required for offline
	// pushes and health.
	Offline     func(ctx context.Context) (offlinestore.Store, error)
	OfflineInfo StoreInfo
	// SourceSpec converts a data source for the offline store (a file
	// path made absolute). Required for offline pushes.
	SourceSpec func(*model.DataSource) types.DataSourceSpec
	// Materializer runs /materialize. Required for materialization.
	Materializer Materializer
	// Historical runs /get-historical-features. Optional.
	Historical *pitjoin.Engine
	// Embedder embeds text queries of RetrieveDocuments. Optional.
	Embedder embed.Embedder
	// Authorizer is asked before any work. Optional; default AllowAll.
	Authorizer authz.Authorizer
	// Ingestion bounds the event timestamps of written rows; optional,
	// default config.Ingestion's defaults.
	Ingestion config.Ingestion
	// Now is the clock for ttl and the event time window; optional,
	// default time.Now.
	Now func() time.Time
	// HealthTimeout bounds each health probe; default 2s.
	HealthTimeout time.Duration
}

// Service carries out the feature server's operations. It is safe for
// concurrent use and holds no state of its own between requests.
type Service struct {
	opts   Options
	reader onlineread.Reader
}

// New returns a Service over opts.
func New(opts Options) *Service {
	if opts.Authorizer == nil {
		opts.Authorizer = authz.AllowAll{}
	}
	if opts.HealthTimeout <= 0 {
		opts.HealthTimeout = 2 * time.Second
	}
	return &Service{opts: opts, reader: onlineread.Reader{Store: opts.Online, Now: opts.Now}}
}

// GetOnlineFeatures reads features of the request's entities with one
// online store read.
func (s *Service) GetOnlineFeatures(ctx context.Context, req *onlineread.Request) (*onlineread.Response, error) {
	repo := s.opts.Repos.Repo()
	if err := s.authorize(ctx, authz.ReadOnline, readResources(repo, req)); err != nil {
		return nil, err
	}
	return s.reader.Read(ctx, repo, req)
}

// now reads the service's clock.
func (s *Service) now() time.Time {
	if s.opts.Now != nil {
		return s.opts.Now()
	}
	return time.Now()
}
