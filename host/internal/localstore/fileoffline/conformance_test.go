//go:build duckdb_arrow

package fileoffline

import (
	"os"
	"testing"

	"github.com/quiverfs/quiver/conformance"
	"github.com/quiverfs/quiver/conformance/plugintest"
	"github.com/quiverfs/quiver/sdk/offlinestore"
)

// TestConformance runs the conformance suite against the store in
// process, through the gRPC shims and directly, with the settings of
// testdata/. Tables live under a temporary root; "owned" lets Teardown
// remove them, which is checked. An embedded store has no backend to lose,
// so it gives no unreachable config and those cases are skipped.
func TestConformance(t *testing.T) {
	for _, direct := range []bool{false, true} {
		name := "grpc"
		if direct {
			name = "direct"
		}
		t.Run(name, func(t *testing.T) {
			root := t.TempDir()
			t.Setenv("QUIVER_TEST_FILE_ROOT", root)
			s := New()
			t.Cleanup(func() { s.Close() })
			cfg := conformance.NewConfig()
			cfg.Name = Name
			cfg.Offline = s
			cfg.NewOffline = func() offlinestore.Store {
				n := New()
				t.Cleanup(func() { n.Close() })
				return n
			}
			cfg.Direct = direct
			cfg.StoreConfig = plugintest.ReadConfig(t, "testdata/config.json")
			cfg.BadConfig = plugintest.ReadConfig(t, "testdata/bad_config.json")
			cfg.SourceOptions = map[string]string{"owned": "true"}
			conformance.Run(t, cfg)
			if left, _ := os.ReadDir(root); len(left) > 0 {
				t.Errorf("Teardown left %d entries under the root, e.g. %s", len(left), left[0].Name())
			}
		})
	}
}
