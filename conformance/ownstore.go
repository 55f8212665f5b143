package conformance

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"time"

	"github.com/quiverfs/quiver/sdk/offlinestore"
	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/storeerr"
)

// Some cases configure a store with a config of their own (an unreachable
// backend, key TTL). They get a store of their own where they can: a new
// plugin process, or a new in-process store from Config.NewOnline or
// NewOffline. Otherwise they get the session's store, which is configured
// back with StoreConfig when the case ends.

// ownStores returns the connection of a case's own stores, closed when the
// case ends, and whether it had to fall back to the session's stores.
func (e *env) ownStores(online bool) (*stores, bool) {
	e.Helper()
	cfg := e.s.cfg
	switch {
	case cfg.PluginPath != "":
	case online && cfg.NewOnline != nil:
		cfg.Online, cfg.Offline = cfg.NewOnline(), nil
	case !online && cfg.NewOffline != nil:
		cfg.Online, cfg.Offline = nil, cfg.NewOffline()
	default:
		return &stores{name: e.s.name, online: e.s.online, offline: e.s.offline}, true
	}
	st, err := connect(e.ctx(), cfg)
	e.must(err, "connecting to a store of the case's own")
	e.Cleanup(func() {
		st.close()
		for _, s := range []any{cfg.Online, cfg.Offline} {
			if c, ok := s.(io.Closer); ok && cfg.PluginPath == "" {
				_ = c.Close()
			}
		}
	})
	return st, false
}

// ownOnline returns an online store for the case to configure: of its own
// when it can be, else the session's, configured back with StoreConfig at
// the end of the case.
func (e *env) ownOnline() onlinestore.Store {
	e.Helper()
	st, shared := e.ownStores(true)
	if st.online == nil {
		e.Fatalf("the plugin serves no online store the second time it is started")
	}
	if shared {
		e.Cleanup(func() { e.configureBack(true) })
	}
	return st.online
}

// ownOffline is ownOnline for the offline store.
func (e *env) ownOffline() offlinestore.Store {
	e.Helper()
	st, shared := e.ownStores(false)
	if st.offline == nil {
		e.Fatalf("the plugin serves no offline store the second time it is started")
	}
	if shared {
		e.Cleanup(func() { e.configureBack(false) })
	}
	return st.offline
}

// configureBack configures the session's store with StoreConfig again.
func (e *env) configureBack(online bool) {
	ctx, cancel := context.WithTimeout(context.Background(), cleanupTimeout)
	defer cancel()
	var err error
	if online {
		_, err = e.s.online.Configure(ctx, &onlinestore.ConfigureRequest{Project: e.project, Config: e.s.cfg.StoreConfig})
	} else {
		_, err = e.s.offline.Configure(ctx, &offlinestore.ConfigureRequest{Project: e.project, Config: e.s.cfg.StoreConfig})
	}
	if err != nil {
		e.Errorf("configuring the store back with Config.StoreConfig: %v", err)
	}
}

// configure calls Configure on a store, online or offline, bounded by d
// (0: the case's context), and returns how long it took and the error.
func (e *env) configure(store any, config json.RawMessage, d time.Duration) (time.Duration, error) {
	ctx, cancel := e.ctx(), context.CancelFunc(func() {})
	if d > 0 {
		ctx, cancel = context.WithTimeout(ctx, d)
	}
	defer cancel()
	start := time.Now()
	var err error
	switch st := store.(type) {
	case onlinestore.Store:
		_, err = st.Configure(ctx, &onlinestore.ConfigureRequest{Project: e.project, Config: config})
	case offlinestore.Store:
		_, err = st.Configure(ctx, &offlinestore.ConfigureRequest{Project: e.project, Config: config})
	default:
		err = errors.New("not a store")
	}
	return time.Since(start), err
}

// kindOf names the kind of an error for messages.
func kindOf(err error) storeerr.Kind { return storeerr.As(err).Kind }
