package conformance

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"

	"github.com/quiverfs/quiver/sdk/offlinestore"
	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/pluginclient"
)

// session is the plugin under test, launched (or connected) and configured
// once; every case runs against it in its own project.
type session struct {
	cfg     Config
	client  *pluginclient.Client // nil when Direct
	name    string               // the plugin's name as it reported it
	online  onlinestore.Store
	onCaps  onlinestore.Capabilities
	offline offlinestore.Store
	offCaps offlinestore.Capabilities
	// onConfigErr and offConfigErr hold why Configure failed; the cases that
	// need a configured store then fail with it while the others still run.
	onConfigErr, offConfigErr error
}

// stores is a connection to the plugin under test, not yet configured.
type stores struct {
	client  *pluginclient.Client
	name    string
	online  onlinestore.Store
	offline offlinestore.Store
}

// close stops the plugin or the in-process server, if any.
func (st *stores) close() {
	if st.client != nil {
		st.client.Close()
	}
}

// connect launches the plugin binary, connects to the in-process stores
// through the gRPC shims, or (Direct) takes them as they are.
func connect(ctx context.Context, cfg Config) (*stores, error) {
	var c *pluginclient.Client
	var err error
	switch {
	case cfg.PluginPath != "":
		c, err = pluginclient.Launch(ctx, pluginclient.Config{Path: cfg.PluginPath, Logger: cfg.Logger, Env: cfg.PluginEnv, DataPath: cfg.DataPath})
	case cfg.Online == nil && cfg.Offline == nil:
		return nil, errors.New("conformance: Config needs a PluginPath, an Online or an Offline store")
	case cfg.Direct:
		return &stores{name: cfg.Name, online: cfg.Online, offline: cfg.Offline}, nil
	default:
		c, err = pluginclient.Connect(ctx, pluginclient.InProcessConfig{Name: cfg.Name, OnlineStore: cfg.Online, OfflineStore: cfg.Offline,
			DataPath: cfg.DataPath})
	}
	if err != nil {
		return nil, fmt.Errorf("conformance: connecting to the plugin: %w", err)
	}
	if _, online := c.Online(); online && cfg.DataPath == pluginclient.DataPathSocket && c.DataPath() != pluginclient.DataPathSocket {
		c.Close()
		return nil, errors.New("conformance: the plugin does not open the socket data path (it may be built with an SDK older than the data path)")
	}
	st := &stores{client: c, name: c.Info().Name}
	st.online, _ = c.Online()
	st.offline, _ = c.Offline()
	return st, nil
}

// openSession connects and configures every store the plugin serves.
func openSession(ctx context.Context, cfg Config) (*session, error) {
	st, err := connect(ctx, cfg)
	if err != nil {
		return nil, err
	}
	s := &session{cfg: cfg, client: st.client, name: st.name, online: st.online, offline: st.offline}
	if c := st.client; c != nil {
		s.onCaps, s.offCaps = c.OnlineCapabilities(), c.OfflineCapabilities()
	} else {
		if s.online != nil {
			s.onCaps = onlinestore.CapabilitiesOf(s.online)
		}
		if s.offline != nil {
			s.offCaps = offlinestore.CapabilitiesOf(s.offline)
		}
	}
	project := newProject(cfg.ProjectPrefix)
	if s.online != nil {
		if _, err := s.online.Configure(ctx, &onlinestore.ConfigureRequest{Project: project, Config: cfg.StoreConfig}); err != nil {
			s.onConfigErr = fmt.Errorf("configuring the online store: %w", err)
		}
	}
	if s.offline != nil {
		if _, err := s.offline.Configure(ctx, &offlinestore.ConfigureRequest{Project: project, Config: cfg.StoreConfig}); err != nil {
			s.offConfigErr = fmt.Errorf("configuring the offline store: %w", err)
		}
	}
	return s, nil
}

// close stops the plugin.
func (s *session) close() {
	if s.client != nil {
		s.client.Close()
	}
}

// newProject returns prefix followed by 10 random hex digits.
func newProject(prefix string) string {
	b := make([]byte, 5)
	_, _ = rand.Read(b)
	return prefix + hex.EncodeToString(b)
}
