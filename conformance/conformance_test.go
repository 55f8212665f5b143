package conformance_test

import (
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/quiverfs/quiver/conformance"
	"github.com/quiverfs/quiver/conformance/memstore"
)

// badConfig is a config the memory store rejects: an unknown key.
var badConfig = json.RawMessage(`{"no_such_key": 1}`)

// TestInProcess runs the suite against memstore through the real gRPC shims.
func TestInProcess(t *testing.T) {
	cfg := conformance.NewConfig()
	cfg.Name = "memory"
	cfg.Online, cfg.Offline = memstore.NewOnline(), memstore.NewOffline()
	cfg.BadConfig = badConfig
	conformance.Run(t, cfg)
}

// TestDirect runs the suite against memstore called directly.
func TestDirect(t *testing.T) {
	cfg := conformance.NewConfig()
	cfg.Online, cfg.Offline, cfg.Direct = memstore.NewOnline(), memstore.NewOffline(), true
	cfg.StoreConfig = json.RawMessage(`{"max_vector_dimension": 64}`)
	cfg.BadConfig = badConfig
	conformance.Run(t, cfg)
}

// TestBinary runs the suite against the built memory plugin binary.
func TestBinary(t *testing.T) {
	cfg := conformance.NewConfig()
	cfg.PluginPath = filepath.Join(binaries(t), "quiver-plugin-memory")
	cfg.BadConfig = badConfig
	conformance.Run(t, cfg)
}
