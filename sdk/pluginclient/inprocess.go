package pluginclient

import (
	"context"
	"fmt"
	"net"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/test/bufconn"

	"github.com/quiverfs/quiver/sdk/internal/handshake"
	"github.com/quiverfs/quiver/sdk/internal/shim"
	"github.com/quiverfs/quiver/sdk/offlinestore"
	"github.com/quiverfs/quiver/sdk/onlinestore"
)

// InProcessConfig names stores to serve in process.
type InProcessConfig struct {
	Name         string             // required
	Version      string             // optional
	OnlineStore  onlinestore.Store  // optional
	OfflineStore offlinestore.Store // optional
	// DataPath is the path Read takes: DataPathGRPC (the default, also
	// for "") or DataPathSocket, a real Unix socket even in process.
	DataPath string
}

// Connect serves the stores through the real gRPC shims over an in-memory
// connection and returns a client for them, exactly as Launch would for a
// binary. Close stops the server.
func Connect(ctx context.Context, cfg InProcessConfig) (*Client, error) {
	lis := bufconn.Listen(4 << 20)
	srv := shim.NewGRPCServer(nil)
	info := shim.Info{Name: cfg.Name, Version: cfg.Version}
	closeDataPath := func() {}
	if cfg.OnlineStore != nil {
		closeDataPath = shim.RegisterOnline(srv, info, cfg.OnlineStore, nil)
	}
	if cfg.OfflineStore != nil {
		shim.RegisterOffline(srv, info, cfg.OfflineStore)
	}
	go func() { _ = srv.Serve(lis) }()
	cc, err := grpc.NewClient("passthrough:///inprocess",
		append(shim.DialOptions(false),
			grpc.WithContextDialer(func(ctx context.Context, _ string) (net.Conn, error) { return lis.DialContext(ctx) }),
			grpc.WithTransportCredentials(insecure.NewCredentials()))...)
	if err != nil {
		srv.Stop()
		return nil, fmt.Errorf("connecting in process: %w", err)
	}
	c := &Client{closeFn: func() { _ = cc.Close(); srv.Stop(); closeDataPath() }}
	label := cfg.Name + " (in process)"
	if cfg.OnlineStore != nil {
		if err := c.attach(ctx, label, handshake.OnlineStorePlugin, cc); err != nil {
			c.Close()
			return nil, err
		}
		if err := c.useDataPath(ctx, cfg.DataPath, nil); err != nil {
			c.Close()
			return nil, err
		}
	}
	if cfg.OfflineStore != nil {
		if err := c.attach(ctx, label, handshake.OfflineStorePlugin, cc); err != nil {
			c.Close()
			return nil, err
		}
	}
	return c, nil
}
