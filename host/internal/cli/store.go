package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"

	ucli "github.com/urfave/cli/v2"

	"github.com/quiverfs/quiver/host/internal/config"
	"github.com/quiverfs/quiver/host/internal/featurestore"
	"github.com/quiverfs/quiver/host/internal/localstore/fileoffline"
	"github.com/quiverfs/quiver/host/internal/localstore/sqliteonline"
	"github.com/quiverfs/quiver/host/internal/pluginhost"
	"github.com/quiverfs/quiver/host/internal/service"
	"github.com/quiverfs/quiver/host/internal/stores"
	"github.com/quiverfs/quiver/sdk/offlinestore"
	"github.com/quiverfs/quiver/sdk/onlinestore"
)

// DefaultOnlinePath is where the embedded sqlite online store keeps its
// file when the online_store block names no path.
const DefaultOnlinePath = "data/online.db"

// embeddedStores are the in-process stores quiver.yaml can select by type.
func embeddedStores() stores.Embedded {
	return stores.Embedded{
		Online:  map[string]func() onlinestore.Store{sqliteonline.Type: func() onlinestore.Store { return sqliteonline.New() }},
		Offline: map[string]func() offlinestore.Store{fileoffline.Name: func() offlinestore.Store { return fileoffline.New() }},
	}
}

// openStore opens the feature repository of --repo with the embedded
// stores and, for plugin stores, the run's plugin manager, which reads the
// plugins directory and lock file only when a plugin is needed. The caller
// closes the store.
func (r *run) openStore(c *ucli.Context) (*featurestore.FeatureStore, error) {
	log, err := logger(c)
	if err != nil {
		return nil, err
	}
	var once sync.Once
	var mgr *pluginhost.Manager
	var mgrErr error
	plugins := func(context.Context) (*pluginhost.Manager, error) {
		once.Do(func() { mgr, mgrErr = r.pluginManager(c) })
		return mgr, mgrErr
	}
	fs, err := featurestore.Open(c.Context, featurestore.Options{
		RepoDir: flagValue(c, flagRepo),
		Opener:  &stores.Opener{Embedded: embeddedStores(), Plugins: plugins},
		Logger:  log,
	})
	if err != nil {
		return nil, err
	}
	if err := defaultOnlinePath(&fs.Config.OnlineStore); err != nil {
		fs.Close()
		return nil, err
	}
	return fs, nil
}

// pluginManager resolves the plugins directory, reads its lock file and
// returns a manager the run stops at its end.
func (r *run) pluginManager(c *ucli.Context) (*pluginhost.Manager, error) {
	dir, err := existingPluginsDir(c)
	if err != nil {
		return nil, err
	}
	lock, err := pluginhost.ReadLock(dir)
	if err != nil && !errors.Is(err, pluginhost.ErrNoLockFile) {
		return nil, err
	}
	return r.manager(c, lock, dir)
}

// defaultOnlinePath sets the sqlite store's path when its block has none.
func defaultOnlinePath(s *config.Store) error {
	if s.Type != sqliteonline.Type {
		return nil
	}
	m := map[string]any{}
	if err := json.Unmarshal(s.Settings, &m); err != nil {
		return fmt.Errorf("online_store settings: %w", err)
	}
	if p, ok := m["path"].(string); ok && p != "" {
		return nil
	}
	m["path"] = DefaultOnlinePath
	b, err := json.Marshal(m)
	if err != nil {
		return err
	}
	s.Settings = b
	return nil
}

// withStore opens the repository, runs f and closes everything.
func (r *run) withStore(c *ucli.Context, f func(fs *featurestore.FeatureStore) error) error {
	fs, err := r.openStore(c)
	if err != nil {
		return err
	}
	err = f(fs)
	if cerr := fs.Close(); err == nil {
		err = cerr
	}
	return err
}

// withService opens the repository, builds the service layer over it
// (opts.FS is set here) and runs f as the configured caller (see
// identify); everything is closed afterwards.
func (r *run) withService(c *ucli.Context, opts service.Options, f func(svc *service.Service) error) error {
	return r.withStore(c, func(fs *featurestore.FeatureStore) error {
		if err := identify(c, fs.Config.Auth); err != nil {
			return err
		}
		opts.FS = fs
		svc, err := service.New(c.Context, opts)
		if err != nil {
			return err
		}
		err = f(svc)
		if cerr := svc.Close(); err == nil {
			err = cerr
		}
		return err
	})
}
