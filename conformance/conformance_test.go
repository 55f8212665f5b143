package conformance_test

import (
	"encoding/json"
	"path/filepath"
	"testing"
	"time"

	"github.com/quiverfs/quiver/conformance"
	"github.com/quiverfs/quiver/conformance/memstore"
	"github.com/quiverfs/quiver/sdk/offlinestore"
	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/pluginclient"
)

// badConfig is a config the memory store rejects: an unknown key.
var badConfig = json.RawMessage(`{"no_such_key": 1}`)

// keyTTL is how long the memory store keeps a key with keyTTLConfig.
const keyTTL = 500 * time.Millisecond

var keyTTLConfig = json.RawMessage(`{"key_ttl": "500ms"}`)

// memoryConfig fills in what every mode shares.
func memoryConfig(cfg conformance.Config) conformance.Config {
	cfg.BadConfig = badConfig
	cfg.KeyTTLConfig, cfg.KeyTTL = keyTTLConfig, keyTTL
	cfg.NewOnline = func() onlinestore.Store { return memstore.NewOnline() }
	cfg.NewOffline = func() offlinestore.Store { return memstore.NewOffline() }
	return cfg
}

// TestInProcess runs the suite against memstore through the real gRPC shims.
func TestInProcess(t *testing.T) {
	cfg := conformance.NewConfig()
	cfg.Name = "memory"
	cfg.Online, cfg.Offline = memstore.NewOnline(), memstore.NewOffline()
	conformance.Run(t, memoryConfig(cfg))
}

// TestDirect runs the suite against memstore called directly.
func TestDirect(t *testing.T) {
	cfg := conformance.NewConfig()
	cfg.Online, cfg.Offline, cfg.Direct = memstore.NewOnline(), memstore.NewOffline(), true
	cfg.StoreConfig = json.RawMessage(`{"max_vector_dimension": 64}`)
	conformance.Run(t, memoryConfig(cfg))
}

// TestBinary runs the suite against the built memory plugin binary, with
// online reads on either data path.
func TestBinary(t *testing.T) {
	for _, path := range []string{pluginclient.DataPathGRPC, pluginclient.DataPathSocket} {
		t.Run(path, func(t *testing.T) {
			cfg := conformance.NewConfig()
			cfg.PluginPath = filepath.Join(binaries(t), "quiver-plugin-memory")
			cfg.DataPath = path
			conformance.Run(t, memoryConfig(cfg))
		})
	}
}

// TestInProcessOnTheSocketPath runs the suite against memstore behind the
// shims, with online reads on the socket data path.
func TestInProcessOnTheSocketPath(t *testing.T) {
	cfg := conformance.NewConfig()
	cfg.Name = "memory"
	cfg.Online, cfg.Offline = memstore.NewOnline(), memstore.NewOffline()
	cfg.DataPath = pluginclient.DataPathSocket
	conformance.Run(t, memoryConfig(cfg))
}
