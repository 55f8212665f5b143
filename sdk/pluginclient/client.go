package pluginclient

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/go-plugin"
	"google.golang.org/grpc"

	"github.com/quiverfs/quiver/sdk/internal/datapath"
	"github.com/quiverfs/quiver/sdk/internal/handshake"
	"github.com/quiverfs/quiver/sdk/internal/shim"
	"github.com/quiverfs/quiver/sdk/offlinestore"
	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/storeerr"
)

// ProtocolVersion is the plugin protocol version the host speaks.
const ProtocolVersion = handshake.ProtocolVersion

// Config says which binary to launch and how.
type Config struct {
	// Path of the plugin binary. Required.
	Path string
	// SHA256 of the binary; when set, go-plugin refuses a binary that
	// does not match. Optional.
	SHA256 []byte
	// Logger receives the plugin's log lines. Optional.
	Logger hclog.Logger
	// Env is the plugin's whole environment ("K=V"); nil gives it none but
	// what go-plugin needs. Optional.
	Env []string
	// StartTimeout bounds the launch and handshake; default 30s.
	StartTimeout time.Duration
	// DataPath is the path the online store's Read takes: DataPathGRPC
	// (the default, also for "") or DataPathSocket. A plugin built before
	// the socket path existed stays on gRPC, with a warning in the log.
	DataPath string
	// Traced carries each call's OpenTelemetry trace context to the plugin
	// and gives the call a span. Pass the collector to the plugin in Env
	// (telemetry.Options.Env) so that its spans join the trace.
	Traced bool
}

// The data paths of Config.DataPath.
const (
	DataPathGRPC   = shim.DataPathGRPC
	DataPathSocket = shim.DataPathSocket
)

// Info names a plugin build as the plugin reported it.
type Info struct {
	Name    string
	Version string
}

// Client is a launched plugin.
type Client struct {
	pc      *plugin.Client // nil in process
	closeFn func()
	info    Info
	online  *shim.OnlineClient
	offline *shim.OfflineClient
}

// Launch starts the plugin binary, negotiates the protocol version and
// collects the capabilities of every store it serves.
func Launch(ctx context.Context, cfg Config) (*Client, error) {
	logger := cfg.Logger
	if logger == nil {
		logger = hclog.NewNullLogger()
	}
	cmd := exec.Command(cfg.Path)
	cmd.Env = cfg.Env
	if cmd.Env == nil {
		cmd.Env = []string{}
	}
	timeout := cfg.StartTimeout
	if timeout == 0 {
		timeout = 30 * time.Second
	}
	pcfg := &plugin.ClientConfig{
		HandshakeConfig:  handshake.Config,
		VersionedPlugins: versionedPlugins(),
		Cmd:              cmd,
		AllowedProtocols: []plugin.Protocol{plugin.ProtocolGRPC},
		AutoMTLS:         true,
		SkipHostEnv:      true, // cmd.Env is the plugin's whole environment
		Logger:           logger,
		StartTimeout:     timeout,
		GRPCDialOptions:  shim.DialOptions(cfg.Traced),
	}
	if cfg.SHA256 != nil {
		pcfg.SecureConfig = &plugin.SecureConfig{Checksum: cfg.SHA256, Hash: newSHA256()}
	}
	if err := CheckDataPath(cfg.DataPath); err != nil {
		return nil, err
	}
	pc := plugin.NewClient(pcfg)
	c, err := connect(ctx, pc, cfg.Path)
	if err == nil {
		err = c.useDataPath(ctx, cfg.DataPath, logger)
	}
	if err != nil {
		pc.Kill()
		c.removeSocket()
		return nil, err
	}
	return c, nil
}

// CheckDataPath refuses an unknown data path; "" is gRPC.
func CheckDataPath(p string) error {
	switch p {
	case "", DataPathGRPC, DataPathSocket:
		return nil
	}
	return fmt.Errorf("unknown plugin data path %q (want %s or %s)", p, DataPathGRPC, DataPathSocket)
}

// useDataPath opens the socket data path when p asks for it. A plugin that
// does not offer it stays on gRPC (logged when logger is set); any other
// failure is an error.
func (c *Client) useDataPath(ctx context.Context, p string, logger hclog.Logger) error {
	if err := CheckDataPath(p); err != nil {
		return err
	}
	if p != DataPathSocket || c.online == nil {
		return nil
	}
	err := c.online.UseDataPath(ctx)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, storeerr.ErrUnsupported):
		if logger != nil {
			logger.Warn("the plugin offers no socket data path; reads stay on gRPC", "error", err)
		}
		return nil
	}
	return fmt.Errorf("opening the socket data path: %w", err)
}

// removeSocket removes the data path's socket and its directory, when they
// are what the SDK creates (a socket named datapath.SocketName in an
// otherwise empty directory whose name starts with datapath.DirPrefix): a
// plugin stopped by force leaves them behind.
func (c *Client) removeSocket() {
	if c == nil || c.online == nil {
		return
	}
	path := c.online.SocketPath()
	if path == "" || filepath.Base(path) != datapath.SocketName ||
		!strings.HasPrefix(filepath.Base(filepath.Dir(path)), datapath.DirPrefix) {
		return
	}
	if fi, err := os.Lstat(path); err == nil && fi.Mode()&os.ModeSocket != 0 {
		_ = os.Remove(path)
	}
	_ = os.Remove(filepath.Dir(path)) // only if empty
}

func connect(ctx context.Context, pc *plugin.Client, path string) (*Client, error) {
	rpc, err := pc.Client()
	if err != nil {
		return nil, fmt.Errorf("launching plugin %s: %w", path, err)
	}
	if v := pc.NegotiatedVersion(); v != handshake.ProtocolVersion {
		return nil, fmt.Errorf("plugin %s speaks protocol version %d, the host speaks %d", path, v, handshake.ProtocolVersion)
	}
	c := &Client{pc: pc, closeFn: pc.Kill}
	for _, name := range []string{handshake.OnlineStorePlugin, handshake.OfflineStorePlugin} {
		raw, err := rpc.Dispense(name)
		if err != nil {
			continue // the binary does not serve this kind of store
		}
		if err := c.attach(ctx, path, name, raw.(*grpc.ClientConn)); err != nil {
			if errors.Is(err, storeerr.ErrUnsupported) {
				// Over gRPC, Dispense succeeds for every plugin name; a
				// store the binary does not serve answers Unimplemented.
				continue
			}
			return nil, err
		}
	}
	if c.online == nil && c.offline == nil {
		return nil, fmt.Errorf("plugin %s serves neither an online nor an offline store", path)
	}
	return c, nil
}

func (c *Client) attach(ctx context.Context, label, name string, cc grpc.ClientConnInterface) error {
	var err error
	var info shim.Info
	switch name {
	case handshake.OnlineStorePlugin:
		if c.online, err = shim.NewOnlineClient(ctx, label, cc); err == nil {
			info = c.online.Info()
		}
	case handshake.OfflineStorePlugin:
		if c.offline, err = shim.NewOfflineClient(ctx, label, cc); err == nil {
			info = c.offline.Info()
		}
	}
	if err != nil {
		return fmt.Errorf("asking plugin %s for its capabilities: %w", label, err)
	}
	c.info = Info{Name: info.Name, Version: info.Version}
	return nil
}

func versionedPlugins() map[int]plugin.PluginSet {
	return map[int]plugin.PluginSet{handshake.ProtocolVersion: {
		handshake.OnlineStorePlugin:  &shim.OnlinePlugin{},
		handshake.OfflineStorePlugin: &shim.OfflinePlugin{},
	}}
}

// Info returns the plugin's name and version.
func (c *Client) Info() Info { return c.info }

// Online returns the plugin's online store, if it serves one. The store
// implements onlinestore.StoreWithVectorSearch only if the plugin advertised it.
func (c *Client) Online() (onlinestore.Store, bool) {
	if c.online == nil {
		return nil, false
	}
	return c.online.Store(), true
}

// OnlineCapabilities returns what the online store advertised.
func (c *Client) OnlineCapabilities() onlinestore.Capabilities {
	if c.online == nil {
		return onlinestore.Capabilities{}
	}
	return c.online.Capabilities()
}

// Offline returns the plugin's offline store, if it serves one.
func (c *Client) Offline() (offlinestore.Store, bool) {
	if c.offline == nil {
		return nil, false
	}
	return c.offline.Store(), true
}

// OfflineCapabilities returns what the offline store advertised.
func (c *Client) OfflineCapabilities() offlinestore.Capabilities {
	if c.offline == nil {
		return offlinestore.Capabilities{}
	}
	return c.offline.Capabilities()
}

// Exited reports whether the plugin process has exited.
func (c *Client) Exited() bool { return c.pc != nil && c.pc.Exited() }

// PID returns the plugin's process id, or 0 in process.
func (c *Client) PID() int {
	if c.pc == nil || c.pc.ReattachConfig() == nil {
		return 0
	}
	return c.pc.ReattachConfig().Pid
}

// DataPath returns the path the online store's Read takes: DataPathGRPC
// or DataPathSocket.
func (c *Client) DataPath() string {
	if c.online == nil {
		return DataPathGRPC
	}
	return c.online.DataPath()
}

// Echo sends payload to the plugin's online store through the path Read
// takes and returns what came back; it touches no store. It is the floor
// of a Read of the same size.
func (c *Client) Echo(ctx context.Context, payload []byte) ([]byte, error) {
	if c.online == nil {
		return nil, storeerr.Unsupported("the plugin serves no online store")
	}
	return c.online.Echo(ctx, payload)
}

// Close stops the plugin: gracefully, then by force after a grace period.
func (c *Client) Close() {
	if c.online != nil {
		c.online.Close()
	}
	if c.closeFn != nil {
		c.closeFn()
	}
	c.removeSocket()
}

// EncodedReadSize returns how many bytes resp, the answer to req, takes in
// the plugin protocol's messages: the size of an Echo that carries as much
// as the Read does, for measuring the channel.
func EncodedReadSize(req *onlinestore.ReadRequest, resp *onlinestore.ReadResponse) int {
	return shim.EncodedReadSize(req, resp)
}
