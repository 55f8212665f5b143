package bigquery_test

import (
	"encoding/json"
	"os"
	"testing"

	"github.com/quiverfs/quiver/conformance/plugintest"
	"github.com/quiverfs/quiver/plugins/bigquery/bqstore"
	"github.com/quiverfs/quiver/sdk/offlinestore"
)

// emulator checks that the BigQuery emulator of the tests is there; make
// test starts one (scripts/backends/bigquery.sh). Without it the tests
// fail, never skip.
func emulator(t *testing.T) {
	t.Helper()
	for _, v := range []string{"QUIVER_TEST_BIGQUERY_REST", "QUIVER_TEST_BIGQUERY_GRPC", "QUIVER_TEST_BIGQUERY_PROJECT"} {
		if os.Getenv(v) == "" {
			t.Fatal(v + " is not set: run `make test`, which starts a BigQuery emulator " +
				"(scripts/backends/bigquery.sh start DIR prints the variables)")
		}
	}
}

// TestConformance runs the suite's offline cases, historical pushdown
// against the reference join included, on bqstore in process, through
// the gRPC shims, against the quiver-plugin-bigquery it builds and through
// the quiver-conformance command, all on the test emulator.
func TestConformance(t *testing.T) {
	emulator(t)
	plugintest.Run(t, plugintest.Plugin{
		Name:              "bigquery",
		Offline:           func(*testing.T) offlinestore.Store { return bqstore.New(nil) },
		Config:            func(t *testing.T) json.RawMessage { return plugintest.ReadConfig(t, "testdata/config.json") },
		BadConfig:         plugintest.ReadConfig(t, "testdata/bad_config.json"),
		UnreachableConfig: plugintest.ReadConfig(t, "testdata/unreachable_config.json"),
	})
}
