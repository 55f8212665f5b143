package sqliteonline

import (
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/quiverfs/quiver/conformance"
	"github.com/quiverfs/quiver/sdk/onlinestore"
)

// TestConformance runs the conformance suite against the store in process,
// through the real gRPC shims and directly.
func TestConformance(t *testing.T) {
	for _, direct := range []bool{false, true} {
		name := "grpc"
		if direct {
			name = "direct"
		}
		t.Run(name, func(t *testing.T) {
			s := New()
			t.Cleanup(func() { _ = s.Close() })
			cfg := conformance.NewConfig()
			cfg.Name = Type
			cfg.Online = s
			cfg.NewOnline = func() onlinestore.Store { return New() }
			cfg.Direct = direct
			cfg.StoreConfig, _ = json.Marshal(map[string]string{"path": filepath.Join(t.TempDir(), "data", "online.db")})
			cfg.BadConfig = json.RawMessage(`{"path": 42}`)
			conformance.Run(t, cfg)
		})
	}
}
