package conformance

import (
	"encoding/json"
	"time"

	"github.com/hashicorp/go-hclog"

	"github.com/quiverfs/quiver/sdk/offlinestore"
	"github.com/quiverfs/quiver/sdk/onlinestore"
)

// Config says which stores to check and how. Set PluginPath, or Online
// and/or Offline.
type Config struct {
	// PluginPath is a plugin binary to launch through pluginclient.Launch.
	// Required unless Online or Offline is set.
	PluginPath string
	// PluginEnv is the plugin's whole environment ("K=V"). Optional.
	PluginEnv []string
	// DataPath is the path the online store's reads take, through the
	// plugin binary or the in-process shims: pluginclient.DataPathGRPC (the
	// default, also for "") or pluginclient.DataPathSocket. With socket, a
	// plugin that does not open the socket path fails to connect. Ignored
	// when Direct.
	DataPath string

	// Online is an online store to check in process. Optional.
	Online onlinestore.Store
	// Offline is an offline store to check in process. Optional.
	Offline offlinestore.Store
	// Name labels the in-process stores. Optional; default "in-process".
	Name string
	// Direct calls Online and Offline directly instead of through the real
	// gRPC shims (pluginclient.Connect). Optional; default false.
	Direct bool

	// StoreConfig is passed to Configure: the store block of quiver.yaml
	// without `type`, as a JSON object. Optional; default {}.
	StoreConfig json.RawMessage
	// BadConfig is a config the store must reject with InvalidArgument.
	// Optional; the case is skipped when empty. In process, it reaches the
	// same store as the other cases, which must keep its state when it
	// rejects a config.
	BadConfig json.RawMessage
	// UnreachableConfig is a config the store accepts whose backend cannot
	// be reached, e.g. one pointing at a closed port. Optional; the cases of
	// a dead backend are skipped when empty.
	UnreachableConfig json.RawMessage
	// UnreachableTimeout bounds how long Configure, Health, reads and writes
	// may take to give up on an unreachable backend. Optional; default 10s.
	UnreachableTimeout time.Duration
	// KeyTTLConfig is a config with which a store that advertises key TTL
	// expires a key no sooner than KeyTTL after its last write and no later
	// than KeyTTL/2 + 2s after that. Optional; the key TTL case is skipped
	// when either is unset.
	KeyTTLConfig json.RawMessage
	KeyTTL       time.Duration
	// NewOnline and NewOffline return new, unconfigured stores like Online
	// and Offline, for the in-process cases that configure a store of their
	// own (unreachable and key TTL configs). Optional; without them those
	// cases configure Online or Offline and then configure it back with
	// StoreConfig.
	NewOnline  func() onlinestore.Store
	NewOffline func() offlinestore.Store
	// SourceOptions are added to the Options of every offline data source
	// the suite creates (next to "table"), e.g. a dataset. Optional.
	SourceOptions map[string]string

	// ProjectPrefix starts every project name the suite uses. Optional;
	// default "conf_". Each case adds a random suffix.
	ProjectPrefix string
	// CaseTimeout bounds one case. Optional; default 2 minutes.
	CaseTimeout time.Duration
	// Logger receives the plugin's log lines. Optional; default discards.
	Logger hclog.Logger
}

// NewConfig returns a Config with every default set; fill in PluginPath or
// the stores, and StoreConfig.
func NewConfig() Config {
	return Config{
		Name:               "in-process",
		StoreConfig:        json.RawMessage(`{}`),
		ProjectPrefix:      "conf_",
		CaseTimeout:        2 * time.Minute,
		UnreachableTimeout: 10 * time.Second,
		Logger:             hclog.NewNullLogger(),
	}
}

// withDefaults fills unset fields from NewConfig.
func (c Config) withDefaults() Config {
	d := NewConfig()
	if c.Name == "" {
		c.Name = d.Name
	}
	if len(c.StoreConfig) == 0 {
		c.StoreConfig = d.StoreConfig
	}
	if c.ProjectPrefix == "" {
		c.ProjectPrefix = d.ProjectPrefix
	}
	if c.CaseTimeout <= 0 {
		c.CaseTimeout = d.CaseTimeout
	}
	if c.UnreachableTimeout <= 0 {
		c.UnreachableTimeout = d.UnreachableTimeout
	}
	if c.Logger == nil {
		c.Logger = d.Logger
	}
	return c
}
