//go:build duckdb_arrow

package fileoffline

import (
	"encoding/json"
	"os"
	"testing"

	"github.com/quiverfs/quiver/conformance"
)

// TestConformance runs the conformance suite against the store in
// process, through the gRPC shims and directly. Tables live under a
// temporary root; "owned" lets Teardown remove them, which is checked.
func TestConformance(t *testing.T) {
	for _, direct := range []bool{false, true} {
		name := "grpc"
		if direct {
			name = "direct"
		}
		t.Run(name, func(t *testing.T) {
			root := t.TempDir()
			rootJSON, _ := json.Marshal(root)
			s := New()
			t.Cleanup(func() { s.Close() })
			cfg := conformance.NewConfig()
			cfg.Name = Name
			cfg.Offline = s
			cfg.Direct = direct
			cfg.StoreConfig = json.RawMessage(`{"threads": 1, "root": ` + string(rootJSON) + `}`)
			cfg.BadConfig = json.RawMessage(`{"no_such_setting": true}`)
			cfg.SourceOptions = map[string]string{"owned": "true"}
			conformance.Run(t, cfg)
			if left, _ := os.ReadDir(root); len(left) > 0 {
				t.Errorf("Teardown left %d entries under the root, e.g. %s", len(left), left[0].Name())
			}
		})
	}
}
