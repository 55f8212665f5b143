package pluginhost

import (
	"bytes"
	"context"

	"github.com/quiverfs/quiver/sdk/offlinestore"
	"github.com/quiverfs/quiver/sdk/storeerr"
)

// offlineStore is a Supervisor's offline store. Calls that fail before a
// stream starts are checked for a dead plugin; a stream the plugin stops
// midway ends with the error the SDK reports, and the supervisor notices
// the exit on its next poll.
type offlineStore struct{ s *Supervisor }

// historicalOfflineStore is the offline store of a plugin that advertised pushdown.
type historicalOfflineStore struct{ offlineStore }

var (
	_ offlinestore.StoreWithCapabilities       = offlineStore{}
	_ offlinestore.StoreWithHistoricalFeatures = historicalOfflineStore{}
)

// Capabilities implements offlinestore.StoreWithCapabilities: what the
// plugin advertised.
func (o offlineStore) Capabilities() offlinestore.Capabilities { return o.s.OfflineCapabilities() }

// Offline returns the plugin's offline store, if it serves one. It
// implements offlinestore.StoreWithHistoricalFeatures only when the plugin
// advertised pushdown.
func (s *Supervisor) Offline() (offlinestore.Store, bool) {
	s.mu.Lock()
	has, pushdown := s.hasOffline, s.offCaps.HistoricalPushdown
	s.mu.Unlock()
	switch {
	case !has:
		return nil, false
	case pushdown:
		return historicalOfflineStore{offlineStore{s}}, true
	}
	return offlineStore{s}, true
}

// OfflineCapabilities returns what the plugin's offline store advertised.
func (s *Supervisor) OfflineCapabilities() offlinestore.Capabilities {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.offCaps
}

// callOffline runs f on the current plugin's offline store.
func callOffline[R any](ctx context.Context, s *Supervisor, f func(offlinestore.Store) (*R, error)) (*R, error) {
	c, err := s.acquire()
	if err != nil {
		return nil, err
	}
	st, ok := c.Offline()
	if !ok {
		return nil, storeerr.Unsupported("plugin %s serves no offline store", s.name)
	}
	resp, err := f(st)
	if err != nil {
		return nil, s.check(ctx, c, err)
	}
	return resp, nil
}

// Configure implements offlinestore.Store; a successful request is
// replayed after every relaunch.
func (o offlineStore) Configure(ctx context.Context, req *offlinestore.ConfigureRequest) (*offlinestore.ConfigureResponse, error) {
	resp, err := callOffline(ctx, o.s, func(st offlinestore.Store) (*offlinestore.ConfigureResponse, error) {
		return st.Configure(ctx, req)
	})
	if err == nil {
		o.s.mu.Lock()
		o.s.offlineCfg = &offlinestore.ConfigureRequest{Project: req.Project, Config: bytes.Clone(req.Config), RepoDir: req.RepoDir}
		o.s.mu.Unlock()
	}
	return resp, err
}

// GetSourceSchema implements offlinestore.Store.
func (o offlineStore) GetSourceSchema(ctx context.Context, req *offlinestore.GetSourceSchemaRequest) (*offlinestore.GetSourceSchemaResponse, error) {
	return callOffline(ctx, o.s, func(st offlinestore.Store) (*offlinestore.GetSourceSchemaResponse, error) {
		return st.GetSourceSchema(ctx, req)
	})
}

// PullLatest implements offlinestore.Store.
func (o offlineStore) PullLatest(ctx context.Context, req *offlinestore.PullRequest) (*offlinestore.PullResponse, error) {
	return callOffline(ctx, o.s, func(st offlinestore.Store) (*offlinestore.PullResponse, error) {
		return st.PullLatest(ctx, req)
	})
}

// PullRange implements offlinestore.Store.
func (o offlineStore) PullRange(ctx context.Context, req *offlinestore.PullRequest) (*offlinestore.PullResponse, error) {
	return callOffline(ctx, o.s, func(st offlinestore.Store) (*offlinestore.PullResponse, error) {
		return st.PullRange(ctx, req)
	})
}

// WriteBatch implements offlinestore.Store.
func (o offlineStore) WriteBatch(ctx context.Context, req *offlinestore.WriteBatchRequest) (*offlinestore.WriteBatchResponse, error) {
	return callOffline(ctx, o.s, func(st offlinestore.Store) (*offlinestore.WriteBatchResponse, error) {
		return st.WriteBatch(ctx, req)
	})
}

// Teardown implements offlinestore.Store.
func (o offlineStore) Teardown(ctx context.Context, req *offlinestore.TeardownRequest) (*offlinestore.TeardownResponse, error) {
	return callOffline(ctx, o.s, func(st offlinestore.Store) (*offlinestore.TeardownResponse, error) {
		return st.Teardown(ctx, req)
	})
}

// HistoricalFeatures implements offlinestore.StoreWithHistoricalFeatures.
func (h historicalOfflineStore) HistoricalFeatures(ctx context.Context, req *offlinestore.HistoricalFeaturesRequest) (*offlinestore.PullResponse, error) {
	return callOffline(ctx, h.s, func(st offlinestore.Store) (*offlinestore.PullResponse, error) {
		hs, ok := st.(offlinestore.StoreWithHistoricalFeatures)
		if !ok {
			return nil, storeerr.Unsupported("plugin %s no longer advertises historical pushdown", h.s.name)
		}
		return hs.HistoricalFeatures(ctx, req)
	})
}
