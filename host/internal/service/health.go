package service

import (
	"context"
	"fmt"
	"time"

	"github.com/quiverfs/quiver/sdk/onlinestore"
)

// Component names in health reports.
const (
	ComponentRegistry = "registry"
	ComponentOnline   = "online_store"
	ComponentOffline  = "offline_store"
)

// ComponentHealth is the state of one part of the server.
type ComponentHealth struct {
	Component string `json:"component"`
	// Type is the store type; empty for the registry.
	Type string `json:"type,omitempty"`
	// Plugin names the plugin binary serving the store; empty when embedded.
	Plugin  string `json:"plugin,omitempty"`
	Serving bool   `json:"serving"`
	Message string `json:"message,omitempty"`
}

// Health is the state of the whole server.
type Health struct {
	// Serving is true when every component is serving.
	Serving    bool              `json:"serving"`
	Components []ComponentHealth `json:"components"`
}

// Health probes the registry snapshot, the online store (its Health call)
// and the offline store (that it opens), each within the health timeout.
func (s *Service) Health(ctx context.Context) (*Health, error) {
	if err := s.check(ctx, s.healthAccess()); err != nil {
		return nil, err
	}
	h := &Health{Components: []ComponentHealth{s.registryHealth(), s.onlineHealth(ctx), s.offlineHealth(ctx)}}
	h.Serving = true
	for _, c := range h.Components {
		h.Serving = h.Serving && c.Serving
	}
	return h, nil
}

func (s *Service) registryHealth() ComponentHealth {
	c := ComponentHealth{Component: ComponentRegistry, Serving: true}
	loadedAt, err := s.opts.Repos.Status()
	c.Message = fmt.Sprintf("snapshot loaded %s ago", time.Since(loadedAt).Round(time.Millisecond))
	if err != nil {
		c.Serving, c.Message = false, hidePaths(err.Error())+"; "+c.Message
	}
	return c
}

func (s *Service) onlineHealth(ctx context.Context) ComponentHealth {
	c := ComponentHealth{Component: ComponentOnline, Type: s.opts.OnlineInfo.Type, Plugin: s.opts.OnlineInfo.Plugin}
	ctx, cancel := context.WithTimeout(ctx, s.opts.HealthTimeout)
	defer cancel()
	store, err := s.onlineStore(ctx)
	var resp *onlinestore.HealthResponse
	if err == nil {
		resp, err = store.Health(ctx, &onlinestore.HealthRequest{})
	}
	switch {
	case err != nil:
		c.Message = hidePaths(err.Error())
	case resp == nil:
		c.Message = "the store answered no health"
	default:
		c.Serving, c.Message = resp.Serving, hidePaths(resp.Message)
	}
	return c
}

func (s *Service) offlineHealth(ctx context.Context) ComponentHealth {
	c := ComponentHealth{Component: ComponentOffline, Type: s.opts.OfflineInfo.Type, Plugin: s.opts.OfflineInfo.Plugin}
	ctx, cancel := context.WithTimeout(ctx, s.opts.HealthTimeout)
	defer cancel()
	if _, err := s.offlineStore(ctx); err != nil {
		c.Message = hidePaths(err.Error())
		return c
	}
	c.Serving = true
	return c
}
