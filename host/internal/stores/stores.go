package stores

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"

	"github.com/quiverfs/quiver/host/internal/config"
	"github.com/quiverfs/quiver/host/internal/pluginhost"
	"github.com/quiverfs/quiver/sdk/offlinestore"
	"github.com/quiverfs/quiver/sdk/onlinestore"
)

// Embedded lists the in-process stores by type.
type Embedded struct {
	Online  map[string]func() onlinestore.Store
	Offline map[string]func() offlinestore.Store
}

// Opener opens stores for one feature repository.
type Opener struct {
	Embedded Embedded
	// Plugins launches plugin stores; nil means plugins are unavailable.
	Plugins func(ctx context.Context) (*pluginhost.Manager, error)
	// RepoDir resolves relative "path" settings of embedded stores.
	RepoDir string
}

// Opened describes an open store.
type Opened struct {
	Type     string
	Embedded bool
}

// Online opens and configures the online store of cfg.
func (o *Opener) Online(ctx context.Context, project string, cfg config.Store) (onlinestore.Store, Opened, error) {
	info := Opened{Type: cfg.Type}
	var store onlinestore.Store
	if mk, ok := o.Embedded.Online[cfg.Type]; ok {
		store, info.Embedded = mk(), true
	} else {
		sup, err := o.plugin(ctx, cfg.Type)
		if err != nil {
			return nil, info, fmt.Errorf("online store %s: %w", cfg.Type, err)
		}
		s, ok := sup.Online()
		if !ok {
			return nil, info, fmt.Errorf("online store %s: plugin quiver-plugin-%s serves no online store", cfg.Type, cfg.Type)
		}
		store = s
	}
	settings, err := o.settings(cfg, info.Embedded)
	if err != nil {
		return nil, info, err
	}
	if _, err := store.Configure(ctx, &onlinestore.ConfigureRequest{Project: project, Config: settings, RepoDir: o.repoDir()}); err != nil {
		return nil, info, fmt.Errorf("configuring online store %s: %w", cfg.Type, err)
	}
	return store, info, nil
}

// Offline opens and configures the offline store of cfg.
func (o *Opener) Offline(ctx context.Context, project string, cfg config.Store) (offlinestore.Store, Opened, error) {
	info := Opened{Type: cfg.Type}
	var store offlinestore.Store
	if mk, ok := o.Embedded.Offline[cfg.Type]; ok {
		store, info.Embedded = mk(), true
	} else {
		sup, err := o.plugin(ctx, cfg.Type)
		if err != nil {
			return nil, info, fmt.Errorf("offline store %s: %w", cfg.Type, err)
		}
		s, ok := sup.Offline()
		if !ok {
			return nil, info, fmt.Errorf("offline store %s: plugin quiver-plugin-%s serves no offline store", cfg.Type, cfg.Type)
		}
		store = s
	}
	settings, err := o.settings(cfg, info.Embedded)
	if err != nil {
		return nil, info, err
	}
	if _, err := store.Configure(ctx, &offlinestore.ConfigureRequest{Project: project, Config: settings, RepoDir: o.repoDir()}); err != nil {
		return nil, info, fmt.Errorf("configuring offline store %s: %w", cfg.Type, err)
	}
	return store, info, nil
}

func (o *Opener) plugin(ctx context.Context, name string) (*pluginhost.Supervisor, error) {
	if o.Plugins == nil {
		return nil, fmt.Errorf("no embedded store of this type, and plugins are not available here")
	}
	m, err := o.Plugins(ctx)
	if err != nil {
		return nil, err
	}
	return m.Plugin(ctx, name)
}

// repoDir returns RepoDir made absolute, for plugins that run elsewhere.
func (o *Opener) repoDir() string {
	if o.RepoDir == "" {
		return ""
	}
	abs, err := filepath.Abs(o.RepoDir)
	if err != nil {
		return o.RepoDir
	}
	return abs
}

// settings returns the block's settings; for embedded stores a relative
// "path" is made absolute against the repository.
func (o *Opener) settings(cfg config.Store, embedded bool) (json.RawMessage, error) {
	if !embedded || len(cfg.Settings) == 0 {
		return cfg.Settings, nil
	}
	var m map[string]any
	if err := json.Unmarshal(cfg.Settings, &m); err != nil {
		return nil, fmt.Errorf("store %s settings: %w", cfg.Type, err)
	}
	if p, ok := m["path"].(string); ok && !filepath.IsAbs(p) {
		m["path"] = filepath.Join(o.RepoDir, p)
	}
	return json.Marshal(m)
}
