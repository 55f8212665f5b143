package sdk

import (
	"context"
	"time"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/go-plugin"

	"github.com/quiverfs/quiver/sdk/internal/datapath"
	"github.com/quiverfs/quiver/sdk/internal/handshake"
	"github.com/quiverfs/quiver/sdk/internal/shim"
	"github.com/quiverfs/quiver/sdk/offlinestore"
	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/telemetry"
)

// ServeConfig says what a plugin binary serves. At least one store is required.
type ServeConfig struct {
	Name         string             // required: the plugin's name, e.g. "redis"
	Version      string             // optional: the plugin build's version
	OnlineStore  onlinestore.Store  // optional
	OfflineStore offlinestore.Store // optional
	Logger       hclog.Logger       // optional; logs reach the host through stderr
}

// Serve serves the stores over the plugin protocol until the host stops the
// plugin, or its host process is gone. It never returns normally.
func Serve(cfg ServeConfig) {
	if cfg.OnlineStore == nil && cfg.OfflineStore == nil {
		panic("sdk.Serve: ServeConfig needs an OnlineStore or an OfflineStore")
	}
	logger := cfg.Logger
	if logger == nil {
		logger = hclog.New(&hclog.LoggerOptions{Name: cfg.Name, Level: hclog.Trace, JSONFormat: true})
	}
	exitWithParent(logger)
	serveProfiles(logger)
	grpcServer := shim.NewGRPCServer
	if opts, ok := telemetry.FromEnv(telemetry.PluginService(cfg.Name)); ok {
		opts.Logger = logger
		stop, err := telemetry.Start(context.Background(), opts)
		if err != nil {
			logger.Warn("tracing is off", "error", err)
		} else {
			grpcServer = shim.NewTracedGRPCServer
			defer flushSpans(stop)
		}
	}
	info := shim.Info{Name: cfg.Name, Version: cfg.Version}
	set := plugin.PluginSet{}
	if cfg.OnlineStore != nil {
		set[handshake.OnlineStorePlugin] = &shim.OnlinePlugin{Info: info, Store: cfg.OnlineStore, Logger: logger}
	}
	if cfg.OfflineStore != nil {
		set[handshake.OfflineStorePlugin] = &shim.OfflinePlugin{Info: info, Store: cfg.OfflineStore}
	}
	plugin.Serve(&plugin.ServeConfig{
		HandshakeConfig:  handshake.Config,
		VersionedPlugins: map[int]plugin.PluginSet{handshake.ProtocolVersion: set},
		GRPCServer:       grpcServer,
		Logger:           logger,
	})
	datapath.CloseAll() // the host stopped the plugin: no socket outlives it
}

// flushSpans exports the spans still buffered, for at most a few seconds.
func flushSpans(stop func(context.Context) error) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	_ = stop(ctx)
}
