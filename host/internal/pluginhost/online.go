package pluginhost

import (
	"bytes"
	"context"

	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/storeerr"
)

// onlineStore is a Supervisor's online store.
type onlineStore struct{ s *Supervisor }

// vectorOnlineStore is the online store of a plugin that advertised vector search.
type vectorOnlineStore struct{ onlineStore }

var (
	_ onlinestore.StoreWithCapabilities = onlineStore{}
	_ onlinestore.StoreWithVectorSearch = vectorOnlineStore{}
)

// Capabilities implements onlinestore.StoreWithCapabilities: what the
// plugin advertised.
func (o onlineStore) Capabilities() onlinestore.Capabilities { return o.s.OnlineCapabilities() }

// Online returns the plugin's online store, if it serves one. It
// implements onlinestore.StoreWithVectorSearch only when the plugin
// advertised vector search.
func (s *Supervisor) Online() (onlinestore.Store, bool) {
	s.mu.Lock()
	has, vector := s.hasOnline, s.onlineCaps.VectorSearch
	s.mu.Unlock()
	switch {
	case !has:
		return nil, false
	case vector:
		return vectorOnlineStore{onlineStore{s}}, true
	}
	return onlineStore{s}, true
}

// OnlineCapabilities returns what the plugin's online store advertised.
func (s *Supervisor) OnlineCapabilities() onlinestore.Capabilities {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.onlineCaps
}

// callOnline runs f on the current plugin's online store.
func callOnline[R any](ctx context.Context, s *Supervisor, f func(onlinestore.Store) (*R, error)) (*R, error) {
	c, err := s.acquire()
	if err != nil {
		return nil, err
	}
	st, ok := c.Online()
	if !ok {
		return nil, storeerr.Unsupported("plugin %s serves no online store", s.name)
	}
	resp, err := f(st)
	if err != nil {
		return nil, s.check(ctx, c, err)
	}
	return resp, nil
}

// Configure implements onlinestore.Store; a successful request is replayed
// after every relaunch.
func (o onlineStore) Configure(ctx context.Context, req *onlinestore.ConfigureRequest) (*onlinestore.ConfigureResponse, error) {
	resp, err := callOnline(ctx, o.s, func(st onlinestore.Store) (*onlinestore.ConfigureResponse, error) {
		return st.Configure(ctx, req)
	})
	if err == nil {
		o.s.mu.Lock()
		o.s.onlineCfg = &onlinestore.ConfigureRequest{Project: req.Project, Config: bytes.Clone(req.Config), RepoDir: req.RepoDir}
		o.s.mu.Unlock()
	}
	return resp, err
}

// ApplyInfra implements onlinestore.Store.
func (o onlineStore) ApplyInfra(ctx context.Context, req *onlinestore.ApplyInfraRequest) (*onlinestore.ApplyInfraResponse, error) {
	return callOnline(ctx, o.s, func(st onlinestore.Store) (*onlinestore.ApplyInfraResponse, error) {
		return st.ApplyInfra(ctx, req)
	})
}

// Teardown implements onlinestore.Store.
func (o onlineStore) Teardown(ctx context.Context, req *onlinestore.TeardownRequest) (*onlinestore.TeardownResponse, error) {
	return callOnline(ctx, o.s, func(st onlinestore.Store) (*onlinestore.TeardownResponse, error) {
		return st.Teardown(ctx, req)
	})
}

// WriteBatch implements onlinestore.Store.
func (o onlineStore) WriteBatch(ctx context.Context, req *onlinestore.WriteBatchRequest) (*onlinestore.WriteBatchResponse, error) {
	return callOnline(ctx, o.s, func(st onlinestore.Store) (*onlinestore.WriteBatchResponse, error) {
		return st.WriteBatch(ctx, req)
	})
}

// Read implements onlinestore.Store.
func (o onlineStore) Read(ctx context.Context, req *onlinestore.ReadRequest) (*onlinestore.ReadResponse, error) {
	return callOnline(ctx, o.s, func(st onlinestore.Store) (*onlinestore.ReadResponse, error) {
		return st.Read(ctx, req)
	})
}

// Health implements onlinestore.Store.
func (o onlineStore) Health(ctx context.Context, req *onlinestore.HealthRequest) (*onlinestore.HealthResponse, error) {
	return callOnline(ctx, o.s, func(st onlinestore.Store) (*onlinestore.HealthResponse, error) {
		return st.Health(ctx, req)
	})
}

// SearchVectors implements onlinestore.StoreWithVectorSearch.
func (v vectorOnlineStore) SearchVectors(ctx context.Context, req *onlinestore.SearchVectorsRequest) (*onlinestore.SearchVectorsResponse, error) {
	return callOnline(ctx, v.s, func(st onlinestore.Store) (*onlinestore.SearchVectorsResponse, error) {
		vs, ok := st.(onlinestore.StoreWithVectorSearch)
		if !ok {
			return nil, storeerr.Unsupported("plugin %s no longer advertises vector search", v.s.name)
		}
		return vs.SearchVectors(ctx, req)
	})
}

// VectorSearchOptions implements onlinestore.StoreWithVectorSearch.
func (v vectorOnlineStore) VectorSearchOptions() onlinestore.VectorSearchOptions {
	return v.s.OnlineCapabilities().Vector
}
