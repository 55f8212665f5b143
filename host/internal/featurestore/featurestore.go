package featurestore

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"

	"github.com/hashicorp/go-hclog"

	"github.com/quiverfs/quiver/host/internal/authz"
	"github.com/quiverfs/quiver/host/internal/config"
	"github.com/quiverfs/quiver/host/internal/model"
	"github.com/quiverfs/quiver/host/internal/registry"
	"github.com/quiverfs/quiver/host/internal/stores"
	"github.com/quiverfs/quiver/sdk/offlinestore"
	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/types"
)

// Options says how to open a feature store.
type Options struct {
	// RepoDir is the feature repository. Required.
	RepoDir string
	// Opener opens the stores; its RepoDir is set by Open. Required.
	Opener *stores.Opener
	// Authorizer replaces the permissions of the registry (enforced by the
	// service layer) for every operation. Optional: tests set it.
	Authorizer authz.Authorizer
	// Logger is the host's logger. Optional.
	Logger hclog.Logger
}

// FeatureStore is one open feature repository.
type FeatureStore struct {
	Config   *config.Config
	Registry registry.Registry
	// Authorizer, when set, replaces the registry's permissions.
	Authorizer authz.Authorizer
	Logger     hclog.Logger
	opener     *stores.Opener

	mu         sync.Mutex
	online     onlinestore.Store
	onlineInfo stores.Opened
	offline    offlinestore.Store
}

// Open reads quiver.yaml and opens the registry. Stores open on first use.
func Open(ctx context.Context, opts Options) (*FeatureStore, error) {
	dir, err := filepath.Abs(opts.RepoDir)
	if err != nil {
		return nil, err
	}
	cfg, err := config.Load(dir)
	if err != nil {
		return nil, err
	}
	reg, err := registry.Open(ctx, cfg.Registry.Path)
	if err != nil {
		return nil, err
	}
	fs := &FeatureStore{Config: cfg, Registry: reg, Authorizer: opts.Authorizer, Logger: opts.Logger, opener: opts.Opener}
	if fs.Logger == nil {
		fs.Logger = hclog.NewNullLogger()
	}
	fs.opener.RepoDir = dir
	return fs, nil
}

// Project is the project name.
func (fs *FeatureStore) Project() string { return fs.Config.Project }

// Repo loads the project's objects from the registry.
func (fs *FeatureStore) Repo(ctx context.Context) (*model.Repo, error) {
	return fs.Registry.Load(ctx, fs.Config.Project)
}

// Online returns the online store, opening it on first use.
func (fs *FeatureStore) Online(ctx context.Context) (onlinestore.Store, error) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	if fs.online == nil {
		s, info, err := fs.opener.Online(ctx, fs.Config.Project, fs.Config.OnlineStore)
		if err != nil {
			return nil, err
		}
		fs.online, fs.onlineInfo = s, info
		fs.Logger.Debug("online store open", "type", info.Type, "embedded", info.Embedded)
	}
	return fs.online, nil
}

// Offline returns the offline store, opening it on first use.
func (fs *FeatureStore) Offline(ctx context.Context) (offlinestore.Store, error) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	if fs.offline == nil {
		s, info, err := fs.opener.Offline(ctx, fs.Config.Project, fs.Config.OfflineStore)
		if err != nil {
			return nil, err
		}
		fs.offline = s
		fs.Logger.Debug("offline store open", "type", info.Type, "embedded", info.Embedded)
	}
	return fs.offline, nil
}

// CheckStores checks the online and offline store blocks as opening them
// would, without opening, creating or launching anything. A problem with
// one key of a block is a *stores.SettingError naming it.
func (fs *FeatureStore) CheckStores(ctx context.Context) (online, offline error) {
	online = fs.opener.CheckOnline(ctx, fs.Config.OnlineStore)
	offline = fs.opener.CheckOffline(ctx, fs.Config.OfflineStore)
	return online, offline
}

// SourceSpec returns what the offline store needs to know about a data
// source: a file source's path is made absolute against the repository.
func (fs *FeatureStore) SourceSpec(src *model.DataSource) types.DataSourceSpec {
	opts := map[string]string{}
	switch src.Kind {
	case model.SourceFile:
		p := src.Path
		if !filepath.IsAbs(p) {
			p = filepath.Join(fs.Config.Dir, p)
		}
		opts["path"] = p
	case model.SourceBigQuery:
		if src.Table != "" {
			opts["table"] = src.Table
		} else {
			opts["query"] = src.Query
		}
	}
	return types.DataSourceSpec{Name: src.Name, Options: opts, TimestampField: src.TimestampField,
		CreatedTimestampColumn: src.CreatedTimestampColumn, FieldMapping: src.FieldMapping}
}

// Close releases the registry and the stores' resources.
func (fs *FeatureStore) Close() error {
	for _, s := range []any{fs.online, fs.offline} {
		if c, ok := s.(interface{ Close() error }); ok {
			if err := c.Close(); err != nil {
				fs.Logger.Warn("closing store", "error", err)
			}
		}
	}
	if err := fs.Registry.Close(); err != nil {
		return fmt.Errorf("closing registry: %w", err)
	}
	return nil
}
