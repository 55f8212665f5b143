package sqliteonline

import (
	"testing"

	"github.com/quiverfs/quiver/conformance"
	"github.com/quiverfs/quiver/conformance/plugintest"
	"github.com/quiverfs/quiver/sdk/onlinestore"
)

// TestConformance runs the conformance suite against the store in process,
// through the real gRPC shims and directly, with the settings of testdata/
// (the database in a temporary folder). An embedded store has no backend
// to lose, so it gives no unreachable config and those cases are skipped.
func TestConformance(t *testing.T) {
	for _, direct := range []bool{false, true} {
		name := "grpc"
		if direct {
			name = "direct"
		}
		t.Run(name, func(t *testing.T) {
			t.Setenv("QUIVER_TEST_SQLITE_DIR", t.TempDir())
			s := New()
			t.Cleanup(func() { _ = s.Close() })
			cfg := conformance.NewConfig()
			cfg.Name = Type
			cfg.Online = s
			cfg.NewOnline = func() onlinestore.Store {
				n := New()
				t.Cleanup(func() { _ = n.Close() })
				return n
			}
			cfg.Direct = direct
			cfg.StoreConfig = plugintest.ReadConfig(t, "testdata/config.json")
			cfg.BadConfig = plugintest.ReadConfig(t, "testdata/bad_config.json")
			conformance.Run(t, cfg)
		})
	}
}
